import { z } from 'zod';
import type { JobsOptions } from 'bullmq';

/** The queue through which every e-mail is sent, so a request never waits for SMTP. */
export const MAIL_QUEUE = 'mail';

/**
 * The stored record a message is for: a person (sign-in links, invitations), a need (its host's
 * meeting e-mails) or a startup (its contact's). The worker sends only while the record still has
 * the message's address, so nothing queued reaches an erased person.
 */
export const mailRecipientSchema = z.object({
  kind: z.enum(['person', 'need', 'startup']),
  id: z.string().min(1).max(100),
});
export type MailRecipient = z.infer<typeof mailRecipientSchema>;

/** One message, rendered in the recipient's language before it is queued. */
export const mailJobSchema = z.object({
  to: z.string().min(3).max(320),
  subject: z.string().min(1).max(300),
  text: z.string().min(1),
  html: z.string().min(1),
  /** A calendar entry sent with the message (nodemailer's `icalEvent`: an iCalendar text/calendar part). */
  icalEvent: z.object({ method: z.literal('PUBLISH'), filename: z.string(), content: z.string() }).optional(),
  /** Whom the message is for; without it (a sign-up confirmation: nobody is stored yet) it is always sent. */
  recipient: mailRecipientSchema.optional(),
  /**
   * The other records whose person the message shows (a startup's meeting e-mail names the need's
   * host; an invitation its sender). An erasure withdraws the messages naming the erased person,
   * and the worker drops one whose named person was erased since it was queued.
   */
  mentions: z.array(mailRecipientSchema).max(20).optional(),
});
export type MailJob = z.infer<typeof mailJobSchema>;

/** First retry after this long; each further retry waits twice as long. Milliseconds. */
export const MAIL_BACKOFF_MS = 2_000;

/**
 * Retries with exponential backoff, so mail survives an SMTP server that is briefly away. A sent
 * message is removed from Redis at once: its text may hold a sign-in link. A failed one is kept a
 * day so it can be looked at.
 */
export function mailJobOptions(attempts: number): JobsOptions {
  return {
    attempts,
    backoff: { type: 'exponential', delay: MAIL_BACKOFF_MS },
    removeOnComplete: true,
    removeOnFail: { age: 24 * 3600, count: 1000 },
  };
}
