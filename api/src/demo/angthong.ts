/**
 * The Ang Thong demo as a pure function of a seed and the province's geography: no I/O, no clock.
 * The loader (seed.ts) reads the geography from the database, calls buildAngThongDemo and inserts
 * the plan; the unit test calls it with the geography read from data/thailand.
 */
import {
  AGENCIES,
  CATEGORY_TH,
  CONTROL_CENTRES,
  CORRIDORS,
  DISTRICTS,
  EQUIPMENT,
  EXITS,
  FAKE_SURNAMES,
  FIRST_NAMES,
  INCIDENTS,
  LINKED_NETWORK,
  NETWORK_PROVIDERS,
  NETWORK_TYPES,
  OFFICIAL,
  OTHER_REQUESTERS,
  PLANNED_BUDGET_SOURCES,
  PLANNED_REASONS,
  PROBLEMS,
  PROVINCE_CODE,
  PROVINCE_TH,
  PURPOSE_ORDER,
  RISK_NAMES,
  RISK_NOTES,
  ROUTES,
  STATIONS,
  STORAGE_PROCESSES,
  SUBDISTRICT_ALIASES,
  TOURIST_SITES,
  type AgencyDef,
  type DistrictDef,
  type Equipment,
  type Purpose,
  type RiskCategory,
} from './angthong-data.js';
import { bearingDeg, contains, distanceM, jitter, lineLengthM, offset, round7, substring, type Area, type Position } from './geo.js';
import { Rng } from './random.js';
import type {
  AgencyRow,
  CameraKind,
  CameraRow,
  CameraStatus,
  FootageRequestRow,
  LaoRow,
  PlannedSiteRow,
  ProblemRow,
  RiskPointRow,
  RiskRouteRow,
  StationRow,
} from './rows.js';

export const DEFAULT_DEMO_SEED = 20161213; // the day Ang Thong's committee met on the figures (13 Dec 2016)

export interface DemoGeography {
  province: Area;
  districts: { name_th: string; area: Area; centre: Position }[];
  /** Subdistrict centres: a point inside both the subdistrict and its district. */
  subdistricts: { name_th: string; district_th: string; centre: Position }[];
}

export interface DemoPlan {
  seed: number;
  agencies: AgencyRow[];
  stations: StationRow[];
  cameras: CameraRow[];
  riskPoints: RiskPointRow[];
  riskRoutes: RiskRouteRow[];
  plannedSites: PlannedSiteRow[];
  footageRequests: FootageRequestRow[];
  problems: ProblemRow[];
  laoRows: LaoRow[];
}

export const agencyExternalId = (key: string) => `demo-${PROVINCE_CODE}-ag-${key}`;
const pad = (n: number, w: number) => String(n).padStart(w, '0');

// Time: all timestamps are built from UTC numbers; Thai local time is UTC+7.
const DAY = 86_400_000;
const HOUR = 3_600_000;
const utc = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) - 7 * 3_600_000; // local midnight
const iso = (ms: number) => new Date(Math.round(ms / 60_000) * 60_000).toISOString();
const dateOnly = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);
const between = (rng: Rng, from: number, to: number) => from + rng.next() * (to - from);
const toBE = (ceYear: number) => ceYear + 543;
const THAI_MONTHS = ['ม.ค.', 'ก.พ.', 'มี.ค.', 'เม.ย.', 'พ.ค.', 'มิ.ย.', 'ก.ค.', 'ส.ค.', 'ก.ย.', 'ต.ค.', 'พ.ย.', 'ธ.ค.'];
function thaiDate(ms: number): string {
  const d = new Date(ms + 7 * 3_600_000);
  return `${d.getUTCDate()} ${THAI_MONTHS[d.getUTCMonth()]} ${toBE(d.getUTCFullYear())}`;
}

const fakeName = (rng: Rng) => `${rng.pick(FIRST_NAMES)} ${rng.pick(FAKE_SURNAMES)}`;
/** Mobile-looking but synthetic: the middle block is always 000. */
const fakePhone = (rng: Rng) => `0${rng.pick([6, 8, 9])}${rng.int(0, 9)}-000-${pad(rng.int(0, 9999), 4)}`;

/** Where things can be placed: subdistrict centres checked against the district polygons. */
class Places {
  private readonly districts = new Map<string, { area: Area; centre: Position }>();
  private readonly subs = new Map<string, { name: string; district: string; centre: Position }[]>();
  readonly corridorLines: { name: string; line: Position[] }[];

  constructor(readonly geo: DemoGeography) {
    for (const d of geo.districts) this.districts.set(d.name_th, { area: d.area, centre: d.centre });
    for (const def of DISTRICTS) {
      if (!this.districts.has(def.th)) throw new Error(`demo geography lacks district ${def.th}`);
      this.subs.set(def.th, []);
    }
    for (const s of geo.subdistricts) {
      const d = this.districts.get(s.district_th);
      const list = this.subs.get(s.district_th);
      if (!d || !list) continue;
      // A centre outside its (separately simplified) district polygon would land elsewhere.
      const centre = contains(d.area, s.centre[0], s.centre[1]) && this.inProvince(s.centre) ? s.centre : d.centre;
      list.push({ name: s.name_th, district: s.district_th, centre });
    }
    for (const list of this.subs.values()) list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.corridorLines = CORRIDORS.map((c) => ({ name: c.name, line: c.via.map((s) => this.sub(s).centre) }));
  }

  inProvince(p: Position): boolean {
    return contains(this.geo.province, p[0], p[1]);
  }

  district(th: string): { area: Area; centre: Position } {
    const d = this.districts.get(th);
    if (!d) throw new Error(`unknown district ${th}`);
    return d;
  }

  /** A subdistrict by name (either spelling), optionally within a district; falls back to the district seat. */
  sub(name: string, district?: string): { name: string; district: string; centre: Position } {
    const names = [name, ...(SUBDISTRICT_ALIASES[name] ?? [])];
    for (const [d, list] of this.subs) {
      if (district && d !== district) continue;
      const hit = list.find((s) => names.includes(s.name));
      if (hit) return hit;
    }
    const def = DISTRICTS.find((d) => d.th === district) ?? DISTRICTS[0]!;
    const list = this.subs.get(def.th) ?? [];
    const seat = list.find((s) => s.name === def.seat) ?? list[0];
    if (seat) return seat;
    return { name: def.seat, district: def.th, centre: this.district(def.th).centre };
  }

  subsOf(district: string) {
    return this.subs.get(district) ?? [];
  }

  /** A subdistrict of the district, the seat weighted `seatWeight` times. */
  randomSub(rng: Rng, district: DistrictDef, seatWeight = 4) {
    const list = this.subsOf(district.th);
    if (list.length === 0) return this.sub(district.seat, district.th);
    return rng.weighted(list.map((s) => [s, s.name === district.seat ? seatWeight : 1] as const));
  }

  /** Jitters p by sigma metres, keeping the point inside the district (and the province). */
  scatter(rng: Rng, p: Position, sigmaM: number, district: string): Position {
    const area = this.district(district).area;
    let sigma = sigmaM;
    for (let attempt = 0; attempt < 40; attempt++) {
      const q = jitter(rng, p, sigma);
      if (contains(area, q[0], q[1]) && this.inProvince(q)) return [round7(q[0]), round7(q[1])];
      if (attempt % 10 === 9) sigma /= 2;
    }
    return [round7(p[0]), round7(p[1])];
  }

