import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, MemoryStore, rateLimit, type Options, type Store } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { AppError } from '../../app-error';
import { hashApiKey } from '../../auth';
import { bearerToken } from './bearer-token';

/** One minute, the window of both limits. */
const WINDOW_MS = 60_000;

/** Anything that sends a raw Redis command (an ioredis client's `call` fits). */
export interface RedisCommandSender {
  call(command: string, ...args: string[]): Promise<unknown>;
}

/** Where the counters live: Redis under `prefix`, shared by every API process that uses the same one. */
export interface RateLimitStoreOptions {
  redis: RedisCommandSender;
  /** Start of every counter key, e.g. the queue prefix: `<prefix>:rate-limit:<limit>:<client>`. */
  prefix: string;
  /**
   * Reads a key of the same Redis (`batchedReads`: the reads of one event-loop turn as one MGET).
   * Given, each request's read of its address's failed authentications goes through it instead of
   * a command of its own. @default each read its own command, through `redis`
   */
  read?: (key: string) => Promise<string | null>;
}

/** The start of a limit's counter keys; the client's key follows it. */
function keyPrefixOf(options: RateLimitStoreOptions, limitName: string): string {
  return `${options.prefix}:rate-limit:${limitName}:`;
}

function storeOf(options: RateLimitStoreOptions | undefined, limitName: string): Store | undefined {
  if (!options) return undefined;
  return new RedisStore({
    sendCommand: (command: string, ...args: string[]) =>
      options.redis.call(command, ...args) as Promise<RedisReply>,
    prefix: keyPrefixOf(options, limitName),
  });
}

/** Most client addresses whose counter key is remembered; past it the memory starts again. */
const MAX_REMEMBERED_ADDRESSES = 10_000;
const addressKeys = new Map<string, string>();

/**
 * The counter key of the request's client address. `ipKeyGenerator` parses the address (an IPv6
 * one, as `::ffff:127.0.0.1` is, with `ip-address`): 5 % of the API's CPU on `GET /needs`, run for
 * every request, so its answer is kept per address (it depends on the address alone).
 */
function clientAddress(req: Request): string {
  const ip = req.ip ?? 'unknown';
  let key = addressKeys.get(ip);
  if (key === undefined) {
    key = `ip:${ipKeyGenerator(ip)}`;
    if (addressKeys.size >= MAX_REMEMBERED_ADDRESSES) addressKeys.clear();
    addressKeys.set(ip, key);
  }
  return key;
}

function tooMany(detail: string): RequestHandler {
  return (_req, res, next) => {
    res.set('Retry-After', String(WINDOW_MS / 1000));
    next(new AppError('rate_limited', detail, { httpStatus: 429 }));
  };
}

/**
 * At most `perMinute` requests per API key (by hash, so no database lookup) or per client IP
 * without one; beyond that 429 problem+json. Counters live in Redis when `store` is given (shared
 * by every API process), else in this process's memory. A Redis outage lets requests through
 * (logged): the limit protects the service, it is not worth refusing every request over.
 */
export function rateLimitPerKey(perMinute: number, store?: RateLimitStoreOptions): RequestHandler {
  const redisStore = storeOf(store, 'key');
  return rateLimit({
    windowMs: WINDOW_MS,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    passOnStoreError: true,
    ...(redisStore ? { store: redisStore } : {}),
    keyGenerator: (req) => {
      const token = bearerToken(req);
      return token === undefined ? clientAddress(req) : `key:${hashApiKey(token)}`;
    },
    handler: tooMany(`More than ${perMinute} requests in a minute; retry later.`),
  });
}

/**
 * At most `perMinute` failed authentications (401s) per client address; beyond that every request
 * from the address gets 429 until the minute is over, before its key is looked up. Random bearer
 * tokens each have a per-key counter of their own, so without this each one cost a key look-up.
 * Only a 401 answer counts, once it is sent: requests in flight are not counted, so many requests
 * at once from one address (clients behind one proxy, a page opening several lists) are not
 * mistaken for failures. A Redis outage lets requests through, as with the other limits.
 */
export function limitFailedAuthentications(perMinute: number, store?: RateLimitStoreOptions): RequestHandler {
  const failures: Store = storeOf(store, 'auth-failures') ?? new MemoryStore();
  const ready = Promise.resolve(failures.init?.({ windowMs: WINDOW_MS } as Options));
  const refuse = tooMany(
    `More than ${perMinute} failed authentications from this address in a minute; retry later.`,
  );
  // The count the store's increment keeps under its key (rate-limit-redis: `<its prefix><client>`).
  const read = store?.read;
  const failedAt = read
    ? async (address: string) => Number((await read(keyPrefixOf(store, 'auth-failures') + address)) ?? 0)
    : async (address: string) => {
        await ready;
        return (await failures.get?.(address))?.totalHits ?? 0;
      };
  return async (req, res, next) => {
    const address = clientAddress(req);
    let failed = 0;
    try {
      failed = await failedAt(address);
    } catch {
      // Redis away: let the request through.
    }
    if (failed >= perMinute) {
      refuse(req, res, next);
      return;
    }
    res.on('finish', () => {
      if (res.statusCode === 401) void Promise.resolve(failures.increment(address)).catch(() => undefined);
    });
    next();
  };
}

/** One hour, the window of the sign-up limit. */
const HOUR_MS = 3_600_000;

/**
 * At most `perHour` sign-ups (requests through this middleware) per client address in an hour,
 * counted in Redis when `store` is given; the rest go to `refuse` (which answers 429 in the
 * person's language). A Redis outage lets sign-ups through (logged), as with the other limits.
 */
export function limitSignUps(
  perHour: number,
  store: RateLimitStoreOptions | undefined,
  refuse: RequestHandler,
): RequestHandler {
  const redisStore = storeOf(store, 'sign-up');
  return rateLimit({
    windowMs: HOUR_MS,
    limit: perHour,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    passOnStoreError: true,
    ...(redisStore ? { store: redisStore } : {}),
    keyGenerator: clientAddress,
    handler: (req, res, next) => {
      res.set('Retry-After', String(HOUR_MS / 1000));
      refuse(req, res, next);
    },
  });
}
