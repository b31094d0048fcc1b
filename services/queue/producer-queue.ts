import { Queue, QueueEvents } from 'bullmq';
import { bullConnectionFromUrl } from './redis-options';

/** Where a producer's queue lives. */
export interface ProducerQueueOptions {
  redisUrl: string;
  /** Prefix of every BullMQ key (the workers' `QUEUE_PREFIX`). */
  prefix: string;
  /** Listen to the queue's events (job progress streams). @default true */
  listen?: boolean;
}

/** A producer's queue, its event stream (unless not listening) and how to close both. */
export interface ProducerQueue {
  queue: Queue;
  events: QueueEvents | undefined;
  close(): Promise<void>;
}

/**
 * Opens queue `name` for an API-side producer. Its Redis client fails fast (no offline queue), so
 * a write through the API is never held up by Redis being away; 'error' events are swallowed, since
 * without a listener they would crash the process while Redis is down.
 */
export function openProducerQueue(name: string, options: ProducerQueueOptions): ProducerQueue {
  const queue = new Queue(name, {
    connection: bullConnectionFromUrl(options.redisUrl, 'fail-fast'),
    prefix: options.prefix,
  });
  queue.on('error', () => undefined);
  const events =
    options.listen === false
      ? undefined
      : new QueueEvents(name, {
          connection: bullConnectionFromUrl(options.redisUrl, 'blocking'),
          prefix: options.prefix,
        });
  events?.on('error', () => undefined);
  return {
    queue,
    events,
    async close() {
      await events?.close();
      await queue.close();
    },
  };
}

/** `promise`, or a rejection naming `what` once `timeoutMs` has passed. */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
