import { randomUUID } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { Types } from 'mongoose';
import { getConfig } from '../../config';
import { SCHEDULES_QUEUE } from '../../services/queue/queues';
import { bullConnectionFromUrl } from '../../services/queue/redis-options';
import { createSchedulesProducer, type SchedulesProducer } from '../../services/queue/schedules.producer';
import { startTestApp, type TestApp } from '../support';

/** The events of a server-sent event stream, in order. */
function eventsOf(text: string): { event: string; data: unknown }[] {
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('event: '))
    .map((block) => {
      const [eventLine = '', dataLine = ''] = block.split('\n');
      return { event: eventLine.slice('event: '.length), data: JSON.parse(dataLine.slice('data: '.length)) };
    });
}

describe('GET /jobs/:id/events keeps its order when the job finishes while the stream opens', () => {
  const prefix = `test-${randomUUID()}`;
  let producer: SchedulesProducer;
  let app: TestApp;
  let gate: Redis;
  let worker: Worker | undefined;

  beforeAll(async () => {
    producer = createSchedulesProducer({
      redisUrl: getConfig().REDIS_URL,
      prefix,
      policy: { attempts: 1, backoffMs: 100 },
      timeoutMs: 5_000,
    });
    await producer.queue.waitUntilReady();
    await producer.events?.waitUntilReady();
    app = await startTestApp({ schedulesQueue: producer });
    gate = new Redis(getConfig().REDIS_URL);
  });

  afterAll(async () => {
    await worker?.close();
    await app.destroy();
    await producer.queue.obliterate({ force: true }).catch(() => undefined);
    await producer.close();
    await gate.quit();
  });

  it('a job that completes between the stream listening and reading the job: state first, then completed', async () => {
    const events = producer.events;
    if (!events) throw new Error('the producer listens to its events');
    const jobId = await producer.enqueue({ action: 'build', eventId: new Types.ObjectId().toHexString() });
    const gateKey = `${prefix}:gate`;
    // BullMQ's client is a proxy over the raw ioredis connection, whose commands it forwards as they are.
    const apiClient = (await producer.queue.getBackend().client) as unknown as Redis;
    // QueueEvents is an EventEmitter; its typed `on` leaves out EventEmitter's own 'newListener'.
    const emitter: EventEmitter = events;

    // The moment the route listens for completion, hold the queue's Redis connection (the one the
    // route reads the job on) behind a blocking pop: the route's read of the job waits on it.
    const listening = new Promise<{ held: Promise<unknown> }>((resolve) => {
      const hook = (name: string | symbol) => {
        if (name !== 'completed') return;
        emitter.off('newListener', hook);
        resolve({ held: apiClient.blpop(gateKey, 0) });
      };
      emitter.on('newListener', hook);
    });
    const stream = fetch(`${app.baseUrl}/jobs/${jobId}/events`, {
      headers: { authorization: `Bearer ${app.facilitatorKey}` },
    }).then((response) => response.text());
    const { held } = await listening;

    // The job runs and completes, and the route hears of it, while its read is held.
    const completed = new Promise<void>((resolve) => {
      const onCompleted = ({ jobId: id }: { jobId: string }) => {
        if (id !== jobId) return;
        events.off('completed', onCompleted);
        resolve();
      };
      events.on('completed', onCompleted);
    });
    worker = new Worker(
      SCHEDULES_QUEUE,
      async (job) => {
        await job.updateProgress(0.5);
        return { done: true };
      },
      { connection: bullConnectionFromUrl(getConfig().REDIS_URL, 'blocking'), prefix },
    );
    await completed;
    await gate.lpush(gateKey, 'open');
    await held;

    const received = eventsOf(await stream);
    expect(received.map(({ event }) => event)).toEqual(['state', 'completed']);
    expect(received[0]?.data).toMatchObject({ id: jobId, state: 'completed', progress: 0.5 });
    expect(received[1]?.data).toEqual({ jobId, result: { done: true } });
  });
});
