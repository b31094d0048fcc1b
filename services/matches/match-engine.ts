import { isDeepStrictEqual } from 'node:util';
import { ScoringIndex, type RankedMatch, type ScoringModel } from '../../scoring';
import type { EntitySource, StoredNeed, StoredStartup } from '../../models';
import { sameView, updateCachedRanking, type CachedRanking, type ScoredChange } from './cached-ranking';
import type { CurrentModel, ModelStore } from '../../models';
import { DenseVectors, type DenseStage } from './dense-vectors';

/** A need's cached ranking and the top-K view handed out (a new array whenever its entries change). */
interface CacheEntry {
  ranking: CachedRanking;
  view: RankedMatch[];
}

/**
 * What applying a stored need or profile did: 'applied' (the index and the cached rankings changed
 * with it), 'unchanged' (its scored input is the one held: only its version was taken), 'ignored'
 * (not this shard's need, or a version the index already holds).
 */
export type ApplyResult = 'applied' | 'unchanged' | 'ignored';

/**
 * Everything of a stored need or profile that scoring reads: the record without its version (the
 * source reads only the fields scoring uses; see models/entity-source.ts).
 */
function scoredInputOf(stored: StoredNeed | StoredStartup): unknown {
  const { version: _version, ...input } = stored;
  return input;
}

/** Cached rankings keep this many times K profiles, so a profile leaving the top K rarely forces a full ranking. */
const CACHE_DEPTH_FACTOR = 2;

/** Options of {@link MatchEngine}. */
export interface MatchEngineDeps {
  source: EntitySource;
  models: ModelStore;
  /** Whether a need is this engine's to rank (its shard's). */
  owns: (needId: string) => boolean;
  /** Matches kept per need. */
  topK: number;
  /** Fits a model from every stored need and profile (the scoring core's `fitModel`). */
  fit: (needs: StoredNeed[], startups: StoredStartup[]) => ScoringModel;
}

/**
 * A shard owner's in-memory scoring index (every profile, the shard's needs), loaded from MongoDB at
 * take-over and changed only by the owner's own jobs, plus a cache of each need's ranking (the top
 * 2K, exact). A profile change updates every cached ranking in place from the profile's new pair
 * scores (one pass over the needs), falling back to a full ranking only when the change cannot be
 * placed exactly (see `updateCachedRanking`); a need change drops its own. The top-K view handed
 * out is a new array exactly when its entries change, so "which rankings must be written" is a
 * comparison of arrays by identity.
 */
export class MatchEngine {
  private current: CurrentModel | undefined;
  private index: ScoringIndex | undefined;
  private readonly versions = new Map<string, number>();
  private readonly needIds = new Set<string>();
  private readonly startupIds = new Set<string>();
  private readonly cache = new Map<string, CacheEntry>();
  /** Explanations computed for entries entering a top-K view. */
  private readonly explained = new WeakSet<RankedMatch>();
  /** The dense channel and vectors, kept across reloads. */
  private readonly dense = new DenseVectors();
  /**
   * What scoring read of each need and profile in the index, as the source gave it (need: document
   * and whether it is ranked; profile: document), keyed like `versions`: a change that leaves it
   * equal changes no score, no ranking and no explanation (everything the engine computes comes from
   * these and the model), so only its version is taken.
   */
  private readonly inputs = new Map<string, unknown>();

  constructor(private readonly deps: MatchEngineDeps) {}

  /** Version of the model every score comes from. */
  get modelVersion(): string {
    return this.requireIndex().modelVersion;
  }

  /** Generation of the published model this engine holds. */
  get modelGeneration(): number {
    return this.current?.generation ?? 0;
  }

  /** Matches kept per need. */
  get topK(): number {
    return this.deps.topK;
  }

  /** Share of the fit corpus changed since the fit (1 or more: the model no longer describes the data, e.g. it was fitted on an empty database). */
  driftRatio(): number {
    return this.requireIndex().driftRatio();
  }

  /** True when global statistics drifted enough that a refit is due. */
  needsRefit(): boolean {
    return this.requireIndex().needsRefit();
  }

  /** Loads (or fits and publishes) the shared model and builds the index from MongoDB. */
  async start(): Promise<void> {
    await this.reloadAll();
  }

  /**
   * Takes a model another process published (or this one fitted) and reindexes everything under it.
   * If that fails, the engine keeps the model and index it had (so a retry loads again).
   */
  async adopt(model: CurrentModel): Promise<void> {
    await this.reloadAll(model);
  }

  /** Loads the shared model as now published (if it is not the one held) and reindexes everything under it; like `adopt` on failure. */
  async reload(): Promise<void> {
    await this.reloadAll(this.current);
  }

  /** The stored version the index holds for a need or profile, or undefined when absent. */
  versionOf(kind: 'need' | 'startup', id: string): number | undefined {
    return this.versions.get(`${kind}:${id}`);
  }

  /** Whether the need is in the index (exists and is not closed). */
  isRankable(needId: string): boolean {
    return this.needIds.has(needId);
  }

