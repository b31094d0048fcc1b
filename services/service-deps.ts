import type { Logger } from 'pino';
import type { Repositories } from '../models';
import type { ChangePublisher, EntityChange } from './changes';
import type { ReadModels } from './read-models';

/** What the use-cases need: the repositories, the change publisher, a logger. */
export interface ServiceDeps {
  /** Every read and write of stored data goes through these (models/). */
  repos: Repositories;
  changes: ChangePublisher;
  logger: Logger;
  /** In-memory copies the API reads from (`services/read-models`); without them reads go to the repositories. */
  readModels?: ReadModels;
}

/**
 * Publishes a committed change. A failure does not undo the write (it is committed); it is logged
 * and reported as `false` so the caller can tell the client that matches may be stale.
 */
export async function publishChange(deps: ServiceDeps, change: EntityChange): Promise<boolean> {
  try {
    await deps.changes.publish(change);
    return true;
  } catch (error) {
    deps.logger.error(
      { err: error, change },
      'change not published; matches may be stale until the next full recompute',
    );
    return false;
  }
}

/** A write's result plus whether its change notification went out. */
export interface Published<T> {
  value: T;
  changePublished: boolean;
}
