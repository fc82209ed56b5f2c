/**
 * KML / KMZ reader, shaped for Google My Maps exports (@tmcw/togeojson for geometry, @xmldom/xmldom
 * for the XML, fflate for KMZ).
 *
 * One row per Placemark, in document order; row = 1-based placemark index. Fields:
 * - "name": the placemark name;
 * - "description": the description as plain text (HTML tags stripped, <br>/<p>/rows become line breaks,
 *   entities decoded); the column exists only when some placemark has one (an empty "description"
 *   column would claim the notes field of a file whose notes are in ExtendedData, as in our exports);
 * - "folder": the names of the enclosing Folders joined with " / " (My Maps: the layer name); the
 *   column exists only when some placemark is in a folder;
 * - ExtendedData: every <Data name><value> and <SchemaData><SimpleData name> as a text field;
 * - "key: value" lines of the description (My Maps repeats the layer's table columns there; ArcGIS
 *   puts two-cell HTML table rows), when at least half of its lines look like that: each key becomes a
 *   field unless ExtendedData or name/description/folder already gave it.
 * Styles, visibility and other presentation elements are not fields. Geometry comes from togeojson
 * (GeometryCollection for MultiGeometry, null for a placemark without one); coordinates keep altitude.
 */
import { kmlGen } from '@tmcw/togeojson';
import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';
import { unzipSync } from 'fflate';
import iconv from 'iconv-lite';
import { ReadError, type CellValue, type GeoJsonGeometry, type SourceRow, type SourceTable } from '../types.js';
import { cleanCell, completeRows, decodeText, hasUtf8Bom, utf16Bom } from './common.js';

export interface KmlOptions {
  filename: string;
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  laquo: '«',
  raquo: '»',
  deg: '°',
};

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** HTML (or plain text) of a KML description as plain text lines. */
export function htmlToText(html: string): string {
  let s = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
    // A table row of exactly two cells is a "key: value" pair (ArcGIS / QGIS popups).
    .replace(/<tr\b[^>]*>([\s\S]*?)<\/tr\s*>/gi, (row, inner: string) => {
      const cells = [...inner.matchAll(/<t[dh]\b[^>]*>([\s\S]*?)<\/t[dh]\s*>/gi)].map((m) => m[1] ?? '');
      if (cells.length === 2) return `\n${cells[0]}: ${cells[1]}\n`;
      return `\n${cells.join(' ')}\n`;
    })
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6]|table|ul|ol)\s*>/gi, '\n')
    .replace(/<(p|div|li|table)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '');
  s = decodeEntities(s);
  return s
    .split(/\r?\n/)
    .map((l) => l.replace(/[\s\u00a0]+/g, ' ').trim())
    .filter((l) => l !== '')
    .join('\n');
}

const KV = /^([^:：]{1,60}?)\s*[:：]\s*(.*)$/;

/**
 * "key: value" lines of a description, when they make up at least half of its lines; otherwise
 * an empty list. Keys that are only digits (times such as 10:30) or URL schemes do not count.
 */
export function descriptionPairs(text: string): [string, string][] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const pairs: [string, string][] = [];
  for (const line of lines) {
    const m = KV.exec(line);
    if (!m) continue;
    const key = m[1]!.trim();
    const value = m[2]!.trim();
    if (key === '' || /^\d+$/.test(key) || /^(https?|ftp|mailto)$/i.test(key) || value.startsWith('//')) continue;
    pairs.push([key, value]);
  }
  return pairs.length > 0 && pairs.length * 2 >= lines.length ? pairs : [];
}

function localName(n: Node): string {
  const el = n as Element;
  return el.localName ?? el.nodeName;
}

function childElements(el: Element, name?: string): Element[] {
  const out: Element[] = [];
  for (let c = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1 && (name === undefined || localName(c) === name)) out.push(c as Element);
  }
  return out;
}

function firstChildElement(el: Element, name: string): Element | undefined {
  for (let c = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1 && localName(c) === name) return c as Element;
  }
  return undefined;
}

function childText(el: Element, name: string): string | undefined {
  const c = firstChildElement(el, name);
  return c ? (c.textContent ?? '') : undefined;
}

