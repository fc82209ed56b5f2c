import { Router } from 'express';
import type { AppContext } from '../context.js';

/** /api: data for the web map (compact camera arrays, simplified boundaries for the offline basemap). */
export function mapRouter(_ctx: AppContext): Router {
  const r = Router();
  return r;
}
