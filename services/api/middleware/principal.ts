import type { Response } from 'express';
import type { Principal } from '../../auth';

const PRINCIPAL = Symbol('principal');

interface WithPrincipal {
  [PRINCIPAL]?: Principal;
}

/** Stores the authenticated caller on the response (set by the authenticate middleware). */
export function setPrincipal(res: Response, principal: Principal): void {
  (res.locals as WithPrincipal)[PRINCIPAL] = principal;
}

/** The authenticated caller; throws if the route was mounted before `authenticate` (a programmer error). */
export function principalOf(res: Response): Principal {
  const principal = (res.locals as WithPrincipal)[PRINCIPAL];
  if (!principal) throw new Error('principalOf: route is not behind the authenticate middleware');
  return principal;
}
