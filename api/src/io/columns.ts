/**
 * Column recognition: which header of a file holds which field. Each import kind lists its
 * target fields with the Thai and English labels of DOMAIN.md and the variants seen in real sheets;
 * headers match them ignoring case, spaces, punctuation, a leading "1." and a trailing "(บาท)".
 * An explicit mapping (`--mapping map.json`) is applied first.
 *
 * Fields are the domain (database) column names plus pseudo-fields the normaliser turns into them:
 *   lat, lon, coordinates (one "lat, lon" cell), coordinates_lonlat (one "lon, lat" cell), wkt
 *   (WKT/GeoJSON text) -> geometry; direction -> direction_deg (+ fov_deg for ranges);
 *   system_type ("IP / Dome") -> system + kind; purpose:<value> tick-box columns -> purposes;
 *   agency, police_station, province -> refs the pipeline resolves to ids/codes.
 */
import { z } from 'zod';
import type { CellValue, ImportKind } from './types.js';
import { cameraConnection, cameraKind, cameraStatus, cameraSystem, linkage, riskCategory, siteStatus, type EnumNormaliser } from './normalise/enums.js';
import { closest, keyOf } from './normalise/match.js';
import { COUNT_UNITS, DAY_UNITS, FPS_UNITS, METRE_UNITS, MONEY_UNITS } from './normalise/thai.js';

export type FieldType =
  | 'text' | 'longtext' | 'phone' | 'int' | 'number' | 'year' | 'enum' | 'purposes' | 'purposeFlag' | 'cameraType'
  | 'direction' | 'fov' | 'lat' | 'lon' | 'coordinates' | 'geometry' | 'ref';

export interface FieldDef {
  field: string;
  type: FieldType;
  /** The label official forms use, and its English. */
  th: string;
  en: string;
  variants?: readonly string[];
  /** Rows without a value are invalid (checked by normaliseRow, besides the zod schema). */
  required?: boolean;
  enum?: EnumNormaliser<string>;
  units?: readonly string[];
  /** coordinates_lonlat: the cell is "lon, lat". */
  order?: 'latlon' | 'lonlat';
}

const f = (field: string, type: FieldType, th: string, en: string, variants: readonly string[] = [], extra: Partial<FieldDef> = {}): FieldDef => ({
  field, type, th, en, variants, ...extra,
});

// ---- building blocks shared by several kinds ----------------------------------------------------

const externalId = f('external_id', 'text', 'รหัส', 'External id', ['รหัสอ้างอิง', 'รหัสจุด', 'code', 'ref', 'external id', 'reference']);
const point = [
  f('lat', 'lat', 'ละติจูด', 'Latitude', ['lat', 'y', 'พิกัดละติจูด', 'พิกัด GPS ละติจูด', 'GPS latitude', 'ลติจูด', 'ละติจูต', 'พิกัด y', 'ค่า y', 'latitude (y)']),
  f('lon', 'lon', 'ลองจิจูด', 'Longitude', ['lon', 'lng', 'long', 'x', 'พิกัดลองจิจูด', 'พิกัด GPS ลองจิจูด', 'GPS longitude', 'ลองติจูด', 'ลองจิจูต', 'พิกัด x', 'ค่า x', 'longitude (x)']),
  f('coordinates', 'coordinates', 'พิกัด', 'Coordinates', [
    'พิกัด GPS', 'GPS', 'ค่าพิกัด', 'ตำแหน่งพิกัด', 'พิกัดที่ตั้ง', 'coordinate', 'coords', 'GPS coordinates', 'lat, lon', 'lat/lon', 'lat lng',
    'lat/lng', 'lat, long', 'ละติจูด/ลองจิจูด', 'ละติจูด, ลองจิจูด', 'latitude/longitude', 'latitude, longitude', 'Google Maps', 'ลิงก์ Google Maps', 'ลิงก์แผนที่', 'map link', 'แผนที่',
  ], { order: 'latlon' }),
  f('coordinates_lonlat', 'coordinates', 'พิกัด GPS ลองจิจูด/ละติจูด', 'Longitude/latitude', [
    'ลองจิจูด/ละติจูด', 'ลองจิจูด, ละติจูด', 'longitude/latitude', 'longitude, latitude', 'lon/lat', 'lon, lat', 'lng/lat', 'lng, lat', 'x/y', 'x, y', 'xy',
  ], { order: 'lonlat' }),
  f('wkt', 'geometry', 'รูปร่าง (WKT)', 'WKT geometry', ['geometry', 'geom', 'the_geom', 'wkt_geom', 'shape', 'รูปร่างเชิงพื้นที่ (WKT)', 'Geometry (WKT)']),
];
const lineGeometry = [point[4]!];
const agency = f('agency', 'ref', 'หน่วยงานเจ้าของกล้อง', 'Owner agency', [
  'หน่วยงาน', 'ชื่อหน่วยงาน', 'เจ้าของ', 'เจ้าของกล้อง', 'หน่วยงานเจ้าของ', 'หน่วยงานที่ติดตั้ง', 'หน่วยงานผู้ติดตั้ง', 'owner', 'agency', 'agency name', 'agency_name', 'owner agency',
]);
const policeStation = f('police_station', 'ref', 'สถานีตำรวจที่รับผิดชอบ', 'Responsible police station', [
  'สถานีตำรวจ', 'สถานีตำรวจที่รับผิดชอบพื้นที่', 'สภ.', 'สน.', 'สถานีตำรวจภูธร', 'โรงพัก', 'police station', 'police', 'police_station_name', 'responsible police station',
]);
const province = f('province', 'ref', 'จังหวัด', 'Province', ['province', 'province_code', 'province name', 'province_name', 'รหัสจังหวัด', 'ชื่อจังหวัด', 'จว.']);
const ids = [f('agency_id', 'int', 'รหัสหน่วยงาน', 'Agency id'), f('police_station_id', 'int', 'รหัสสถานีตำรวจ', 'Police station id')];
const phone = f('phone', 'phone', 'หมายเลขโทรศัพท์', 'Phone', [
  'โทรศัพท์', 'เบอร์โทร', 'เบอร์โทรศัพท์', 'เบอร์ติดต่อ', 'โทร', 'tel', 'telephone', 'phone number', 'mobile', 'เบอร์มือถือ', 'contact phone',
]);
const address = f('address', 'longtext', 'ที่ตั้ง', 'Address', ['ที่อยู่', 'ที่ตั้งกล้อง', 'location address']);
const placeName = (more: readonly string[] = []) =>
  f('place_name', 'text', 'จุดติดตั้ง/สถานที่', 'Installation point / place', [
    'จุดติดตั้ง', 'สถานที่', 'สถานที่ติดตั้ง', 'จุดที่ติดตั้ง', 'ชื่อจุดติดตั้ง', 'ชื่อสถานที่', 'ตำแหน่งติดตั้ง', 'ตำแหน่งที่ติดตั้ง', 'installation point', 'place',
    'place name', 'site', 'site name', 'name', 'ชื่อ', 'installation location', 'location name', ...more,
  ], { required: true });
