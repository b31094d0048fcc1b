import { openProducerQueue, withTimeout, type ProducerQueueOptions } from '../queue/producer-queue';
import { MAIL_QUEUE, mailJobOptions, mailJobSchema, type MailJob } from './mail.queue';

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
  close(): Promise<void>;
}

/** Opens the `mail` queue for sending. */
export function createMailProducer(options: MailProducerOptions): MailProducer {
  const { queue, close } = openProducerQueue(MAIL_QUEUE, { ...options, listen: false });
  return {
    async send(message) {
      const job = await withTimeout(
        queue.add('send', mailJobSchema.parse(message), mailJobOptions(options.attempts)),
        options.timeoutMs,
        'queueing an e-mail',
      );
      return String(job.id);
    },
    close,
  };
}
