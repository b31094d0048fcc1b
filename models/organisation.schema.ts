import { z } from 'zod';
import { lineTextSchema } from './common.schema';
import { listQuerySchema } from './pagination.schema';
import type { StoredFields } from './to-plain';

/** What sort of public body an organisation is. */
export const organisationKindSchema = z.enum(['municipality', 'city_district', 'region', 'agency', 'other']);

const organisationFields = {
  name: lineTextSchema(2, 200),
  kind: organisationKindSchema,
  /** Statistics Sweden's four-digit municipality code, e.g. "0180" for Stockholm. */
  municipalityCode: z
    .string()
    .regex(/^\d{4}$/, 'must be four digits')
    .optional(),
};

/** Body of `POST /organisations`. */
export const organisationCreateSchema = z.strictObject(organisationFields);
export type OrganisationCreateInput = z.infer<typeof organisationCreateSchema>;

/** Body of `PATCH /organisations/:id`. */
export const organisationPatchSchema = z
  .strictObject(organisationFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'name at least one field to change');
export type OrganisationPatchInput = z.infer<typeof organisationPatchSchema>;

/** Query of `GET /organisations`. */
export const organisationListQuerySchema = listQuerySchema({
  kind: organisationKindSchema.optional(),
  /** Case-insensitive substring of the name. */
  q: z.string().max(200).optional(),
});
export type OrganisationListQuery = z.infer<typeof organisationListQuerySchema>;

/** A stored organisation as the API returns it. */
export type Organisation = OrganisationCreateInput & StoredFields;