const cameraType = f('system_type', 'cameraType', 'ระบบ/ประเภทกล้อง', 'Camera system/type', ['ประเภท/ระบบกล้อง', 'ระบบ/ประเภท', 'system/type', 'ชนิด/ระบบกล้อง']);
const system = f('system', 'enum', 'ระบบกล้อง', 'Camera system', ['ระบบ', 'ระบบของกล้อง', 'analog/ip', 'ระบบ analog/ip'], { enum: cameraSystem });
const kind = f('kind', 'enum', 'ประเภทกล้อง', 'Camera type', ['ประเภท', 'ชนิดกล้อง', 'ชนิด', 'ลักษณะกล้อง', 'รูปแบบกล้อง', 'type', 'camera type', 'camera:type', 'camera kind'], { enum: cameraKind });
const view = [
  f('direction', 'direction', 'ทิศทาง', 'Direction', ['ทิศทางกล้อง', 'ทิศทางการหันกล้อง', 'ทิศ', 'หันไปทาง', 'direction_deg', 'camera:direction', 'cam direction', 'bearing', 'heading', 'azimuth']),
  f('fov_deg', 'fov', 'มุมมองภาพ', 'Field of view', ['มุมมอง', 'มุมรับภาพ', 'องศามุมมอง', 'field of view', 'fov', 'camera:angle', 'angle of view', 'viewing angle']),
  f('range_m', 'number', 'ระยะการมองเห็น', 'Range (m)', ['ระยะมองเห็น', 'ระยะ', 'ระยะภาพ', 'range', 'viewing distance'], { units: METRE_UNITS }),
];
const budgetSource = f('budget_source', 'text', 'แหล่งที่มางบประมาณ', 'Budget source', ['แหล่งงบประมาณ', 'ที่มางบประมาณ', 'ที่มาของงบประมาณ', 'งบประมาณจาก', 'แหล่งเงิน', 'funding source', 'source of funds', 'funding']);
const notes = (field: string, th = 'หมายเหตุ', en = 'Notes') =>
  f(field, 'longtext', th, en, ['หมายเหตุ', 'รายละเอียด', 'notes', 'note', 'remark', 'remarks', 'description', 'comment', 'comments'].filter((w) => keyOf(w) !== keyOf(th)));

// ---- the kinds ------------------------------------------------------------------------------------

