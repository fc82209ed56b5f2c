/**
 * What each exportable kind reads and how its columns are labelled. Field names are the DB columns
 * (plus a few joined names such as agency_name); Thai labels follow ../shared/DOMAIN.md and the
 * official forms, so that a file exported here is read back by the importer's column recognition.
 *
 * Every SQL fragment in this file is a constant: nothing from a request reaches SQL text.
 */
import {
  AgencyType,
  CameraConnection,
  CameraKind,
  CameraPurpose,
  CameraStatus,
  CameraSystem,
  FootageResult,
  Linkage,
  ProblemCategory,
  RiskCategory,
  SiteStatus,
} from '../../domain/enums.js';
import type { ColumnType, ExportColumn } from './types.js';
import { ExportError } from './types.js';

export const EXPORT_KINDS = [
  'cameras',
  'planned_sites',
  'risk_points',
  'risk_routes',
  'police_stations',
  'agencies',
  'footage_requests',
  'problems',
  'lao_survey',
] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export type JoinName = 'agency' | 'station' | 'province' | 'district' | 'subdistrict' | 'camera';

/** Left joins a column or filter may need: alias -> table on alias.key = t.column. */
export const JOINS: Record<JoinName, { alias: string; table: string; on: [string, string] }> = {
  agency: { alias: 'ag', table: 'agencies', on: ['ag.id', 't.agency_id'] },
  station: { alias: 'ps', table: 'police_stations', on: ['ps.id', 't.police_station_id'] },
  province: { alias: 'pv', table: 'provinces', on: ['pv.code', 't.province_code'] },
  district: { alias: 'di', table: 'districts', on: ['di.id', 't.district_id'] },
  subdistrict: { alias: 'sd', table: 'subdistricts', on: ['sd.id', 't.subdistrict_id'] },
  camera: { alias: 'ca', table: 'cameras', on: ['ca.id', 't.camera_id'] },
};

export interface SourceColumn extends ExportColumn {
  /** SQL expression (a constant of this file); default the column t.<name>. */
  sql?: string;
  join?: JoinName;
  /** Personal data (PDPA): exported only with includeSensitive. */
  sensitive?: boolean;
}

export interface SqlRef {
  sql: string;
  join?: JoinName;
}

export interface KindDef {
  kind: ExportKind;
  table: string;
  title: { th: string; en: string };
  /** The geometry exported with each record (null: a table without geometry). */
  geometry: (SqlRef & { type: 'Point' | 'LineString' }) | null;
  /** The property that names a KML Placemark. */
  titleColumn: string;
  columns: SourceColumn[];
  /** The filters this kind supports and the SQL they apply to. */
  filters: {
    province?: SqlRef;
    district?: SqlRef;
    /** Free-text district name column (LAO survey rows carry the name as typed). */
    districtName?: SqlRef;
    police_station?: SqlRef;
    status?: SqlRef & { labels: Record<string, { th: string; en: string }> };
    survey_year?: SqlRef;
  };
}

// ---- column builders --------------------------------------------------------------------------

const c = (name: string, labelTh: string, labelEn: string, type?: ColumnType, extra: Partial<SourceColumn> = {}): SourceColumn => ({
  name,
  labelTh,
  labelEn,
  ...(type ? { type } : {}),
  ...extra,
});
const e = (name: string, labelTh: string, labelEn: string, labelled: { labels: Record<string, { th: string; en: string }> }, type?: ColumnType): SourceColumn =>
  c(name, labelTh, labelEn, type, { labels: labelled.labels });