  /** District of a point (first match in the catalogue order). */
  districtAt(p: Position): string | undefined {
    for (const d of DISTRICTS) if (contains(this.district(d.th).area, p[0], p[1])) return d.th;
    return undefined;
  }

  nearestSub(p: Position) {
    let best = this.sub(DISTRICTS[0]!.seat);
    let bestD = Infinity;
    for (const list of this.subs.values()) {
      for (const s of list) {
        const d = distanceM(p, s.centre);
        if (d < bestD) {
          bestD = d;
          best = s;
        }
      }
    }
    return best;
  }
}

const districtDef = (th: string): DistrictDef => {
  const d = DISTRICTS.find((x) => x.th === th);
  if (!d) throw new Error(`unknown district ${th}`);
  return d;
};
const address = (rng: Rng, sub: string, district: string) =>
  `หมู่ที่ ${rng.int(1, 12)} ต.${sub} อ.${district} จ.${PROVINCE_TH} ${districtDef(district).postcode}`;

// Place templates: [template, area type, purposes, weight, intersection?]
type PlaceTemplate = readonly [string, string, readonly Purpose[], number, boolean?];
const ALL: readonly Purpose[] = PURPOSE_ORDER;
const DI: readonly Purpose[] = ['deterrence', 'investigation'];
const STREET_PLACES: readonly PlaceTemplate[] = [
  ['สี่แยกไฟแดง{sub}', 'ทางแยก', ALL, 3, true],
  ['สามแยก{sub}', 'ทางแยก', ALL, 2, true],
  ['หน้าตลาด{sub}', 'ตลาด/ย่านการค้า', DI, 3],
  ['หน้าโรงเรียนวัด{sub}', 'สถานศึกษา', ['deterrence', 'traffic'], 2],
  ['หน้าวัด{sub}', 'ศาสนสถาน', ['deterrence'], 2],
  ['ทางเข้าหมู่บ้าน หมู่ที่ {n} ต.{sub}', 'ชุมชน/หมู่บ้าน', DI, 3],
  ['ท่าน้ำ{sub}', 'ริมแม่น้ำ', ['deterrence'], 1],
  ['สะพานข้ามคลอง ต.{sub}', 'สะพาน', ['investigation', 'traffic'], 1],
  ['ตลาดนัด{sub}', 'ตลาด/ย่านการค้า', DI, 1],
  ['หน้าโรงพยาบาลส่งเสริมสุขภาพตำบล{sub}', 'สถานที่ราชการ', ['deterrence'], 1],
  ['ป้ายรถโดยสารประจำทาง ต.{sub}', 'ถนนสายหลัก', DI, 1],
  ['ลานกีฬาชุมชน{sub}', 'สถานที่สาธารณะ', ['deterrence'], 1],
  ['หน้าที่ทำการ{lao}', 'สถานที่ราชการ', ['deterrence'], 1],
];
const TOWN_PLACES: readonly PlaceTemplate[] = [
  ['ถนนเทศบาล 1 หน้าตลาดเทศบาลเมืองอ่างทอง', 'ตลาด/ย่านการค้า', DI, 2],
  ['สวนสาธารณะริมแม่น้ำเจ้าพระยา (ตลาดหลวง)', 'สถานที่สาธารณะ', ['deterrence'], 1],
  ['หน้าสถานีขนส่งผู้โดยสารจังหวัดอ่างทอง', 'ถนนสายหลัก', DI, 1],
  ['สี่แยกหน้าวัดต้นสน', 'ทางแยก', ALL, 1, true],
  ['สะพานข้ามแม่น้ำเจ้าพระยา (ตัวเมืองอ่างทอง)', 'สะพาน', ['investigation', 'traffic'], 1],
];
const POLICE_PLACES: readonly PlaceTemplate[] = [
  ['จุดตรวจ{sub}', 'ด่านตรวจ', ['investigation', 'traffic'], 2],
  ['ป้อมจราจรสี่แยก{sub}', 'ทางแยก', ALL, 2, true],
  ['หน้า {station}', 'สถานที่ราชการ', DI, 1],
  ['ทางแยกเข้าอำเภอ{district}', 'ทางแยก', ALL, 1, true],
];
const ROAD_PLACES: readonly PlaceTemplate[] = [
  ['{road} กม.{km} (ต.{sub})', 'ถนนสายหลัก', ['investigation', 'traffic'], 3],
  ['จุดกลับรถ {road} (ต.{sub})', 'ถนนสายหลัก', ['traffic'], 1],
  ['ทางแยก {road} (ต.{sub})', 'ทางแยก', ALL, 2, true],
];
const FACILITY_PLACES: Partial<Record<AgencyDef['profile'], readonly PlaceTemplate[]>> = {
  provincial_hall: [
    ['ประตูทางเข้าศาลากลางจังหวัดอ่างทอง', 'สถานที่ราชการ', DI, 1],
    ['ถนนหน้าศาลากลางจังหวัดอ่างทอง', 'ถนนสายหลัก', ALL, 1],
    ['ลานจอดรถศาลากลางจังหวัดอ่างทอง', 'ลานจอดรถ', ['deterrence'], 1],
    ['ลานหน้าเสาธงศาลากลางจังหวัดอ่างทอง', 'สถานที่ราชการ', ['deterrence'], 1],
  ],
  district_office: [
    ['ประตูทางเข้าที่ว่าการอำเภอ{district}', 'สถานที่ราชการ', DI, 1],
    ['ถนนหน้าที่ว่าการอำเภอ{district}', 'ถนนสายหลัก', ALL, 1],
    ['ลานจอดรถที่ว่าการอำเภอ{district}', 'ลานจอดรถ', ['deterrence'], 1],
  ],
  hospital: [
    ['ประตูทางเข้าโรงพยาบาลอ่างทอง', 'สถานพยาบาล', DI, 1],
    ['หน้าอาคารอุบัติเหตุและฉุกเฉิน โรงพยาบาลอ่างทอง', 'สถานพยาบาล', DI, 1],
    ['ลานจอดรถโรงพยาบาลอ่างทอง', 'ลานจอดรถ', ['deterrence'], 1],
    ['ป้ายรถโดยสารหน้าโรงพยาบาลอ่างทอง', 'ถนนสายหลัก', DI, 1],
  ],
  utility: [
    ['ประตูทางเข้า{agency}', 'สถานที่ราชการ', DI, 1],
    ['ถนนหน้า{agency}', 'ถนนสายหลัก', DI, 1],
    ['ลานจอดรถ{agency}', 'ลานจอดรถ', ['deterrence'], 1],
  ],
  mall: [
    ['ทางเข้า-ออก{agency}', 'ย่านการค้า', ALL, 1],
    ['ลานจอดรถ{agency}', 'ลานจอดรถ', DI, 1],
    ['ป้ายรถโดยสารหน้า{agency}', 'ถนนสายหลัก', DI, 1],
  ],
};

interface Site {
  agency: AgencyDef;
  district: string;
  sub: string;
  pos: Position;
  name: string;
  areaType: string;
  purposes: readonly Purpose[];
  intersection: boolean;
  size: number;
}

function fillTemplate(t: string, v: Record<string, string>): string {
  // "หน้าตลาด" + "ตลาดหลวง" reads "หน้าตลาดหลวง", not "หน้าตลาดตลาดหลวง".
  return t.replace(/\{(\w+)\}/g, (_, k: string) => v[k] ?? '').replace(/ตลาดตลาด/g, 'ตลาด');
}