const cameras: FieldDef[] = [
  { ...externalId, variants: [...externalId.variants!, 'รหัสกล้อง', 'หมายเลขกล้อง', 'เลขที่กล้อง', 'camera id', 'camera code', 'camera no', 'camera number', 'cctv id', 'cam id', 'cam code'] },
  placeName(['ชื่อกล้อง', 'camera name', 'cam name']),
  agency,
  ...ids,
  f('contact_name', 'text', 'ชื่อผู้ติดต่อ', 'Contact name', ['ผู้ติดต่อ', 'ผู้ประสานงาน', 'ชื่อผู้ประสานงาน', 'ผู้รับผิดชอบ', 'contact', 'contact person']),
  phone,
  address,
  f('year_installed', 'year', 'ปีที่ติดตั้ง', 'Year installed', ['ปีติดตั้ง', 'ปี พ.ศ. ที่ติดตั้ง', 'installation year', 'year of installation', 'installed', 'วันที่ติดตั้ง', 'installation date', 'date installed']),
  policeStation,
  f('project', 'text', 'โครงการ', 'Project', ['ชื่อโครงการ', 'project name', 'ภายใต้โครงการ']),
  ...point,
  f('recorder_model', 'text', 'ยี่ห้อ/รุ่นเครื่องบันทึกภาพ', 'Recorder brand/model', [
    'เครื่องบันทึกภาพ', 'เครื่องบันทึก', 'ยี่ห้อเครื่องบันทึกภาพ', 'รุ่นเครื่องบันทึกภาพ', 'ยี่ห้อเครื่องบันทึก', 'recorder', 'recorder model', 'recorder brand', 'NVR', 'DVR', 'NVR/DVR', 'DVR/NVR',
  ]),
  f('camera_brand', 'text', 'ยี่ห้อกล้อง', 'Camera brand', ['ยี่ห้อ', 'ยี่ห้อ/รุ่นกล้อง', 'รุ่นกล้อง', 'brand', 'camera model', 'model', 'make']),
  cameraType,
  system,
  kind,
  f('connection', 'enum', 'การเชื่อมต่อ', 'Connection', ['การเชื่อมต่อสัญญาณ', 'ระบบการเชื่อมต่อ', 'รูปแบบการเชื่อมต่อ', 'การส่งสัญญาณ', 'ช่องทางการเชื่อมต่อ', 'connection type', 'transmission'], { enum: cameraConnection }),
  f('stream_url', 'text', 'URL link ดูภาพ', 'Stream URL', ['url', 'url link', 'link', 'ลิงก์', 'ลิ้งค์', 'ลิงค์', 'stream', 'rtsp', 'live url', 'view url', 'ลิงก์ดูภาพ', 'url ดูภาพ', 'URL link to view',
    'URL Link สำหรับดูภาพ', 'URL to view',
  ]),
  f('area_type', 'text', 'ลักษณะพื้นที่/บริเวณที่ติดตั้ง', 'Area type', ['ลักษณะพื้นที่', 'บริเวณที่ติดตั้ง', 'ประเภทพื้นที่', 'area', 'surveillance:zone', 'zone']),
  notes('other_details', 'รายละเอียดอื่นๆ', 'Other details'),
  f('purposes', 'purposes', 'วัตถุประสงค์', 'Purpose', ['วัตถุประสงค์การติดตั้ง', 'วัตถุประสงค์ในการติดตั้ง', 'objective', 'objectives', 'ใช้เพื่อ']),
  f('purpose:deterrence', 'purposeFlag', 'ป้องปรามและเฝ้าระวัง', 'Deterrence and surveillance', ['ป้องปราม', 'เฝ้าระวัง', 'deterrence']),
  f('purpose:investigation', 'purposeFlag', 'สืบสวน สอบสวน ติดตามผู้กระทำความผิด', 'Investigation / tracking offenders', ['สืบสวน', 'สืบสวนสอบสวน', 'investigation']),
  f('purpose:traffic', 'purposeFlag', 'การจราจร', 'Traffic', ['จราจร']),
  f('linkage', 'enum', 'การเชื่อมต่อกับระบบเครือข่าย', 'Network linkage', [
    'เชื่อมต่อกับระบบเครือข่าย', 'การเชื่อมต่อเครือข่าย', 'การเชื่อมโยงเครือข่าย', 'การเชื่อมโยง', 'เชื่อมต่อได้/ไม่ได้', 'เชื่อมต่อได้หรือไม่', 'linked', 'network linked', 'is linked',
  ], { enum: linkage }),
  f('control_centre', 'text', 'ศูนย์ควบคุม/ศูนย์ปฏิบัติการ', 'Control or operations centre', [
    'ศูนย์ควบคุม', 'ศูนย์ปฏิบัติการ', 'ศูนย์สั่งการ', 'control centre', 'control / operations centre', 'control center', 'operations centre', 'operations center', 'command centre', 'command center',
  ]),
  f('network_type', 'text', 'รูปแบบของเครือข่าย', 'Network type', ['รูปแบบเครือข่าย', 'ประเภทเครือข่าย', 'network']),
  f('network_provider', 'text', 'ผู้ให้บริการ', 'Provider', ['ผู้ให้บริการเครือข่าย', 'ผู้ให้บริการอินเทอร์เน็ต', 'network provider', 'ISP']),
  f('linked_agencies', 'longtext', 'ข้อมูลการเชื่อมโยงหน่วยงาน', 'Linked agencies', ['หน่วยงานที่เชื่อมโยง', 'หน่วยงานที่เชื่อมต่อ']),
  f('linked_network', 'text', 'โครงข่ายที่เชื่อมโยง', 'Linked network', ['เครือข่ายที่เชื่อมโยง']),
  f('link_requirements', 'longtext', 'สิ่งที่ต้องการเพื่อการเชื่อมต่อ', 'What is needed to link', [
    'ความต้องการในการเชื่อมต่อ', 'สิ่งที่ต้องการ', 'สิ่งที่ต้องดำเนินการเพื่อเชื่อมต่อ', 'link requirements', 'requirements', 'needed to link',
  ]),
  f('link_budget_baht', 'number', 'งบประมาณในการเชื่อมต่อ', 'Link budget (baht)', ['งบประมาณการเชื่อมต่อ', 'งบประมาณเชื่อมต่อ', 'link budget', 'linking budget'], { units: MONEY_UNITS }),
  f('link_responsible_agency', 'text', 'หน่วยงานที่รับผิดชอบการเชื่อมต่อ', 'Agency responsible for linking', ['หน่วยงานรับผิดชอบการเชื่อมต่อ', 'link responsible agency']),
  f('retention_days', 'int', 'จำนวนวันในการเก็บการบันทึก', 'Retention (days)', [
    'จำนวนวันที่เก็บบันทึก', 'จำนวนวันในการเก็บบันทึก', 'จำนวนวันเก็บข้อมูล', 'ระยะเวลาการเก็บข้อมูล', 'ระยะเวลาเก็บภาพ', 'retention', 'retention days', 'days retained',
  ], { units: DAY_UNITS }),
  f('storage_process', 'longtext', 'กระบวนการเก็บรักษา', 'Storage process', ['กระบวนการเก็บรักษาข้อมูล', 'การเก็บรักษา', 'storage']),
  f('disclosure_rules', 'longtext', 'การเปิดเผยข้อมูล', 'Disclosure rules', ['หลักเกณฑ์การเปิดเผยข้อมูล', 'disclosure']),
  f('footage_service_frequency', 'text', 'จำนวนความถี่ในการให้บริการข้อมูล', 'Footage service frequency', ['ความถี่ในการให้บริการข้อมูล', 'ความถี่ในการให้บริการ', 'service frequency']),
  f('footage_request_procedure', 'longtext', 'ระยะเวลา/ขั้นตอนในการขอดูข้อมูล', 'Footage request procedure', ['ขั้นตอนในการขอดูข้อมูล', 'ขั้นตอนการขอดูข้อมูล', 'ระยะเวลาในการขอดูข้อมูล', 'request procedure']),
  f('recorded_resolution', 'text', 'ความละเอียดของภาพที่บันทึก', 'Recorded resolution', ['ความละเอียดภาพ', 'ความละเอียด', 'ความละเอียดภาพที่บันทึก', 'resolution']),
  f('max_resolution', 'text', 'ความละเอียดของการบันทึกสูงสุด', 'Maximum resolution', ['ความละเอียดสูงสุด', 'max resolution', 'maximum recording resolution']),
  f('fps', 'int', 'จำนวนภาพต่อวินาที', 'Frame rate', ['ภาพต่อวินาที', 'เฟรมเรต', 'frames per second'], { units: FPS_UNITS }),
  f('file_format', 'text', 'รูปแบบไฟล์ที่บันทึก', 'File format', ['รูปแบบไฟล์', 'ชนิดไฟล์', 'นามสกุลไฟล์', 'format', 'video format']),
  f('status', 'enum', 'สถานะการใช้งาน', 'Status', ['สถานะ', 'สภาพ', 'สภาพการใช้งาน', 'การใช้งาน', 'สถานะกล้อง', 'สภาพกล้อง', 'condition', 'camera status'], { enum: cameraStatus, required: true }),
  f('repair_budget_baht', 'number', 'งบประมาณในการซ่อม', 'Repair budget (baht)', ['งบประมาณซ่อม', 'งบซ่อม', 'ค่าซ่อม', 'ค่าซ่อมแซม', 'งบประมาณการซ่อมแซม', 'งบประมาณซ่อมแซม', 'repair cost'], { units: MONEY_UNITS }),
  f('repair_agency', 'text', 'หน่วยงานที่รับผิดชอบการซ่อม', 'Agency responsible for repair', ['หน่วยงานรับผิดชอบการซ่อม', 'หน่วยงานรับผิดชอบการซ่อมแซม', 'ผู้รับผิดชอบการซ่อม', 'repair responsible agency']),
  budgetSource,
  ...view,
  province,
];

