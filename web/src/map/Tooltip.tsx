import { useLayoutEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/react';
import type { TooltipContent } from './picking';

/** Offset from the pointer, pixels. */
const GAP = 14;

/**
 * The hover tooltip, beside the pointer and kept inside the map: it flips to the pointer's left or
 * above it when it would run over the map's right or bottom edge.
 */
export function Tooltip({ content, x, y }: { content: TooltipContent; x: number; y: number }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState({ left: x + GAP, top: y + GAP });
  useLayoutEffect(() => {
    const el = ref.current;
    const box = el?.parentElement;
    if (!el || !box) return;
    const w = el.offsetWidth;
    const h = el.offsetHeight;
    const left = x + GAP + w > box.clientWidth ? Math.max(4, x - GAP - w) : x + GAP;
    const top = y + GAP + h > box.clientHeight ? Math.max(4, y - GAP - h) : y + GAP;
    setPos((p) => (p.left === left && p.top === top ? p : { left, top }));
  }, [x, y, content]);
  return (
    <div ref={ref} className="mapview-tooltip" data-testid="tooltip" role="tooltip" style={{ left: pos.left, top: pos.top }}>
      <p className="mapview-tooltip-title">{content.title}</p>
      {content.lines.map((l, i) => (
        <p key={i}>{l}</p>
      ))}
      {content.selectable && <p className="mapview-tooltip-hint">{content.hint ?? t('map.tooltip.clickForDetail')}</p>}
    </div>
  );
}
