import type { Role } from '../../models';

/** Who is calling, resolved from the API key. */
export type Principal =
  | { role: 'facilitator'; keyId: string; name: string }
  | { role: 'development_head'; keyId: string; name: string; organisationId: string }
  | { role: 'startup'; keyId: string; name: string; startupId: string };

export type { Role };