const plannedSites: FieldDef[] = [
  externalId,
  placeName(['จุดที่ต้องการติดตั้ง', 'จุดติดตั้งเพิ่มเติม', 'จุดที่เสนอ']),
  address,
  ...point,
  f('status', 'enum', 'สถานะโครงการ', 'Project status', ['สถานะ', 'สถานะการดำเนินการ', 'ความคืบหน้า', 'progress'], { enum: siteStatus }),
  f('reason', 'longtext', 'เหตุผลในการติดตั้ง', 'Reason', ['เหตุผล', 'เหตุผลความจำเป็น', 'justification']),
  f('camera_count', 'int', 'จำนวนกล้อง', 'Number of cameras', ['จำนวน', 'จำนวนกล้องที่ต้องการ', 'จำนวนกล้องที่ติดตั้ง', 'cameras', 'camera count', 'quantity', 'qty'], { units: COUNT_UNITS }),
  cameraType,
  system,
  kind,
  ...view,
  f('cost_baht', 'number', 'งบประมาณ (บาท)', 'Budget (baht)', ['งบประมาณ', 'จำนวนเงิน', 'วงเงิน', 'วงเงินงบประมาณ', 'ราคา', 'ค่าใช้จ่าย', 'budget', 'budget amount', 'cost', 'amount', 'price'], { units: MONEY_UNITS }),
  budgetSource,
  f('priority', 'int', 'จัดลำดับความสำคัญเร่งด่วน', 'Priority', ['ลำดับความสำคัญ', 'ความสำคัญ', 'ความเร่งด่วน', 'ลำดับความเร่งด่วน', 'rank', 'ranking']),
  { ...agency, th: 'หน่วยงาน', variants: [...agency.variants!.filter((v) => v !== 'หน่วยงาน'), 'หน่วยงานเจ้าของกล้อง', 'หน่วยงานที่เสนอ', 'หน่วยงานผู้เสนอ', 'proposing agency'] },
  ...ids,
  policeStation,
  notes('notes'),
  province,
];

