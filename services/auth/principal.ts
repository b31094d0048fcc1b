import type { Role } from '../../models';

/** How the caller authenticated: an API key (`keyId`) or a signed-in person's session (`personId`). */
type Caller = { keyId: string; personId?: never } | { personId: string; keyId?: never };

/** Who is calling, resolved from the API key or from the signed-in person's record. */
export type Principal = Caller &
  (
    | { role: 'facilitator'; name: string }
    | { role: 'development_head'; name: string; organisationId: string }
    | { role: 'startup'; name: string; startupId: string }
  );

export type { Role };
