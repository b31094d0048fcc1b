import type { RequestHandler } from 'express';
import type { Connection } from 'mongoose';
import { AppError } from '../../app-error';
import { resolvePrincipal } from '../../auth';
import { bearerToken } from './bearer-token';
import { setPrincipal } from './principal';

/** Requires a valid, unrevoked API key (`Authorization: Bearer mm_…`); 401 otherwise. */
export function authenticate(db: Connection): RequestHandler {
  return async (req, res, next) => {
    const token = bearerToken(req);
    const principal = token === undefined ? null : await resolvePrincipal(db, token);
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