/** Builds the whole Ang Thong demo. Same seed and geography → deep-equal (and JSON-identical) plan. */
export function buildAngThongDemo(seed: number, geo: DemoGeography): DemoPlan {
  checkCatalogue();
  const rng = new Rng(seed);
  // Independent streams: changing how one part draws numbers does not reshuffle the others.
  const r = {
    agencies: rng.fork(1),
    stations: rng.fork(2),
    sites: rng.fork(3),
    cameras: rng.fork(4),
    status: rng.fork(5),
    risk: rng.fork(6),
    routes: rng.fork(7),
    planned: rng.fork(8),
    footage: rng.fork(9),
  };
  const places = new Places(geo);

  // Agencies ------------------------------------------------------------------------------------
  const contacts = new Map<string, { name: string; phone: string }>();
  const agencies: AgencyRow[] = AGENCIES.map((a) => {
    const c = { name: fakeName(r.agencies), phone: fakePhone(r.agencies) };
    contacts.set(a.key, c);
    return {
      external_id: agencyExternalId(a.key),
      name: a.name,
      type: a.type,
      province_code: PROVINCE_CODE,
      district_th: a.district,
      contact_name: c.name,
      phone: c.phone,
      created_at: iso(between(r.agencies, utc(2016, 11, 1), utc(2016, 11, 30))),
    };
  });

  // Police stations: near their town centres ----------------------------------------------------
  const stations: StationRow[] = STATIONS.map((s, i) => {
    const sub = places.sub(s.subdistrict, s.district);
    const [lon, lat] = places.scatter(r.stations, sub.centre, 250, s.district);
    return {
      external_id: `demo-${PROVINCE_CODE}-police-${pad(i + 1, 2)}`,
      name_th: s.th,
      name_en: s.en,
      phone: `035-000-${pad(r.stations.int(100, 999), 3)}`,
      lon,
      lat,
      created_at: iso(between(r.stations, utc(2016, 11, 1), utc(2016, 11, 30))),
    };
  });
  // Voronoi cells (degree space, as ST_VoronoiPolygons on EPSG:4326) = the nearest station.
  const stationAt = (p: Position): string => {
    let best = stations[0]!;
    let bestD = Infinity;
    for (const s of stations) {
      const d = (s.lon - p[0]) ** 2 + (s.lat - p[1]) ** 2;
      if (d < bestD) {
        bestD = d;
        best = s;
      }
    }
    return best.name_th;
  };

  // Sites (installation points) and their cameras -------------------------------------------------
  const sites: Site[] = [];
  for (const agency of AGENCIES) {
    if (agency.cameras > 0) sites.push(...planSites(r.sites, agency, places, stationAt));
  }

  const cameras: CameraRow[] = [];
  const cameraAgency: AgencyDef[] = [];
  const cameraSub: string[] = [];
  const laoSources = new Map<string, readonly (readonly [string, number])[]>();
  for (const site of sites) {
    const a = site.agency;
    const rc = r.cameras;
    const year = pickYear(rc, a);
    const eq = rc.weighted(EQUIPMENT);
    const ip = !eq.analogRecorder || (!!eq.ipRecorder && rc.chance(year >= 2016 ? 0.75 : year >= 2013 ? 0.45 : 0.15));
    const system = ip ? 'ip' : 'analog';
    const linked = rc.chance(linkChance(a));
    const centre = controlCentre(a, site, stationAt);
    const station = stationAt(site.pos);
    const siteAddress = address(rc, site.sub, site.district);
    const retention = ip ? rc.int(15, 30) : rc.int(7, 15);
    const res = resolution(rc, ip, year);
    const fps = rc.pick(ip ? [15, 20, 25, 30] : [12, 15, 25]);
    const source = budgetSource(rc, a, laoSources);
    const baseDir = rc.float(0, 360);
    const projectYear = toBE(year) - (rc.chance(0.4) ? 1 : 0);
    const connection = linked
      ? rc.weighted([['wired', 5], ['wireless', 3], ['mobile', 1]] as const)
      : rc.weighted([['wired', 6], ['none', 2], ['wireless', 1]] as const);
    const networkType = linked ? (connection === 'mobile' ? NETWORK_TYPES[3] : connection === 'wireless' ? NETWORK_TYPES[2] : rc.pick([NETWORK_TYPES[0], NETWORK_TYPES[1], NETWORK_TYPES[4]])) : null;
    const ipBlock = `${rc.int(0, 254)}.${rc.int(10, 200)}`;
    const mountH = rc.pick([4, 5, 6, 8]);
    for (let k = 0; k < site.size; k++) {
      const n = cameras.length + 1;
      const kind = pickKind(rc, a, site);
      const pos = site.size === 1 ? site.pos : places.scatter(rc, site.pos, 12, site.district);
      const direction = kind === 'ptz' ? null : Math.round((site.intersection ? baseDir + (k * 360) / site.size + rc.float(-10, 10) : baseDir + rc.float(-45, 45)) + 720) % 360;
      const contact = contacts.get(a.key)!;
      cameras.push({
        external_id: `demo-${PROVINCE_CODE}-cam-${pad(n, 4)}`,
        place_name: site.size > 1 && k > 0 && rc.chance(0.3) ? `${site.name} (ตัวที่ ${k + 1})` : site.name,
        lon: pos[0],
        lat: pos[1],
        agency_external_id: agencyExternalId(a.key),
        contact_name: contact.name,
        phone: contact.phone,
        address: siteAddress,
        year_installed: year,
        project: projectName(rc, a, projectYear),
        recorder_model: (ip ? eq.ipRecorder : eq.analogRecorder) ?? null,
        camera_brand: eq.brand,
        system,
        kind,
        connection,
        stream_url: linked
          ? ip
            ? `rtsp://10.15.${ipBlock}:554/Streaming/Channels/${k + 1}01`
            : `http://10.15.${ipBlock}:8080/ (DVR ช่อง ${k + 1})`
          : `http://192.168.1.${rc.int(20, 250)}/ (ดูได้เฉพาะเครือข่ายภายในหน่วยงาน)`,
        area_type: site.areaType,
        other_details: `ติดตั้งบนเสา สูง ${mountH} เมตร${kind === 'ptz' ? ' หมุนได้รอบทิศ' : ''} อินฟราเรด ${rc.pick([20, 30, 50])} เมตร`,
        purposes: PURPOSE_ORDER.filter((p) => site.purposes.includes(p)),
        linkage: linked ? 'linked' : 'not_linked',
        control_centre: linked ? centre : null,
        network_type: networkType,
        network_provider: linked ? (networkType === NETWORK_TYPES[4] ? NETWORK_PROVIDERS[4] : rc.pick(NETWORK_PROVIDERS.slice(0, 4))) : null,
        linked_agencies: linked ? (centre === CONTROL_CENTRES.police ? `${CONTROL_CENTRES.police}, ${station}` : `${a.name}, ${station}`) : null,
        linked_network: linked ? LINKED_NETWORK : null,
        link_requirements: linked ? null : linkRequirement(rc, ip),
        link_budget_baht: linked ? null : rc.int(3, 70) * 5000,
        link_responsible_agency: linked ? null : a.type === 'private' ? 'ตำรวจภูธรจังหวัดอ่างทอง' : a.name,
        retention_days: retention,
        storage_process: linked ? rc.pick(STORAGE_PROCESSES.slice(2)) : rc.pick(STORAGE_PROCESSES.slice(0, 2)),
        disclosure_rules: disclosure(a),
        footage_service_frequency: rc.pick(['เฉลี่ย 1-2 ครั้ง/เดือน', 'เฉลี่ย 3-5 ครั้ง/เดือน', 'นาน ๆ ครั้ง (ปีละไม่เกิน 5 ครั้ง)', 'เฉลี่ยสัปดาห์ละ 1 ครั้ง']),
        footage_request_procedure: requestProcedure(a, linked),
        recorded_resolution: res[0],
        max_resolution: res[1],
        fps,
        file_format: ip && year >= 2017 && eq.formatH265 ? eq.formatH265 : eq.format,
        status: 'working',
        repair_budget_baht: null,
        repair_agency: null,
        budget_source: source,
        direction_deg: direction,
        fov_deg: kind === 'ptz' ? 360 : kind === 'dome' ? rc.int(80, 110) : rc.int(55, 95),
        range_m: kind === 'ptz' ? rc.int(12, 25) * 10 : kind === 'dome' ? rc.int(20, 60) : rc.int(30, 120),
        is_demo: true,
        created_at: iso(between(rc, utc(2016, 11, 1), utc(2016, 12, 20))),
      });
      cameraAgency.push(a);
      cameraSub.push(site.sub);
    }
  }

  // Status: exactly `broken` per agency, older cameras more likely ----------------------------------
  for (const a of AGENCIES) {
    if (a.broken === 0) continue;
    const idx = cameras.map((_, i) => i).filter((i) => cameraAgency[i] === a);
    // Weighted sampling without replacement (Efraimidis–Spirakis keys).
    const keyed = idx.map((i) => {
      const age = 2020 - (cameras[i]!.year_installed ?? 2015);
      return { i, key: Math.pow(r.status.next(), 1 / (1 + age / 2)) };
    });
    keyed.sort((p, q) => q.key - p.key || p.i - q.i);
    for (const { i } of keyed.slice(0, a.broken)) {
      const c = cameras[i]!;
      const status = r.status.weighted([['not_working', 4], ['under_repair', 3.5], ['beyond_repair', 2.5]] as const) as CameraStatus;
      c.status = status;
      c.repair_budget_baht =
        status === 'beyond_repair' ? r.status.int(50, 170) * 500 : status === 'under_repair' ? r.status.int(10, 90) * 500 : r.status.int(6, 50) * 500;
      c.repair_agency = a.type === 'private' ? `${a.name} (ผู้รับจ้างบำรุงรักษา)` : a.name;
      c.other_details = `${c.other_details}; ${brokenNote(r.status, status)}`;
    }
  }

  const riskPoints = buildRiskPoints(r.risk, places);
  const riskRoutes = buildRiskRoutes(r.routes, places);
  const plannedSites = buildPlannedSites(r.planned, places, riskPoints, cameras, stationAt);
  const footageRequests = buildFootage(r.footage, cameras, cameraAgency, stationAt);
  const problems: ProblemRow[] = PROBLEMS.map((p) => ({
    agency_external_id: agencyExternalId(p.agency),
    category: p.category,
    description: p.description,
    suggestion: p.suggestion,
    reported_on: p.date,
  }));
  const laoRows = buildLaoRows(cameras, cameraAgency);

  return { seed, agencies, stations, cameras, riskPoints, riskRoutes, plannedSites, footageRequests, problems, laoRows };
}

