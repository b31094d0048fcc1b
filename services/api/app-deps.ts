import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { ChangePublisher } from '../changes';
import type { MatchesProducer } from '../queue/change.producer';
import type { SchedulesProducer } from '../queue/schedules.producer';
import type { RateLimitStoreOptions } from './middleware';

/** Anything with a Redis-style `ping` (an ioredis client fits). */
export interface PingableRedis {
  ping(): Promise<string>;
}

/** What {@link createApp} is built from. */
export interface AppDeps {
  /** A dedicated connection (`connectDatabase`), not mongoose's global one. */
  db: Connection;
  /** Told of every committed change to a need or startup profile. */
  changes: ChangePublisher;
  /** Request and error logs. @default pino at level "info" */
  logger?: Logger;
  /** Requests per minute per API key (per IP without a key). @default 600 */
  rateLimitPerMinute?: number;
  /** Failed authentications (401s) per minute per client address; then 429 for the rest of the minute. @default 60 */
  authFailuresPerMinute?: number;
  /** Redis for the rate-limit counters, shared by every API process; without it each process counts in memory. */
  rateLimitStore?: RateLimitStoreOptions;
  /** Largest JSON body, in body-parser syntax. @default "256kb" */
  bodyLimit?: string;
  /** Pinged by `/readyz` when given. */
  redis?: PingableRedis;
  /**
   * The `matches` queue's producer (usually also `changes`): `GET /jobs/:id` of matches jobs,
   * `POST /matches/rebuild`, `stale` flags on match lists, `/metrics`. Without it those answer 503
   * (metrics: empty).
   */
  matchesQueue?: MatchesProducer;
  /** The `schedules` queue's producer: large builds and repairs run there (202). Without it every build and repair runs in the request. */
  schedulesQueue?: SchedulesProducer;
  /**
   * Instance size (enrolled needs × enrolled startups × meeting slots) from which a build or repair
   * goes to `schedulesQueue` instead of running in the request. 0 sends every one. Config
   * `SCHEDULE_ASYNC_MIN_SIZE`. @default 1_000_000
   */
  scheduleAsyncMinSize?: number;
}
