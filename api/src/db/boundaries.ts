import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { ROOT_DIR } from '../config.js';

export const BOUNDARIES_DIR = path.join(ROOT_DIR, 'data', 'thailand');

export interface BoundaryLoadReport {
  provinces: number;
  districts: number;
  subdistricts: number;
  /** Polygons that PostGIS found invalid and ST_MakeValid repaired, per level. */
  repaired: { provinces: number; districts: number; subdistricts: number };
  unmatched: string[];
  /** Areas whose source polygon has no area at all (collapsed by simplification): kept, empty. */
  collapsed: { districts: number; subdistricts: number };
  /** District Thai names restored from the subdistrict file (truncated in the source). */
  restoredNames: number;
}

// Valid, polygonal, multi: ST_MakeValid may return a collection with stray lines; keep the areas.
const REPAIR = `ST_Multi(ST_CollectionExtract(ST_MakeValid(g), 3))`;

function readFeatures(file: string): { properties: Record<string, unknown>; geometry: unknown }[] {
  const fc = JSON.parse(fs.readFileSync(file, 'utf8')) as { features: { properties: Record<string, unknown>; geometry: unknown }[] };
  return fc.features;
}

/**
 * Loads provinces, districts and subdistricts from GeoJSON (data/thailand), repairing invalid
 * polygons, then rebuilds the subdivided lookup table. Runs in the caller's transaction.
 */
export async function loadBoundaries(trx: Knex.Transaction, dir = BOUNDARIES_DIR): Promise<BoundaryLoadReport> {
  const provinces = readFeatures(path.join(dir, 'provinces.geojson')).map((f) => ({
    code: f.properties.pro_code,
    name_th: f.properties.pro_th,
    name_en: f.properties.pro_en,
    region: f.properties.reg_royin,
    area_sqkm: f.properties.area_sqkm,
    geometry: f.geometry,
  }));
  const pRes = await trx.raw(
    `with src as (
       select r->>'code' code, r->>'name_th' name_th, r->>'name_en' name_en, r->>'region' region,
              (r->>'area_sqkm')::float8 area_sqkm, ST_SetSRID(ST_GeomFromGeoJSON(r->>'geometry'), 4326) g
         from json_array_elements(?::json) r)
     , ins as (insert into provinces (code, name_th, name_en, region, area_sqkm, geom)
       select code, name_th, name_en, region, area_sqkm, ${REPAIR} from src returning 1)
     select (select count(*) from ins) n, (select count(*) from src where not ST_IsValid(g)) repaired`,
    [JSON.stringify(provinces)],
  );

  const subdistrictFeatures = readFeatures(path.join(dir, 'subdistricts.geojson'));
  // Some district files truncate long Thai names (เมืองนครศรีธรรมร); the subdistrict file spells them
  // out. Restore the full name where one is a prefix of the other within the same province.
  const fullDistrictName = new Map<string, string>();
  for (const f of subdistrictFeatures) {
    fullDistrictName.set(`${f.properties.ADM1_TH}|${f.properties.ADM2_EN}`, String(f.properties.ADM2_TH));
  }
  let restoredNames = 0;
  // Districts carry no codes: match their province by Thai name (English spellings differ).
  const districts = readFeatures(path.join(dir, 'districts.geojson')).map((f) => {
    let nameTh = String(f.properties.ADM2_TH);
    const full = fullDistrictName.get(`${f.properties.ADM1_TH}|${f.properties.ADM2_EN}`);
    if (full && full !== nameTh && full.startsWith(nameTh)) {
      nameTh = full;
      restoredNames++;
    }
    return { province_th: f.properties.ADM1_TH, name_th: nameTh, name_en: f.properties.ADM2_EN, geometry: f.geometry };
  });
  const dRes = await trx.raw(
    `with src as (
       select r->>'province_th' province_th, r->>'name_th' name_th, r->>'name_en' name_en,
              ST_SetSRID(ST_GeomFromGeoJSON(r->>'geometry'), 4326) g
         from json_array_elements(?::json) r)
     , ins as (insert into districts (province_code, name_th, name_en, geom)
       select p.code, s.name_th, s.name_en, ${REPAIR.replace('g)', 's.g)')} from src s join provinces p on p.name_th = s.province_th
       returning 1)
     select (select count(*) from ins) n, (select count(*) from src where not ST_IsValid(g)) repaired,
            (select coalesce(json_agg(distinct province_th), '[]') from src where province_th not in (select name_th from provinces)) unmatched`,
    [JSON.stringify(districts)],
  );

  const subdistricts = subdistrictFeatures.map((f) => ({
    province_th: f.properties.ADM1_TH,
    district_th: f.properties.ADM2_TH,
    name_th: f.properties.ADM3_TH,
    name_en: f.properties.ADM3_EN,
    geometry: f.geometry,
  }));
  const sRes = await trx.raw(
    `with src as (
       select r->>'province_th' province_th, r->>'district_th' district_th, r->>'name_th' name_th,
              r->>'name_en' name_en, ST_SetSRID(ST_GeomFromGeoJSON(r->>'geometry'), 4326) g
         from json_array_elements(?::json) r)
     , ins as (insert into subdistricts (province_code, district_id, name_th, name_en, geom)
       select p.code, d.id, s.name_th, s.name_en, ${REPAIR.replace('g)', 's.g)')}
         from src s join provinces p on p.name_th = s.province_th
         join districts d on d.province_code = p.code and d.name_th = s.district_th
       returning 1)
     select (select count(*) from ins) n, (select count(*) from src where not ST_IsValid(g)) repaired,
            (select count(*) from src) total`,
    [JSON.stringify(subdistricts)],
  );
  await rebuildAreaParts(trx);
  const [collapsed] = (
    await trx.raw(`select (select count(*) from districts where ST_IsEmpty(geom)) districts,
                          (select count(*) from subdistricts where ST_IsEmpty(geom)) subdistricts`)
  ).rows;

  const p = pRes.rows[0];
  const d = dRes.rows[0];
  const s = sRes.rows[0];
  const unmatched: string[] = [...(d.unmatched as string[])];
  if (s.n !== s.total) unmatched.push(`${s.total - s.n} subdistricts without a matching district`);
  return {
    provinces: p.n,
    districts: d.n,
    subdistricts: s.n,
    repaired: { provinces: p.repaired, districts: d.repaired, subdistricts: s.repaired },
    unmatched,
    restoredNames,
    collapsed,
  };
}

/** Subdivides the area polygons into small pieces for fast point-in-polygon lookups. */
export async function rebuildAreaParts(trx: Knex | Knex.Transaction): Promise<void> {
  await trx.raw('delete from area_parts');
  await trx.raw(`
    insert into area_parts (level, area_key, geom)
    select 'province', code, (ST_Dump(ST_Subdivide(geom, 128))).geom from provinces
    union all
    select 'district', id::text, (ST_Dump(ST_Subdivide(geom, 128))).geom from districts
    union all
    select 'subdistrict', id::text, (ST_Dump(ST_Subdivide(geom, 128))).geom from subdistricts`);
  await trx.raw('analyze area_parts');
}