/** The catalogue must reproduce the official totals; a typo in a count fails loudly. */
export function checkCatalogue(): void {
  const owners = AGENCIES.filter((a) => a.cameras > 0);
  const cams = AGENCIES.reduce((s, a) => s + a.cameras, 0);
  const broken = AGENCIES.reduce((s, a) => s + a.broken, 0);
  const problems: string[] = [];
  if (AGENCIES.length !== OFFICIAL.agencies) problems.push(`${AGENCIES.length} agencies`);
  if (owners.length !== OFFICIAL.agenciesWithCameras) problems.push(`${owners.length} agencies with cameras`);
  if (cams !== OFFICIAL.cameras) problems.push(`${cams} cameras`);
  if (broken !== OFFICIAL.damaged) problems.push(`${broken} damaged`);
  if (new Set(AGENCIES.map((a) => a.key)).size !== AGENCIES.length) problems.push('duplicate agency keys');
  if (AGENCIES.some((a) => a.broken > a.cameras)) problems.push('an agency with more damaged than cameras');
  if (problems.length) throw new Error(`Ang Thong demo catalogue does not match the official figures: ${problems.join(', ')}`);
}

// Sites ---------------------------------------------------------------------------------------------

function planSites(rng: Rng, a: AgencyDef, places: Places, stationAt: (p: Position) => string): Site[] {
  const sites: Site[] = [];
  let remaining = a.cameras;
  const facilities = new Map<string, Position>(); // one building per agency and subdistrict
  let facilityIdx = 0;
  while (remaining > 0) {
    let size: number;
    let district: string;
    let sub: { name: string; district: string; centre: Position };
    let pos: Position;
    let tpl: PlaceTemplate;
    let road = '';
    let km = 0;

    const facilityTemplates = FACILITY_PLACES[a.profile];
    const homeSub = () => {
      const home = a.home ?? [districtDef(a.district).seat];
      const name = rng.weighted(home.map((h, i) => [h, i === 0 ? 2 : 1] as const));
      return places.sub(name);
    };
    const provinceSub = () => places.randomSub(rng, rng.weighted(DISTRICTS.map((d) => [d, d.weight] as const)));

    const onRoad = a.profile === 'highway' || (a.profile === 'police' && rng.chance(0.4)) || (a.profile === 'pao' && rng.chance(0.3));
    if (onRoad) {
      const c = rng.pick(places.corridorLines);
      const len = lineLengthM(c.line);
      const at = rng.float(0.05, 0.95) * len;
      const seg = substring(c.line, at, at + 1);
      const p0 = seg[0] ?? c.line[0]!;
      const s = places.nearestSub(p0);
      district = places.districtAt(p0) ?? s.district;
      sub = s;
      pos = places.scatter(rng, p0, 40, district);
      road = c.name;
      km = Math.round(at / 100) / 10 + rng.int(5, 60);
      tpl = rng.weighted((a.profile === 'police' ? ROAD_PLACES.slice(0, 1).concat(ROAD_PLACES.slice(2)) : ROAD_PLACES).map((t) => [t, t[3]] as const));
      size = Math.min(remaining, tpl[4] ? rng.int(2, 3) : rng.int(1, 2));
    } else if (facilityTemplates) {
      sub = homeSub();
      district = sub.district;
      const fkey = sub.name;
      let base = facilities.get(fkey);
      if (!base) {
        base = places.scatter(rng, sub.centre, 300, district);
        facilities.set(fkey, base);
      }
      pos = places.scatter(rng, base, 50, district);
      tpl = facilityTemplates[facilityIdx % facilityTemplates.length]!;
      facilityIdx++;
      size = Math.min(remaining, a.profile === 'district_office' ? Math.ceil(a.cameras / 3) : rng.int(1, 3));
    } else {
      switch (a.profile) {
        case 'bank':
        case 'gold':
          sub = homeSub();
          district = sub.district;
          pos = places.scatter(rng, sub.centre, 180, district);
          tpl = a.profile === 'bank'
            ? rng.pick([['หน้าตู้ ATM {bank} สาขา{branch}', 'ย่านการค้า', DI, 1], ['ถนนหน้า{bank} สาขา{branch}', 'ย่านการค้า', DI, 1]] as const)
            : rng.pick([['หน้าร้าน{agency}', 'ย่านการค้า', DI, 1], ['ถนนหน้าร้าน{agency} ฝั่งตลาด{sub}', 'ตลาด/ย่านการค้า', DI, 1]] as const);
          size = Math.min(remaining, rng.int(2, 3));
          break;
        case 'convenience':
          sub = provinceSub();
          district = sub.district;
          pos = places.scatter(rng, sub.centre, 450, district);
          tpl = ['ร้าน 7-Eleven สาขา{sub} (หน้าร้านริมถนน)', 'ย่านการค้า', DI, 1];
          size = Math.min(remaining, rng.int(1, 2));
          break;
        case 'police':
          sub = provinceSub();
          district = sub.district;
          pos = places.scatter(rng, sub.centre, 450, district);
          tpl = rng.weighted(POLICE_PLACES.map((t) => [t, t[3]] as const));
          size = Math.min(remaining, tpl[4] ? rng.int(2, 4) : rng.int(1, 2));
          break;
        case 'pao':
          sub = provinceSub();
          district = sub.district;
          pos = places.scatter(rng, sub.centre, 500, district);
          tpl = rng.weighted(STREET_PLACES.filter((t) => !t[0].includes('{lao}')).map((t) => [t, t[3]] as const));
          size = Math.min(remaining, tpl[4] ? rng.int(2, 4) : rng.int(1, 3));
          break;
        default: {
          // LAOs: streets of their own subdistricts
          sub = homeSub();
          district = sub.district;
          const town = a.profile === 'lao_town';
          pos = places.scatter(rng, sub.centre, town ? 350 : 700, district);
          const pool = a.key === 'town-angthong' && rng.chance(0.25) ? TOWN_PLACES : STREET_PLACES;
          tpl = rng.weighted(pool.map((t) => [t, t[3]] as const));
          size = Math.min(remaining, tpl[4] ? rng.int(2, 4) : rng.int(1, 3));
        }
      }
    }
    const bankName = a.name.split(' สาขา')[0] ?? a.name;
    const branch = district === 'เมืองอ่างทอง' ? 'อ่างทอง' : district;
    const name = fillTemplate(tpl[0], {
      sub: sub.name,
      n: String(rng.int(1, 12)),
      lao: a.short ? a.name : 'ชุมชน',
      station: stationAt(pos),
      district,
      road,
      km: km.toFixed(1).replace(/\.0$/, ''),
      agency: a.facility ?? a.name.replace(/ \(.*\)$/, ''),
      bank: bankName,
      branch,
    });
    sites.push({ agency: a, district, sub: sub.name, pos, name, areaType: tpl[1], purposes: tpl[2], intersection: !!tpl[4], size });
    remaining -= size;
  }
  return sites;
}

