import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import session from 'express-session';
import type { Redis } from 'ioredis';
import { RedisSessionStore } from './redis-session-store';

declare module 'express-session' {
  interface SessionData {
    /** The signed-in person; their role and binding are read from their record on each request. */
    personId?: string;
    /** The synchroniser token every state-changing request made with this session must carry. */
    csrfToken?: string;
    /** A confirmation to show once on the next page ("Inbjudan skickad …"). */
    flash?: string;
    /** The address the last sign-in link was asked for, for the "check your e-mail" page. */
    sentTo?: string;
  }
}

/** Name of the session cookie. */
export const SESSION_COOKIE = 'mm_session';
/** Header a script sends the CSRF token in (forms send the `_csrf` field). */
export const CSRF_HEADER = 'x-csrf-token';

/** Settings of {@link sessions}. */
export interface SessionOptions {
  redis: Redis;
  /** Signs the cookie (config `SESSION_SECRET`). */
  secret: string;
  /** A session ends after this long without a request (config `SESSION_HOURS`). */
  hours: number;
  /** `Secure` cookies: true when people reach the product over https (config `PUBLIC_URL`). */
  secureCookies: boolean;
  /** Prefix of the session keys in Redis. @default "matchmaker:session:" */
  prefix?: string;
}

/**
 * Sessions kept in Redis behind an httpOnly, SameSite=Lax cookie (`Secure` behind TLS), renewed on
 * every request. A session is stored only once something is put in it.
 */
export function sessions(options: SessionOptions): RequestHandler {
  const maxAgeMs = options.hours * 3600 * 1000;
  return session({
    name: SESSION_COOKIE,
    store: new RedisSessionStore(
      options.redis,
      options.prefix ?? 'matchmaker:session:',
      Math.ceil(maxAgeMs / 1000),
    ),
    secret: options.secret,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: options.secureCookies, maxAge: maxAgeMs, path: '/' },
  });
}

/** The session's CSRF token, made on first use. */
export function csrfTokenOf(req: Request): string {
  req.session.csrfToken ??= randomBytes(32).toString('base64url');
  return req.session.csrfToken;
}

/** True when the request carries its session's CSRF token (form field `_csrf` or header `X-CSRF-Token`). */
export function hasValidCsrf(req: Request): boolean {
  const expected = req.session?.csrfToken;
  const body = req.body as Record<string, unknown> | undefined;
  const sent = (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? req.get(CSRF_HEADER);
  if (expected === undefined || sent === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(sent);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** True for methods that change something. */
export function isStateChanging(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method);
}

/** Starts a new session (a new id, against session fixation) for `personId`. */
export function signIn(req: Request, personId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    req.session.regenerate((error: unknown) => {
      if (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      req.session.personId = personId;
      req.session.save((saveError: unknown) =>
        saveError ? reject(saveError instanceof Error ? saveError : new Error(String(saveError))) : resolve(),
      );
    });
  });
}

/** Ends the session in Redis. */
export function signOut(req: Request): Promise<void> {
  return new Promise((resolve, reject) => {
    req.session.destroy((error: unknown) =>
      error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(),
    );
  });
}
