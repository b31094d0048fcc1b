/**
 * No mail is lost when the SMTP server is briefly away: a message queued while nothing listens on
 * the worker's SMTP_URL fails its first attempts (connection refused), BullMQ retries it with
 * backoff, and once a real mail server (a private MailDev the test starts on that port) answers,
 * the message arrives there, once. Real worker process, Redis and mail server; no mocks.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { getConfig } from '../../config';
import { createMailProducer, MAIL_QUEUE, type MailProducer } from '../../services/mail';
import { bullConnectionFromUrl } from '../../services/queue/redis-options';
import { testDatabaseName } from '../support/test-database';
import { freePort } from './support/private-servers';
import { waitFor } from './support/wait';
import { spawnWorker, type WorkerProcess } from './support/worker-process';

const SERVICES = path.join(__dirname, '..', '..', 'scripts', 'services');

interface InboxMessage {
  subject: string;
  to: { address: string }[];
}

/** MailDev's start script, as the services script installs it. */
function maildevScript(): string {
  return execFileSync('bash', [SERVICES, 'maildev-bin'], { encoding: 'utf8' }).trim().split('\n').pop() ?? '';
}

describe('the mail queue when SMTP is briefly down', () => {
  const config = getConfig();
  const prefix = `test-${randomUUID()}`;
  let smtpPort: number;
  let webPort: number;
  let worker: WorkerProcess;
  let mail: MailProducer;
  let queue: Queue;
  let maildev: ChildProcess | undefined;

  beforeAll(async () => {
    smtpPort = await freePort();
    webPort = await freePort();
    worker = spawnWorker({
      REDIS_URL: config.REDIS_URL,
      QUEUE_PREFIX: prefix,
      WORKER_QUEUES: 'mail',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MONGODB_URI: `${config.MONGODB_URI.replace(/\/[^/]*$/, '')}/${testDatabaseName()}`,
    });
    await worker.ready;
    mail = createMailProducer({ redisUrl: config.REDIS_URL, prefix, attempts: 6, timeoutMs: 5_000 });
    queue = new Queue(MAIL_QUEUE, {
      connection: bullConnectionFromUrl(config.REDIS_URL, 'fail-fast'),
      prefix,
    });
  });

  afterAll(async () => {
    await worker.stop();
    if (maildev && maildev.exitCode === null) {
      const exited = new Promise((resolve) => maildev?.once('exit', resolve));
      maildev.kill('SIGTERM');
      await exited;
    }
    await mail.close();
    await queue.close();
    const redis = new Redis(config.REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('retries with backoff while SMTP refuses, and delivers the message once the server answers', async () => {
    const to = `retry-${randomUUID().slice(0, 8)}@matchmaker.test`;
    const jobId = await mail.send({
      to,
      subject: 'Din inloggningslänk till Matchmaker',
      text: 'Hej!',
      html: '<p>Hej!</p>',
    });

    // Two attempts fail against the closed port; the job waits for its next try, it is not failed.
    const waiting = await waitFor(
      'two failed attempts',
      async () => {
        const job = await queue.getJob(jobId);
        return job && job.attemptsMade >= 2 ? job : undefined;
      },
      30_000,
    );
    expect(waiting.failedReason).toMatch(/ECONNREFUSED/);
    expect(await waiting.getState()).toBe('delayed');

    // Now a real mail server comes up on the worker's SMTP port.
    maildev = spawn(
      process.execPath,
      [
        maildevScript(),
        '--smtp',
        String(smtpPort),
        '--ip',
        '127.0.0.1',
        '--web',
        String(webPort),
        '--web-ip',
        '127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const inbox = `http://127.0.0.1:${webPort}/api/email`;
    const received = await waitFor(
      'the message in the private mail server',
      async () => {
        const response = await fetch(inbox);
        const messages = (await response.json()) as InboxMessage[];
        const ours = messages.filter((m) => m.to.some((address) => address.address === to));
        return ours.length > 0 ? ours : undefined;
      },
      60_000,
      250,
    );
    expect(received.map((m) => m.subject)).toEqual(['Din inloggningslänk till Matchmaker']);
    // Sent, so removed from Redis at once (it may hold a sign-in link); never sent twice.
    await waitFor('the job to be removed', async () => ((await queue.getJob(jobId)) ? undefined : true));
    const after = (await (await fetch(inbox)).json()) as InboxMessage[];
    expect(after.filter((m) => m.to.some((address) => address.address === to))).toHaveLength(1);
  });
});