const riskCommon = (nameTh: string, nameVariants: readonly string[]): FieldDef[] => [
  externalId,
  f('name', 'text', nameTh, 'Name', ['ชื่อ', 'สถานที่', 'ชื่อสถานที่', ...nameVariants], { required: true }),
  f('category', 'enum', 'ประเภทความเสี่ยง', 'Category', ['ประเภท', 'ประเภทจุดเสี่ยง', 'หมวด', 'type', 'risk type', 'risk category'], { enum: riskCategory, required: true }),
  f('weight', 'number', 'น้ำหนัก', 'Weight', ['ค่าน้ำหนัก', 'น้ำหนักความเสี่ยง', 'risk weight'], { units: [] }),
  policeStation,
  ids[1]!,
  notes('notes'),
  province,
];
const riskPoints: FieldDef[] = [
  ...riskCommon('ชื่อจุดเสี่ยง', ['จุดเสี่ยง', 'place', 'point name', 'location name']),
  f('radius_m', 'number', 'รัศมี', 'Radius (m)', ['radius'], { units: METRE_UNITS }),
  ...point,
];
const riskRoutes: FieldDef[] = [...riskCommon('ชื่อเส้นทาง', ['เส้นทาง', 'route', 'route name']), ...lineGeometry];

const policeStations: FieldDef[] = [
  externalId,
  f('name_th', 'text', 'ชื่อสถานีตำรวจ', 'Station name', ['ชื่อสถานี', 'สถานีตำรวจ', 'ชื่อ', 'ชื่อภาษาไทย', 'name', 'station', 'station name', 'police station'], { required: true }),
  f('name_en', 'text', 'ชื่อภาษาอังกฤษ', 'English name', ['english name', 'name (english)', 'name english', 'ชื่อสถานีตำรวจ (ภาษาอังกฤษ)']),
  phone,
  ...point,
  province,
];

