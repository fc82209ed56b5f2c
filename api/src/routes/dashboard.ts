import { Router } from 'express';
import type { AppContext } from '../context.js';

/** /api: the national board's dashboard figures, drill-down by area. */
export function dashboardRouter(_ctx: AppContext): Router {
  const r = Router();
  return r;
}
