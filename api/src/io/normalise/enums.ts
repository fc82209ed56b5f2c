/**
 * Words to enumeration values. The base vocabulary is the Thai and English labels of
 * domain/enums.ts (plus the value itself); each enum adds the variants officials type. Matching
 * ignores case, spaces and punctuation (see keyOf). An unknown word is an error that lists the
 * accepted values and, when one is close, suggests it.
 *
 * Decisions (see the variant tables):
 * - "ชำรุด"/"เสีย"/"broken"/"damaged" alone say nothing about repair: not_working.
 * - เส้นทางโจร (robbers' route) -> robbery; เส้นทางอันตราย (dangerous route) -> accident_black_spot,
 *   since the police use it for roads where accidents happen, crime has its own words.
 * - Mobile connections (4G, 3G, LTE, SIM) -> mobile; fibre/LAN/UTP -> wired; Wi-Fi/radio -> wireless.
 * - HD-over-coax analogue systems (AHD, TVI, CVI) -> analog; "digital" -> ip.
 * - "speed dome" is a PTZ camera; OSM camera:type "panning" -> ptz.
 */
import {
  CameraConnection,
  CameraKind,
  CameraPurpose,
  CameraStatus,
  CameraSystem,
  Linkage,
  RiskCategory,
  SiteStatus,
  type LabelledEnum,
} from '../../domain/enums.js';
import type { CellValue } from '../types.js';
import { closest, keyOf } from './match.js';
import { fail, ok, show, type Parsed } from './result.js';
import { cleanText, isEmptyCell } from './thai.js';

/** Key of a word; symbols such as ✓ have no letters, so they are their own key. */
const wordKey = (s: string): string => keyOf(s) || cleanText(s);

// Words that only say "camera"/"type of": dropped when the whole phrase is not known.
const NOISE_PREFIXES = ['กล้องวงจรปิด', 'กล้อง', 'แบบ', 'ระบบ', 'ชนิด', 'ประเภท', 'camera', 'cctv'].map(keyOf);

export interface EnumNormaliser<T extends string> {
  /** For messages: "camera status". */
  name: string;
  values: readonly T[];
  labels: LabelledEnum<T>['labels'];
  /** Cell -> value; empty cells are null. */
  parse(v: CellValue | undefined): Parsed<T>;
  /** The value a word means, or undefined. */
  lookup(word: string): T | undefined;
  /** The closest value to an unknown word (edit distance or containment), if any is close. */
  suggest(word: string): T | undefined;
  /** "working (ใช้งานได้ปกติ / Working normally), …" */
  accepted(): string;
}

export function enumNormaliser<T extends string>(
  name: string,
  e: LabelledEnum<T>,
  variants: { [K in T]?: readonly string[] },
  booleans?: { true: T; false: T },
): EnumNormaliser<T> {
  const keys = new Map<string, T>();
  const add = (word: string, value: T) => {
    const k = wordKey(word);
    const had = keys.get(k);
    // Two values claiming one word is a bug in the tables below, caught by the tests at import.
    if (had !== undefined && had !== value) throw new Error(`${name}: "${word}" means both ${had} and ${value}`);
    keys.set(k, value);
  };
  for (const value of e.values) {
    const { th, en } = e.labels[value];
    for (const w of [value, th, en, th.replace(/\(.*?\)/g, '')]) add(w, value);
    for (const w of variants[value] ?? []) add(w, value);
  }
  const lookup = (word: string): T | undefined => {
    const k = wordKey(word);
    const hit = keys.get(k);
    if (hit !== undefined) return hit;
    for (const p of NOISE_PREFIXES) if (k.startsWith(p) && k.length > p.length) return lookup(k.slice(p.length));
    return undefined;
  };
  const accepted = () => e.values.map((v) => `${v} (${e.labels[v].th} / ${e.labels[v].en})`).join(', ');
  const suggest = (word: string) => closest(wordKey(word), keys.entries());
  return {
    name,
    values: e.values,
    labels: e.labels,
    lookup,
    suggest,
    accepted,
    parse(v) {
      if (isEmptyCell(v)) return ok(null);
      if (typeof v === 'boolean' && booleans) return ok(v ? booleans.true : booleans.false);
      if (typeof v === 'boolean' || v instanceof Date) return fail(`expected a ${name}, got ${show(v)}`, accepted());
      const hit = lookup(String(v));
      if (hit !== undefined) return ok(hit);
      const guess = suggest(String(v));
      return fail(
        `unknown ${name} ${show(v)}; accepted: ${accepted()}`,
        guess === undefined ? undefined : `${guess} (${e.labels[guess].th})`,
      );
    },
  };
}

