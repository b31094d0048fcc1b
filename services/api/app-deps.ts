import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { ChangePublisher } from '../changes';

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
  /** Largest JSON body, in body-parser syntax. @default "256kb" */
  bodyLimit?: string;
  /** Pinged by `/readyz` when given. */
  redis?: PingableRedis;
}