const count = (field: string, th: string, en: string, variants: readonly string[]) => f(field, 'int', th, en, variants, { required: true, units: COUNT_UNITS });
const laoSurvey: FieldDef[] = [
  f('survey_year', 'year', 'ปีที่สำรวจ', 'Survey year', ['ปี', 'ปีงบประมาณ', 'ปีสำรวจ', 'year', 'fiscal year']),
  province,
  f('district_name', 'text', 'อำเภอ', 'District', ['เขต', 'อำเภอ/เขต', 'district', 'district name', 'amphoe', 'ชื่ออำเภอ'], { required: true }),
  // The district as resolved by the application (our exports carry it beside the name).
  f('district_id', 'int', 'รหัสอำเภอ', 'District id'),
  f('lao_name', 'text', 'อปท.', 'LAO', [
    'องค์กรปกครองส่วนท้องถิ่น', 'ชื่อ อปท.', 'ชื่อองค์กรปกครองส่วนท้องถิ่น', 'lao', 'lao name', 'local administration',
    // A KML placemark's name (our KML export names each LAO row by its LAO).
    'name',
  ], { required: true }),
  f('budget_source', 'text', 'แหล่งที่มางบประมาณ จากหน่วยงาน', 'Budget source', [
    'แหล่งงบประมาณ/หน่วยงานที่จัดซื้อ', 'แหล่งงบประมาณ', 'แหล่งที่มางบประมาณ', 'หน่วยงานที่จัดซื้อ', 'ที่มางบประมาณ', 'funding agency',
  ], { required: true }),
  count('total', 'จำนวนกล้อง ทั้งหมด', 'Total cameras', ['จำนวนกล้องทั้งหมด', 'ทั้งหมด', 'รวม', 'จำนวนทั้งหมด', 'total cameras']),
  count('working', 'จำนวนกล้อง ที่ใช้งานได้', 'Working', ['ใช้งานได้', 'ที่ใช้งานได้', 'จำนวนกล้องใช้งานได้']),
  count('under_repair', 'จำนวนกล้องที่ชำรุด อยู่ระหว่างซ่อม', 'Damaged – under repair', ['ชำรุดอยู่ระหว่างซ่อม', 'อยู่ระหว่างซ่อม', 'under repair']),
  count('beyond_repair', 'จำนวนกล้องที่ชำรุด ไม่สามารถซ่อมได้', 'Damaged – beyond repair', ['ชำรุดไม่สามารถซ่อมได้', 'ไม่สามารถซ่อมได้', 'ซ่อมไม่ได้', 'beyond repair', 'Damaged – cannot be repaired']),
  notes('remark', 'หมายเหตุ', 'Remark'),
];

export const FIELDS: Record<ImportKind, readonly FieldDef[]> = {
  cameras,
  planned_sites: plannedSites,
  risk_points: riskPoints,
  risk_routes: riskRoutes,
  police_stations: policeStations,
  lao_survey: laoSurvey,
};

/** Kinds whose records are located (lao_survey rows are not). */
export const GEOMETRY_KINDS: ReadonlySet<ImportKind> = new Set(['cameras', 'planned_sites', 'risk_points', 'risk_routes', 'police_stations']);

/**
 * Headers that are deliberately not imported: row numbers, our own record columns, areas that
 * the database derives from the geometry, and the style properties Google My Maps/KML carry.
 * "id" is the database id of an export (and "feature id" a GeoJSON feature's id beside it);
 * re-imports match on external_id. Our exports label these columns in Thai and English too.
 */
const IGNORED = new Set(
  [
    'ลำดับ', 'ลำดับที่', 'ที่', 'no', '#', 'seq', 'fid', 'objectid', 'ogc_fid', 'id', 'created_at', 'updated_at', 'version', 'is_demo',
    'district_id', 'subdistrict_id', 'อำเภอ', 'เขต', 'ตำบล', 'แขวง', 'อำเภอ/เขต', 'ตำบล/แขวง', 'district', 'subdistrict', 'district_name',
    'subdistrict_name', 'amphoe', 'tambon', 'district_name_en', 'subdistrict_name_en', 'province_name_en', 'photos', 'photo_count',
    'styleurl', 'stylehash', 'stylemaphash', 'visibility', 'timestamp', 'begin', 'end', 'altitudemode', 'tessellate', 'extrude',
    'feature id', 'รหัสในระบบ', 'ข้อมูลสาธิต', 'demo data', 'แก้ไขล่าสุด', 'last updated', 'รหัสอำเภอ', 'district id', 'รหัสตำบล', 'subdistrict id',
  ].map(keyOf),
);
const IGNORED_PREFIX = /^(stroke|fill|icon|marker|label|gxmedia)/;

/** The matching key of a header: its key, then without "(…)" parts and a leading "1." / "1.1". */
function headerKeys(header: string): string[] {
  const k = keyOf(header);
  const bare = keyOf(header.replace(/\(.*?\)|\[.*?\]/g, '').replace(/^\s*\d+(?:\.\d+)*[.)]?\s+/, ''));
  return bare && bare !== k ? [k, bare] : [k];
}