const ID = c('id', 'รหัสในระบบ', 'ID', 'integer');
const EXTERNAL_ID = c('external_id', 'รหัสอ้างอิง', 'External ID');
const IS_DEMO = c('is_demo', 'ข้อมูลสาธิต', 'Demo data', 'boolean');
const UPDATED_AT = c('updated_at', 'แก้ไขล่าสุด', 'Last updated', 'datetime');
const PROVINCE = [
  c('province_code', 'รหัสจังหวัด', 'Province code'),
  c('province_name', 'จังหวัด', 'Province', undefined, { sql: 'pv.name_th', join: 'province' }),
];
const DISTRICT = [
  c('district_id', 'รหัสอำเภอ', 'District id', 'integer'),
  c('district_name', 'อำเภอ/เขต', 'District', undefined, { sql: 'di.name_th', join: 'district' }),
];
const SUBDISTRICT = [
  c('subdistrict_id', 'รหัสตำบล', 'Subdistrict id', 'integer'),
  c('subdistrict_name', 'ตำบล/แขวง', 'Subdistrict', undefined, { sql: 'sd.name_th', join: 'subdistrict' }),
];
const STATION = [
  c('police_station_id', 'รหัสสถานีตำรวจ', 'Police station id', 'integer'),
  c('police_station_name', 'สถานีตำรวจที่รับผิดชอบ', 'Responsible police station', undefined, { sql: 'ps.name_th', join: 'station' }),
];
const AGENCY = (labelTh: string, labelEn: string) => [
  c('agency_id', 'รหัสหน่วยงาน', 'Agency id', 'integer'),
  c('agency_name', labelTh, labelEn, undefined, { sql: 'ag.name', join: 'agency' }),
];
const AREAS = [...PROVINCE, ...DISTRICT, ...SUBDISTRICT, ...STATION];

const located = {
  province: { sql: 't.province_code' },
  district: { sql: 't.district_id' },
  police_station: { sql: 't.police_station_id' },
};

const CAMERA_COLUMNS: SourceColumn[] = [
  ID,
  EXTERNAL_ID,
  // 1. location and ownership
  c('place_name', 'จุดติดตั้ง/สถานที่', 'Installation point / place'),
  ...AGENCY('หน่วยงานเจ้าของกล้อง', 'Owner agency'),
  c('contact_name', 'ชื่อผู้ติดต่อ', 'Contact name', undefined, { sensitive: true }),
  c('phone', 'หมายเลขโทรศัพท์', 'Phone', undefined, { sensitive: true }),
  c('address', 'ที่ตั้ง', 'Address'),
  c('year_installed', 'ปีที่ติดตั้ง (ค.ศ.)', 'Year installed (CE)', 'integer'),
  c('project', 'โครงการ', 'Project'),
  // 2. camera properties
  c('recorder_model', 'ยี่ห้อ/รุ่นเครื่องบันทึกภาพ', 'Recorder brand / model'),
  c('camera_brand', 'ยี่ห้อกล้อง', 'Camera brand'),
  e('system', 'ระบบกล้อง', 'Camera system', CameraSystem),
  e('kind', 'ประเภทกล้อง', 'Camera type', CameraKind),
  e('connection', 'การเชื่อมต่อสัญญาณ', 'Connection', CameraConnection),
  c('stream_url', 'URL Link สำหรับดูภาพ', 'URL to view', undefined, { sensitive: true }),
  c('area_type', 'ลักษณะพื้นที่/บริเวณที่ติดตั้ง', 'Area type'),
  c('other_details', 'รายละเอียดอื่น ๆ', 'Other details'),
  // 3. purpose
  e('purposes', 'วัตถุประสงค์', 'Purposes', CameraPurpose, 'string[]'),
  // 4. network linkage
  e('linkage', 'การเชื่อมต่อกับระบบเครือข่าย', 'Network linkage', Linkage),
  c('control_centre', 'ศูนย์ควบคุม/ศูนย์ปฏิบัติการ', 'Control / operations centre'),
  c('network_type', 'รูปแบบของเครือข่าย', 'Network type'),
  c('network_provider', 'ผู้ให้บริการ', 'Network provider'),
  c('linked_agencies', 'ข้อมูลการเชื่อมโยงหน่วยงาน', 'Linked agencies'),
  c('linked_network', 'โครงข่ายที่เชื่อมโยง', 'Linked network'),
  c('link_requirements', 'สิ่งที่ต้องดำเนินการเพื่อเชื่อมต่อ', 'Needed to link'),
  c('link_budget_baht', 'งบประมาณการเชื่อมต่อ (บาท)', 'Linking budget (baht)', 'number'),
  c('link_responsible_agency', 'หน่วยงานที่รับผิดชอบการเชื่อมต่อ', 'Agency responsible for linking'),
  // 5. recording and retrieval
  c('retention_days', 'จำนวนวันในการเก็บการบันทึก', 'Retention (days)', 'integer'),
  c('storage_process', 'กระบวนการเก็บรักษา', 'Storage process'),
  c('disclosure_rules', 'การเปิดเผยข้อมูล', 'Disclosure rules'),
  c('footage_service_frequency', 'จำนวนความถี่ในการให้บริการข้อมูล', 'Footage service frequency'),
  c('footage_request_procedure', 'ระยะเวลา/ขั้นตอนในการขอดูข้อมูล', 'Footage request procedure'),
  c('recorded_resolution', 'ความละเอียดของภาพที่บันทึก', 'Recorded resolution'),
  c('max_resolution', 'ความละเอียดของการบันทึกสูงสุด', 'Maximum resolution'),
  c('fps', 'จำนวนภาพต่อวินาที', 'Frames per second', 'integer'),
  c('file_format', 'รูปแบบไฟล์ที่บันทึก', 'File format'),
  // 6. status, repair, budget
  e('status', 'สถานะการใช้งาน', 'Status', CameraStatus),
  c('repair_budget_baht', 'งบประมาณซ่อม (บาท)', 'Repair budget (baht)', 'number'),
  c('repair_agency', 'หน่วยงานที่รับผิดชอบการซ่อม', 'Agency responsible for repair'),
  c('budget_source', 'แหล่งที่มางบประมาณ', 'Budget source'),
  // view geometry
  c('direction_deg', 'ทิศทางกล้อง (องศา)', 'Direction (degrees)', 'number'),
  c('fov_deg', 'มุมมองภาพ (องศา)', 'Field of view (degrees)', 'number'),
  c('range_m', 'ระยะการมองเห็น (เมตร)', 'Range (m)', 'number'),
  ...AREAS,
  IS_DEMO,
  UPDATED_AT,
];

