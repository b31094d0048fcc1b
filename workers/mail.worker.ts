import { hostname } from 'node:os';
import { Worker } from 'bullmq';
import { createTransport } from 'nodemailer';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { openDatabase } from '../models';
import { MAIL_QUEUE, namedStillThere, recipientStillThere } from '../services/mail';
import { bullConnectionFromUrl } from '../services/queue/redis-options';
import { createMailProcessor, type MailJobResult } from './mail.processor';
import type { RunningWorker } from './matches.worker';

/** How many messages one worker hands to SMTP at once. */
const MAIL_CONCURRENCY = 4;

/**
 * Serves the `mail` queue: sends each message over `SMTP_URL` (nodemailer), once the database
 * (`MONGODB_URI`) confirms that its recipient still has the address.
 */
export async function startMailWorker(config: Config, logger: Logger): Promise<RunningWorker> {
  const db = await openDatabase(config.MONGODB_URI);
  const transport = createTransport(config.SMTP_URL);
  const processor = createMailProcessor({
    transport,
    from: config.MAIL_FROM,
    stillThere: (recipient, to) => recipientStillThere(db.repos, recipient, to),
    namedStillThere: (mentions) => namedStillThere(db.repos, mentions),
  });
  const worker = new Worker(MAIL_QUEUE, processor, {
    connection: bullConnectionFromUrl(config.REDIS_URL, 'blocking'),
    prefix: config.QUEUE_PREFIX,
    name: `${hostname()}:${process.pid}`,
    concurrency: MAIL_CONCURRENCY,
    autorun: false,
  });
  worker.on('error', (err) => logger.warn({ err: err.message }, 'mail worker'));
  // The address is logged, never the message: it may hold a sign-in link.
  worker.on('failed', (job, err) =>
    logger.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'mail not sent yet'),
  );
  worker.on('completed', (job, result: MailJobResult) => {
    if ('skipped' in result)
      logger.info(
        { jobId: job.id, reason: result.skipped },
        'mail not sent: its recipient, or someone it names, is gone or was erased',
      );
  });
  return {
    run() {
      worker
        .run()
        .catch((err: unknown) => logger.error({ err: (err as Error).message }, 'mail worker stopped'));
    },
    async close() {
      await worker.close();
      transport.close();
      await db.close();
    },
  };
}
