import { describe, expect, it } from 'vitest';
import { CameraPurpose } from '../../domain/enums.js';
import {
  cameraConnection,
  cameraKind,
  cameraPurpose,
  cameraStatus,
  cameraSystem,
  linkage,
  parseCameraType,
  parseFlag,
  parsePurposes,
  riskCategory,
  siteStatus,
  type EnumNormaliser,
} from './enums.js';

const table = (n: EnumNormaliser<string>, rows: [unknown, string][]) =>
  it.each(rows)(`${n.name}: %j -> %s`, (input, expected) => {
    expect(n.parse(input as string)).toEqual({ ok: true, value: expected });
  });

describe('labels of domain/enums.ts are accepted as they are', () => {
  for (const n of [cameraStatus, cameraKind, cameraSystem, cameraConnection, linkage, siteStatus, riskCategory, cameraPurpose] as EnumNormaliser<string>[]) {
    it(n.name, () => {
      for (const v of n.values) {
        expect(n.parse(v)).toEqual({ ok: true, value: v });
        expect(n.parse(n.labels[v]!.th)).toEqual({ ok: true, value: v });
        expect(n.parse(n.labels[v]!.en.toUpperCase())).toEqual({ ok: true, value: v });
      }
    });
  }
});

describe('variants', () => {
  table(cameraStatus, [
    ['ใช้งานได้', 'working'],
    ['ใช้งานได้ปกติ', 'working'],
    ['ใช้งานได้ ปกติ', 'working'],
    ['ปกติ', 'working'],
    ['working', 'working'],
    ['OK', 'working'],
    ['Working normally', 'working'],
    ['ใช้งานไม่ได้', 'not_working'],
    ['ใช้การไม่ได้', 'not_working'],
    ['เสีย', 'not_working'],
    ['ชำรุด', 'not_working'],
    ['broken', 'not_working'],
    ['กล้องเสีย', 'not_working'], // "กล้อง" (camera) in front is noise
    ['ชำรุด อยู่ระหว่างซ่อม', 'under_repair'],
    ['ชำรุด-อยู่ระหว่างซ่อม', 'under_repair'],
    ['ชำรุด/อยู่ระหว่างซ่อม', 'under_repair'],
    ['อยู่ระหว่างซ่อม', 'under_repair'],
    ['รอซ่อม', 'under_repair'],
    ['Under repair', 'under_repair'],
    ['ชำรุด ไม่สามารถซ่อมได้', 'beyond_repair'],
    ['ซ่อมไม่ได้', 'beyond_repair'],
    ['beyond repair', 'beyond_repair'],
    ['\u200Bใช้งาน\u00A0ได้ ', 'working'],
  ]);
  table(cameraKind, [
    ['fixed', 'fixed'],
    ['Fixed', 'fixed'],
    ['แบบมุมคงที่', 'fixed'],
    ['bullet', 'fixed'],
    ['โดม', 'dome'],
    ['กล้องโดม', 'dome'],
    ['dome', 'dome'],
    ['PTZ', 'ptz'],
    ['หมุนได้', 'ptz'],
    ['แบบหมุนได้ (PTZ)', 'ptz'],
    ['panning', 'ptz'], // OSM camera:type
    ['Speed Dome', 'ptz'],
  ]);
  table(cameraSystem, [
    ['analog', 'analog'],
    ['Analogue', 'analog'],
    ['อนาล็อก', 'analog'],
    ['อะนาล็อก', 'analog'],
    ['AHD', 'analog'],
    ['IP', 'ip'],
    ['ไอพี', 'ip'],
    ['IP Camera', 'ip'],
    ['ระบบ IP', 'ip'],
    ['digital', 'ip'],
    ['อื่นๆ', 'other'],
  ]);
  table(cameraConnection, [
    ['สาย', 'wired'],
    ['มีสาย', 'wired'],
    ['สายสัญญาณ', 'wired'],
    ['Fiber optic', 'wired'],
    ['LAN', 'wired'],
    ['ไร้สาย', 'wireless'],
    ['wireless', 'wireless'],
    ['Wi-Fi', 'wireless'],
    ['4G', 'mobile'],
    ['3G/4G', 'mobile'],
    ['ซิมการ์ด', 'mobile'],
    ['เครือข่ายโทรศัพท์เคลื่อนที่', 'mobile'],
    ['ไม่มี', 'none'],
  ]);
  table(linkage, [
    ['เชื่อมต่อได้', 'linked'],
    ['เชื่อมต่อ', 'linked'],
    ['yes', 'linked'],
    ['Y', 'linked'],
    ['✓', 'linked'],
    ['✔', 'linked'],
    ['1', 'linked'],
    [1, 'linked'],
    [true, 'linked'],
    ['ได้', 'linked'],
    ['เชื่อมต่อไม่ได้', 'not_linked'],
    ['ไม่ได้เชื่อมต่อ', 'not_linked'],
    ['ไม่ได้', 'not_linked'],
    ['no', 'not_linked'],
    ['✗', 'not_linked'],
    [0, 'not_linked'],
    [false, 'not_linked'],
  ]);
  table(siteStatus, [
    ['อยู่ระหว่างของบประมาณ', 'budget_requested'],
    ['ของบประมาณ', 'budget_requested'],
    ['ยังไม่ได้ดำเนินการ', 'not_started'],
    ['ยังไม่ดำเนินการ', 'not_started'],
    ['อนุมัติแล้ว', 'approved'],
    ['ได้รับงบประมาณแล้ว', 'approved'],
    ['ติดตั้งแล้ว', 'installed'],
    ['ไม่อนุมัติ', 'rejected'],
  ]);
  table(riskCategory, [
    ['เส้นทางโจร', 'robbery'],
    ['ชิงทรัพย์', 'robbery'],
    ['จุดเสี่ยงการปล้น/ชิงทรัพย์', 'robbery'],
    ['เส้นทางหลบหนี', 'escape_route'],
    ['หลบหนี', 'escape_route'],
    ['เส้นทางอันตราย', 'accident_black_spot'],
    ['อุบัติเหตุ', 'accident_black_spot'],
    ['black spot', 'accident_black_spot'],
    ['ยาเสพติด', 'crime_hotspot'],
    ['แหล่งท่องเที่ยว', 'tourist_site'],
    ['อื่น ๆ', 'other'],
  ]);
});

