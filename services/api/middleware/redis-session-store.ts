import session from 'express-session';
import type { Redis } from 'ioredis';

type Callback = (error?: unknown, value?: session.SessionData | null) => void;

/**
 * express-session's store on an ioredis client: one key per session, `<prefix><sid>`, holding the
 * session as JSON and expiring with the cookie. (connect-redis speaks only the `redis` client's
 * API; the project talks to Redis through ioredis everywhere.)
 */
export class RedisSessionStore extends session.Store {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** Used when a session's cookie has no maxAge. Seconds. */
    private readonly defaultTtlSeconds: number,
  ) {
    super();
  }

  private ttlOf(data: session.SessionData): number {
    const maxAge = data.cookie.maxAge;
    return typeof maxAge === 'number' ? Math.max(1, Math.ceil(maxAge / 1000)) : this.defaultTtlSeconds;
  }

  override get(sid: string, callback: Callback): void {
    this.redis.get(this.prefix + sid).then(
      (value) => callback(null, value === null ? null : (JSON.parse(value) as session.SessionData)),
      (error: unknown) => callback(error),
    );
  }

  override set(sid: string, data: session.SessionData, callback?: (error?: unknown) => void): void {
    this.redis.set(this.prefix + sid, JSON.stringify(data), 'EX', this.ttlOf(data)).then(
      () => callback?.(),
      (error: unknown) => callback?.(error),
    );
  }

  override touch(sid: string, data: session.SessionData, callback?: () => void): void {
    this.redis.expire(this.prefix + sid, this.ttlOf(data)).then(
      () => callback?.(),
      () => callback?.(),
    );
  }

  override destroy(sid: string, callback?: (error?: unknown) => void): void {
    this.redis.del(this.prefix + sid).then(
      () => callback?.(),
      (error: unknown) => callback?.(error),
    );
  }
}
