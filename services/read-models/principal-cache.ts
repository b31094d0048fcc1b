import type { Repositories } from '../../models';
import { hashApiKey, resolvePrincipal, type Principal } from '../auth';
import type { Generations } from './generations';
import { REFRESH_AHEAD_SHARE } from './read-model';

/** Most keys remembered at once; past it the cache starts again (a deployment has tens to hundreds). */
const MAX_KEYS = 10_000;

/** Resolves API keys to principals, remembering the known ones (see {@link cachePrincipals}). */
export type PrincipalResolver = (key: string) => Promise<Principal | null>;

/**
 * {@link resolvePrincipal} with the principals of known keys kept in memory, checked against the
 * `api-keys` generation on every call (writes of keys, organisations and profiles bump it, see
 * `noticeWrites`) and looked up again after `maxAgeMs`. Unknown and revoked keys are never kept:
 * each such call reads the database (the failed-authentication limit bounds how often).
 * Concurrent calls for one key at one generation share one look-up (every request of an
 * integration arriving as its key expired read the key each), and a call past
 * {@link REFRESH_AHEAD_SHARE} of `maxAgeMs` is answered from memory while the key is looked up
 * again beside it, so steady traffic never waits for that look-up.
 */
export function cachePrincipals(
  repos: Repositories,
  generations: Generations,
  maxAgeMs: number,
  now: () => number = Date.now,
): PrincipalResolver {
  const known = new Map<string, { generation: string; at: number; principal: Principal }>();
  const resolving = new Map<string, { generation: string; promise: Promise<Principal | null> }>();

  /** Looks the key up as of `generation` (read before the look-up starts) and keeps what it finds. */
  function lookUp(hash: string, key: string, generation: string): Promise<Principal | null> {
    const promise = resolvePrincipal(repos, key).then((principal) => {
      if (principal === null) known.delete(hash);
      else {
        if (known.size >= MAX_KEYS) known.clear();
        known.set(hash, { generation, at: now(), principal });
      }
      return principal;
    });
    const entry = { generation, promise };
    resolving.set(hash, entry);
    void promise
      .finally(() => {
        if (resolving.get(hash) === entry) resolving.delete(hash);
      })
      .catch(() => undefined);
    return promise;
  }

  return async (key) => {
    let generation: string;
    try {
      generation = await generations.current('api-keys');
    } catch {
      return resolvePrincipal(repos, key);
    }
    const hash = hashApiKey(key);
    const kept = known.get(hash);
    if (kept?.generation === generation && now() - kept.at < maxAgeMs) {
      if (now() - kept.at >= maxAgeMs * REFRESH_AHEAD_SHARE && !resolving.has(hash))
        lookUp(hash, key, generation).catch(() => undefined);
      return kept.principal;
    }
    const pending = resolving.get(hash);
    if (pending?.generation === generation) return pending.promise;
    return lookUp(hash, key, generation);
  };
}