const YES = ['yes', 'y', 'true', '1', 'ใช่', 'มี', 'ได้', '✓', '✔', '☑', '√', '/'];
const NO = ['no', 'n', 'false', '0', 'ไม่', 'ไม่ใช่', 'ไม่มี', 'ไม่ได้', '✗', '✘', '☐', '×'];

export const cameraStatus = enumNormaliser('camera status', CameraStatus, {
  working: ['ใช้งานได้', 'ใช้ได้', 'ใช้การได้', 'ปกติ', 'ดี', 'ทำงาน', 'ทำงานปกติ', 'ใช้งานปกติ', 'working', 'works', 'ok', 'normal', 'active', 'online', 'operational', 'good', 'in use'],
  not_working: ['ใช้การไม่ได้', 'ใช้ไม่ได้', 'ไม่ทำงาน', 'เสีย', 'ชำรุด', 'ดับ', 'ไม่ได้ใช้งาน', 'not working', 'broken', 'damaged', 'faulty', 'offline', 'down', 'inactive', 'out of order', 'failed'],
  under_repair: ['ชำรุดอยู่ระหว่างซ่อม', 'อยู่ระหว่างซ่อม', 'อยู่ระหว่างการซ่อม', 'ระหว่างซ่อม', 'กำลังซ่อม', 'ซ่อม', 'รอซ่อม', 'ส่งซ่อม', 'ชำรุดรอซ่อม', 'under repair', 'in repair', 'repairing', 'being repaired', 'awaiting repair', 'maintenance', 'damaged under repair'],
  beyond_repair: ['ชำรุดไม่สามารถซ่อมได้', 'ไม่สามารถซ่อมได้', 'ซ่อมไม่ได้', 'ชำรุดซ่อมไม่ได้', 'เสียถาวร', 'ชำรุดถาวร', 'ชำรุดเสียหายถาวร', 'beyond repair', 'irreparable', 'unrepairable', 'cannot be repaired', 'written off', 'damaged beyond repair'],
});

export const cameraKind = enumNormaliser('camera kind', CameraKind, {
  fixed: ['มุมคงที่', 'คงที่', 'ยึดติด', 'ติดตาย', 'ฟิกซ์', 'bullet', 'box', 'fixed camera', 'static'],
  dome: ['โดม', 'dome camera', 'ฟิชอาย', 'fisheye', 'fish eye'],
  ptz: ['หมุนได้', 'หมุน', 'ส่ายได้', 'พีทีแซด', 'panning', 'pan tilt zoom', 'pan-tilt-zoom', 'speed dome', 'speeddome', 'สปีดโดม'],
});

export const cameraSystem = enumNormaliser('camera system', CameraSystem, {
  analog: ['อนาล็อก', 'อะนาล็อก', 'อนาลอก', 'อนาล็อค', 'อนาล๊อก', 'analogue', 'cvbs', 'ahd', 'tvi', 'hd-tvi', 'cvi', 'hd-cvi', 'hdcvi', 'sdi'],
  ip: ['ไอพี', 'ip camera', 'ipcam', 'network camera', 'network', 'ดิจิทัล', 'ดิจิตอล', 'digital'],
  other: ['อื่นๆ', 'อื่น', 'อื่น ๆ', 'others'],
});

export const cameraConnection = enumNormaliser('connection', CameraConnection, {
  wired: ['สาย', 'มีสาย', 'ใช้สาย', 'สายแลน', 'แลน', 'lan', 'ethernet', 'utp', 'wired', 'wire', 'cable', 'cabled', 'fiber', 'fibre', 'fiber optic', 'fibre optic', 'ไฟเบอร์', 'ไฟเบอร์ออปติก', 'ไฟเบอร์ออฟติก', 'สายใยแก้วนำแสง', 'coax', 'สายโคแอกซ์', 'adsl', 'xdsl'],
  wireless: ['ไร้สาย', 'ไวไฟ', 'wifi', 'wi-fi', 'wlan', 'radio', 'วิทยุ', 'microwave', 'ไมโครเวฟ', 'สัญญาณวิทยุ'],
  mobile: ['4g', '3g', '5g', '3g/4g', '4g/5g', '4g lte', 'lte', 'mobile', 'cellular', 'sim', 'ซิม', 'ซิมการ์ด', 'เครือข่ายมือถือ', 'เครือข่ายโทรศัพท์', 'โทรศัพท์เคลื่อนที่', 'aircard'],
  none: ['ไม่มี', 'ไม่เชื่อมต่อ', 'ไม่ได้เชื่อมต่อ', 'none', 'standalone', 'stand-alone', 'stand alone', 'local'],
});

