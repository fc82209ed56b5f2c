import { shellEn } from './messages/shell';
import { mapEn } from './messages/map';
import { dashboardEn } from './messages/dashboard';
import { planningEn } from './messages/planning';
import { policeEn } from './messages/police';
import { cameraEn } from './messages/camera';
import { importEn } from './messages/import';
import { exportEn } from './messages/export';
import { authEn } from './messages/auth';
import { accountsEn } from './messages/accounts';
import { certificationEn } from './messages/certification';
import { auditEn } from './messages/audit';
import type { Messages } from './th';

/** English messages; the type makes a missing or extra key a compile error. */
export const en: Messages = {
  'app.name': 'cctv-atlas — CCTV map',
  'app.tagline': 'CCTV inspection and planning for the provinces of Thailand',

  'lang.group': 'Language',
  'lang.th': 'ไทย',
  'lang.en': 'English',
  'digits.thai': 'Thai digits',

  'date.today': 'Today',

  'health.title': 'System status',
  'health.loading': 'Checking…',
  'health.ok': 'All systems normal',
  'health.database': 'Database',
  'health.postgis': 'PostGIS',
  'health.error': 'Cannot reach the API ({message})',
  'health.retry': 'Try again',
  'engine.embedded': 'embedded PGlite',
  'engine.postgres': 'PostgreSQL',

  'data.title': 'Data',
  'data.loading': 'Loading…',
  'data.demo': 'Demo data for illustration, not real records',
  'data.real': 'Real data (no demo records)',
  'data.unavailable': 'No data summary available yet',
  'data.error': 'Could not load the data summary ({message})',
  'data.counts': 'Record counts',
  'data.generated': 'Generated on {date}',

  'count.cameras': 'Cameras',
  'count.planned_sites': 'Planned sites',
  'count.risk_points': 'Risk points',
  'count.risk_routes': 'Risk routes',
  'count.police_stations': 'Police stations',
  'count.agencies': 'Agencies',
  'count.problems': 'Reported problems',
  'count.footage_requests': 'Footage requests',
  'count.lao_maintenance_rows': 'Local-government maintenance rows',

  'links.title': 'Developer links',
  'links.ogc': 'OGC API – Features',
  'links.ogc.desc': 'Standard OGC geospatial data service',
  'links.healthz': 'Health check (JSON)',
  'links.healthz.desc': 'Status of the API and the database',
  ...shellEn,
  ...mapEn,
  ...dashboardEn,
  ...planningEn,
  ...policeEn,
  ...cameraEn,
  ...importEn,
  ...exportEn,
  ...authEn,
  ...accountsEn,
  ...certificationEn,
  ...auditEn,
};
