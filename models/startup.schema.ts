import { z } from 'zod';
import {
  paragraphTextSchema,
  lineTextSchema,
  contactSchema,
  languageSchema,
  tagsSchema,
  type Language,
} from './common.schema';
import { listQuerySchema } from './pagination.schema';
import type { StoredFields } from './to-plain';

/** Funding stage of a startup. */
export const startupStageSchema = z.enum(['idea', 'pre_seed', 'seed', 'series_a', 'growth']);

/** A customer reference: who, what was delivered, and when (year 1990–2100). */
export const referenceSchema = z.strictObject({
  customer: lineTextSchema(1, 200),
  summary: paragraphTextSchema(1, 2_000),
  year: z.number().int().min(1990).max(2100),
});

const startupFields = {
  name: lineTextSchema(2, 200),
  oneLiner: lineTextSchema(3, 300),
  description: paragraphTextSchema(10, 10_000),
  offering: paragraphTextSchema(3, 5_000),
  tags: tagsSchema,
  /** Languages the team can hold a meeting in; at least one. */
  languages: z.array(languageSchema).min(1).max(2),
  /** Language of the profile text; detected when absent. */
  language: languageSchema.optional(),
  stage: startupStageSchema,
  /** People in the team, 1 – 100 000. */
  teamSize: z.number().int().min(1).max(100_000),
  website: z.url({ protocol: /^https?$/ }).max(500),
  references: z.array(referenceSchema).max(50),
  contact: contactSchema,
  /** Most meetings the startup takes at one event, 0 – 50. */
  maxMeetings: z.number().int().min(0).max(50),
};

/** Body of `POST /startups`. `tags` and `references` default to [], `maxMeetings` to 8. */
export const startupCreateSchema = z.strictObject({
  ...startupFields,
  tags: startupFields.tags.default([]),
  references: startupFields.references.default([]),
  maxMeetings: startupFields.maxMeetings.default(8),
});
export type StartupCreateInput = z.infer<typeof startupCreateSchema>;

/** Body of `PATCH /startups/:id`: any subset of the fields; arrays and nested objects are replaced whole. */
export const startupPatchSchema = z
  .strictObject(startupFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'name at least one field to change');
export type StartupPatchInput = z.infer<typeof startupPatchSchema>;

/** Query of `GET /startups`. */
export const startupListQuerySchema = listQuerySchema({
  tag: z.string().trim().toLowerCase().min(1).optional(),
  /** A language the team speaks. */
  language: languageSchema.optional(),
  stage: startupStageSchema.optional(),
  /** Case-insensitive substring of name, one-liner or description. */
  q: z.string().max(200).optional(),
});
export type StartupListQuery = z.infer<typeof startupListQuerySchema>;

/**
 * Review status of a profile. A profile a startup registered itself is `pending` until a
 * facilitator approves or rejects it; pending and rejected profiles are ranked (the facilitator
 * sees where they would fit) but never scheduled and never shown to development heads. Profiles
 * stored without a status (made by a facilitator) are approved.
 */
export const startupStatusSchema = z.enum(['pending', 'approved', 'rejected']);
export type StartupStatus = z.infer<typeof startupStatusSchema>;

/** How a self-registered startup came in, and its review. */
export interface StartupRegistration {
  /** The event whose sign-up page it used. */
  eventId: string;
  /** ISO 3166-1 alpha-2, e.g. `SE`. */
  country: string;
  /** As registered: a Swedish organisationsnummer as `NNNNNN-NNNN`, other countries' as typed. */
  registrationNumber: string;
  /** When the privacy notice was accepted. */
  consentedAt: Date;
  /** When the profile texts were first filled in (absent until then). */
  profileCompletedAt?: Date;
  /** The facilitator's reason, given on rejection. */
  reviewReason?: string;
  reviewedAt?: Date;
}

/**
 * A stored startup profile as the API returns it. `stage` and `teamSize` are absent (and the texts
 * empty) on a registered profile until the startup has filled it in.
 */
export type Startup = Omit<StartupCreateInput, 'language' | 'stage' | 'teamSize'> &
  Partial<Pick<StartupCreateInput, 'stage' | 'teamSize'>> & {
    language: Language;
    status?: StartupStatus;
    registration?: StartupRegistration;
  } & StoredFields;

/** A profile's review status (profiles stored without one are approved). */
export function statusOfStartup(startup: Pick<Startup, 'status'>): StartupStatus {
  return startup.status ?? 'approved';
}