const PLANNED_SITE_COLUMNS: SourceColumn[] = [
  ID,
  EXTERNAL_ID,
  c('place_name', 'จุดติดตั้ง/สถานที่', 'Installation point / place'),
  c('address', 'ที่ตั้ง', 'Address'),
  e('status', 'สถานะโครงการ', 'Project status', SiteStatus),
  c('reason', 'เหตุผลในการติดตั้ง', 'Reason'),
  c('camera_count', 'จำนวนกล้อง', 'Number of cameras', 'integer'),
  e('system', 'ระบบกล้อง', 'Camera system', CameraSystem),
  e('kind', 'ประเภทกล้อง', 'Camera type', CameraKind),
  c('direction_deg', 'ทิศทางกล้อง (องศา)', 'Direction (degrees)', 'number'),
  c('fov_deg', 'มุมมองภาพ (องศา)', 'Field of view (degrees)', 'number'),
  c('range_m', 'ระยะการมองเห็น (เมตร)', 'Range (m)', 'number'),
  c('cost_baht', 'งบประมาณ (บาท)', 'Budget (baht)', 'number'),
  c('budget_source', 'แหล่งที่มางบประมาณ', 'Budget source'),
  c('priority', 'จัดลำดับความสำคัญเร่งด่วน', 'Priority', 'integer'),
  ...AGENCY('หน่วยงานที่เสนอ', 'Proposing agency'),
  c('notes', 'หมายเหตุ', 'Notes'),
  ...AREAS,
  IS_DEMO,
  UPDATED_AT,
];

const riskColumns = (nameTh: string, nameEn: string, extra: SourceColumn[]): SourceColumn[] => [
  ID,
  EXTERNAL_ID,
  c('name', nameTh, nameEn),
  e('category', 'ประเภทความเสี่ยง', 'Category', RiskCategory),
  c('weight', 'น้ำหนักความเสี่ยง', 'Weight', 'number'),
  ...extra,
  c('notes', 'หมายเหตุ', 'Notes'),
  ...AREAS,
  IS_DEMO,
  UPDATED_AT,
];

