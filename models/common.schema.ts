import { z } from 'zod';

/**
 * Characters that never belong in a name or a text people read: C0 and C1 control characters
 * (U+0000, U+001B …), bidirectional controls that reorder what is shown (U+202E and its kin, the
 * "Trojan Source" set), line and paragraph separators, and unpaired surrogates (not Unicode text;
 * `\p{Cs}` with the u flag matches only those). Multi-line texts may hold tabs and line breaks.
 */
const LINE_FORBIDDEN =
  // eslint-disable-next-line no-control-regex -- finding control characters is this pattern's job
  /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069\p{Cs}]/u;
const PARAGRAPH_FORBIDDEN =
  // eslint-disable-next-line no-control-regex -- finding control characters is this pattern's job
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069\p{Cs}]/u;
const FORBIDDEN_MESSAGE =
  'must not contain control characters (such as U+0000), bidirectional controls (such as U+202E) or unpaired surrogates';

/** A one-line text (a name, a title), trimmed, `min`–`max` characters, without control characters. */
export function lineTextSchema(min: number, max: number) {
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((value) => !LINE_FORBIDDEN.test(value), FORBIDDEN_MESSAGE);
}

/** A text that may run over several lines (tabs and line breaks allowed), otherwise as {@link lineTextSchema}. */
export function paragraphTextSchema(min: number, max: number) {
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((value) => !PARAGRAPH_FORBIDDEN.test(value), FORBIDDEN_MESSAGE);
}

/** A MongoDB ObjectId as 24 hex characters. */
export const objectIdSchema = z.string().regex(/^[0-9a-f]{24}$/i, 'must be a 24-character hex id');

/** Spoken or written language. */
export const languageSchema = z.enum(['sv', 'en']);
export type Language = z.infer<typeof languageSchema>;

function isRealDate(value: string): boolean {
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** A calendar date `YYYY-MM-DD` that exists. */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
  .refine(isRealDate, 'must be a real calendar date');

/** A wall-clock time `HH:MM`, 00:00–23:59. */
export const wallTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (00:00-23:59)');

/** An e-mail address, stored lower-case so it can identify a host. */
export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an e-mail address')
  .transform((value) => value.toLowerCase());

/** The domain of an erased person's address: reserved (`.invalid`), so it is never delivered. */
const ERASED_DOMAIN = 'erased.invalid';

/** What an erased e-mail address becomes: unique per record, and never delivered. */
export function erasedAddress(recordId: string): string {
  return `erased-${recordId}@${ERASED_DOMAIN}`;
}

/** Whether `address` is one an erasure wrote ({@link erasedAddress}). */
export function isErasedAddress(address: string): boolean {
  return address.trim().toLowerCase().endsWith(`@${ERASED_DOMAIN}`);
}

/** A person to reach: the owner of a need or the contact of a startup. */
export const contactSchema = z.strictObject({
  name: lineTextSchema(1, 200),
  email: emailSchema,
  phone: lineTextSchema(3, 40).optional(),
});
export type Contact = z.infer<typeof contactSchema>;

/** Free-form tags: 0–30 strings of 1–60 characters, trimmed and lower-cased. */
export const tagsSchema = z.array(lineTextSchema(1, 60).transform((tag) => tag.toLowerCase())).max(30);

/** An inclusive integer range `{ min, max }` with `min <= max`. */
export function rangeSchema(options: { min: number; max: number; unit: string }) {
  const bound = z.number().int().min(options.min).max(options.max);
  return z.strictObject({ min: bound, max: bound }).refine((range) => range.min <= range.max, {
    message: `min must not exceed max (${options.unit})`,
    path: ['max'],
  });
}

/** Minutes since midnight of an `HH:MM` string already validated by {@link wallTimeSchema}. */
export function minutesOfDay(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}
