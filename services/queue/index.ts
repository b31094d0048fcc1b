export { createMatchesProducer, type MatchesProducer, type MatchesProducerOptions } from './change.producer';
export {
  createSchedulesProducer,
  type SchedulesProducer,
  type SchedulesProducerOptions,
} from './schedules.producer';
export {
  MATCHES_QUEUE,
  matchesQueueName,
  SCHEDULES_QUEUE,
  matchesJobSchema,
  schedulesJobSchema,
  deduplicationIdOf,
  matchesJobOptions,
  type MatchesJob,
  type ChangeJob,
  type RebuildJob,
  type SchedulesJob,
  type JobPolicy,
} from './queues';
export { redisOptionsFromUrl, bullConnectionFromUrl } from './redis-options';
export type { MatchesMetrics } from './matches.metrics';
