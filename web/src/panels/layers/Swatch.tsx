import type { CSSProperties } from 'react';
import { cssRgb, type Rgb } from './colors';

export type SwatchShape = 'dot' | 'square' | 'diamond' | 'line' | 'dashed' | 'outline' | 'cone' | 'ramp';

/**
 * A small legend symbol drawn with CSS (decorative: the text beside it says what it is).
 * `colors` holds one colour, or several for a ramp / a mixed dot.
 */
export function Swatch({ shape, colors }: { shape: SwatchShape; colors: Rgb[] }) {
  const first = colors[0] ?? [128, 128, 128];
  let style: CSSProperties;
  switch (shape) {
    case 'ramp':
      style = { background: `linear-gradient(to right, ${colors.map((c) => cssRgb(c)).join(', ')})` };
      break;
    case 'line':
    case 'dashed':
    case 'outline':
      style = { borderColor: cssRgb(first) };
      break;
    case 'cone':
      style = { background: cssRgb(first, 0.45), borderColor: cssRgb(first) };
      break;
    default:
      style =
        colors.length > 1
          ? { background: `conic-gradient(${colors.map((c, i) => `${cssRgb(c)} ${(i / colors.length) * 360}deg ${((i + 1) / colors.length) * 360}deg`).join(', ')})` }
          : { background: cssRgb(first) };
  }
  return <span className={`layers-swatch layers-swatch--${shape}`} style={style} aria-hidden="true" />;
}