function pickYear(rng: Rng, a: AgencyDef): number {
  const weights: [number, number][] = [];
  for (let y = 2008; y <= 2019; y++) {
    // Most cameras date from the 2012–2016 programmes; private ones are newer.
    let w = y <= 2010 ? 1 : y <= 2016 ? 3 : 1;
    if (a.type === 'private' && y >= 2014) w += 2;
    weights.push([y, w]);
  }
  return rng.weighted(weights);
}

function pickKind(rng: Rng, a: AgencyDef, site: Site): CameraKind {
  if (a.profile === 'bank' || a.profile === 'gold' || a.profile === 'convenience' || a.profile === 'mall') {
    return rng.weighted([['fixed', 3], ['dome', 2]] as const);
  }
  if (site.intersection) return rng.weighted([['fixed', 5], ['ptz', 2], ['dome', 1]] as const);
  if (FACILITY_PLACES[a.profile]) return rng.weighted([['fixed', 3], ['dome', 3], ['ptz', 1]] as const);
  return rng.weighted([['fixed', 7], ['dome', 1], ['ptz', 1.5]] as const);
}

function linkChance(a: AgencyDef): number {
  switch (a.profile) {
    case 'police': return 0.85;
    case 'highway': return 0.7;
    case 'lao_town': return a.key === 'town-angthong' ? 0.75 : 0.45;
    case 'pao': return 0.5;
    case 'provincial_hall': return 0.9;
    case 'district_office': return 0.4;
    case 'lao_rural': return 0.2;
    case 'hospital': return 0.3;
    default: return a.type === 'private' ? 0.1 : 0.25;
  }
}

function controlCentre(a: AgencyDef, site: Site, stationAt: (p: Position) => string): string {
  switch (a.profile) {
    case 'police': return CONTROL_CENTRES.police;
    case 'highway': return CONTROL_CENTRES.highway;
    case 'provincial_hall':
    case 'district_office': return CONTROL_CENTRES.province;
    case 'pao': return CONTROL_CENTRES.pao;
    case 'lao_town': return a.key === 'town-angthong' ? CONTROL_CENTRES.town : `ห้องควบคุมกล้อง ${a.name}`;
    case 'lao_rural': return `ห้องควบคุม ${stationAt(site.pos)}`;
    default: return a.type === 'private' ? `ห้องควบคุม ${stationAt(site.pos)}` : `ห้องควบคุม ${a.name}`;
  }
}

function budgetSource(rng: Rng, a: AgencyDef, laoSources: Map<string, readonly (readonly [string, number])[]>): string {
  switch (a.type) {
    case 'local_administration': {
      let sources = laoSources.get(a.key);
      if (!sources) {
        const own = a.short ?? a.name;
        const list: [string, number][] = [[own, 6]];
        if (rng.chance(0.7)) list.push(['กรมส่งเสริมการปกครองท้องถิ่น', 3]);
        if (rng.chance(0.3)) list.push(['กระทรวงมหาดไทย', 2]);
        if (a.profile === 'lao_rural' && rng.chance(0.4)) list.push(['อบจ.อ่างทอง', 2]);
        sources = list;
        laoSources.set(a.key, sources);
      }
      return rng.weighted(sources);
    }
    case 'government':
      if (a.profile === 'police') return rng.weighted([['งบประมาณสำนักงานตำรวจแห่งชาติ', 4], ['งบพัฒนาจังหวัดอ่างทอง', 3], ['เงินบริจาคภาคเอกชน', 1]] as const);
      return rng.weighted([['งบพัฒนาจังหวัดอ่างทอง', 3], ['งบพัฒนากลุ่มจังหวัดภาคกลางตอนบน 1', 1], [`งบประมาณ${a.name.replace(/ \(.*\)$/, '')}`, 3]] as const);
    case 'state_enterprise':
      return `งบลงทุน${a.name.replace(/ \(.*\)$/, '')}`;
    default:
      return 'ทุนของเอกชน (เจ้าของกิจการ)';
  }
}

