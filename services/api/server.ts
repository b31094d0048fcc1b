import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { getConfig, sessionSecretOf } from '../../config';
import { openDatabase } from '../../models';
import { createMatchesProducer } from '../queue/change.producer';
import { createSchedulesProducer } from '../queue/schedules.producer';
import { startAddressChangeSweep } from '../hosts';
import { createMailProducer } from '../mail';
import { createDelayedMailQueue, meetingMailAfterPublish } from '../outcomes';
import { batchedReads, redisGenerations } from '../read-models';
import { createApp } from './app';
import { createClosableServer } from './graceful-close';

/** How long in-flight requests may take to finish after SIGTERM (then the process exits with 1). */
const SHUTDOWN_GRACE_MS = 10_000;

/** `npm start`: connects to MongoDB, serves the API on PORT, shuts down gracefully on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = getConfig();
  const sessionSecret = sessionSecretOf(config);
  const logger = pino({ level: config.LOG_LEVEL });
  const db = await openDatabase(config.MONGODB_URI);
  await db.ensureIndexes();
  const migration = await db.migrateNeedOwnersToHosts();
  if (migration.migrated > 0 || migration.conflicts.length > 0)
    logger[migration.conflicts.length > 0 ? 'warn' : 'info'](
      migration,
      'needs referred to hosts made from their stored owners',
    );
  const changes = createMatchesProducer({
    redisUrl: config.REDIS_URL,
    prefix: config.QUEUE_PREFIX,
    policy: { attempts: config.WORKER_JOB_ATTEMPTS, backoffMs: config.WORKER_BACKOFF_MS },
    timeoutMs: config.PUBLISH_TIMEOUT_MS,
  });
  const schedulesQueue = createSchedulesProducer({
    redisUrl: config.REDIS_URL,
    prefix: config.QUEUE_PREFIX,
    policy: { attempts: config.WORKER_JOB_ATTEMPTS, backoffMs: config.WORKER_BACKOFF_MS },
    timeoutMs: config.PUBLISH_TIMEOUT_MS,
  });
  // For /readyz and sessions: fails fast instead of queueing commands while Redis is away.
  // Auto-pipelining: the commands of one event-loop turn go out in one write.
  const redis = new Redis(config.REDIS_URL, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    enableAutoPipelining: true,
  });
  redis.on('error', (error: unknown) => logger.warn({ err: error }, 'redis (readiness) connection error'));
  // Rate-limit counters, shared by every API process; a command that cannot be sent soon fails (and the request passes).
  const rateLimitRedis = new Redis(config.REDIS_URL, {
    maxRetriesPerRequest: 1,
    commandTimeout: 1_000,
    enableAutoPipelining: true,
  });
  rateLimitRedis.on('error', (error: unknown) =>
    logger.warn({ err: error }, 'redis (rate limit) connection error'),
  );
  const mail = createMailProducer({
    redisUrl: config.REDIS_URL,
    prefix: config.QUEUE_PREFIX,
    attempts: config.MAIL_ATTEMPTS,
    timeoutMs: config.PUBLISH_TIMEOUT_MS,
  });
  const meetingMail = createDelayedMailQueue({
    redisUrl: config.REDIS_URL,
    prefix: config.QUEUE_PREFIX,
    attempts: config.MAIL_ATTEMPTS,
    timeoutMs: config.PUBLISH_TIMEOUT_MS,
  });
  // The read models' generation counters, shared by every API process on this Redis. A client of
  // their own, failing fast like the one above, without auto-pipelining: they send the reads of one
  // event-loop turn as one MGET themselves, which auto-pipelining would hold back a turn more.
  const generationsRedis = new Redis(config.REDIS_URL, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
  });
  generationsRedis.on('error', (error: unknown) =>
    logger.warn({ err: error }, 'redis (generations) connection error'),
  );
  // The failed-authentication counts every request reads, one MGET a turn on the same client.
  const readTogether = batchedReads(generationsRedis);
  const generations = redisGenerations(generationsRedis, config.QUEUE_PREFIX, (error, name) =>
    logger.warn({ err: error, name }, 'read model change not shared; other API processes see it within 2 s'),
  );
  const app = createApp({
    people: {
      redis,
      sessionSecret,
      sessionHours: config.SESSION_HOURS,
      publicUrl: config.PUBLIC_URL,
      mail,
      contactEmail: config.CONTACT_EMAIL,
      sessionPrefix: `${config.QUEUE_PREFIX}:session:`,
      signUpsPerHour: config.SIGN_UPS_PER_HOUR,
      signInLinksPerHour: config.SIGN_IN_LINKS_PER_HOUR,
    },
    trustProxy: config.TRUST_PROXY,
    db,
    changes,
    matchesQueue: changes,
    schedulesQueue,
    scheduleAsyncMinSize: config.SCHEDULE_ASYNC_MIN_SIZE,
    afterPublish: meetingMailAfterPublish(
      { repos: db.repos, changes, logger },
      meetingMail,
      config.PUBLIC_URL,
    ),
    redis,
    logger,
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    authFailuresPerMinute: config.AUTH_FAILURES_PER_MINUTE,
    rateLimitStore: { redis: rateLimitRedis, prefix: config.QUEUE_PREFIX, read: readTogether },
    bodyLimit: config.BODY_LIMIT,
    generations,
  });
  // A host's change of e-mail cut short (a process stopped mid-way) is finished without waiting for the host's next write.
  const addressChanges = startAddressChangeSweep({ repos: db.repos, changes, logger }, mail);
  const { server, close } = createClosableServer(app);
  server.listen(config.PORT, () => {
    logger.info({ port: (server.address() as AddressInfo).port }, 'API listening');
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    void Promise.all([close(), addressChanges.stop()]).then(() =>
      Promise.allSettled([
        changes.close(),
        schedulesQueue.close(),
        mail.close(),
        meetingMail.close(),
        db.close(),
        redis.quit(),
        rateLimitRedis.quit(),
        generationsRedis.quit(),
      ]).then(() => process.exit(0)),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