  /** Ids of every profile in the index. */
  startupIdsInIndex(): string[] {
    return [...this.startupIds];
  }

  /** Ids of every need of the shard whose version the index knows (closed ones too; deleted ones are forgotten). */
  knownNeedIds(): string[] {
    return [...this.versions.keys()]
      .filter((key) => key.startsWith('need:') && this.versions.get(key) !== Number.MAX_SAFE_INTEGER)
      .map((key) => key.slice('need:'.length));
  }

  /** Ids of every rankable need. */
  rankableNeedIds(): string[] {
    return [...this.needIds];
  }

  /** The need's current top K (cached and kept up to date); empty for needs not in the index. */
  topFor(needId: string): RankedMatch[] {
    if (!this.needIds.has(needId)) return [];
    let entry = this.cache.get(needId);
    if (!entry) {
      const depth = this.deps.topK * CACHE_DEPTH_FACTOR;
      const list = this.requireIndex().rankStartups(needId, { topK: depth, explain: false });
      const ranking = { list, complete: list.length < depth };
      entry = this.withView(needId, ranking, undefined);
      this.cache.set(needId, entry);
    }
    return entry.view;
  }

  /**
   * The cache entry for `ranking`: its first K entries, explained (entries are ranked without
   * explanations and explained when they first enter the top K), numbered; the previous view is
   * kept when nothing in it changed.
   */
  private withView(needId: string, ranking: CachedRanking, previous: RankedMatch[] | undefined): CacheEntry {
    const index = this.requireIndex();
    const list = [...ranking.list];
    const view: RankedMatch[] = [];
    for (let position = 0; position < Math.min(this.deps.topK, list.length); position += 1) {
      let match = list[position] as RankedMatch;
      if (!this.explained.has(match)) {
        const explained = index.scorePair(needId, match.startupId);
        if (explained === undefined)
          throw new Error(
            `cached ranking of need ${needId} names profile ${match.startupId}, which is not in the index`,
          );
        this.explained.add(explained);
        list[position] = explained;
        match = explained;
      }
      view.push(match.rank === position + 1 ? match : { ...match, rank: position + 1 });
    }
    const kept = previous !== undefined && sameView(previous, view) ? previous : view;
    return { ranking: { list, complete: ranking.complete }, view: kept };
  }

  /** Fits a fresh model from everything stored (for a rebuild). */
  async fitFromStore(): Promise<ScoringModel> {
    const [needs, startups] = await Promise.all([
      this.deps.source.allNeeds(),
      this.deps.source.allStartups(),
    ]);
    return this.deps.fit(
      needs.filter((need) => need.rankable),
      startups,
    );
  }

  private requireIndex(): ScoringIndex {
    if (!this.index) throw new Error('MatchEngine used before start()');
    return this.index;
  }

  /**
   * Loads everything before it changes anything: a load that fails (the database, a model that
   * cannot be read) leaves the model, index and caches as they were. An engine left without an
   * index would fail every change it is given, and a rebuild tried again would not load anew, as
   * it would hold the new generation already.
   */
  private async reloadAll(held: CurrentModel | undefined = this.current): Promise<void> {
    const pointer = await this.deps.models.pointer();
    const current =
      held && pointer && pointer.snapshotId === held.snapshotId
        ? held
        : await this.deps.models.loadOrCreate(async () => this.fitFromStore());
    const [needs, startups] = await Promise.all([
      this.deps.source.allNeeds(),
      this.deps.source.allStartups(),
    ]);
    this.current = current;
    const index = new ScoringIndex(current.model);
    const dense = this.dense;
    dense.forgetDocuments();
    this.versions.clear();
    this.needIds.clear();
    this.startupIds.clear();
    this.cache.clear();
    this.inputs.clear();
    for (const startup of startups) {
      this.inputs.set(`startup:${startup.doc.id}`, scoredInputOf(startup));
      index.upsertStartup(startup.doc);
      dense.noteStartup(index, startup.doc.id, startup.doc);
      this.startupIds.add(startup.doc.id);
      this.versions.set(`startup:${startup.doc.id}`, startup.version);
    }
    for (const need of needs) {
      if (!this.deps.owns(need.doc.id)) continue;
      this.versions.set(`need:${need.doc.id}`, need.version);
      this.inputs.set(`need:${need.doc.id}`, scoredInputOf(need));
      if (!need.rankable) continue;
      index.upsertNeed(need.doc);
      dense.noteNeed(index, need.doc.id, need.doc);
      this.needIds.add(need.doc.id);
    }
    dense.loadInto(index);
    this.index = index;
    // Rank every need now rather than in the first job after a load (which would otherwise take
    // all of this time, as every profile change looks at every need's ranking).
    for (const needId of this.needIds) this.topFor(needId);
  }

