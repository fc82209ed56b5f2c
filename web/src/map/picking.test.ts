import { describe, expect, it } from 'vitest';
import type { CameraArrays } from '../api/map';
import { translate } from '../i18n';
import type { EnumLabels, RouteWithCoverage } from './map-api';
import { selectionFromPick, tooltipContent, type TooltipContext } from './picking';

const cams: CameraArrays = {
  count: 2,
  ids: new Float64Array([41, 42]),
  lon: new Float64Array([100.4, 100.5]),
  lat: new Float64Array([14.5, 14.6]),
  direction: new Float32Array([90, NaN]),
  range: new Float32Array([38, NaN]),
  fov: new Float32Array([60, NaN]),
  status: new Uint8Array([0, 2]),
  owner: new Uint8Array([3, 255]),
  linkage: new Uint8Array([0, 255]),
  kind: new Uint8Array([0, 1]),
};

const enums: EnumLabels = { CameraStatus: { working: { th: 'ใช้งานได้ปกติ', en: 'Working normally' }, under_repair: { th: 'ชำรุด อยู่ระหว่างซ่อม', en: 'Damaged – under repair' } }, RiskCategory: { robbery: { th: 'จุดเสี่ยงการปล้น/ชิงทรัพย์', en: 'Robbery' } } };

const ctx = (lang: 'th' | 'en' = 'th', withEnums = true): TooltipContext => ({
  t: (k, p) => translate(lang, k, p),
  lang,
  num: (n) => new Intl.NumberFormat('en-US').format(n),
  enums: withEnums ? enums : null,
  cameras: cams,
  routes: null,
});

describe('selectionFromPick', () => {
  it('maps each pickable layer to its kind and id', () => {
    expect(selectionFromPick({ layerId: 'cameras', index: 1, object: undefined }, cams)).toEqual({ kind: 'camera', id: 42 });
    expect(selectionFromPick({ layerId: 'views', index: 0, object: { properties: { camera_id: 41 } } }, cams)).toEqual({ kind: 'camera', id: 41 });
    expect(selectionFromPick({ layerId: 'sites', index: 0, object: { id: 5 } }, cams)).toEqual({ kind: 'site', id: 5 });
    expect(selectionFromPick({ layerId: 'riskPoints', index: 0, object: { id: 6 } }, cams)).toEqual({ kind: 'riskPoint', id: 6 });
    expect(selectionFromPick({ layerId: 'riskPoints-buffers', index: 0, object: { id: 6 } }, cams)).toEqual({ kind: 'riskPoint', id: 6 });
    expect(selectionFromPick({ layerId: 'riskRoutes', index: 0, object: { id: 7 } }, cams)).toEqual({ kind: 'riskRoute', id: 7 });
    expect(selectionFromPick({ layerId: 'riskRoutes-gaps', index: 0, object: { routeId: 7 } }, cams)).toEqual({ kind: 'riskRoute', id: 7 });
  });

  it('selects nothing on empty map, on areas, on overlays and on a stale camera index', () => {
    expect(selectionFromPick(null, cams)).toBeNull();
    expect(selectionFromPick({ layerId: 'density', index: 0, object: { id: 1 } }, cams)).toBeNull();
    expect(selectionFromPick({ layerId: 'planning-candidates', index: 0, object: { id: 1 } }, cams)).toBeNull();
    expect(selectionFromPick({ layerId: 'cameras', index: 2, object: undefined }, cams)).toBeNull();
    expect(selectionFromPick({ layerId: 'cameras', index: 0, object: undefined }, null)).toBeNull();
  });
});

describe('tooltipContent', () => {
  it('describes a camera from its binary columns, in Thai with the API labels', () => {
    const tip = tooltipContent({ layerId: 'cameras', index: 0, object: undefined }, ctx())!;
    expect(tip.title).toBe('กล้อง #41');
    expect(tip.lines).toContain('สถานะ: ใช้งานได้ปกติ');
    expect(tip.lines).toContain('หน่วยงานเจ้าของ: เอกชน');
    expect(tip.lines.join('\n')).toMatch(/ทิศทาง 90°/);
    expect(tip.selectable).toBe(true);
    const named = tooltipContent({ layerId: 'cameras', index: 0, object: undefined }, { ...ctx(), placeOf: (id) => (id === 41 ? 'หน้าตลาด' : undefined) })!;
    expect(named.lines[0]).toBe('หน้าตลาด');
  });

  it('says "not given" for unknown codes and leaves out unknown view figures', () => {
    const tip = tooltipContent({ layerId: 'cameras', index: 1, object: undefined }, ctx('en', false))!;
    expect(tip.title).toBe('Camera #42');
    expect(tip.lines).toContain('Status: Damaged – under repair');
    expect(tip.lines).toContain('Owner: No agency given');
    expect(tip.lines).toContain('Linkage: Not given');
    expect(tip.lines.join('\n')).not.toMatch(/NaN/);
  });

  it('gives a risk point its category, coverage state and percentage', () => {
    const tip = tooltipContent(
      { layerId: 'riskPoints', index: 0, object: { id: 1, name: 'ตลาด', category: 'robbery', covered: false, coveredFraction: 0.256, radiusM: 50 } },
      ctx(),
    )!;
    expect(tip.title).toBe('จุดเสี่ยง: ตลาด');
    expect(tip.lines).toEqual(['จุดเสี่ยงการปล้น/ชิงทรัพย์', 'ไม่มีกล้องครอบคลุม', 'ครอบคลุม 25.6%']);
  });

  it("names a gap's route from the loaded routes", () => {
    const route = { id: 7, name: 'ถนนเลียบแม่น้ำ', category: 'robbery', coveredFraction: 0.4, longestGapM: 600 } as RouteWithCoverage;
    const tip = tooltipContent({ layerId: 'riskRoutes-gaps', index: 0, object: { routeId: 7, lengthM: 600 } }, { ...ctx(), routes: [route] })!;
    expect(tip.title).toBe('เส้นทางเสี่ยง: ถนนเลียบแม่น้ำ');
    expect(tip.lines[0]).toBe('ช่วงที่ไม่มีกล้องมองเห็น: 600 ม.');
    expect(tip.lines).toContain('ช่วงที่ไม่มีกล้องยาวที่สุด 600 ม.');
    expect(tooltipContent({ layerId: 'riskRoutes-gaps', index: 0, object: { routeId: 8, lengthM: 1 } }, { ...ctx(), routes: [route] })).toBeNull();
  });

  it('gives a density area its counts and is not selectable', () => {
    const tip = tooltipContent(
      {
        layerId: 'density',
        index: 0,
        object: { properties: { name_th: 'สภ.เมืองอ่างทอง', name_en: 'Mueang', camerasTotal: 120, camerasPerKm2: 1.234, riskPointsTotal: 10, riskPointsCovered: 4, footageRequests: 33 } },
      },
      ctx(),
    )!;
    expect(tip.title).toBe('สภ.เมืองอ่างทอง');
    expect(tip.lines[0]).toBe('กล้อง 120 ตัว');
    expect(tip.lines).toContain('กล้อง 1.23 ตัวต่อ ตร.กม.');
    expect(tip.lines.join('\n')).toMatch(/40%/);
    expect(tip.lines.join('\n')).toMatch(/33/);
    expect(tip.selectable).toBe(false);
  });

  it('says nothing for layers it does not know', () => {
    expect(tooltipContent({ layerId: 'boundaries', index: 0, object: {} }, ctx())).toBeNull();
    expect(tooltipContent(null, ctx())).toBeNull();
  });
});