function projectName(rng: Rng, a: AgencyDef, beYear: number): string {
  if (a.type === 'private') return `ระบบรักษาความปลอดภัยของ${a.name.replace(/ \(.*\)$/, '')}`;
  if (a.type === 'state_enterprise') return `โครงการปรับปรุงระบบรักษาความปลอดภัย ปี ${beYear}`;
  const aim = rng.pick([
    'เพื่อความปลอดภัยในชีวิตและทรัพย์สิน',
    'เพื่อป้องกันและลดอุบัติเหตุทางถนน',
    'ตามนโยบายหมู่บ้าน/ชุมชนปลอดภัย',
    'เพื่อป้องกันและปราบปรามยาเสพติด',
    'อ่างทองเมืองน่าอยู่ ปลอดภัย',
  ]);
  return `โครงการติดตั้งกล้องโทรทัศน์วงจรปิด (CCTV) ${aim} ประจำปีงบประมาณ ${beYear}`;
}

function resolution(rng: Rng, ip: boolean, year: number): [string, string] {
  if (!ip) return year <= 2012 ? [rng.pick(['D1', '960H']), '960H'] : [rng.pick(['720p', '1080p']), '1080p'];
  if (year <= 2015) return [rng.pick(['720p', '1080p', '1080p']), rng.pick(['1080p', '3MP'])];
  return [rng.pick(['1080p', '1080p', '4MP']), rng.pick(['4MP', '5MP'])];
}

function linkRequirement(rng: Rng, ip: boolean): string {
  const km = (rng.int(3, 40) / 10).toFixed(1);
  return rng.pick([
    `เดินสายใยแก้วนำแสงประมาณ ${km} กม. ไปยังศูนย์ควบคุม${ip ? '' : ' และเปลี่ยนเครื่องบันทึกเป็นระบบ IP'}`,
    'ติดตั้งอุปกรณ์ Wireless Point-to-Point และเพิ่มพื้นที่จัดเก็บข้อมูลที่ศูนย์ควบคุม',
    'เช่าสัญญาณอินเทอร์เน็ต (VPN) รายเดือน และตั้งค่าเครื่องบันทึกให้รองรับการเชื่อมต่อ',
  ]);
}

function disclosure(a: AgencyDef): string {
  switch (a.type) {
    case 'private': return 'เปิดเผยเฉพาะพนักงานสอบสวนที่มีหนังสือขอ ตามนโยบายของบริษัท';
    case 'state_enterprise': return 'เปิดเผยแก่เจ้าหน้าที่ตำรวจตามหนังสือขอ ตามระเบียบของหน่วยงาน';
    default: return 'เปิดเผยแก่เจ้าหน้าที่ตำรวจและผู้เสียหาย ตาม พ.ร.บ.ข้อมูลข่าวสารของราชการ พ.ศ. 2540';
  }
}

function requestProcedure(a: AgencyDef, linked: boolean): string {
  if (a.profile === 'police') return 'พนักงานสอบสวนเรียกดูได้ทันทีที่ศูนย์ปฏิบัติการ ประชาชนแจ้งผ่านพนักงานสอบสวน';
  if (a.type === 'private') return 'ติดต่อผู้จัดการสาขาพร้อมหนังสือจากพนักงานสอบสวน ใช้เวลา 1-3 วัน';
  if (a.type === 'local_administration') {
    return `ยื่นหนังสือถึงนายก${a.name.replace(/^เทศบาล/, 'เทศมนตรี')} พร้อมสำเนาบันทึกประจำวัน ใช้เวลา ${linked ? '1 วันทำการ' : '1-3 วันทำการ'}`;
  }
  return `ทำหนังสือถึงหัวหน้าส่วนราชการ ใช้เวลา ${linked ? '1 วันทำการ' : '1-3 วันทำการ'}`;
}

function brokenNote(rng: Rng, status: CameraStatus): string {
  if (status === 'beyond_repair') return rng.pick(['ชำรุดจากฟ้าผ่า ไม่สามารถซ่อมได้ ต้องเปลี่ยนใหม่', 'อุปกรณ์เสื่อมสภาพ อะไหล่เลิกผลิต', 'ถูกรถชนเสาล้ม ต้องติดตั้งใหม่']);
  if (status === 'under_repair') return rng.pick(['ส่งซ่อมเครื่องบันทึกภาพ', 'อยู่ระหว่างเปลี่ยนสายสัญญาณ', 'รอเปลี่ยนแหล่งจ่ายไฟ']);
  return rng.pick(['ภาพไม่ขึ้น ยังไม่มีงบประมาณซ่อมบำรุง', 'ฮาร์ดดิสก์เสีย ไม่บันทึกภาพ', 'ไฟฟ้าไม่เข้าเนื่องจากสายขาด']);
}

// Risk points and routes ------------------------------------------------------------------------------

function buildRiskPoints(rng: Rng, places: Places): RiskPointRow[] {
  const rows: RiskPointRow[] = [];
  const add = (name: string, category: RiskCategory, weight: number, pos: Position, radius: number | null) => {
    rows.push({
      external_id: `demo-${PROVINCE_CODE}-risk-${pad(rows.length + 1, 3)}`,
      name,
      category,
      weight,
      radius_m: radius,
      notes: rng.pick(RISK_NOTES[category]),
      lon: pos[0],
      lat: pos[1],
      created_at: iso(between(rng, utc(2017, 1, 5), utc(2019, 9, 30))),
    });
  };
  for (const t of TOURIST_SITES) {
    const sub = places.sub(t.subdistrict);
    add(t.name, 'tourist_site', t.weight, places.scatter(rng, sub.centre, 150, sub.district), rng.int(6, 10) * 50);
  }
  for (const exit of EXITS) {
    for (const s of exit.subdistricts) {
      const sub = places.sub(s);
      const tpl = rng.pick(RISK_NAMES.escape_route);
      const name = `${fillTemplate(tpl, { sub: sub.name, n: String(rng.int(1, 12)) })} (ทางออกไป จ.${exit.to})`;
      add(name, 'escape_route', rng.int(3, 5), places.scatter(rng, sub.centre, 400, sub.district), rng.chance(0.5) ? rng.int(2, 6) * 50 : null);
    }
  }
  const quota: [Exclude<RiskCategory, 'tourist_site' | 'escape_route'>, number][] = [
    ['robbery', 13], ['crime_hotspot', 12], ['accident_black_spot', 13], ['other', 4],
  ];
  for (const [category, n] of quota) {
    for (let i = 0; i < n; i++) {
      const d = rng.weighted(DISTRICTS.map((x) => [x, x.weight] as const));
      const sub = places.randomSub(rng, d, 3);
      const name = fillTemplate(rng.pick(RISK_NAMES[category]), { sub: sub.name, n: String(rng.int(1, 12)) });
      const weight = category === 'other' ? rng.int(1, 2) : rng.int(2, 5);
      const radius = rng.chance(0.5) ? (category === 'accident_black_spot' ? rng.int(2, 4) * 50 : rng.int(3, 8) * 50) : null;
      add(name, category, weight, places.scatter(rng, sub.centre, 500, sub.district), radius);
    }
  }
  return rows;
}