export const linkage = enumNormaliser(
  'network linkage',
  Linkage,
  {
    linked: ['เชื่อมต่อ', 'เชื่อมโยง', 'เชื่อมโยงได้', 'เชื่อมต่อแล้ว', 'เชื่อมโยงแล้ว', 'connected', 'link', ...YES],
    not_linked: ['ไม่ได้เชื่อมต่อ', 'ไม่เชื่อมต่อ', 'ไม่เชื่อมโยง', 'ยังไม่เชื่อมต่อ', 'ไม่ได้เชื่อมโยง', 'not connected', 'unlinked', 'no link', ...NO],
  },
  { true: 'linked', false: 'not_linked' },
);

export const siteStatus = enumNormaliser('site status', SiteStatus, {
  not_started: ['ยังไม่ดำเนินการ', 'ยังไม่ได้ดำเนินการใดๆ', 'ยังไม่เริ่ม', 'not started', 'planned', 'proposed', 'new', 'เสนอ'],
  budget_requested: ['ของบประมาณ', 'ขอรับงบประมาณ', 'อยู่ระหว่างขอรับงบประมาณ', 'อยู่ระหว่างขอรับการสนับสนุนงบประมาณ', 'เสนอของบประมาณ', 'รองบประมาณ', 'budget requested', 'requested', 'awaiting budget', 'pending budget'],
  approved: ['อนุมัติ', 'อนุมัติแล้ว', 'ได้รับงบประมาณ', 'ได้รับงบประมาณแล้ว', 'ได้รับการอนุมัติ', 'approved', 'funded', 'budget approved'],
  installed: ['ติดตั้งเสร็จ', 'ติดตั้งเสร็จแล้ว', 'ดำเนินการแล้ว', 'แล้วเสร็จ', 'installed', 'done', 'completed', 'complete'],
  rejected: ['ไม่ได้รับอนุมัติ', 'ไม่ได้รับงบประมาณ', 'ไม่ผ่าน', 'rejected', 'declined', 'refused', 'not approved'],
});

export const riskCategory = enumNormaliser('risk category', RiskCategory, {
  robbery: ['เส้นทางโจร', 'จุดเสี่ยงการปล้น', 'จุดเสี่ยงชิงทรัพย์', 'ปล้น', 'ชิงทรัพย์', 'ปล้นทรัพย์', 'วิ่งราว', 'วิ่งราวทรัพย์', 'ลักทรัพย์', 'โจรกรรม', 'robbery', 'robbers route', "robbers' route", 'theft', 'snatching'],
  escape_route: ['หลบหนี', 'เส้นทางหนี', 'escape', 'getaway', 'escape path'],
  accident_black_spot: ['อุบัติเหตุ', 'เส้นทางอันตราย', 'จุดอันตราย', 'ทางโค้งอันตราย', 'จุดเสี่ยงอุบัติเหตุทางถนน', 'black spot', 'blackspot', 'accident', 'accidents', 'dangerous route', 'dangerous road'],
  crime_hotspot: ['อาชญากรรม', 'จุดล่อแหลม', 'ยาเสพติด', 'จุดเสี่ยงยาเสพติด', 'crime', 'hotspot', 'hot spot', 'drugs'],
  tourist_site: ['สถานที่ท่องเที่ยว', 'ท่องเที่ยว', 'จุดท่องเที่ยว', 'tourist', 'tourism', 'attraction', 'tourist attraction'],
  other: ['อื่นๆ', 'อื่น', 'others'],
});

export const cameraPurpose = enumNormaliser('purpose', CameraPurpose, {
  deterrence: ['ป้องปราม', 'เฝ้าระวัง', 'ป้องกัน', 'ป้องกันอาชญากรรม', 'รักษาความปลอดภัย', 'deterrence', 'surveillance', 'security', 'prevention', 'monitoring'],
  investigation: ['สืบสวน', 'สอบสวน', 'สืบสวนสอบสวน', 'ติดตามผู้กระทำความผิด', 'ติดตามคนร้าย', 'หลักฐาน', 'investigation', 'evidence', 'tracking', 'forensics'],
  traffic: ['จราจร', 'ตรวจจับความเร็ว', 'ตรวจจับป้ายทะเบียน', 'anpr', 'lpr', 'traffic monitoring'],
});

const ALL_PURPOSES = new Set(['ทั้งหมด', 'ทุกข้อ', 'ครบทุกข้อ', 'all', 'allofthem'].map(keyOf));
type Purpose = (typeof CameraPurpose.values)[number];

