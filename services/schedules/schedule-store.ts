import type { Connection } from 'mongoose';
import { createScheduleRepository, type ScheduleRepository } from '../../models/schedule.repository';

const cache = new WeakMap<Connection, ScheduleRepository>();

/** The schedule repository of `db`, built once per connection. */
export function scheduleRepositoryOf(db: Connection): ScheduleRepository {
  let repository = cache.get(db);
  if (!repository) {
    repository = createScheduleRepository(db);
    cache.set(db, repository);
  }
  return repository;
}