const labelMaps = new Map<ImportKind, Map<string, FieldDef>>();
/** key -> field for one kind; two fields claiming one label is a bug caught when the module loads. */
function labelMap(kind: ImportKind): Map<string, FieldDef> {
  const cached = labelMaps.get(kind);
  if (cached) return cached;
  const m = new Map<string, FieldDef>();
  for (const def of FIELDS[kind]) {
    for (const label of [def.field, def.th, def.en, ...(def.variants ?? [])]) {
      const k = keyOf(label);
      const had = m.get(k);
      if (had && had.field !== def.field) throw new Error(`${kind}: label "${label}" claimed by ${had.field} and ${def.field}`);
      m.set(k, def);
    }
  }
  // Labels also count without their "(…)" part ("Repair budget (baht)" matches "Repair budget"),
  // unless that shorter key is another field's label ("Name (English)" vs "Name").
  for (const def of FIELDS[kind]) {
    for (const label of [def.th, def.en, ...(def.variants ?? [])]) {
      const bare = headerKeys(label)[1];
      if (bare !== undefined && !m.has(bare)) m.set(bare, def);
    }
  }
  labelMaps.set(kind, m);
  return m;
}
for (const kind of Object.keys(FIELDS) as ImportKind[]) labelMap(kind);

export function fieldDef(kind: ImportKind, field: string): FieldDef | undefined {
  return FIELDS[kind].find((d) => d.field === field);
}

/** The field a header or label means for this kind, if any. */
export function matchField(kind: ImportKind, header: string): FieldDef | undefined {
  const m = labelMap(kind);
  for (const k of headerKeys(header)) {
    const def = m.get(k);
    if (def) return def;
  }
  return undefined;
}

// ---- explicit mapping (--mapping map.json) ---------------------------------------------------------

/**
 * {"columns": {"Cam_Code": "external_id", "Latitude": "lat", "Remarks": null},
 *  "defaults": {"status": "working"}}
 * Targets are field names or any of their labels ("จุดติดตั้ง"); null, "" or "-" skips a column.
 * Defaults fill a field whose cell is empty or which has no column, and go through the same
 * normalisation as cells ("ใช้งานได้" -> working).
 */
