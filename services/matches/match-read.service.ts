import { z } from 'zod';
import { type Match } from '../../models';
import { assertRole, forbidden, type Principal } from '../auth';
import { getNeed } from '../needs';
import type { MatchesProducer } from '../queue/change.producer';
import type { MatchView } from '../read-models';
import type { ServiceDeps } from '../service-deps';
import { getStartupVersion } from '../startups';
import { parseInput } from '../validation';

const listQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).optional() }).strict();

/** A ranking as the API serves it. */
export interface MatchList {
  /** Version of the need or profile now stored. */
  version: number;
  /** Version whose effect on matches has been written (0 before the first recompute). */
  appliedVersion: number;
  /** True while a change waits in a change stream or is being applied, or the stored version is newer than the applied one. */
  stale: boolean;
  /**
   * True when the embedding service was down or too slow at the workers' last attempt: rankings
   * are served, lexical for the documents still without a vector, until it is back.
   */
  degraded: boolean;
  items: Match[];
}

/** Whether the dense channel is degraded, as the workers last recorded it (false before any record). */
async function denseDegraded(deps: ServiceDeps): Promise<boolean> {
  if (deps.readModels) return deps.readModels.matches.denseDegraded();
  return (await deps.repos.denseStatus.get())?.degraded === true;
}

/** Whether a change of this need or profile waits in, or is being applied from, a change stream. */
async function pending(
  producer: MatchesProducer | undefined,
  kind: 'need' | 'startup',
  id: string,
): Promise<boolean> {
  if (!producer) return false;
  try {
    return await producer.pending(kind, id);
  } catch {
    // Redis away: the versions alone decide.
    return false;
  }
}

/** A need's ranking: from the read models (kept until a worker writes rankings), else read. */
function needView(deps: ServiceDeps, needId: string): Promise<MatchView> {
  return deps.readModels ? deps.readModels.matches.needView(needId) : deps.repos.matches.needView(needId);
}

/** A profile's matches: from the read models (kept until a worker writes rankings), else read. */
function startupView(deps: ServiceDeps, startupId: string): Promise<MatchView> {
  return deps.readModels
    ? deps.readModels.matches.startupView(startupId)
    : deps.repos.matches.startupView(startupId);
}

/** Which of `needIds` are open needs. */
async function openNeedIds(deps: ServiceDeps, needIds: readonly string[]): Promise<Set<string>> {
  if (deps.readModels) {
    const { byId } = await deps.readModels.needs.get();
    return new Set(needIds.filter((id) => byId.get(id)?.status === 'open'));
  }
  return needIds.length === 0 ? new Set() : deps.repos.needs.existingIds(needIds, { status: 'open' });
}

/**
 * `GET /needs/:id/matches`: the need's ranked, explained matches. Facilitators any need, a
 * development head the needs of their organisation; startups may not read other startups' ranks.
 * `producer` (when the API runs with the queue) tells whether a recompute is pending.
 */
export async function listNeedMatches(
  deps: ServiceDeps,
  producer: MatchesProducer | undefined,
  principal: Principal,
  needId: string,
  query: unknown,
): Promise<MatchList & { needId: string }> {
  assertRole(principal, 'facilitator', 'development_head');
  const { limit } = parseInput(listQuerySchema, query, 'query');
  const need = await getNeed(deps, principal, needId);
  if (principal.role === 'development_head' && principal.organisationId !== need.organisationId) {
    throw forbidden('A development head may only read matches of their own organisation’s needs.');
  }
  const [{ items: all, applied }, busy, degraded] = await Promise.all([
    needView(deps, needId),
    pending(producer, 'need', needId),
    denseDegraded(deps),
  ]);
  const ranked = all.slice(0, limit ?? all.length);
  let items = ranked;
  if (principal.role === 'development_head') {
    // Profiles waiting for (or refused) a facilitator's approval are never shown to development heads.
    const unapproved = await deps.repos.startups.existingIds(
      ranked.map((match) => match.startupId),
      { status: { $in: ['pending', 'rejected'] } },
    );
    items = ranked.filter((match) => !unapproved.has(match.startupId));
  }
  const appliedVersion = applied?.appliedVersion ?? 0;
  return {
    needId,
    version: need.version,
    appliedVersion,
    stale: busy || need.version > appliedVersion,
    degraded,
    items,
  };
}

/**
 * `GET /startups/:id/matches`: the needs a profile ranks in, best first. Facilitators any profile,
 * a startup its own (open needs only), a development head only the needs of their organisation.
 */
export async function listStartupMatches(
  deps: ServiceDeps,
  producer: MatchesProducer | undefined,
  principal: Principal,
  startupId: string,
  query: unknown,
): Promise<MatchList & { startupId: string }> {
  const { limit } = parseInput(listQuerySchema, query, 'query');
  const version = await getStartupVersion(deps, principal, startupId);
  const [{ items: all, applied }, busy, degraded] = await Promise.all([
    startupView(deps, startupId),
    pending(producer, 'startup', startupId),
    denseDegraded(deps),
  ]);
  let items = all;
  if (principal.role === 'startup') {
    // A startup sees open needs only, here as at GET /needs: drafts and closed needs are left out.
    const needIds = [...new Set(all.map((match) => match.needId))];
    const open = await openNeedIds(deps, needIds);
    items = all.filter((match) => open.has(match.needId));
  }
  if (principal.role === 'development_head') {
    const own = await Promise.all(
      all.map(
        async (match) =>
          (await getNeed(deps, principal, match.needId).catch(() => null))?.organisationId ===
          principal.organisationId,
      ),
    );
    items = all.filter((_, index) => own[index]);
  }
  const appliedVersion = applied?.appliedVersion ?? 0;
  return {
    startupId,
    version,
    appliedVersion,
    stale: busy || version > appliedVersion,
    degraded,
    items: items.slice(0, limit ?? items.length),
  };
}
