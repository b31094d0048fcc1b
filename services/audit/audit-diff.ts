import type { AuditChange } from '../../models';

/** Fields every record carries that say nothing about what changed. */
const BOOKKEEPING = new Set(['id', 'version', 'createdAt', 'updatedAt']);
/** Fields that hold a person's contact details wherever they appear. */
const CONTACT_FIELDS = new Set(['email', 'phone']);
/** Records whose own `name` is a person's name. */
const PERSON_KINDS = new Set(['host', 'person', 'api_key']);
/** Sub-objects that are a person's contact (a startup's contact person, a need's owner). */
const CONTACT_OBJECTS = new Set(['contact', 'owner']);
/**
 * Fields whose value may name people and so is withheld whole: an event's availability names hosts
 * by e-mail; an outcome's note is free text about a meeting.
 */
const WITHHELD_WHOLE: Record<string, ReadonlySet<string>> = {
  event: new Set(['availability']),
  outcome: new Set(['note', 'recordedBy', 'history']),
};

/** Fields that hold an e-mail address under another name (a schedule names hosts by e-mail). */
const EMAIL_NAMED: Record<string, ReadonlySet<string>> = { schedule: new Set(['hostId']) };

/**
 * Whether the value at `path` of a record of `kind` is personal data the log must not keep: an
 * e-mail address or phone number anywhere, a person's name (a host's, a person's, a contact's).
 */
export function isWithheld(kind: string, path: string): boolean {
  const segments = path.split('.');
  const last = segments.at(-1) ?? '';
  if (CONTACT_FIELDS.has(last) || EMAIL_NAMED[kind]?.has(last)) return true;
  if (WITHHELD_WHOLE[kind]?.has(segments[0] ?? '')) return true;
  if (last !== 'name') return false;
  return segments.length === 1 ? PERSON_KINDS.has(kind) : CONTACT_OBJECTS.has(segments.at(-2) ?? '');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

/** A value as the log compares and stores it (dates as ISO strings, absent fields as undefined). */
function comparable(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => (inner === undefined ? null : inner)) ?? 'null';
}

function collect(
  kind: string,
  prefix: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  out: AuditChange[],
): void {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  for (const key of keys) {
    if (prefix === '' && BOOKKEEPING.has(key)) continue;
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const was = before[key];
    const now = after[key];
    // Nested objects are compared field by field, so a contact's phone change names contact.phone;
    // arrays are compared whole (their order is part of their meaning).
    if (
      (isPlainObject(was) || isPlainObject(now)) &&
      (was === undefined || isPlainObject(was)) &&
      (now === undefined || isPlainObject(now))
    ) {
      collect(kind, path, was ?? {}, now ?? {}, out);
      continue;
    }
    if (comparable(was) === comparable(now)) continue;
    if (isWithheld(kind, path)) {
      out.push({ path, withheld: true });
      continue;
    }
    out.push({
      path,
      ...(was === undefined ? {} : { before: plain(was) }),
      ...(now === undefined ? {} : { after: plain(now) }),
    });
  }
}

/** A value as stored in the log: JSON data (dates become ISO strings). */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/**
 * The fields that differ between two states of one record (null: it did not exist), each with
 * its value before and after, personal contact details withheld ({@link isWithheld}). Pure.
 */
export function diffRecords(
  kind: string,
  before: object | null | undefined,
  after: object | null | undefined,
): AuditChange[] {
  const out: AuditChange[] = [];
  collect(kind, '', (before ?? {}) as Record<string, unknown>, (after ?? {}) as Record<string, unknown>, out);
  return out;
}