  /**
   * Applies one need of the shard to the index (null: deleted). Returns 'unchanged' when the need's
   * scored input (its document and whether it is ranked) is what the index holds: then only its
   * version is taken, its cached ranking and top-K view stay as they were.
   */
  applyNeed(id: string, stored: StoredNeed | null): ApplyResult {
    if (!this.deps.owns(id)) return 'ignored';
    const index = this.requireIndex();
    const key = `need:${id}`;
    if (stored && stored.version <= (this.versions.get(key) ?? -1)) return 'ignored';
    if (stored && this.takeVersionIfUnchanged(key, stored)) return 'unchanged';
    this.cache.delete(id);
    if (stored) {
      this.versions.set(key, stored.version);
      this.inputs.set(key, scoredInputOf(stored));
    } else {
      this.versions.set(key, Number.MAX_SAFE_INTEGER);
      this.inputs.delete(key);
    }
    if (stored?.rankable) {
      index.upsertNeed(stored.doc);
      this.needIds.add(id);
    } else if (this.needIds.delete(id)) {
      index.removeNeed(id);
    }
    this.dense.noteNeed(index, id, stored?.rankable ? stored.doc : null);
    return 'applied';
  }

  /**
   * Applies one profile to the index (null: deleted) and updates every cached ranking. Returns
   * 'unchanged' when the profile's document is what the index holds: then only its version is
   * taken, no ranking is looked at.
   */
  applyStartup(id: string, stored: StoredStartup | null): ApplyResult {
    const index = this.requireIndex();
    const key = `startup:${id}`;
    if (stored && stored.version <= (this.versions.get(key) ?? -1)) return 'ignored';
    if (stored && this.takeVersionIfUnchanged(key, stored)) return 'unchanged';
    // A profile new to the index is in no cached list.
    const listed = this.startupIds.has(id);
    if (!stored) {
      this.versions.set(key, Number.MAX_SAFE_INTEGER);
      this.inputs.delete(key);
      if (this.startupIds.delete(id)) index.removeStartup(id);
    } else {
      this.versions.set(key, stored.version);
      this.inputs.set(key, scoredInputOf(stored));
      index.upsertStartup(stored.doc);
      this.startupIds.add(id);
    }
    this.dense.noteStartup(index, id, stored?.doc ?? null);
    this.rescoreStartup(id, listed);
    return 'applied';
  }

  /** Takes `stored`'s version when its scored input equals the one held for `key`; true when it did. */
  private takeVersionIfUnchanged(key: string, stored: StoredNeed | StoredStartup): boolean {
    const held = this.inputs.get(key);
    if (held === undefined || !isDeepStrictEqual(held, scoredInputOf(stored))) return false;
    this.versions.set(key, stored.version);
    return true;
  }

  /** What a pass of the dense channel needs: the documents, and a target that stages what it gives. */
  denseStage(): ReturnType<DenseVectors['stage']> {
    return this.dense.stage();
  }

  /** Documents whose pairs are not scored with the dense channel yet. */
  denseMissing(): { needs: number; startups: number } {
    return this.dense.missing();
  }

  /**
   * Applies a dense pass (see DenseVectors.apply) and updates the cached rankings it changes: all
   * of them for a new channel, a need's own for its vector, every need's place of a profile for
   * the profile's. True when any ranking may have changed.
   */
  applyDense(stage: DenseStage): boolean {
    const change = this.dense.apply(this.requireIndex(), stage);
    if (change.channel) {
      this.cache.clear();
      return true;
    }
    for (const needId of change.needIds) this.cache.delete(needId);
    for (const startupId of change.startupIds)
      if (this.startupIds.has(startupId)) this.rescoreStartup(startupId, true);
    return change.needIds.length > 0 || change.startupIds.length > 0;
  }

  /** Places profile `id` anew in every cached ranking (after its document or vector changed). */
  private rescoreStartup(id: string, listed: boolean): void {
    const index = this.requireIndex();
    if (this.cache.size === 0) return;
    const depth = this.deps.topK * CACHE_DEPTH_FACTOR;
    const update = (needId: string, entry: CacheEntry, change: ScoredChange | undefined): void => {
      const ranking = updateCachedRanking(entry.ranking, id, change, depth, this.deps.topK, listed);
      if (ranking === undefined) this.cache.delete(needId);
      else if (ranking !== entry.ranking) this.cache.set(needId, this.withView(needId, ranking, entry.view));
    };
    // Every need's score for the profile, as numbers: an entry is built only where it enters a list.
    const scored = this.startupIds.has(id) ? index.scoreNeeds(id) : undefined;
    if (!scored) {
      for (const [needId, entry] of this.cache) update(needId, entry, undefined);
      return;
    }
    // One change object for all needs (no function made per need: this loop runs for every need on
    // every profile change).
    const change = {
      needId: '',
      score: 0,
      match(): RankedMatch {
        return index.scorePair(this.needId, id, { explain: false }) as RankedMatch;
      },
    };
    for (let n = 0; n < scored.needIds.length; n += 1) {
      const needId = scored.needIds[n] as string;
      const entry = this.cache.get(needId);
      if (!entry) continue;
      change.needId = needId;
      change.score = scored.scores[n] as number;
      update(needId, entry, change);
    }
  }
}
