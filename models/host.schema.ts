import { z } from 'zod';
import { lineTextSchema, emailSchema, objectIdSchema } from './common.schema';
import { listQuerySchema } from './pagination.schema';
import type { StoredFields } from './to-plain';

const hostFields = {
  name: lineTextSchema(1, 200),
  /** Unique among hosts (stored lower-case): the address a host is known and reached by. */
  email: emailSchema,
  phone: lineTextSchema(3, 40).optional(),
  /** The one organisation whose development heads may speak for this host. */
  organisationId: objectIdSchema,
};

/** Body of `POST /hosts`: a person who sits in meetings for the needs of one organisation. */
export const hostCreateSchema = z.strictObject(hostFields);
export type HostCreateInput = z.infer<typeof hostCreateSchema>;

/** Body of `PATCH /hosts/:id`: name, e-mail or phone (a host stays with its organisation). */
export const hostPatchSchema = z
  .strictObject({ name: hostFields.name, email: hostFields.email, phone: hostFields.phone })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'name at least one field to change');
export type HostPatchInput = z.infer<typeof hostPatchSchema>;

/** Query of `GET /hosts`. */
export const hostListQuerySchema = listQuerySchema({
  organisationId: objectIdSchema.optional(),
  email: z.string().trim().toLowerCase().optional(),
  /** Case-insensitive substring of the name or e-mail. */
  q: z.string().max(200).optional(),
});
export type HostListQuery = z.infer<typeof hostListQuerySchema>;

/**
 * A stored host: a person bound to one organisation, referenced by that organisation's needs
 * (`hostId`). Role-neutral on purpose: the same record can later be what a person signs in as.
 */
export type Host = HostCreateInput & StoredFields;
