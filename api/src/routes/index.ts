import { Router } from 'express';
import type { AppContext } from '../context.js';
import { areasRouter } from './areas.js';
import { auditRouter } from './audit.js';
import { certificationRouter } from './certification.js';
import { entityRouters } from './entities.js';
import { dashboardRouter } from './dashboard.js';
import { exportRouter } from './export.js';
import { importRouter } from './import.js';
import { mapRouter } from './map.js';
import { metaRouter } from './meta.js';
import { photosRouter } from './photos.js';
import { plansRouter } from './plans.js';
import { requestsFiguresRouter } from './requests-figures.js';

/** Everything under /api. */
export function restRouter(ctx: AppContext): Router {
  const r = Router();
  r.use(metaRouter(ctx));
  r.use(areasRouter(ctx));
  r.use(photosRouter(ctx));
  r.use(importRouter(ctx));
  r.use(exportRouter(ctx));
  r.use(plansRouter(ctx));
  r.use(mapRouter(ctx));
  r.use(dashboardRouter(ctx));
  r.use(certificationRouter(ctx));
  r.use(requestsFiguresRouter(ctx));
  r.use(auditRouter(ctx));
  r.use(entityRouters(ctx));
  return r;
}
