import { createHash } from 'node:crypto';

/** Sign-in links one e-mail address may be sent in an hour when no limit is configured. */
export const DEFAULT_SIGN_IN_LINKS_PER_HOUR = 5;

/** One hour, the window of the limit. Milliseconds. */
const HOUR_MS = 3_600_000;

/** Anything that sends a raw Redis command (an ioredis client's `call` fits). */
export interface RedisCommandSender {
  call(command: string, ...args: string[]): Promise<unknown>;
}

/** At most so many sign-in links per e-mail address an hour, whoever asks for them. */
export interface SignInLinkLimit {
  /** Counts one link for `email`; false when the address has had its links for this hour (send none). */
  take(email: string): Promise<boolean>;
}

export interface SignInLinkLimitOptions {
  perHour: number;
  /** Counters in Redis (`<prefix>:sign-in-links:<sha256 of the address>`), shared by every API process; else in this process. */
  store?: { redis: RedisCommandSender; prefix: string };
  /** Told when Redis cannot count: the link is then sent (as the other limits let requests through). */
  onStoreError?: (error: unknown) => void;
}

/** The address as counted: lower-case, hashed so that Redis holds no e-mail addresses. */
function counterName(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
}

/**
 * A limit on the sign-in links sent to one address, so that nobody can flood a person's inbox from
 * many client addresses. The person asking is told the same either way (no account enumeration):
 * callers just send nothing when `take` says no.
 */
export function createSignInLinkLimit(options: SignInLinkLimitOptions): SignInLinkLimit {
  const { perHour, store } = options;
  if (!store) {
    const counts = new Map<string, { count: number; resetAt: number }>();
    return {
      async take(email) {
        const name = counterName(email);
        const now = Date.now();
        const current = counts.get(name);
        const counter = current && current.resetAt > now ? current : { count: 0, resetAt: now + HOUR_MS };
        counter.count += 1;
        counts.set(name, counter);
        return counter.count <= perHour;
      },
    };
  }
  return {
    async take(email) {
      const key = `${store.prefix}:sign-in-links:${counterName(email)}`;
      try {
        // The window starts with the first link: SET … NX gives the counter its expiry once, INCR keeps it.
        await store.redis.call('SET', key, '0', 'PX', String(HOUR_MS), 'NX');
        return Number(await store.redis.call('INCR', key)) <= perHour;
      } catch (error) {
        options.onStoreError?.(error);
        return true;
      }
    },
  };
}