function buildRiskRoutes(rng: Rng, places: Places): RiskRouteRow[] {
  const rows: RiskRouteRow[] = [];
  ROUTES.forEach(([ci, category], i) => {
    const corridor = places.corridorLines[ci]!;
    // Bend the straight legs a little so the lines look drawn, keeping the ends on the centres.
    const line: Position[] = [];
    corridor.line.forEach((p, k) => {
      if (k > 0) {
        const prev = corridor.line[k - 1]!;
        const mid: Position = [(prev[0] + p[0]) / 2, (prev[1] + p[1]) / 2];
        line.push(offset(mid, rng.gauss() * 150, rng.gauss() * 150));
      }
      line.push(p);
    });
    const total = lineLengthM(line);
    let part: Position[] = line;
    for (let attempt = 0; attempt < 20; attempt++) {
      const want = Math.min(total * 0.98, rng.float(2000, 12000));
      const start = rng.float(0, total - want);
      const cand = substring(line, start, start + want);
      const mid = substring(cand, lineLengthM(cand) / 2, lineLengthM(cand) / 2 + 1)[0];
      part = cand;
      if (mid && places.inProvince(mid)) break;
    }
    const coords = part.map(([x, y]) => [round7(x), round7(y)]);
    const a = places.nearestSub(part[0]!).name;
    const b = places.nearestSub(part[part.length - 1]!).name;
    rows.push({
      external_id: `demo-${PROVINCE_CODE}-route-${pad(i + 1, 2)}`,
      name: `${CATEGORY_TH[category]} ${corridor.name} ช่วง ต.${a}${a === b ? '' : `–ต.${b}`}`,
      category,
      weight: category === 'other' ? 1 : rng.int(2, 5),
      notes: `${rng.pick(RISK_NOTES[category])} (ข้อมูลจากการประชุมร่วมกับตำรวจภูธรจังหวัดอ่างทอง)`,
      geometry: JSON.stringify({ type: 'LineString', coordinates: coords }),
      length_m: Math.round(lineLengthM(part)),
      created_at: iso(between(rng, utc(2017, 1, 5), utc(2019, 9, 30))),
    });
  });
  return rows;
}

// Planned sites ---------------------------------------------------------------------------------------

function buildPlannedSites(
  rng: Rng,
  places: Places,
  risks: RiskPointRow[],
  cameras: CameraRow[],
  stationAt: (p: Position) => string,
): PlannedSiteRow[] {
  type Cand = { name: string; pos: Position; target: Position; category: RiskCategory | 'replacement'; weight: number };
  const cands: Cand[] = [];
  const keyed = risks.map((rp, i) => ({ rp, key: Math.pow(rng.next(), 1 / rp.weight), i }));
  keyed.sort((p, q) => q.key - p.key || p.i - q.i);
  for (const { rp } of keyed.slice(0, 32)) {
    const target: Position = [rp.lon, rp.lat];
    const district = places.districtAt(target) ?? DISTRICTS[0]!.th;
    const ang = rng.float(0, 2 * Math.PI);
    const dist = rng.float(30, 120);
    const cand = offset(target, Math.sin(ang) * dist, Math.cos(ang) * dist);
    const pos = places.districtAt(cand) === district && places.inProvince(cand) ? ([round7(cand[0]), round7(cand[1])] as Position) : target;
    cands.push({ name: rp.name, pos, target, category: rp.category as RiskCategory, weight: rp.weight });
  }
  const gone = cameras.map((c, i) => ({ c, i })).filter(({ c }) => c.status === 'beyond_repair');
  for (const { c } of rng.sample(gone, 8)) {
    cands.push({ name: `${c.place_name} (ทดแทนกล้องเดิม)`, pos: [c.lon, c.lat], target: [c.lon, c.lat], category: 'replacement', weight: 3 });
  }
  const statuses = rng.shuffle([
    ...Array<PlannedSiteRow['status']>(12).fill('not_started'),
    ...Array<PlannedSiteRow['status']>(13).fill('budget_requested'),
    ...Array<PlannedSiteRow['status']>(7).fill('approved'),
    ...Array<PlannedSiteRow['status']>(5).fill('installed'),
    ...Array<PlannedSiteRow['status']>(3).fill('rejected'),
  ]).slice(0, cands.length);
  const scored = cands.map((c, i) => ({ c, i, score: c.weight + rng.float(0, 2) }));
  const order = scored.slice().sort((p, q) => q.score - p.score || p.i - q.i);
  const priority = new Map(order.map((s, k) => [s.i, k + 1]));
  return scored.map(({ c, i }) => {
    const district = places.districtAt(c.pos) ?? DISTRICTS[0]!.th;
    const sub = places.nearestSub(c.pos);
    const kind: PlannedSiteRow['kind'] =
      c.category === 'accident_black_spot' || c.category === 'escape_route' || c.category === 'robbery'
        ? rng.weighted([['fixed', 4], ['ptz', 1]] as const)
        : rng.weighted([['ptz', 2], ['dome', 1], ['fixed', 2]] as const);
    // Mostly a pole or two; some are whole junction or corridor projects with their own fibre.
    const large = rng.chance(0.2);
    const count = large ? rng.int(6, 16) : kind === 'ptz' ? 1 : rng.int(1, 4);
    const unit = kind === 'ptz' ? rng.int(120, 250) * 1000 : kind === 'dome' ? rng.int(25, 60) * 1000 : rng.int(20, 55) * 1000;
    const network = large ? rng.int(300, 900) * 1000 : rng.int(10, 120) * 1000;
    const cost = Math.max(50_000, Math.min(2_000_000, Math.round((count * unit + network) / 1000) * 1000));
    const townLao = AGENCIES.find((a) => a.district === district && a.profile === 'lao_town');
    const agencyKey = c.category === 'escape_route' || c.category === 'robbery' ? 'provincial-police' : townLao?.key ?? 'pao';
    const surveyed = between(rng, utc(2017, 1, 10), utc(2019, 6, 30));
    return {
      external_id: `demo-${PROVINCE_CODE}-site-${pad(i + 1, 2)}`,
      place_name: c.name,
      address: `ต.${sub.name} อ.${district} จ.${PROVINCE_TH} ${districtDef(district).postcode}`,
      lon: c.pos[0],
      lat: c.pos[1],
      status: statuses[i] ?? 'not_started',
      reason: c.category === 'robbery' ? PLANNED_REASONS.robbery[/ATM|ร้านทอง/.test(c.name) ? 1 : 0]! : rng.pick(PLANNED_REASONS[c.category]),
      camera_count: count,
      system: 'ip',
      kind,
      direction_deg: kind === 'ptz' ? null : c.pos[0] === c.target[0] && c.pos[1] === c.target[1] ? rng.int(0, 359) : Math.round(bearingDeg(c.pos, c.target)) % 360,
      fov_deg: kind === 'ptz' ? 360 : kind === 'dome' ? rng.int(80, 110) : rng.int(50, 90),
      range_m: kind === 'ptz' ? rng.int(15, 30) * 10 : rng.int(5, 15) * 10,
      cost_baht: cost,
      budget_source: rng.pick(PLANNED_BUDGET_SOURCES),
      priority: priority.get(i)!,
      agency_external_id: agencyExternalId(agencyKey),
      notes: `สำรวจพื้นที่ร่วมกับ ${stationAt(c.pos)} เมื่อ ${thaiDate(surveyed)}`,
      created_at: iso(surveyed + rng.int(1, 30) * DAY),
    };
  });
}

// Footage requests --------------------------------------------------------------------------------------

