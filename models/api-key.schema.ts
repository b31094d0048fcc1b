import { z } from 'zod';
import { lineTextSchema, objectIdSchema } from './common.schema';

/** Who a key belongs to. */
export const roleSchema = z.enum(['facilitator', 'development_head', 'startup']);
export type Role = z.infer<typeof roleSchema>;

const name = lineTextSchema(1, 200);

/**
 * Body of `POST /api-keys`: a development head's key is bound to one organisation, a startup's
 * key to one startup profile.
 */
export const apiKeyCreateSchema = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('facilitator'), name }),
  z.strictObject({ role: z.literal('development_head'), name, organisationId: objectIdSchema }),
  z.strictObject({ role: z.literal('startup'), name, startupId: objectIdSchema }),
]);
export type ApiKeyCreateInput = z.infer<typeof apiKeyCreateSchema>;

/** A stored key as the API shows it: never the key or its hash. */
export interface ApiKey {
  id: string;
  name: string;
  role: Role;
  organisationId?: string;
  startupId?: string;
  /** First characters of the key, to tell keys apart. */
  prefix: string;
  createdAt: Date;
  revokedAt?: Date;
}
