/**
 * Synthetic cameras for scale tests and benchmarks: N points scattered (~1 km) around weighted
 * anchors (the seeder uses a point inside every subdistrict of Thailand). Pure: same arguments →
 * deep-equal rows; the first k rows of a run with count n >= k equal a run with count k.
 */
import { jitter, round7 } from './geo.js';
import { Rng, WeightedIndex } from './random.js';
import { CAMERA_COLUMNS, type CameraRow, type CameraStatus } from './rows.js';

export type { CameraRow } from './rows.js';
export { CAMERA_COLUMNS };

export interface Anchor {
  lon: number;
  lat: number;
  weight: number;
}

export const SYNTHETIC_PREFIX = 'synth';
export const syntheticExternalId = (seed: number, i: number) => `${SYNTHETIC_PREFIX}-${seed}-${i + 1}`;

const PLACES = [
  ['สี่แยก', 'ทางแยก'],
  ['สามแยก', 'ทางแยก'],
  ['หน้าตลาด', 'ตลาด/ย่านการค้า'],
  ['หน้าโรงเรียน', 'สถานศึกษา'],
  ['หน้าวัด', 'ศาสนสถาน'],
  ['ทางเข้าหมู่บ้าน', 'ชุมชน/หมู่บ้าน'],
  ['ป้ายรถโดยสาร', 'ถนนสายหลัก'],
  ['สะพาน', 'สะพาน'],
  ['หน้าร้านสะดวกซื้อ', 'ย่านการค้า'],
  ['หน้าธนาคาร', 'ย่านการค้า'],
] as const;
const BRANDS = [
  ['Hikvision', 5],
  ['Dahua', 4],
  ['Uniview', 1],
  ['Watashi', 1.5],
  ['Hi-view', 1],
  ['Samsung', 0.7],
  ['Bosch', 0.4],
  ['Axis', 0.3],
] as const;
const STATUSES: readonly (readonly [CameraStatus, number])[] = [
  ['working', 85],
  ['not_working', 6],
  ['under_repair', 5],
  ['beyond_repair', 4],
];
const PURPOSE_SETS: readonly (readonly [readonly string[], number])[] = [
  [['deterrence', 'investigation'], 5],
  [['deterrence', 'investigation', 'traffic'], 3],
  [['traffic'], 1],
  [['deterrence'], 2],
];

/**
 * N synthetic cameras scattered around the anchors (picked by weight, normal jitter with σ = 1 km by
 * default), ~85 % working. Marked is_demo; external ids `synth-<seed>-<n>`.
 */
export function generateSyntheticCameras(
  count: number,
  seed: number,
  anchors: readonly Anchor[],
  opts: { jitterM?: number } = {},
): CameraRow[] {
  return Array.from(syntheticCameras(count, seed, anchors, opts));
}

/** The same rows one at a time (the seeder inserts them in batches without holding them all). */
export function* syntheticCameras(
  count: number,
  seed: number,
  anchors: readonly Anchor[],
  opts: { jitterM?: number } = {},
): Generator<CameraRow> {
  if (!Number.isInteger(count) || count < 0) throw new Error('count must be a non-negative integer');
  if (anchors.length === 0) throw new Error('at least one anchor is needed');
  const sigma = opts.jitterM ?? 1000;
  const index = new WeightedIndex(anchors.map((a) => a.weight));
  const rng = new Rng(seed);
  for (let i = 0; i < count; i++) {
    const ai = index.pick(rng);
    const anchor = anchors[ai]!;
    const [lon, lat] = jitter(rng, [anchor.lon, anchor.lat], sigma);
    const [place, areaType] = rng.pick(PLACES);
    const year = rng.int(2008, 2023);
    const ip = rng.chance(year >= 2016 ? 0.75 : 0.35);
    const kind = rng.weighted([['fixed', 7], ['dome', 2], ['ptz', 1]] as const);
    const status = rng.weighted(STATUSES);
    const linked = rng.chance(0.35);
    const brand = rng.weighted(BRANDS);
    yield {
      external_id: syntheticExternalId(seed, i),
      place_name: `${place} (จุดสังเคราะห์ ${i + 1})`,
      lon: round7(lon),
      lat: round7(lat),
      agency_external_id: null,
      contact_name: null,
      phone: null,
      address: null,
      year_installed: year,
      project: null,
      recorder_model: `${brand} ${ip ? 'NVR' : 'DVR'}`,
      camera_brand: brand,
      system: ip ? 'ip' : 'analog',
      kind,
      connection: linked ? rng.weighted([['wired', 5], ['wireless', 3], ['mobile', 1]] as const) : rng.weighted([['wired', 3], ['none', 1]] as const),
      stream_url: null,
      area_type: areaType,
      other_details: null,
      purposes: [...rng.weighted(PURPOSE_SETS)],
      linkage: linked ? 'linked' : 'not_linked',
      control_centre: null,
      network_type: null,
      network_provider: null,
      linked_agencies: null,
      linked_network: null,
      link_requirements: null,
      link_budget_baht: null,
      link_responsible_agency: null,
      retention_days: rng.int(7, 30),
      storage_process: null,
      disclosure_rules: null,
      footage_service_frequency: null,
      footage_request_procedure: null,
      recorded_resolution: ip ? rng.pick(['1080p', '4MP']) : rng.pick(['960H', '720p', '1080p']),
      max_resolution: null,
      fps: rng.pick([12, 15, 25, 30]),
      file_format: null,
      status,
      repair_budget_baht: status === 'working' ? null : rng.int(6, 160) * 500,
      repair_agency: null,
      budget_source: null,
      direction_deg: kind === 'ptz' ? null : rng.int(0, 359),
      fov_deg: kind === 'ptz' ? 360 : rng.int(55, 110),
      range_m: kind === 'ptz' ? rng.int(10, 25) * 10 : rng.int(25, 120),
      is_demo: true,
      created_at: null,
      anchor: ai,
    };
  }
}
