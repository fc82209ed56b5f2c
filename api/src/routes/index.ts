import { Router } from 'express';
import type { AppContext } from '../context.js';
export function restRouter(_ctx: AppContext): Router {
  return Router();
}
