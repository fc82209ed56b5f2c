import type { Request } from 'express';
import { INT4_MAX } from '../domain/fields.js';
import { NotFoundError, ValidationError, type FieldError } from '../http/errors.js';

/**
 * The largest bbox a request may give, in square degrees (BBOX_MAX_AREA_DEG2; 0 = no limit). One
 * setting for the process, set by createApp from the config: a box is a statement about an area of
 * interest, and one far larger than the country is a client's mistake (an unzoomed map sending the
 * whole world), and would let a bbox stand in for the filter some answers require. Thailand's own
 * box is ~125 square degrees; the default is the larger of 1000 and 4 × BOUNDS.
 */
let bboxMaxArea = 1000;

export function setBboxAreaLimit(squareDegrees: number): void {
  bboxMaxArea = squareDegrees;
}

/** Area of a box in square degrees; a box with minLon > maxLon crosses the antimeridian. */
export function bboxArea(minx: number, miny: number, maxx: number, maxy: number): number {
  const width = minx <= maxx ? maxx - minx : 360 - (minx - maxx);
  return width * Math.max(0, maxy - miny);
}

/** Why a box is too large (a message naming its area and the limit), or null when it is not. */
export function bboxTooLarge(minx: number, miny: number, maxx: number, maxy: number): string | null {
  const area = bboxArea(minx, miny, maxx, maxy);
  if (bboxMaxArea <= 0 || area <= bboxMaxArea) return null;
  return `covers ${Math.round(area)} square degrees; at most ${Math.round(bboxMaxArea)} are accepted (BBOX_MAX_AREA_DEG2): give a smaller box, or a province or district filter instead`;
}

/** One query parameter's value; 400 naming it when it is given more than once (`?a=1&a=2`) or as an object. */
export function single(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new ValidationError([{ field: name, message: 'give one value', code: 'invalid_parameter' }]);
  return v;
}

/** Parses `bbox=minLon,minLat,maxLon,maxLat` (at most BBOX_MAX_AREA_DEG2); undefined when absent. */
export function parseBbox(raw: unknown, field = 'bbox'): [number, number, number, number] | undefined {
  if (raw === undefined) return undefined;
  const parts = typeof raw === 'string' ? raw.split(',').map((s) => Number(s.trim())) : [];
  const ok =
    parts.length === 4 &&
    parts.every(Number.isFinite) &&
    parts[0]! <= parts[2]! &&
    parts[1]! <= parts[3]! &&
    parts[0]! >= -180 && parts[2]! <= 180 && parts[1]! >= -90 && parts[3]! <= 90;
  if (!ok) {
    throw new ValidationError([
      { field, message: 'must be minLon,minLat,maxLon,maxLat in WGS84 degrees with min <= max', code: 'invalid_bbox' },
    ]);
  }
  const tooLarge = bboxTooLarge(...(parts as [number, number, number, number]));
  if (tooLarge) throw new ValidationError([{ field, message: tooLarge, code: 'bbox_too_large' }]);
  return parts as [number, number, number, number];
}

export function parseIntParam(raw: unknown, field: string, min: number, max: number, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new ValidationError([{ field, message: `must be a whole number from ${min} to ${max}`, code: 'invalid_parameter' }]);
  }
  return n;
}

/** Rejects query parameters the endpoint does not know, naming them. */
export function rejectUnknownParams(req: Request, known: string[]): void {
  const unknown = Object.keys(req.query).filter((k) => !known.includes(k));
  if (unknown.length) {
    const errors: FieldError[] = unknown.map((k) => ({
      field: k,
      message: `unknown query parameter; known: ${known.join(', ')}`,
      code: 'unknown_parameter',
    }));
    throw new ValidationError(errors);
  }
}

export function parseId(raw: string | string[] | undefined, noun: string): number {
  if (Array.isArray(raw)) raw = raw[0];
  const n = raw && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw new ValidationError([{ field: 'id', message: `${noun} id must be a positive whole number`, code: 'invalid_id' }]);
  // Ids are int columns: a larger number names nothing (and must not reach the database as one).
  if (n > INT4_MAX) throw new NotFoundError(`${noun} ${raw}`);
  return n;
}
