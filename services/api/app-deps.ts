import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ChangePublisher } from '../changes';
import type { MailProducer } from '../mail';
import type { MatchesProducer } from '../queue/change.producer';
import type { SchedulesProducer } from '../queue/schedules.producer';
import type { RateLimitStoreOptions } from './middleware';
import type { Database } from '../../models';
import type { Generations } from '../read-models';

/** Anything with a Redis-style `ping` (an ioredis client fits). */
export interface PingableRedis {
  ping(): Promise<string>;
}

/** Sign-in by e-mail link, sessions and the pages for people. */
export interface PeopleDeps {
  /** Where sessions are kept. */
  redis: Redis;
  /** Signs the session cookie (config `SESSION_SECRET`). */
  sessionSecret: string;
  /** A session ends after this many hours without a request (config `SESSION_HOURS`). */
  sessionHours: number;
  /** Origin people reach the product at (config `PUBLIC_URL`); `https:` makes cookies `Secure` and sends HSTS and CSP upgrade-insecure-requests on requests that came over TLS. */
  publicUrl: string;
  /** The `mail` queue: sign-in links and invitations go out through it. */
  mail: MailProducer;
  /** Shown in the accessibility statement. */
  contactEmail: string;
  /** Prefix of session keys in Redis. @default "matchmaker:session:" */
  sessionPrefix?: string;
  /** Sign-ups one client address may send per hour on the public sign-up pages (config `SIGN_UPS_PER_HOUR`). @default 10 */
  signUpsPerHour?: number;
  /** Sign-in links one e-mail address may be sent per hour, however many clients ask (config `SIGN_IN_LINKS_PER_HOUR`). @default 5 */
  signInLinksPerHour?: number;
}

/** What {@link createApp} is built from. */
export interface AppDeps {
  /** A dedicated connection (`connectDatabase`), not mongoose's global one. */
  db: Database;
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
  /** Runs after a schedule is published; `server.ts` queues the meetings' reminders and outcome e-mails with it. */
  afterPublish?: (eventId: string) => Promise<void>;
  /** Sign-in, sessions and pages for people. Without it only API keys authenticate and those pages are not served. */
  people?: PeopleDeps;
  /**
   * The generation counters of the read models (`services/read-models`): in Redis when several API
   * processes serve the same database (`server.ts`), so each sees the others' writes at once.
   * @default counters in this process's memory (right for one process)
   */
  generations?: Generations;
  /** Proxy hops whose X-Forwarded-* headers are trusted (config `TRUST_PROXY`; 1 behind a TLS-terminating proxy). @default 0 */
  trustProxy?: number;
}
