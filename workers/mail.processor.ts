import { UnrecoverableError, type Job } from 'bullmq';
import type { Transporter } from 'nodemailer';
import { mailJobSchema, type MailRecipient } from '../services/mail';

/** What the processor did with one message. */
export type MailJobResult = { messageId: string } | { skipped: 'recipient_gone' | 'named_person_erased' };

/**
 * The thin processor of the `mail` queue: validates the message (a bad one fails once, without
 * retries), checks at send time that its recipient's record still has the address (a message for
 * someone erased or re-addressed since it was queued is dropped), and that no one else it names was
 * erased since (it would show their name or address: dropped too), and hands it to SMTP. An SMTP or
 * database failure throws, and BullMQ retries with backoff.
 */
export function createMailProcessor(options: {
  transport: Transporter;
  from: string;
  stillThere: (recipient: MailRecipient, to: string) => Promise<boolean>;
  /** Whether every record the message names besides its recipient still has its person (none erased). */
  namedStillThere: (mentions: readonly MailRecipient[]) => Promise<boolean>;
}) {
  return async function processMailJob(job: Job): Promise<MailJobResult> {
    const parsed = mailJobSchema.safeParse(job.data);
    if (!parsed.success) {
      throw new UnrecoverableError(
        `invalid mail job payload: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`,
      );
    }
    const { recipient, mentions, ...message } = parsed.data;
    if (recipient && !(await options.stillThere(recipient, message.to))) return { skipped: 'recipient_gone' };
    if (mentions && !(await options.namedStillThere(mentions))) return { skipped: 'named_person_erased' };
    const info = (await options.transport.sendMail({ from: options.from, ...message })) as {
      messageId: string;
    };
    return { messageId: info.messageId };
  };
}
