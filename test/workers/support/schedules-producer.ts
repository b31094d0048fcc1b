import { getConfig } from '../../../config';
import { createSchedulesProducer, type SchedulesProducer } from '../../../services/queue/schedules.producer';

/** A schedules producer on a test harness's queue prefix, not listening for job events; `attempts` per job. */
export function testSchedulesProducer(prefix: string, attempts: number): SchedulesProducer {
  return createSchedulesProducer({
    redisUrl: getConfig().REDIS_URL,
    prefix,
    policy: { attempts, backoffMs: 200 },
    timeoutMs: 2_000,
    listen: false,
  });
}
