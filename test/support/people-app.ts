import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { pino } from 'pino';
import { getConfig } from '../../config';
import { getRepositories, type Person, type PersonCreateInput, databaseOf } from '../../models';
import { createApp } from '../../services/api';
import { createMailProducer, type MailProducer } from '../../services/mail';
import { createMatchesProducer } from '../../services/queue';
import { spawnWorker, type WorkerProcess } from '../workers/support/worker-process';
import { RecordingChangePublisher } from './recording-change-publisher';
import { connectTestDatabase, testDatabaseName } from './test-database';

/** The real app with sign-in and pages, a real mail worker process, over a database and queue prefix of its own. */
export interface PeopleApp {
  /** Where the app listens (127.0.0.1). */
  baseUrl: string;
  /** The origin of the links in e-mails (`http://<publicHost>:<port>`). */
  publicUrl: string;
  db: Connection;
  prefix: string;
  redis: Redis;
  mail: MailProducer;
  /** Stores a person straight through the repository (the first facilitator of a deployment is made so too). */
  createPerson(input: PersonCreateInput): Promise<Person>;
  /** Stops the worker and the server, drops the database and the Redis keys of the prefix. */
  destroy(): Promise<void>;
}

/** An e-mail address of its own for one test person. */
export function uniqueEmail(name: string): string {
  return `${name}-${randomUUID().slice(0, 8)}@matchmaker.test`;
}

/**
 * Starts createApp with `people` on 127.0.0.1:<random port>, and `npm run worker` serving only the
 * `mail` queue (it sends through SMTP_URL to the development mail server). `publicHost` names the
 * host of the links in e-mails (e.g. `matchmaker.test`, which a browser maps to 127.0.0.1).
 * `matches` publishes changes to the real `matches` queue, which the worker then serves too (on
 * this app's database), so profiles get ranked. `signUpsPerHour` sets the sign-up limit,
 * `signInLinksPerHour` the links per address (1,000 unless given: tests sign one person in often).
 */
export async function startPeopleApp(
  options: {
    publicHost?: string;
    signUpsPerHour?: number;
    signInLinksPerHour?: number;
    matches?: boolean;
  } = {},
): Promise<PeopleApp> {
  const config = getConfig();
  const dbName = testDatabaseName();
  const prefix = `test-${randomUUID()}`;
  const db = await connectTestDatabase(dbName);
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  const publicUrl = `http://${options.publicHost ?? '127.0.0.1'}:${port}`;
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
  const mail = createMailProducer({ redisUrl: config.REDIS_URL, prefix, attempts: 3, timeoutMs: 5_000 });
  // With `matches`, changes go to the real matches queue and the worker ranks them too.
  const matchesQueue = options.matches
    ? createMatchesProducer({
        redisUrl: config.REDIS_URL,
        prefix,
        policy: { attempts: 8, backoffMs: 200 },
        timeoutMs: 2_000,
      })
    : undefined;
  const app = createApp({
    db: databaseOf(db),
    changes: matchesQueue ?? new RecordingChangePublisher(),
    ...(matchesQueue ? { matchesQueue } : {}),
    logger: pino({ level: 'silent' }),
    rateLimitPerMinute: 100_000,
    rateLimitStore: { redis, prefix },
    people: {
      redis,
      sessionSecret: 'test-session-secret-of-at-least-32-characters',
      sessionHours: 1,
      publicUrl,
      mail,
      contactEmail: 'tillganglighet@matchmaker.test',
      sessionPrefix: `${prefix}:session:`,
      ...(options.signUpsPerHour === undefined ? {} : { signUpsPerHour: options.signUpsPerHour }),
      signInLinksPerHour: options.signInLinksPerHour ?? 1_000,
    },
  });
  server.on('request', app);
  const worker: WorkerProcess = spawnWorker({
    REDIS_URL: config.REDIS_URL,
    QUEUE_PREFIX: prefix,
    WORKER_QUEUES: options.matches ? 'matches,mail' : 'mail',
    // Pages are checked against the lexical ranking; test/workers/dense-channel.test.ts covers the dense channel.
    MATCH_DENSE: 'off',
    SMTP_URL: config.SMTP_URL,
    MONGODB_URI: `${config.MONGODB_URI.replace(/\/[^/]*$/, '')}/${dbName}`,
  });
  await worker.ready;

  return {
    baseUrl,
    publicUrl,
    db,
    prefix,
    redis,
    mail,
    async createPerson(input) {
      const person = await getRepositories(db).people.create(input);
      if (!person) throw new Error(`a person with ${input.email} exists already`);
      return person;
    },
    async destroy() {
      await worker.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await mail.close();
      await matchesQueue?.close();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
      await db.dropDatabase();
      await db.close();
    },
  };
}
