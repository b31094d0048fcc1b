import type { RankingStore, Repositories } from '../../models';
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

/**
 * The repositories with every write of needs and hosts (a need is read with its host's contact)
 * bumping the `needs` generation, every write of a startup profile `startups`, and every write of
 * API keys and every delete of an organisation or profile `api-keys`, so the read models of every API process reload before their next
 * read. Reads are untouched.
 */
export function noticeWrites(repos: Repositories, generations: Generations): Repositories {
  const needsChanged = () => generations.bump('needs');
  const keysChanged = () => generations.bump('api-keys');
  const startupsChanged = () => generations.bump('startups');
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
      create: noticed(startups.create, startupsChanged),
      update: noticed(startups.update, startupsChanged),
      updateRaw: noticed(startups.updateRaw, startupsChanged),
      updateReviewed: noticed(startups.updateReviewed, startupsChanged),
      remove: noticed(startups.remove, async () => {
        await startupsChanged();
        await keysChanged();
      }),
    },
    needs: {
      ...needs,
      create: noticed(needs.create, needsChanged),
      update: noticed(needs.update, needsChanged),
      remove: noticed(needs.remove, needsChanged),
      updateRaw: noticed(needs.updateRaw, needsChanged),
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
