import { Router } from 'express';
import type { AppContext } from '../context.js';
export function ogcRouter(_ctx: AppContext): Router {
  return Router();
}