/** Folder path of a placemark; `cache` keeps each folder's path (a layer can hold thousands of placemarks). */
function folderPath(pm: Element, cache: Map<Node, string | null>): string | null {
  const parent = pm.parentNode;
  if (!parent || parent.nodeType !== 1) return null;
  const known = cache.get(parent);
  if (known !== undefined) return known;
  let path = folderPath(parent as Element, cache);
  if (localName(parent) === 'Folder') {
    const n = childText(parent as Element, 'name')?.trim();
    const name = n && n !== '' ? n : '(unnamed folder)';
    path = path === null ? name : `${path} / ${name}`;
  }
  cache.set(parent, path);
  return path;
}

function extendedData(pm: Element): [string, CellValue][] {
  const out: [string, CellValue][] = [];
  for (const ed of childElements(pm, 'ExtendedData')) {
    for (const d of childElements(ed, 'Data')) {
      const name = d.getAttribute('name')?.trim();
      if (!name) continue;
      out.push([name, cleanCell(childText(d, 'value') ?? '')]);
    }
    for (const sd of childElements(ed, 'SchemaData')) {
      for (const s of childElements(sd, 'SimpleData')) {
        const name = s.getAttribute('name')?.trim();
        if (!name) continue;
        out.push([name, cleanCell(s.textContent ?? '')]);
      }
    }
  }
  return out;
}

/** KML bytes as text: BOM, then the XML declaration's encoding, then UTF-8. */
function kmlText(buf: Buffer | Uint8Array, filename: string): string {
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (!hasUtf8Bom(b) && !utf16Bom(b)) {
    const decl = /^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(b.subarray(0, 200).toString('latin1'));
    const enc = decl?.[1]?.toLowerCase();
    if (enc && enc !== 'utf-8' && enc !== 'utf8' && iconv.encodingExists(enc)) return iconv.decode(b, enc);
  }
  return decodeText(b, filename).text;
}

/** Namespace prefixes assumed when a file uses them without declaring them (seen in hand-edited KML). */
const ASSUMED_NAMESPACES = {
  gx: 'http://www.google.com/kml/ext/2.2',
  kml: 'http://www.opengis.net/kml/2.2',
  atom: 'http://www.w3.org/2005/Atom',
  xal: 'urn:oasis:names:tc:ciq:xsdschema:xAL:2.0',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
};

function parseXml(text: string, filename: string): Document {
  let fatal: string | undefined;
  try {
    const parser = new DOMParser({
      xmlns: ASSUMED_NAMESPACES,
      onError: (level, msg, context) => {
        if (level !== 'fatalError' || fatal !== undefined) return;
        const line = (context as { locator?: { lineNumber?: number } } | undefined)?.locator?.lineNumber;
        fatal = msg.split('\n')[0]! + (line ? ` (line ${line})` : '');
      },
    });
    return parser.parseFromString(text, 'text/xml');
  } catch (e) {
    const msg = fatal ?? (e as Error).message.split('\n')[0];
    throw new ReadError(`${filename}: broken XML: ${msg}`);
  }
}

