/**
 * Two people editing one camera (docs/reliability.md, "Concurrent edits"): the form saves with
 * `If-Match: "<version it loaded>"`; when someone else saved in between, the API answers 409
 * `version_conflict` with the camera as it is now. This module sends the guarded PATCH, reads the
 * 409, compares the three versions of the form (what the user started from, what is stored now,
 * what the user typed) and re-applies the user's changes onto the current version.
 */
import { ApiFieldError, type CameraRecord } from '../../api/records';
import { FIELDS, type FormState } from './fields';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface VersionConflict {
  /** The camera as it is stored now (as this account may see it). */
  current: CameraRecord;
  /** Who saved last and when, when the account may read the audit log. */
  changedBy: { username: string | null; at: string } | null;
}

/** The 409 of an edit based on an old version, or null for any other error. */
export function versionConflictOf(err: unknown): VersionConflict | null {
  if (!(err instanceof ApiFieldError) || err.status !== 409 || err.code !== 'version_conflict' || !isRecord(err.body)) return null;
  const { current, changed_by: by } = err.body;
  if (!isRecord(current) || typeof current.id !== 'number' || typeof current.version !== 'number') return null;
  const changedBy = isRecord(by) && typeof by.at === 'string' ? { username: typeof by.username === 'string' ? by.username : null, at: by.at } : null;
  return { current: current as CameraRecord, changedBy };
}

/** Every key of the form in the order the inputs appear: the fields (the purposes among them) and the position's two boxes. */
const ORDERED: string[] = FIELDS.flatMap((f) => (f.name === 'project' ? [f.name, 'lat', 'lon'] : [f.name]));
/** The keys kept as text in FormState.values (all but the purposes). */
const TEXT_KEYS = ORDERED.filter((k) => k !== 'purposes');

const valueOf = (f: FormState, key: string) => (key === 'purposes' ? [...f.purposes].sort().join(',') : (f.values[key] ?? '').trim());

export interface FieldChange {
  /** A form key (a field name, 'lat', 'lon' or 'purposes'). */
  key: string;
  /** The value stored now (someone else's), as the form shows it. */
  theirs: string;
  /** The user's value. */
  mine: string;
  changedByThem: boolean;
  changedByMe: boolean;
}

/**
 * The fields that differ between the three versions, in the form's order: those the other person
 * changed, those the user changed, and (both set) those both changed to different values.
 */
export function compareVersions(base: FormState, theirs: FormState, mine: FormState): FieldChange[] {
  const out: FieldChange[] = [];
  for (const key of ORDERED) {
    const b = valueOf(base, key);
    const t = valueOf(theirs, key);
    const m = valueOf(mine, key);
    const changedByThem = t !== b;
    const changedByMe = m !== b;
    if ((changedByThem || changedByMe) && t !== m) out.push({ key, theirs: t, mine: m, changedByThem, changedByMe });
  }
  return out;
}

/**
 * The current version with the user's own changes on top: every field the user changed takes the
 * user's value (also where the other person changed it too — the comparison shows those), every
 * other field the current value.
 */
export function reapply(base: FormState, theirs: FormState, mine: FormState): FormState {
  const values = { ...theirs.values };
  for (const key of TEXT_KEYS) {
    if (valueOf(mine, key) === valueOf(base, key)) continue;
    if (mine.values[key] === undefined || mine.values[key] === '') delete values[key];
    else values[key] = mine.values[key]!;
  }
  const purposes = valueOf(mine, 'purposes') !== valueOf(base, 'purposes') ? [...mine.purposes] : [...theirs.purposes];
  return { values, purposes };
}
