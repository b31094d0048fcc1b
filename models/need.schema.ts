import { z } from 'zod';
import {
  paragraphTextSchema,
  lineTextSchema,
  contactSchema,
  type Contact,
  isoDateSchema,
  languageSchema,
  objectIdSchema,
  rangeSchema,
  tagsSchema,
  type Language,
} from './common.schema';
import { listQuerySchema } from './pagination.schema';
import type { StoredFields } from './to-plain';

/** Life cycle of a need: only `open` needs are shown to startups. */
export const needStatusSchema = z.enum(['draft', 'open', 'matched', 'closed']);
export type NeedStatus = z.infer<typeof needStatusSchema>;

/** Budget in whole Swedish kronor, 0 – 1 000 000 000, `min <= max`. */
export const budgetSekSchema = rangeSchema({ min: 0, max: 1_000_000_000, unit: 'SEK' });

/** Wanted meetings at an event, 0 – 50, `min <= max`. */
export const meetingsWantedSchema = rangeSchema({ min: 0, max: 50, unit: 'meetings' });

/** Inclusive date range `{ start, end }` (`YYYY-MM-DD`), `start <= end`. */
export const timeframeSchema = z
  .strictObject({ start: isoDateSchema, end: isoDateSchema })
  .refine((range) => range.start <= range.end, { message: 'start must not be after end', path: ['end'] });

const needFields = {
  title: lineTextSchema(3, 200),
  description: paragraphTextSchema(10, 10_000),
  /** Detected from title and description when absent. */
  language: languageSchema.optional(),
  organisationId: objectIdSchema,
  department: lineTextSchema(1, 200),
  /**
   * The person who sits in the meetings, as a contact: the host with this e-mail when it belongs
   * to the need's organisation (its name and phone are updated to these), a new host of that
   * organisation when nobody has the e-mail yet; refused when another organisation's host has it.
   * Send this or `hostId`.
   */
  owner: contactSchema,
  /** The host (`/hosts`) who sits in the meetings; must belong to the need's organisation. Send this or `owner`. */
  hostId: objectIdSchema,
  /** 1 = highest … 5 = lowest. */
  priority: z.number().int().min(1).max(5),
  budgetSek: budgetSekSchema,
  timeframe: timeframeSchema,
  tags: tagsSchema,
  status: needStatusSchema,
  meetings: meetingsWantedSchema,
};

/**
 * Body of `POST /needs`: `owner` or `hostId` (one of them). `tags` defaults to [], `status` to
 * `draft`, `meetings` to `{ min: 1, max: 5 }`.
 */
export const needCreateSchema = z
  .strictObject({
    ...needFields,
    owner: needFields.owner.optional(),
    hostId: needFields.hostId.optional(),
    tags: needFields.tags.default([]),
    status: needFields.status.default('draft'),
    meetings: needFields.meetings.default({ min: 1, max: 5 }),
  })
  .superRefine((need, context) => {
    if ((need.owner === undefined) === (need.hostId === undefined))
      context.addIssue({
        code: 'custom',
        path: [need.owner === undefined ? 'owner' : 'hostId'],
        message: 'send either owner (a contact) or hostId, not both',
      });
  });
export type NeedCreateInput = z.infer<typeof needCreateSchema>;

/** Body of `PATCH /needs/:id`: any subset of the fields; nested objects are replaced whole. */
export const needPatchSchema = z
  .strictObject(needFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'name at least one field to change')
  .refine((patch) => patch.owner === undefined || patch.hostId === undefined, {
    message: 'send either owner (a contact) or hostId, not both',
    path: ['hostId'],
  });
export type NeedPatchInput = z.infer<typeof needPatchSchema>;

/** Query of `GET /needs`. */
export const needListQuerySchema = listQuerySchema({
  status: needStatusSchema.optional(),
  organisationId: objectIdSchema.optional(),
  tag: z.string().trim().toLowerCase().min(1).optional(),
  language: languageSchema.optional(),
  ownerEmail: z.string().trim().toLowerCase().optional(),
  /** Case-insensitive substring of title or description. */
  q: z.string().max(200).optional(),
});
export type NeedListQuery = z.infer<typeof needListQuerySchema>;

/**
 * A stored need as the API returns it: `owner` is its host's contact, read from the host record
 * (`hostId` is null only for a need stored before hosts whose owner's e-mail was already another
 * organisation's host; it keeps the contact it was stored with).
 */
export type Need = Omit<NeedCreateInput, 'language' | 'owner' | 'hostId'> & {
  language: Language;
  owner: Contact;
  hostId: string | null;
} & StoredFields;
