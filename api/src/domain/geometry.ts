import { z } from 'zod';

/**
 * [longitude, latitude] in WGS84 (RFC 7946 order). Ranges are checked by outOfBounds(), which can
 * tell a swapped pair from a wrong one and say so.
 */
export const PositionSchema = z.tuple([z.number().finite(), z.number().finite()]);

export const PointSchema = z.strictObject({ type: z.literal('Point'), coordinates: PositionSchema });
export const LineStringSchema = z.strictObject({
  type: z.literal('LineString'),
  coordinates: z.array(PositionSchema).min(2, 'a line needs at least 2 positions').max(100_000),
});
const ring = z
  .array(PositionSchema)
  .min(4, 'a ring needs at least 4 positions')
  .refine((r) => r[0]![0] === r[r.length - 1]![0] && r[0]![1] === r[r.length - 1]![1], 'a ring must be closed');
export const PolygonSchema = z.strictObject({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) });
export const MultiPolygonSchema = z.strictObject({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) });
/** Police jurisdictions arrive as Polygon or MultiPolygon; stored as MultiPolygon. */
export const AreaSchema = z.union([PolygonSchema, MultiPolygonSchema]);

export type Point = z.infer<typeof PointSchema>;
export type LineString = z.infer<typeof LineStringSchema>;
export type Area = z.infer<typeof AreaSchema>;

export interface Bounds {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

/** Every position of a geometry, for bounds checks. */
export function positions(g: { type: string; coordinates: unknown }): [number, number][] {
  const out: [number, number][] = [];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') out.push(c as [number, number]);
    else if (Array.isArray(c)) c.forEach(walk);
  };
  walk(g.coordinates);
  return out;
}

/**
 * Field errors for positions outside the configured bounds (Thailand by default). A point whose
 * swapped coordinates would fit gets a suggestion: lat/lon are often swapped in spreadsheets.
 */
export function outOfBounds(
  g: { type: string; coordinates: unknown },
  b: Bounds,
  field = 'geometry',
): { field: string; message: string; code: string }[] {
  const wgs84 = ([x, y]: [number, number]) => x >= -180 && x <= 180 && y >= -90 && y <= 90;
  const inside = (p: [number, number]) => wgs84(p) && p[0] >= b.minLon && p[0] <= b.maxLon && p[1] >= b.minLat && p[1] <= b.maxLat;
  const all = positions(g);
  const bad = all.findIndex((p) => !inside(p));
  if (bad < 0) return [];
  const p = all[bad]!;
  const swapped = inside([p[1], p[0]]);
  if (!wgs84(p) && !swapped) {
    return [
      {
        field: `${field}.coordinates`,
        message: `position [${p[0]}, ${p[1]}] is not a WGS84 longitude, latitude (longitude -180–180, latitude -90–90)`,
        code: 'invalid_coordinates',
      },
    ];
  }
  return [
    {
      field: `${field}.coordinates`,
      message:
        `position [${p[0]}, ${p[1]}] is outside the accepted area (lon ${b.minLon}–${b.maxLon}, lat ${b.minLat}–${b.maxLat})` +
        (swapped ? `; longitude and latitude look swapped: did you mean [${p[1]}, ${p[0]}]?` : ''),
      code: swapped ? 'swapped_coordinates' : 'out_of_bounds',
    },
  ];
}