/** Reads a KML document (as text or bytes). `what` names it in the description ('kml', 'kmz doc.kml'). */
export function readKmlText(text: string, filename: string, what = 'kml'): SourceTable {
  if (text.trim() === '') throw new ReadError(`${filename}: the file is empty`);
  const doc = parseXml(text, filename);
  const root = doc.documentElement;
  if (!root) throw new ReadError(`${filename}: broken XML: no root element`);
  const placemarks = Array.from(doc.getElementsByTagName('Placemark'));
  if (localName(root) !== 'kml' && placemarks.length === 0) {
    throw new ReadError(`${filename}: XML but not KML (the root element is <${localName(root)}>)`);
  }
  if (placemarks.length === 0) {
    const link = doc.getElementsByTagName('NetworkLink')[0];
    if (link) {
      const href = link.getElementsByTagName('href')[0]?.textContent?.trim();
      throw new ReadError(
        `${filename}: the KML holds only a network link${href ? ` to ${href}` : ''}, not the placemarks; ` +
          `in Google My Maps export again without "Keep data up to date with network link KML"`,
      );
    }
  }

  // togeojson yields placemarks first, in the same document order as getElementsByTagName.
  const geometries: (GeoJsonGeometry | null)[] = [];
  const gen = kmlGen(doc as unknown as Parameters<typeof kmlGen>[0]);
  for (let i = 0; i < placemarks.length; i++) {
    const next = gen.next();
    if (next.done) break;
    geometries.push((next.value.geometry ?? null) as GeoJsonGeometry | null);
  }

  // Headers: name, description and folder (when any), then the other keys in the order first seen.
  const extra: string[] = [];
  const seen = new Set(['name', 'description', 'folder']);
  const folders = new Map<Node, string | null>();
  const rows: SourceRow[] = placemarks.map((pm, i) => {
    const fields: Record<string, CellValue> = {};
    const name = childText(pm, 'name');
    fields.name = cleanCell(name ?? null);
    const rawDescription = childText(pm, 'description');
    const description = rawDescription === undefined ? '' : htmlToText(rawDescription);
    fields.description = cleanCell(description);
    fields.folder = folderPath(pm, folders);
    const add = (k: string, v: CellValue): void => {
      // The first non-empty value wins: placemark name/description/folder, then ExtendedData, then description lines.
      if (fields[k] !== undefined && fields[k] !== null) return;
      fields[k] = v;
      if (!seen.has(k)) {
        seen.add(k);
        extra.push(k);
      }
    };
    for (const [k, v] of extendedData(pm)) add(k, v);
    for (const [k, v] of descriptionPairs(description)) add(k, cleanCell(v));
    return { row: i + 1, fields, geometry: geometries[i] ?? null };
  });
  const anyFolder = rows.some((r) => r.fields.folder !== null);
  const anyDescription = rows.some((r) => r.fields.description !== null);
  if (!anyDescription) for (const r of rows) delete r.fields.description;
  const headers = ['name', ...(anyDescription ? ['description'] : []), ...(anyFolder ? ['folder'] : []), ...extra];
  completeRows(headers, rows);
  return { headers, rows, description: what };
}

export function readKml(input: Buffer, opts: KmlOptions): SourceTable {
  if (input.length === 0) throw new ReadError(`${opts.filename}: the file is empty`);
  return readKmlText(kmlText(input, opts.filename), opts.filename);
}

/** Entry names of a zip archive (reads the central directory only), or undefined when not a zip. */
export function zipEntryNames(input: Uint8Array): string[] | undefined {
  const names: string[] = [];
  try {
    unzipSync(input, {
      filter: (f) => {
        names.push(f.name);
        return false;
      },
    });
  } catch {
    return undefined;
  }
  return names;
}

/** The .kml a KMZ carries: doc.kml at the top level when present, otherwise the first .kml in the archive. */
export function pickKmzEntry(names: readonly string[]): string | undefined {
  const kmls = names.filter((n) => n.toLowerCase().endsWith('.kml') && !n.startsWith('__MACOSX/'));
  return kmls.find((n) => n.toLowerCase() === 'doc.kml') ?? kmls[0];
}

export function readKmz(input: Buffer, opts: KmlOptions): SourceTable {
  const { filename } = opts;
  if (input.length === 0) throw new ReadError(`${filename}: the file is empty`);
  const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const names = zipEntryNames(bytes);
  if (!names) throw new ReadError(`${filename}: not a readable KMZ (zip) archive`);
  const entry = pickKmzEntry(names);
  if (!entry) {
    const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? ', …' : '');
    throw new ReadError(`${filename}: the KMZ archive holds no .kml file (it has: ${shown || 'nothing'})`);
  }
  let data: Uint8Array | undefined;
  try {
    data = unzipSync(bytes, { filter: (f) => f.name === entry })[entry];
  } catch (e) {
    throw new ReadError(`${filename}: cannot unzip ${entry} from the KMZ archive (${(e as Error).message})`);
  }
  if (!data) throw new ReadError(`${filename}: cannot unzip ${entry} from the KMZ archive`);
  return readKmlText(kmlText(data, filename), filename, `kmz ${entry}`);
}
