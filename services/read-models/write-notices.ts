import type { DenseStatusRepository, RankingStore, Repositories } from '../../models';
import type { Generations } from './generations';

/** A method that writes: after it ends (even when it failed, since a write may have committed), `bump` runs. */
function noticed<A extends unknown[], R>(
  write: (...args: A) => Promise<R>,
  bump: () => Promise<void>,
): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await write(...args);
    } finally {
      await bump();
    }
  };
}

/** A versioned write that answered it wrote nothing (a version conflict, or no such record). */
function wroteNothing(result: unknown): boolean {
  return typeof result === 'object' && result !== null && 'ok' in result && result.ok === false;
}

/**
 * Like {@link noticed}, naming the one record written (`idOf`; undefined: anything may have
 * changed); a versioned write refused before writing bumps nothing, so a stale `If-Match` does not
 * make every copy read the record again.
 */
function noticedRecord<A extends unknown[], R>(
  write: (...args: A) => Promise<R>,
  bump: (id: string | undefined) => Promise<void>,
  idOf: (args: A, result: R | undefined) => string | undefined,
): (...args: A) => Promise<R> {
  return async (...args) => {
    let result: R | undefined;
    try {
      result = await write(...args);
      return result;
    } finally {
      if (!wroteNothing(result)) await bump(idOf(args, result));
    }
  };
}

/** The id a write of one record by id (update, remove) names: its first argument. */
const firstArgument = (args: readonly unknown[]): string | undefined =>
  typeof args[0] === 'string' ? args[0] : undefined;

/**
 * The repositories with every write of needs and hosts (a need is read with its host's contact)
 * bumping the `needs` generation, every write of a startup profile `startups`, and every write of
 * API keys and every delete of an organisation or profile `api-keys`, so the read models of every API process reload before their next
 * read. Reads are untouched.
 */
export function noticeWrites(repos: Repositories, generations: Generations): Repositories {
  const needsChanged = () => generations.bump('needs');
  // A need's own write names it (the read models read that one need again); a host's changes the contact of all its needs.
  const needChanged = (id: string | undefined) => generations.bump('needs', id);
  const keysChanged = () => generations.bump('api-keys');
  // A profile's write names it (the profile versions read model reads that one profile again).
  const startupChanged = (id: string | undefined) => generations.bump('startups', id);
  const { needs, hosts, apiKeys, organisations, startups } = repos;
  return {
    ...repos,
    // A key's principal holds its organisation or profile: deleting either ends the key.
    apiKeys: {
      ...apiKeys,
      create: noticed(apiKeys.create, keysChanged),
      revoke: noticed(apiKeys.revoke, keysChanged),
      revokeBoundTo: noticed(apiKeys.revokeBoundTo, keysChanged),
    },
    organisations: { ...organisations, remove: noticed(organisations.remove, keysChanged) },
    startups: {
      ...startups,
      create: noticedRecord(startups.create, startupChanged, (_args, created) => created?.id),
      update: noticedRecord(startups.update, startupChanged, firstArgument),
      updateRaw: noticedRecord(startups.updateRaw, startupChanged, firstArgument),
      updateReviewed: noticedRecord(startups.updateReviewed, startupChanged, firstArgument),
      remove: noticedRecord(
        startups.remove,
        async (id) => {
          await startupChanged(id);
          await keysChanged();
        },
        firstArgument,
      ),
    },
    needs: {
      ...needs,
      create: noticedRecord(needs.create, needChanged, (_args, created) => created?.id),
      update: noticedRecord(needs.update, needChanged, firstArgument),
      remove: noticedRecord(needs.remove, needChanged, firstArgument),
      updateRaw: noticedRecord(needs.updateRaw, needChanged, firstArgument),
    },
    hosts: {
      ...hosts,
      create: noticed(hosts.create, needsChanged),
      update: noticed(hosts.update, needsChanged),
      remove: noticed(hosts.remove, needsChanged),
      updateRaw: noticed(hosts.updateRaw, needsChanged),
      findOrCreateFor: noticed(hosts.findOrCreateFor, needsChanged),
    },
  };
}

/**
 * The matches workers' ranking store with every index append and every write of applied versions
 * bumping the `rankings` generation once it ends, so the API processes' match lists
 * (match-views.ts) are read again before their next read: a ranking is visible to every read that
 * starts after the job that wrote it completed.
 */
export function noticeRankingWrites(store: RankingStore, generations: Generations): RankingStore {
  const rankingsChanged = () => generations.bump('rankings');
  return {
    ...store,
    appendIndex: noticed(store.appendIndex, rankingsChanged),
    writeApplied: noticed(store.writeApplied, rankingsChanged),
  };
}

/**
 * The matches workers' dense status with every record that turns `degraded` on or off bumping the
 * `rankings` generation (match lists carry `degraded`), so a list shows the flip at its next read
 * even when no ranking changed with it, not up to READ_MODEL_MAX_AGE_MS later. Records that leave
 * `degraded` as it was bump nothing: a dense pass records one after every batch of changes.
 */
export function noticeDenseStatusFlips(
  status: DenseStatusRepository,
  generations: Generations,
): DenseStatusRepository {
  return {
    ...status,
    async record(next) {
      const flips = ((await status.get())?.degraded ?? false) !== next.degraded;
      try {
        await status.record(next);
      } finally {
        if (flips) await generations.bump('rankings');
      }
    },
  };
}