export const MappingSchema = z.strictObject({
  columns: z.record(z.string().min(1), z.string().nullable()).default({}),
  defaults: z.record(z.string().min(1), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
});
export type Mapping = z.infer<typeof MappingSchema>;

const SKIP_TARGETS = new Set(['', '-', 'ignore', 'skip']);

function resolveTarget(kind: ImportKind, target: string): FieldDef | null | string {
  if (SKIP_TARGETS.has(target.trim().toLowerCase())) return null;
  const def = fieldDef(kind, target.trim()) ?? matchField(kind, target);
  if (def) return def;
  const guess = closest(keyOf(target), FIELDS[kind].flatMap((d) => [d.field, d.th, d.en].map((l) => [keyOf(l), d.field] as [string, string])));
  return `unknown field "${target}" for ${kind}${guess ? ` (did you mean "${guess}"?)` : ''}; fields: ${FIELDS[kind].map((d) => d.field).join(', ')}`;
}

/** Validate a parsed map.json for one kind: schema errors and unknown target fields, all listed. */
export function parseMapping(kind: ImportKind, json: unknown): { ok: true; mapping: Mapping } | { ok: false; errors: string[] } {
  const r = MappingSchema.safeParse(json);
  if (!r.success) return { ok: false, errors: r.error.issues.map((i) => `mapping${i.path.length ? '.' + i.path.join('.') : ''}: ${i.message}`) };
  const errors: string[] = [];
  for (const [header, target] of Object.entries(r.data.columns)) {
    if (target === null) continue;
    const t = resolveTarget(kind, target);
    if (typeof t === 'string') errors.push(`mapping.columns["${header}"]: ${t}`);
  }
  for (const field of Object.keys(r.data.defaults)) {
    const t = resolveTarget(kind, field);
    if (typeof t === 'string') errors.push(`mapping.defaults["${field}"]: ${t}`);
    else if (t && (t.type === 'lat' || t.type === 'lon' || t.type === 'coordinates' || t.type === 'geometry')) errors.push(`mapping.defaults["${field}"]: coordinates cannot have a default`);
  }
  return errors.length ? { ok: false, errors } : { ok: true, mapping: r.data };
}

// ---- recognition -----------------------------------------------------------------------------------

export type CoordinateMode = 'latlon' | 'single' | 'geometry' | 'none';

export interface ColumnRecognition {
  kind: ImportKind;
  /** field -> header as written in the file (the first header, when several claim one field). */
  byField: Record<string, string>;
  /**
   * Where positions come from: 'latlon' two columns, 'single' one "lat, lon" cell, 'geometry' a
   * WKT/GeoJSON column or the features' own geometry, 'none' nowhere (an error for located kinds).
   */
  coordinateMode: CoordinateMode;
  /** Headers that match no field: reported, not imported. */
  unknown: string[];
  /** Headers deliberately not imported (row numbers, derived areas, KML styles, mapping nulls). */
  ignored: string[];
  /** Several headers for one field: the first is used. */
  duplicates: { field: string; headers: string[] }[];
  /** Required fields with neither a column nor a default; 'geometry' when positions are missing. */
  missing: string[];
  /** Mapping defaults by field. */
  defaults: Record<string, CellValue>;
  /** Mapping entries whose header is not in the file. */
  mappingUnused: string[];
}

export interface RecogniseOptions {
  /** The format carries geometry itself (GeoJSON, KML). */
  sourceHasGeometry?: boolean;
}

export function recogniseColumns(kind: ImportKind, headers: readonly string[], mapping?: Mapping, opts: RecogniseOptions = {}): ColumnRecognition {
  const byField: Record<string, string> = {};
  const claims = new Map<string, string[]>();
  const unknown: string[] = [];
  const ignored: string[] = [];
  const claim = (field: string, header: string) => {
    const list = claims.get(field) ?? [];
    list.push(header);
    claims.set(field, list);
    if (!(field in byField)) byField[field] = header;
  };

  // Mapping first (exact header, else same key), so that it beats automatic matches in any order.
  const mapped = new Set<string>();
  const mappingUnused: string[] = [];
  for (const [from, target] of Object.entries(mapping?.columns ?? {})) {
    const header = headers.find((h) => h === from) ?? headers.find((h) => keyOf(h) === keyOf(from));
    if (header === undefined) {
      mappingUnused.push(from);
      continue;
    }
    mapped.add(header);
    const t = target === null ? null : resolveTarget(kind, target);
    if (typeof t === 'string') throw new Error(`invalid mapping (validate it with parseMapping): ${t}`);
    if (t === null) ignored.push(header);
    else claim(t.field, header);
  }
  for (const header of headers) {
    if (mapped.has(header)) continue;
    const def = matchField(kind, header);
    if (def) claim(def.field, header);
    else if (headerKeys(header).some((k) => IGNORED.has(k) || IGNORED_PREFIX.test(k)) || keyOf(header) === '') ignored.push(header);
    else unknown.push(header);
  }

  // Several headers for one field: the one written as the field's own label (Thai, English or
  // field name) beats a variant — a KML "หมายเหตุ" line beats the whole "description" — else the first.
  for (const [field, hs] of claims) {
    if (hs.length < 2 || mapped.has(byField[field]!)) continue;
    const def = FIELDS[kind].find((d) => d.field === field);
    const labels = def ? [def.th, def.en, def.field].map(keyOf) : [];
    const own = hs.find((h) => labels.includes(keyOf(h)));
    if (own) byField[field] = own;
  }

  const defaults: Record<string, CellValue> = {};
  for (const [field, value] of Object.entries(mapping?.defaults ?? {})) {
    const t = resolveTarget(kind, field);
    if (t && typeof t !== 'string') defaults[t.field] = value;
  }

  const has = (field: string) => field in byField;
  let coordinateMode: CoordinateMode = 'none';
  if (kind !== 'risk_routes' && has('lat') && has('lon')) coordinateMode = 'latlon';
  else if (has('coordinates') || has('coordinates_lonlat')) coordinateMode = 'single';
  else if (has('wkt') || opts.sourceHasGeometry) coordinateMode = 'geometry';

  const missing = FIELDS[kind].filter((d) => d.required && !has(d.field) && !(d.field in defaults)).map((d) => d.field);
  if (GEOMETRY_KINDS.has(kind) && coordinateMode === 'none') missing.push('geometry');
  const duplicates = [...claims].filter(([, hs]) => hs.length > 1).map(([field, hs]) => ({ field, headers: hs }));
  return { kind, byField, coordinateMode, unknown, ignored, duplicates, missing, defaults, mappingUnused };
}

/**
 * The header(s) behind a domain field, for naming the column of a zod issue: geometry -> the
 * coordinate column(s), direction_deg -> the direction column, agency_id -> the agency column, …
 * '' when the field came from no column.
 */
export function columnFor(rec: ColumnRecognition, field: string): string {
  const b = rec.byField;
  switch (field) {
    case 'geometry':
      if (rec.coordinateMode === 'latlon') return `${b.lat}, ${b.lon}`;
      if (rec.coordinateMode === 'single') return b.coordinates ?? b.coordinates_lonlat ?? '';
      return b.wkt ?? '';
    case 'direction_deg':
      return b.direction ?? '';
    case 'fov_deg':
      return b.fov_deg ?? b.direction ?? '';
    case 'agency_id':
      return b.agency_id ?? b.agency ?? '';
    case 'police_station_id':
      return b.police_station_id ?? b.police_station ?? '';
    case 'province_code':
      return b.province ?? '';
    case 'system':
    case 'kind':
      return b[field] ?? b.system_type ?? '';
    case 'purposes':
      return b.purposes ?? Object.keys(b).filter((k) => k.startsWith('purpose:')).map((k) => b[k]).join(', ');
    default:
      return b[field] ?? '';
  }
}
