import { UnrecoverableError, type Job } from 'bullmq';
import type { Transporter } from 'nodemailer';
import { mailJobSchema } from '../services/mail';

/**
 * The thin processor of the `mail` queue: validates the message (a bad one fails once, without
 * retries) and hands it to SMTP. An SMTP failure throws, and BullMQ retries with backoff.
 */
export function createMailProcessor(options: { transport: Transporter; from: string }) {
  return async function processMailJob(job: Job): Promise<{ messageId: string }> {
    const parsed = mailJobSchema.safeParse(job.data);
    if (!parsed.success) {
      throw new UnrecoverableError(
        `invalid mail job payload: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`,
      );
    }
    const info = (await options.transport.sendMail({ from: options.from, ...parsed.data })) as {
      messageId: string;
    };
    return { messageId: info.messageId };
  };
}
