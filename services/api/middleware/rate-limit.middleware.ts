import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { AppError } from '../../app-error';
import { hashApiKey } from '../../auth';
import { bearerToken } from './bearer-token';

/** One minute, the window of {@link rateLimitPerKey}. */
const WINDOW_MS = 60_000;

/**
 * At most `perMinute` requests per API key (by hash, so no database lookup) or per client IP
 * without one; beyond that 429 problem+json. Counts live in this process's memory: behind a load
 * balancer each API process counts separately.
 */
export function rateLimitPerKey(perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: WINDOW_MS,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => {
      const token = bearerToken(req);
      return token === undefined ? `ip:${ipKeyGenerator(req.ip ?? 'unknown')}` : `key:${hashApiKey(token)}`;
    },
    handler: (_req, res, next) => {
      res.set('Retry-After', String(WINDOW_MS / 1000));
      next(
        new AppError('rate_limited', `More than ${perMinute} requests in a minute; retry later.`, {
          httpStatus: 429,
        }),
      );
    },
  });
}