describe('unknown words', () => {
  it('lists the accepted values and suggests a close one (edit distance)', () => {
    expect(cameraStatus.parse('under repiar')).toEqual({
      ok: false,
      message:
        'unknown camera status "under repiar"; accepted: working (ใช้งานได้ปกติ / Working normally), not_working (ใช้งานไม่ได้ / Not working), ' +
        'under_repair (ชำรุด อยู่ระหว่างซ่อม / Damaged – under repair), beyond_repair (ชำรุด ไม่สามารถซ่อมได้ / Damaged – cannot be repaired)',
      suggestion: 'under_repair (ชำรุด อยู่ระหว่างซ่อม)',
    });
  });

  it.each([
    { n: cameraStatus, input: 'ใช้งานได้ดี', suggestion: 'working (ใช้งานได้ปกติ)' }, // containment
    { n: cameraStatus, input: 'ชำรุดอยู่ระหว่างซ่อมแซม', suggestion: 'under_repair (ชำรุด อยู่ระหว่างซ่อม)' },
    { n: cameraKind, input: 'doom', suggestion: 'dome (แบบโดม (Dome))' },
    { n: siteStatus, input: 'approve', suggestion: 'approved (ได้รับอนุมัติ)' },
    { n: riskCategory, input: 'เส้นทางหลบหนีของคนร้าย', suggestion: 'escape_route (เส้นทางหลบหนี)' },
    { n: cameraConnection, input: 'wirless', suggestion: 'wireless (ไร้สาย)' },
  ] as { n: EnumNormaliser<string>; input: string; suggestion: string }[])('$input suggests $suggestion', ({ n, input, suggestion }) => {
    const r = n.parse(input);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.suggestion).toBe(suggestion);
  });

  it('gives no suggestion when nothing is close', () => {
    const r = cameraKind.parse('zzz');
    expect(r).toEqual({ ok: false, message: `unknown camera kind "zzz"; accepted: ${cameraKind.accepted()}` });
  });

  it('refuses booleans and dates where they mean nothing', () => {
    expect(cameraStatus.parse(true as never)).toEqual({ ok: false, message: 'expected a camera status, got true', suggestion: cameraStatus.accepted() });
  });

  it.each([null, '', '-', 'ไม่ระบุ'])('%j is empty', (input) => {
    expect(cameraStatus.parse(input)).toEqual({ ok: true, value: null });
  });
});