export const KINDS: Record<ExportKind, KindDef> = {
  cameras: {
    kind: 'cameras',
    table: 'cameras',
    title: { th: 'กล้องโทรทัศน์วงจรปิดที่มีในปัจจุบัน', en: 'Existing CCTV cameras' },
    geometry: { sql: 't.geom', type: 'Point' },
    titleColumn: 'place_name',
    columns: CAMERA_COLUMNS,
    filters: { ...located, status: { sql: 't.status', labels: CameraStatus.labels } },
  },
  planned_sites: {
    kind: 'planned_sites',
    table: 'planned_sites',
    title: { th: 'จุดติดตั้งกล้อง CCTV เพิ่มเติม', en: 'Planned CCTV installation sites' },
    geometry: { sql: 't.geom', type: 'Point' },
    titleColumn: 'place_name',
    columns: PLANNED_SITE_COLUMNS,
    filters: { ...located, status: { sql: 't.status', labels: SiteStatus.labels } },
  },
  risk_points: {
    kind: 'risk_points',
    table: 'risk_points',
    title: { th: 'จุดเสี่ยง', en: 'Risk points' },
    geometry: { sql: 't.geom', type: 'Point' },
    titleColumn: 'name',
    columns: riskColumns('ชื่อจุดเสี่ยง', 'Name', [c('radius_m', 'รัศมี (เมตร)', 'Radius (m)', 'number')]),
    filters: located,
  },
  risk_routes: {
    kind: 'risk_routes',
    table: 'risk_routes',
    title: { th: 'เส้นทางเสี่ยง', en: 'Risk routes' },
    geometry: { sql: 't.geom', type: 'LineString' },
    titleColumn: 'name',
    columns: riskColumns('ชื่อเส้นทาง', 'Name', []),
    filters: located,
  },
  police_stations: {
    kind: 'police_stations',
    table: 'police_stations',
    title: { th: 'สถานีตำรวจ', en: 'Police stations' },
    geometry: { sql: 't.geom', type: 'Point' },
    titleColumn: 'name_th',
    columns: [
      ID,
      EXTERNAL_ID,
      c('name_th', 'ชื่อสถานีตำรวจ', 'Name (Thai)'),
      c('name_en', 'ชื่อสถานีตำรวจ (ภาษาอังกฤษ)', 'Name (English)'),
      c('phone', 'หมายเลขโทรศัพท์', 'Phone', undefined, { sensitive: true }),
      ...PROVINCE,
      ...DISTRICT,
      IS_DEMO,
      UPDATED_AT,
    ],
    filters: { province: located.province, district: located.district, police_station: { sql: 't.id' } },
  },
  agencies: {
    kind: 'agencies',
    table: 'agencies',
    title: { th: 'หน่วยงานเจ้าของกล้อง', en: 'Camera-owning agencies' },
    geometry: null,
    titleColumn: 'name',
    columns: [
      ID,
      EXTERNAL_ID,
      c('name', 'ชื่อหน่วยงาน', 'Name'),
      e('type', 'ประเภทหน่วยงาน', 'Type', AgencyType),
      ...PROVINCE,
      ...DISTRICT,
      c('contact_name', 'ชื่อผู้ติดต่อ', 'Contact name', undefined, { sensitive: true }),
      c('phone', 'หมายเลขโทรศัพท์', 'Phone', undefined, { sensitive: true }),
      IS_DEMO,
      UPDATED_AT,
    ],
    filters: { province: located.province, district: located.district },
  },
  footage_requests: {
    kind: 'footage_requests',
    table: 'footage_requests',
    title: { th: 'การขอดูภาพจากกล้อง', en: 'Footage requests' },
    // A request is mapped at its camera (footage-request statistics per installation point).
    geometry: { sql: 'ca.geom', join: 'camera', type: 'Point' },
    titleColumn: 'requester_unit',
    columns: [
      ID,
      EXTERNAL_ID,
      c('camera_id', 'รหัสกล้อง', 'Camera id', 'integer'),
      c('camera_place_name', 'จุดติดตั้งกล้อง', 'Camera location', undefined, { sql: 'ca.place_name', join: 'camera' }),
      c('requested_at', 'วันเวลาที่ขอดูภาพ', 'Requested at', 'datetime'),
      c('incident_at', 'วันเวลาที่เกิดเหตุ', 'Incident at', 'datetime'),
      c('requester_unit', 'หน่วยงานที่ขอ', 'Requesting unit'),
      c('case_ref', 'เลขคดี/เลขอ้างอิง', 'Case reference'),
      e('result', 'ผลการให้บริการ', 'Result', FootageResult),
      c('answered_at', 'วันเวลาที่ให้บริการ', 'Answered at', 'datetime'),
      c('notes', 'หมายเหตุ', 'Notes'),
      ...PROVINCE,
      ...STATION,
      IS_DEMO,
      UPDATED_AT,
    ],
    filters: {
      province: located.province,
      district: { sql: 'ca.district_id', join: 'camera' },
      police_station: located.police_station,
      status: { sql: 't.result', labels: FootageResult.labels },
    },
  },
  problems: {
    kind: 'problems',
    table: 'problems',
    title: { th: 'ปัญหาอุปสรรคและข้อเสนอแนะ', en: 'Problems and suggestions' },
    geometry: null,
    titleColumn: 'description',
    columns: [
      ID,
      ...PROVINCE,
      ...AGENCY('หน่วยงาน', 'Agency'),
      e('category', 'ประเด็นปัญหา', 'Category', ProblemCategory),
      c('description', 'ปัญหาอุปสรรค', 'Problem'),
      c('suggestion', 'ข้อเสนอแนะ', 'Suggestion'),
      c('reported_on', 'วันที่รายงาน', 'Reported on', 'date'),
      IS_DEMO,
      UPDATED_AT,
    ],
    filters: { province: located.province },
  },
  lao_survey: {
    kind: 'lao_survey',
    table: 'lao_maintenance_rows',
    title: { th: 'แบบสำรวจข้อมูลการบำรุงรักษากล้องโทรทัศน์วงจรปิด (CCTV) ขององค์กรปกครองส่วนท้องถิ่น', en: 'DLA maintenance survey of LAO cameras' },
    geometry: null,
    titleColumn: 'lao_name',
    // Labels as in the DLA form (shared/data/forms/lao-maintenance-krabi-example.csv).
    columns: [
      ID,
      c('survey_year', 'ปีที่สำรวจ (ค.ศ.)', 'Survey year (CE)', 'integer'),
      c('province_code', 'รหัสจังหวัด', 'Province code'),
      c('province_name', 'จังหวัด', 'Province', undefined, { sql: 'pv.name_th', join: 'province' }),
      c('district_name', 'อำเภอ', 'District'),
      c('district_id', 'รหัสอำเภอ', 'District id', 'integer'),
      c('lao_name', 'อปท.', 'Local administration'),
      c('budget_source', 'แหล่งที่มางบประมาณ จากหน่วยงาน', 'Budget source (agency)'),
      c('total', 'จำนวนกล้อง ทั้งหมด', 'Total cameras', 'integer'),
      c('working', 'จำนวนกล้อง ที่ใช้งานได้', 'Working', 'integer'),
      c('under_repair', 'จำนวนกล้องที่ชำรุด อยู่ระหว่างซ่อม', 'Damaged – under repair', 'integer'),
      c('beyond_repair', 'จำนวนกล้องที่ชำรุด ไม่สามารถซ่อมได้', 'Damaged – cannot be repaired', 'integer'),
      c('remark', 'หมายเหตุ', 'Remark'),
      IS_DEMO,
      UPDATED_AT,
    ],
    filters: {
      province: located.province,
      district: { sql: 't.district_id' },
      districtName: { sql: 't.district_name' },
      survey_year: { sql: 't.survey_year' },
    },
  },
};

export function isExportKind(k: string): k is ExportKind {
  return (EXPORT_KINDS as readonly string[]).includes(k);
}

export function kindDef(kind: string): KindDef {
  if (!isExportKind(kind)) throw new ExportError(`unknown export kind "${kind}" (${EXPORT_KINDS.join(', ')})`);
  return KINDS[kind];
}

/** The source columns of a kind, without personal data unless asked for. */
export function sourceColumns(kind: string, opts: { includeSensitive?: boolean } = {}): SourceColumn[] {
  return kindDef(kind).columns.filter((col) => opts.includeSensitive || !col.sensitive);
}

/** The column metadata writers take, in output order. */
export function exportColumns(kind: string, opts: { includeSensitive?: boolean } = {}): ExportColumn[] {
  return sourceColumns(kind, opts).map(({ sql: _sql, join: _join, sensitive: _s, ...col }) => col);
}

/** Column names that are personal data in some kind (kept out by default). */
export const SENSITIVE_COLUMNS: readonly string[] = ['contact_name', 'phone', 'stream_url'];
