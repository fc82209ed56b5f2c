import { shellTh } from './messages/shell';
import { mapTh } from './messages/map';
import { dashboardTh } from './messages/dashboard';
import { planningTh } from './messages/planning';
import { policeTh } from './messages/police';
import { cameraTh } from './messages/camera';
import { importTh } from './messages/import';
import { exportTh } from './messages/export';
import { authTh } from './messages/auth';
import { accountsTh } from './messages/accounts';
import { certificationTh } from './messages/certification';
import { auditTh } from './messages/audit';

/**
 * Thai messages: the source of truth for the message keys. Every other language must define
 * exactly these keys (checked by the type of `en` and by i18n.test.ts).
 * Placeholders are written {name} and must be the same in every language.
 */
export const th = {
  'app.name': 'cctv-atlas — แผนที่กล้องวงจรปิด',
  'app.tagline': 'ระบบตรวจสอบและวางแผนกล้องวงจรปิดสำหรับจังหวัดต่าง ๆ ในประเทศไทย',

  'lang.group': 'ภาษา',
  'lang.th': 'ไทย',
  'lang.en': 'English',
  'digits.thai': 'เลขไทย',

  'date.today': 'วันนี้',

  'health.title': 'สถานะระบบ',
  'health.loading': 'กำลังตรวจสอบ…',
  'health.ok': 'ระบบทำงานปกติ',
  'health.database': 'ฐานข้อมูล',
  'health.postgis': 'PostGIS',
  'health.error': 'ติดต่อ API ไม่ได้ ({message})',
  'health.retry': 'ลองอีกครั้ง',
  'engine.embedded': 'PGlite แบบฝังในตัว',
  'engine.postgres': 'PostgreSQL',

  'data.title': 'ข้อมูล',
  'data.loading': 'กำลังโหลด…',
  'data.demo': 'ข้อมูลตัวอย่างสำหรับสาธิต ไม่ใช่ข้อมูลจริง',
  'data.real': 'ข้อมูลจริง (ไม่มีข้อมูลตัวอย่าง)',
  'data.unavailable': 'ยังไม่มีข้อมูลสรุป',
  'data.error': 'โหลดข้อมูลสรุปไม่ได้ ({message})',
  'data.counts': 'จำนวนรายการ',
  'data.generated': 'สร้างเมื่อ {date}',

  'count.cameras': 'กล้อง',
  'count.planned_sites': 'จุดที่วางแผนติดตั้ง',
  'count.risk_points': 'จุดเสี่ยง',
  'count.risk_routes': 'เส้นทางเสี่ยง',
  'count.police_stations': 'สถานีตำรวจ',
  'count.agencies': 'หน่วยงาน',
  'count.problems': 'ปัญหาที่แจ้ง',
  'count.footage_requests': 'คำขอภาพจากกล้อง',
  'count.lao_maintenance_rows': 'รายการซ่อมบำรุงของ อปท.',

  'links.title': 'ลิงก์สำหรับนักพัฒนา',
  'links.ogc': 'OGC API – Features',
  'links.ogc.desc': 'บริการข้อมูลเชิงพื้นที่ตามมาตรฐาน OGC',
  'links.healthz': 'ตรวจสถานะ (JSON)',
  'links.healthz.desc': 'สถานะของ API และฐานข้อมูล',
  ...shellTh,
  ...mapTh,
  ...dashboardTh,
  ...planningTh,
  ...policeTh,
  ...cameraTh,
  ...importTh,
  ...exportTh,
  ...authTh,
  ...accountsTh,
  ...certificationTh,
  ...auditTh,
} satisfies Record<string, string>;

export type MessageKey = keyof typeof th;
export type Messages = Record<MessageKey, string>;
