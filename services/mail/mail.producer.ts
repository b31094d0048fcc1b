import type { Job, JobType } from 'bullmq';
import { openProducerQueue, withTimeout, type ProducerQueueOptions } from '../queue/producer-queue';
import { MAIL_QUEUE, mailJobOptions, mailJobSchema, type MailJob, type MailRecipient } from './mail.queue';

/** The states of a message not handed to SMTP yet. */
const UNSENT: JobType[] = ['waiting', 'delayed', 'prioritized'];
/** Jobs read per call while looking for an address's messages. */
const WITHDRAW_PAGE = 200;

/** Options of {@link createMailProducer}. */
export interface MailProducerOptions extends Omit<ProducerQueueOptions, 'listen'> {
  /** Tries per message (config `MAIL_ATTEMPTS`). */
  attempts: number;
  /** Longest one enqueue may take before it is given up. Milliseconds. */
  timeoutMs: number;
}

/** The API's side of the `mail` queue. */
export interface MailProducer {
  /** Queues one message; resolves to its job id, rejects when Redis cannot take it in time. */
  send(message: MailJob): Promise<string>;
  /**
   * Removes every message not yet sent (waiting, delayed, prioritized) addressed to one of `addresses`
   * (compared lower-case) and resolves to how many went; one being sent right now goes out.
   */
  withdrawTo(addresses: readonly string[]): Promise<number>;
  /**
   * Removes every message not yet sent that names one of `records` besides its recipient (its
   * `mentions`) and resolves to how many went; one being sent right now goes out.
   */
  withdrawNaming(records: readonly MailRecipient[]): Promise<number>;
  /** Removes the messages with these job ids that are not yet sent and resolves to how many went. */
  withdrawIds(ids: readonly string[]): Promise<number>;
  /**
   * Gives every message not yet sent to `from` (compared lower-case) the address `to` instead
   * (a host's changed e-mail); resolves to how many. One being sent right now is not changed.
   */
  readdress(from: string, to: string): Promise<number>;
  close(): Promise<void>;
}

/** Opens the `mail` queue for sending. */
export function createMailProducer(options: MailProducerOptions): MailProducer {
  const { queue, close } = openProducerQueue(MAIL_QUEUE, { ...options, listen: false });
  /** The messages not yet sent to one of `addresses` (compared lower-case). */
  function unsentTo(addresses: readonly string[]): Promise<Job[]> {
    const wanted = new Set(addresses.map((address) => address.trim().toLowerCase()));
    return unsent((data) => typeof data.to === 'string' && wanted.has(data.to.trim().toLowerCase()));
  }
  /** The messages not yet sent whose data `wanted` picks. */
  async function unsent(wanted: (data: Partial<MailJob>) => boolean): Promise<Job[]> {
    const found: Job[] = [];
    for (let start = 0; ; start += WITHDRAW_PAGE) {
      const jobs = await withTimeout(
        queue.getJobs(UNSENT, start, start + WITHDRAW_PAGE - 1),
        options.timeoutMs,
        'reading queued e-mails',
      );
      for (const job of jobs) if (job?.id && wanted((job.data ?? {}) as Partial<MailJob>)) found.push(job);
      if (jobs.length < WITHDRAW_PAGE) break;
    }
    return found;
  }
  /** Removes `jobs` (one being sent right now stays) and resolves to how many went. */
  async function withdraw(jobs: Promise<Job[]>): Promise<number> {
    let withdrawn = 0;
    for (const job of await jobs)
      if ((await withTimeout(queue.remove(job.id!), options.timeoutMs, 'withdrawing an e-mail')) === 1)
        withdrawn += 1;
    return withdrawn;
  }
  return {
    async send(message) {
      const job = await withTimeout(
        queue.add('send', mailJobSchema.parse(message), mailJobOptions(options.attempts)),
        options.timeoutMs,
        'queueing an e-mail',
      );
      return String(job.id);
    },
    withdrawTo(addresses) {
      return withdraw(unsentTo(addresses));
    },
    withdrawNaming(records) {
      const named = new Set(records.map((record) => `${record.kind}:${record.id}`));
      return withdraw(
        unsent(
          (data) => Array.isArray(data.mentions) && data.mentions.some((m) => named.has(`${m.kind}:${m.id}`)),
        ),
      );
    },
    async withdrawIds(ids) {
      const jobs: Job[] = [];
      for (const id of ids) {
        const job = await withTimeout(queue.getJob(id), options.timeoutMs, 'reading a queued e-mail');
        if (job && UNSENT.includes((await job.getState()) as JobType)) jobs.push(job);
      }
      return withdraw(Promise.resolve(jobs));
    },
    async readdress(from, to) {
      const jobs = await unsentTo([from]);
      for (const job of jobs)
        await withTimeout(
          job.updateData({ ...(job.data as MailJob), to }),
          options.timeoutMs,
          'readdressing an e-mail',
        );
      return jobs.length;
    },
    close,
  };
}
