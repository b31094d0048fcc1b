import type { Request, RequestHandler } from 'express';

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(req: Request): string | undefined {
  const header = req.get('authorization');
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/** Runs `handler` for requests without an API key; requests with one go straight on. */
export function unlessApiKey(handler: RequestHandler): RequestHandler {
  return (req, res, next) => (bearerToken(req) === undefined ? handler(req, res, next) : next());
}