function buildFootage(rng: Rng, cameras: CameraRow[], cameraAgency: AgencyDef[], stationAt: (p: Position) => string): FootageRequestRow[] {
  const popularity = (c: CameraRow, a: AgencyDef) =>
    (c.area_type === 'ทางแยก' || c.area_type?.includes('ตลาด') ? 3 : 1) *
    (c.address?.includes('อ.เมืองอ่างทอง') ? 2 : 1) *
    (c.linkage === 'linked' ? 1.5 : 1) *
    (a.type === 'private' ? 1.2 : 1);
  const working = cameras.map((c, i) => ({ c, a: cameraAgency[i]! })).filter(({ c }) => c.status === 'working');
  const workingW = working.map((x) => [x, popularity(x.c, x.a)] as const);
  const privateW = working.filter(({ a }) => a.type === 'private' || a.type === 'state_enterprise').map((x) => [x, 1] as const);
  const brokenW = cameras.map((c, i) => ({ c, a: cameraAgency[i]! })).filter(({ c }) => c.status !== 'working').map((x) => [x, popularity(x.c, x.a)] as const);
  const end = utc(2019, 12, 20);
  const rows: (Omit<FootageRequestRow, 'case_ref'> & { caseKind: string })[] = [];
  for (let i = 0; i < 300; i++) {
    const result = rng.weighted([['provided', 58], ['no_footage', 14], ['camera_broken', 10], ['refused', 6], ['pending', 12]] as const);
    const pick = result === 'camera_broken' ? rng.weighted(brokenW) : result === 'refused' && privateW.length ? rng.weighted(privateW) : rng.weighted(workingW);
    const c = pick.c;
    const from = Math.max(utc(2016, 1, 4), utc(c.year_installed ?? 2015, 3, 1));
    // Requests are filed on a weekday in office hours (08:30–16:30 local).
    const at = result === 'pending' ? between(rng, utc(2019, 10, 1), end) : between(rng, from, end);
    let midnight = Math.floor((at + 7 * HOUR) / DAY) * DAY - 7 * HOUR; // local midnight of that day
    while ([0, 6].includes(new Date(midnight + 7 * HOUR).getUTCDay())) midnight += DAY;
    const requested = midnight + (8.5 + rng.float(0, 8)) * HOUR;
    const overwritten = result === 'no_footage' && rng.chance(0.6);
    const incident = overwritten
      ? requested - ((c.retention_days ?? 7) + rng.int(1, 10)) * DAY - rng.float(0, DAY)
      : requested - rng.float(0.05, 6) * DAY;
    const answered =
      result === 'pending' ? null : requested + (result === 'camera_broken' ? rng.float(0.1, 3) : result === 'refused' ? rng.float(1, 10) : rng.float(0.1, 5)) * DAY;
    const incidentType = rng.weighted(INCIDENTS);
    const requester = rng.chance(0.82) ? stationAt([c.lon, c.lat]) : rng.pick(OTHER_REQUESTERS);
    const detail = {
      provided: rng.pick([
        'ได้รับภาพแล้ว ใช้ประกอบสำนวนคดี',
        'ได้รับภาพแล้ว ภาพไม่ชัดในเวลากลางคืน',
        incidentType === 'อุบัติเหตุจราจร' ? 'ภาพช่วยพิสูจน์ฝ่ายที่ประมาทได้' : incidentType === 'ติดตามบุคคลสูญหาย' ? 'พบภาพบุคคลสูญหายเดินผ่านจุดติดตั้ง' : 'ภาพช่วยระบุยานพาหนะของคนร้ายได้',
      ]),
      no_footage: overwritten ? `ภาพถูกบันทึกทับแล้ว (เก็บได้ ${c.retention_days ?? 7} วัน)` : 'ไม่พบเหตุการณ์ในมุมกล้อง',
      camera_broken: 'กล้องชำรุด ไม่มีการบันทึกภาพในวันเกิดเหตุ',
      refused: 'เจ้าของกล้องไม่อนุญาต ขอให้มีหนังสือจากผู้บังคับบัญชา',
      pending: 'อยู่ระหว่างรวบรวมและคัดลอกภาพ',
    }[result];
    rows.push({
      external_id: '',
      camera_external_id: c.external_id,
      requested_at: iso(requested),
      incident_at: iso(incident),
      requester_unit: requester,
      result,
      answered_at: answered === null ? null : iso(answered),
      notes: `${incidentType}: ${detail}`,
      caseKind: incidentType === 'อุบัติเหตุจราจร' ? 'คดีจราจรที่' : 'คดีอาญาที่',
    });
  }
  rows.sort((p, q) => (p.requested_at < q.requested_at ? -1 : p.requested_at > q.requested_at ? 1 : 0));
  // Case numbers run per unit and Buddhist year, in date order.
  const caseNo = new Map<string, number>();
  return rows.map(({ caseKind, ...row }, i) => {
    const be = toBE(new Date(Date.parse(row.requested_at) + 7 * 3_600_000).getUTCFullYear());
    const key = `${row.requester_unit}|${caseKind}|${be}`;
    const no = (caseNo.get(key) ?? rng.int(5, 40)) + rng.int(1, 12);
    caseNo.set(key, no);
    return { ...row, external_id: `demo-${PROVINCE_CODE}-req-${pad(i + 1, 4)}`, case_ref: `${caseKind} ${no}/${be}` };
  });
}

// DLA maintenance survey --------------------------------------------------------------------------------

function buildLaoRows(cameras: CameraRow[], cameraAgency: AgencyDef[]): LaoRow[] {
  const groups = new Map<string, LaoRow & { notWorking: number; order: number }>();
  cameras.forEach((c, i) => {
    const a = cameraAgency[i]!;
    if (a.type !== 'local_administration') return;
    const lao = a.short ?? a.name;
    const source = c.budget_source ?? lao;
    const key = `${a.district}|${lao}|${source}`;
    let g = groups.get(key);
    if (!g) {
      const dOrder = DISTRICTS.findIndex((d) => d.th === a.district);
      const aOrder = AGENCIES.indexOf(a);
      g = { survey_year: 2019, district_name: a.district, lao_name: lao, budget_source: source, total: 0, working: 0, under_repair: 0, beyond_repair: 0, remark: null, notWorking: 0, order: dOrder * 1000 + aOrder };
      groups.set(key, g);
    }
    g.total++;
    if (c.status === 'working') g.working++;
    else if (c.status === 'beyond_repair') g.beyond_repair++;
    else {
      // The DLA form has no "not working" column: those wait for repair.
      g.under_repair++;
      if (c.status === 'not_working') g.notWorking++;
    }
  });
  return [...groups.values()]
    .sort((p, q) => p.order - q.order || (p.budget_source < q.budget_source ? -1 : p.budget_source > q.budget_source ? 1 : 0))
    .map(({ notWorking, order: _order, ...row }) => ({
      ...row,
      remark: notWorking > 0 ? `ใช้งานไม่ได้รอตรวจซ่อม ${notWorking} ตัว (นับรวมในช่องอยู่ระหว่างซ่อม)` : null,
    }));
}

/** Counts for app_meta and the log line. */
export function planCounts(plan: DemoPlan): Record<string, number> {
  const by = (s: CameraStatus) => plan.cameras.filter((c) => c.status === s).length;
  const owners = new Set(plan.cameras.map((c) => c.agency_external_id));
  return {
    agencies: plan.agencies.length,
    agencies_with_cameras: owners.size,
    police_stations: plan.stations.length,
    cameras: plan.cameras.length,
    working: by('working'),
    not_working: by('not_working'),
    under_repair: by('under_repair'),
    beyond_repair: by('beyond_repair'),
    risk_points: plan.riskPoints.length,
    risk_routes: plan.riskRoutes.length,
    planned_sites: plan.plannedSites.length,
    footage_requests: plan.footageRequests.length,
    problems: plan.problems.length,
    lao_maintenance_rows: plan.laoRows.length,
  };
}