describe('parsePurposes', () => {
  it.each([
    ['ป้องปราม, สืบสวน, จราจร', ['deterrence', 'investigation', 'traffic']],
    ['deterrence;traffic', ['deterrence', 'traffic']],
    ['traffic; deterrence', ['deterrence', 'traffic']], // enum order
    ['ป้องปรามและเฝ้าระวัง', ['deterrence']],
    ['Deterrence and surveillance', ['deterrence']],
    ['สืบสวน สอบสวน ติดตามผู้กระทำความผิด', ['investigation']],
    ['ป้องปรามและเฝ้าระวัง, สืบสวน สอบสวน ติดตามผู้กระทำความผิด', ['deterrence', 'investigation']],
    ['ป้องปราม/เฝ้าระวัง', ['deterrence']],
    ['ป้องปราม และ จราจร', ['deterrence', 'traffic']],
    ['ป้องปราม สืบสวน', ['deterrence', 'investigation']],
    ['ป้องปราม\nจราจร', ['deterrence', 'traffic']],
    ['การจราจร', ['traffic']],
    ['ทั้งหมด', ['deterrence', 'investigation', 'traffic']],
    ['ANPR', ['traffic']],
    ['ป้องปราม/สืบสวน, จราจร', ['deterrence', 'investigation', 'traffic']],
    // What the exporter writes with values: 'en' / 'th' (labels joined with ", ").
    [CameraPurpose.values.map((v) => CameraPurpose.labels[v].en).join(', '), ['deterrence', 'investigation', 'traffic']],
    [CameraPurpose.values.map((v) => CameraPurpose.labels[v].th).join(', '), ['deterrence', 'investigation', 'traffic']],
    ['Investigation / tracking offenders', ['investigation']],
  ])('%j -> %j', (input, expected) => {
    expect(parsePurposes(input)).toEqual({ ok: true, value: expected });
  });

  it('reports unknown pieces with the whole corrected set as suggestion', () => {
    expect(parsePurposes('ป้องปราม, จาราจร')).toEqual({
      ok: false,
      message: `unknown purpose "จาราจร"; accepted: ${cameraPurpose.accepted()}`,
      suggestion: 'deterrence, traffic',
    });
    expect(parsePurposes('ป้องปราม, ขายของ')).toEqual({ ok: false, message: `unknown purpose "ขายของ"; accepted: ${cameraPurpose.accepted()}` });
  });

  it('empty is null', () => {
    expect(parsePurposes(' - ')).toEqual({ ok: true, value: null });
  });

  it('every result fits the domain enum', () => {
    const r = parsePurposes('ป้องปราม, สืบสวน, จราจร');
    expect(r.ok && r.value!.every((p) => CameraPurpose.values.includes(p))).toBe(true);
  });
});

describe('parseFlag (tick-box columns)', () => {
  it.each([
    ['✓', true], ['✔', true], ['x', true], ['X', true], ['/', true], ['1', true], [1, true], ['yes', true], ['มี', true], [true, true],
    ['✗', false], ['0', false], [0, false], ['no', false], ['ไม่มี', false], [false, false],
  ])('%j -> %j', (input, expected) => {
    expect(parseFlag(input)).toEqual({ ok: true, value: expected });
  });
  it('empty is null, text is refused', () => {
    expect(parseFlag('')).toEqual({ ok: true, value: null });
    expect(parseFlag('บางครั้ง')).toEqual({ ok: false, message: '"บางครั้ง" is not a yes/no tick', suggestion: 'use ✓ or 1 for yes, leave empty or 0 for no' });
  });
});

describe('parseCameraType (ระบบ/ประเภทกล้อง)', () => {
  it.each([
    ['IP / Dome', { system: 'ip', kind: 'dome' }],
    ['อนาล็อก แบบมุมคงที่', { system: 'analog', kind: 'fixed' }],
    ['กล้อง IP แบบโดม', { system: 'ip', kind: 'dome' }],
    ['PTZ', { kind: 'ptz' }],
    ['IP', { system: 'ip' }],
    ['Analog, Fixed', { system: 'analog', kind: 'fixed' }],
    ['แบบหมุนได้ (PTZ)', { kind: 'ptz' }],
  ])('%j -> %j', (input, expected) => {
    expect(parseCameraType(input)).toEqual({ ok: true, value: expected });
  });
  it('refuses what it cannot place', () => {
    const r = parseCameraType('IP / กันน้ำ');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message.startsWith('unknown camera system/type "IP / กันน้ำ"; accepted systems: analog')).toBe(true);
  });
});
