import type { Repositories } from '../../models';
import { hashApiKey, resolvePrincipal, type Principal } from '../auth';
import type { Generations } from './generations';

/** Most keys remembered at once; past it the cache starts again (a deployment has tens to hundreds). */
const MAX_KEYS = 10_000;

/** Resolves API keys to principals, remembering the known ones (see {@link cachePrincipals}). */
export type PrincipalResolver = (key: string) => Promise<Principal | null>;

/**
 * {@link resolvePrincipal} with the principals of known keys kept in memory, checked against the
 * `api-keys` generation on every call (writes of keys, organisations and profiles bump it, see
 * `noticeWrites`) and looked up again after `maxAgeMs`. Unknown and revoked keys are never kept:
 * each such call reads the database (the failed-authentication limit bounds how often).
 */
export function cachePrincipals(
  repos: Repositories,
  generations: Generations,
  maxAgeMs: number,
  now: () => number = Date.now,
): PrincipalResolver {
  const known = new Map<string, { generation: string; at: number; principal: Principal }>();
  return async (key) => {
    let generation: string;
    try {
      generation = await generations.current('api-keys');
    } catch {
      return resolvePrincipal(repos, key);
    }
    const hash = hashApiKey(key);
    const kept = known.get(hash);
    if (kept?.generation === generation && now() - kept.at < maxAgeMs) return kept.principal;
    const principal = await resolvePrincipal(repos, key);
    if (principal === null) known.delete(hash);
    else {
      if (known.size >= MAX_KEYS) known.clear();
      known.set(hash, { generation, at: now(), principal });
    }
    return principal;
  };
}
