import type { RequestHandler } from 'express';
import { AppError } from '../../app-error';
import { type Repositories } from '../../../models';
import { principalOfPerson, resolvePrincipal, type Principal } from '../../auth';
import { bearerToken } from './bearer-token';
import { setPrincipal } from './principal';
import { hasValidCsrf, isStateChanging } from './session.middleware';

/** The signed-in person of the request's session, checking the CSRF token of a state-changing request. */
async function sessionPrincipal(
  repos: Repositories,
  req: Parameters<RequestHandler>[0],
): Promise<Principal | null> {
  const personId = req.session?.personId;
  if (personId === undefined) return null;
  const person = await repos.people.findById(personId);
  if (!person) return null;
  if (isStateChanging(req.method) && !hasValidCsrf(req)) {
    throw new AppError('csrf_failed', 'Send the page’s CSRF token in the X-CSRF-Token header.', {
      httpStatus: 403,
    });
  }
  return principalOfPerson(person);
}

/**
 * Requires a valid, unrevoked API key (`Authorization: Bearer mm_…`) or, without one, a signed-in
 * person's session (whose state-changing requests must carry the CSRF token); 401 otherwise.
 * `resolveKey` may remember keys (`cachePrincipals`).
 */
export function authenticate(
  repos: Repositories,
  resolveKey: (key: string) => Promise<Principal | null> = (key) => resolvePrincipal(repos, key),
): RequestHandler {
  return async (req, res, next) => {
    const token = bearerToken(req);
    const principal = token === undefined ? await sessionPrincipal(repos, req) : await resolveKey(token);
    if (!principal) {
      res.set('WWW-Authenticate', 'Bearer realm="matchmaker"');
      throw new AppError(
        'unauthenticated',
        token === undefined
          ? 'Send an API key: Authorization: Bearer <key>.'
          : 'The API key is unknown or revoked.',
        {
          httpStatus: 401,
        },
      );
    }
    setPrincipal(res, principal);
    next();
  };
}
