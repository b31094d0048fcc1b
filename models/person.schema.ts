import { z } from 'zod';
import { lineTextSchema, emailSchema, languageSchema, objectIdSchema } from './common.schema';
import { roleSchema } from './api-key.schema';

const personName = lineTextSchema(1, 200);

/**
 * A person who signs in. Their role and binding come from this record, never from a request: a
 * facilitator; a development head of one organisation (who is also that organisation's host
 * record, `hostId`); a startup of one profile. `language` is
 * the language of the pages and e-mails they get.
 */
export const personCreateSchema = z.discriminatedUnion('role', [
  z.strictObject({
    role: z.literal('facilitator'),
    name: personName,
    email: emailSchema,
    language: languageSchema,
  }),
  z.strictObject({
    role: z.literal('development_head'),
    name: personName,
    email: emailSchema,
    language: languageSchema,
    organisationId: objectIdSchema,
    /** The host record (people of one organisation) this development head is; its organisation never changes. */
    hostId: objectIdSchema,
  }),
  z.strictObject({
    role: z.literal('startup'),
    name: personName,
    email: emailSchema,
    language: languageSchema,
    startupId: objectIdSchema,
  }),
]);
export type PersonCreateInput = z.infer<typeof personCreateSchema>;

/** A stored person. */
export type Person = PersonCreateInput & { id: string; createdAt: Date };

export { roleSchema };