/**
 * Several purposes in one cell: "ป้องปราม, สืบสวน, จราจร", "deterrence;traffic", "ป้องปราม/เฝ้าระวัง",
 * "ป้องปราม และ จราจร", "ป้องปราม สืบสวน". Each piece is tried whole first, so labels that contain
 * spaces, "และ" or a slash ("ป้องปรามและเฝ้าระวัง", "Investigation / tracking offenders") are not torn
 * apart: list separators (, ; | line break) split first, then / and +, then และ/and/&, then spaces.
 * Result: distinct values in enum order.
 */
export function parsePurposes(v: CellValue | undefined): Parsed<Purpose[]> {
  if (isEmptyCell(v)) return ok(null);
  if (typeof v !== 'string') return fail(`expected purposes such as "ป้องปราม, สืบสวน, จราจร", got ${show(v)}`, cameraPurpose.accepted());
  const text = cleanText(v, { keepLineBreaks: true });
  if (ALL_PURPOSES.has(keyOf(text))) return ok([...CameraPurpose.values]);
  const found = new Set<Purpose>();
  const unknown: string[] = [];
  const tryPiece = (piece: string, splits: RegExp[]): void => {
    if (piece.trim() === '' || keyOf(piece) === '') return;
    const hit = cameraPurpose.lookup(piece);
    if (hit !== undefined) found.add(hit);
    else if (splits.length > 0) {
      const [first, ...rest] = splits;
      const parts = piece.split(first!).filter((p) => keyOf(p) !== '');
      if (parts.length > 1) parts.forEach((p) => tryPiece(p, rest));
      else tryPiece(piece, rest);
    } else unknown.push(piece.trim());
  };
  tryPiece(text, [/[,;|\n、]/, /[/+]/, /\s+(?:และ|and|&)\s+/i, /\s+/]);
  if (unknown.length > 0) {
    const guesses = unknown.map((u) => cameraPurpose.suggest(u));
    const suggestion = guesses.every((g) => g !== undefined) ? [...new Set([...found, ...guesses])].sort(byEnumOrder).join(', ') : undefined;
    return fail(`unknown purpose ${unknown.map((u) => show(u)).join(', ')}; accepted: ${cameraPurpose.accepted()}`, suggestion);
  }
  return ok([...found].sort(byEnumOrder));
}

const byEnumOrder = (a: Purpose, b: Purpose) => CameraPurpose.values.indexOf(a) - CameraPurpose.values.indexOf(b);

/**
 * A tick-box cell (one column per purpose on some forms): ✓/x/yes/1/มี -> true, ✗/no/0/ไม่มี -> false.
 * "x" counts as ticked: that is how the forms are filled in by hand.
 */
export function parseFlag(v: CellValue | undefined): Parsed<boolean> {
  if (isEmptyCell(v)) return ok(null);
  if (typeof v === 'boolean') return ok(v);
  const k = wordKey(String(v));
  if (k === 'x' || YES.some((w) => wordKey(w) === k)) return ok(true);
  if (NO.some((w) => wordKey(w) === k)) return ok(false);
  return fail(`${show(v)} is not a yes/no tick`, 'use ✓ or 1 for yes, leave empty or 0 for no');
}

/**
 * The combined column "ระบบ/ประเภทกล้อง" (system/type): "IP / Dome", "อนาล็อก แบบมุมคงที่", "PTZ".
 * Each piece is matched to the system or the kind enumeration.
 */
export function parseCameraType(
  v: CellValue | undefined,
): Parsed<{ system?: (typeof CameraSystem.values)[number]; kind?: (typeof CameraKind.values)[number] }> {
  if (isEmptyCell(v)) return ok(null);
  const text = cleanText(String(v));
  const whole = cameraSystem.lookup(text) ?? undefined;
  if (whole) return ok({ system: whole });
  const wholeKind = cameraKind.lookup(text);
  if (wholeKind) return ok({ kind: wholeKind });
  const out: { system?: (typeof CameraSystem.values)[number]; kind?: (typeof CameraKind.values)[number] } = {};
  const unknown: string[] = [];
  const pieces = text.split(/[,;/|+()]|\s+/).filter((p) => keyOf(p) !== '' && !NOISE_PREFIXES.includes(keyOf(p)));
  for (const p of pieces) {
    const s = cameraSystem.lookup(p);
    const k = s === undefined ? cameraKind.lookup(p) : undefined;
    if (s !== undefined && s !== 'other') out.system = s;
    else if (k !== undefined) out.kind = k;
    else if (s === undefined) unknown.push(p);
  }
  if (unknown.length > 0 || (out.system === undefined && out.kind === undefined)) {
    return fail(`unknown camera system/type ${show(v)}; accepted systems: ${cameraSystem.accepted()}; kinds: ${cameraKind.accepted()}`);
  }
  return ok(out);
}
