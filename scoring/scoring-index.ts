import { createAnalyzer, type Analyzer } from './analyze';
import { calibrateScore } from './calibrate';
import {
  createDenseRuntime,
  denseScore,
  prepareNeedVector,
  projectProfileVector,
  type DenseChannel,
  type DenseRuntime,
} from './dense';
import { DenseRows } from './dense-kernel';
import { explainMatch, type SharedTerms } from './explain';
import { fingerprintNeed, fingerprintStartup } from './hash';
import { LEXICON } from './lexicon';
import { MODEL_FORMAT, profileTermTest, type FittedDocuments } from './model';
import { resolveOptions } from './options';
import {
  blendChannels,
  createLsaRuntime,
  needFor,
  otherLanguage,
  prepareNeed,
  prepareStartup,
  type ChannelScores,
  type LsaRuntime,
  type PreparedNeed,
  type PreparedStartup,
  withAcross,
} from './prepare';
import { TermSpace } from './term-space';
import { TopK } from './top-k';
import { builtInMeaningTable } from './translation';
import type { NeedDocument, RankedMatch, ScoringModel, ScoringOptions, StartupDocument } from './types';

/** Options of one ranking call. */
export interface RankOptions {
  /** Most matches returned. Minimum 0. */
  topK: number;
  /** Matches with a calibrated score below this are left out. @default 0 */
  minScore?: number;
  /**
   * Whether to list the contributing terms and tags (about 10–20 µs a match). When false, the
   * explanation keeps languages and channels but its `terms` and `tags` are empty. @default true
   */
  explain?: boolean;
}

interface Postings {
  slots: Int32Array;
  /** Single precision holds profile weights exactly (they are rounded to it when prepared), in two thirds of the bytes per posting. */
  weights: Float32Array;
  length: number;
}

/**
 * In-memory index of needs and profiles scored against one frozen `ScoringModel`.
 *
 * A pair's score depends only on the model and the two documents, so upserting or removing a
 * document changes only the scores that involve it, and two processes holding the same model agree
 * exactly (sums run in a canonical term order). Global statistics (idf, field length averages, the
 * LSA basis, the calibration) are never updated incrementally: terms first seen after the fit get
 * the idf of df = 1 and no LSA coordinates. `driftRatio()` counts documents added, changed or removed
 * since the fit; once `needsRefit()` says so, fit a new model on the current documents and build a
 * new index (`buildIndex`), then swap it in.
 */
export class ScoringIndex {
  /** Version of the model this index scores with. */
  readonly modelVersion: string;
  private readonly analyzer: Analyzer;
  private readonly space: TermSpace;
  private readonly lsa: LsaRuntime | null;
  private readonly rank: number;
  private readonly refitThreshold: number;
  private readonly denseWeight: number;
  private dense: DenseRuntime | null = null;
  /** Dense vectors as given (by document id), kept so a new channel can project them again. */
  private readonly needVectors = new Map<string, ArrayLike<number>>();
  private readonly startupVectors = new Map<string, ArrayLike<number>>();
  /** A need's prepared dense coordinates (see `prepareNeedVector`), by need id. */
  private readonly needDense = new Map<string, Float32Array>();
  /** Profiles' dense coordinates, `dense.channel.rank` numbers per slot (contiguous, like the LSA rows), and rankStartups' scratch for their scores. */
  private denseRows = new DenseRows(0, 0);
  /** 1 where the slot's profile has dense coordinates. */
  private hasDense = new Uint8Array(0);
  private readonly fitDocumentCount: number;
  private readonly drifted = new Set<string>();

  private readonly needs = new Map<string, PreparedNeed>();
  private needOrder: PreparedNeed[] | null = null;
  private needIdOrder: readonly string[] = [];

  private slots: (PreparedStartup | undefined)[] = [];
  private readonly slotById = new Map<string, number>();
  private postings: (Postings | undefined)[] = [];
  private deadPostings = 0;
  private livePostings = 0;
  /** Unit LSA vectors of the profiles by slot, single precision: half the memory traffic of the scan. */
  private lsaMatrix = new Float32Array(0);
  private accumulator = new Float64Array(0);
  /** rankStartups' lexical sums of a need's across-languages form (see `PreparedNeed.across`). */
  private acrossAccumulator = new Float64Array(0);
  /** 1 where rankStartups scores the slot's profile against the need's across-languages form. */
  private acrossSlot = new Uint8Array(0);
  private blended = new Float64Array(0);
  private lexicalZ = new Float64Array(0);
  /** Per slot, the part of the blended score known before the LSA cosine (see rankStartups). */
  private knownPart = new Float64Array(0);
  /** Per slot, the factor of the lexical + LSA blend: 1 − dense weight, or 1 without a dense score. */
  private blendFactor = new Float64Array(0);
  /** Per slot, the standardised dense score (where `blendFactor` < 1). */
  private denseZ = new Float64Array(0);
  private seeded = new Uint8Array(0);
  private termScratch = new Float64Array(0);
  /** One bit per term id, set where `termScratch` holds a weight: 32× smaller, so explanations test it in L1 cache. */
  private termBits = new Uint32Array(0);

  constructor(
    private readonly model: ScoringModel,
    options: ScoringOptions = {},
  ) {
    if (model.format !== MODEL_FORMAT)
      throw new Error(`unsupported scoring model format ${String(model.format)}`);
    this.modelVersion = model.version;
    const resolved = resolveOptions(options);
    this.refitThreshold = resolved.refitThreshold;
    this.denseWeight = resolved.denseWeight;
    this.analyzer = createAnalyzer(
      model.compoundWords,
      LEXICON,
      builtInMeaningTable(),
      profileTermTest(model),
    );
    this.space = new TermSpace(model);
    this.lsa = createLsaRuntime(model);
    this.rank = this.lsa?.rank ?? 0;
    this.fitDocumentCount = Object.keys(model.fingerprints).length;
  }

  /** Number of profiles in the index. */
  get startupCount(): number {
    return this.slotById.size;
  }

  /** Number of needs in the index. */
  get needCount(): number {
    return this.needs.size;
  }

  upsertNeed(doc: NeedDocument): void {
    this.noteDrift(`n:${doc.id}`, fingerprintNeed(doc));
    const prepare = (acrossLanguages: boolean): PreparedNeed => {
      const analyzed = this.analyzer.analyzeNeed(doc, acrossLanguages);
      const readers = acrossLanguages ? otherLanguage(analyzed.language) : analyzed.language;
      return prepareNeed(analyzed, this.model, this.space, this.lsa, readers);
    };
    this.needs.set(doc.id, withAcross(prepare(false), prepare(true)));
    this.needOrder = null;
  }

  removeNeed(id: string): void {
    this.setNeedVector(id, null);
    if (!this.needs.delete(id)) return;
    this.noteDrift(`n:${id}`, null);
    this.needOrder = null;
  }

  upsertStartup(doc: StartupDocument): void {
    this.insertStartup(
      doc,
      prepareStartup(this.analyzer.analyzeStartup(doc), this.model, this.space, this.lsa),
    );
  }

  /**
   * Loads documents exactly as `fitModelWithDocuments` analysed them for this model, so `buildIndex`
   * does not analyse the corpus twice. Same result as upserting each document.
   * @internal
   */
  loadFitted(fitted: FittedDocuments): void {
    if (fitted.model.version !== this.modelVersion)
      throw new Error('fitted documents belong to another model');
    this.reserve(fitted.startups.map(({ prepared }) => prepared));
    // These are the fit documents themselves, so their fingerprints are the model's: no drift.
    for (const { doc, prepared } of fitted.startups) {
      this.placeStartup(doc.id, prepared);
      this.drifted.delete(`s:${doc.id}`);
    }
    // Prepared during the fit against the same model terms, moments and LSA runtime as this index's.
    for (const { doc, prepared } of fitted.needs) {
      this.needs.set(doc.id, prepared);
      this.drifted.delete(`n:${doc.id}`);
    }
    this.needOrder = null;
  }

  private insertStartup(doc: StartupDocument, prepared: PreparedStartup): void {
    this.noteDrift(`s:${doc.id}`, fingerprintStartup(doc));
    this.placeStartup(doc.id, prepared);
  }

  private placeStartup(id: string, prepared: PreparedStartup): void {
    this.detachStartup(id);
    const slot = this.slots.length;
    this.slots.push(prepared);
    this.slotById.set(id, slot);
    this.ensureSlotCapacity(slot + 1);
    if (prepared.lsa) this.lsaMatrix.set(prepared.lsa, slot * this.rank);
    this.placeDense(slot, this.startupVectors.get(id));
    const postings = this.postings;
    const { termIds, weights } = prepared;
    let appended = 0;
    for (let i = 0; i < termIds.length; i += 1) {
      const termId = termIds[i] as number;
      const list = termId < postings.length ? postings[termId] : undefined;
      // Room reserved (`reserve`, or earlier growth): append in place; otherwise let addPosting grow it.
      if (list !== undefined && list.length < list.slots.length) {
        list.slots[list.length] = slot;
        list.weights[list.length] = weights[i] as number;
        list.length += 1;
        appended += 1;
      } else {
        this.addPosting(termId, slot, weights[i] as number);
      }
    }
    this.livePostings += appended;
  }

  removeStartup(id: string): void {
    this.startupVectors.delete(id);
    if (!this.slotById.has(id)) return;
    this.detachStartup(id);
    this.noteDrift(`s:${id}`, null);
  }

  /**
   * Scores with the dense channel beside the lexical and LSA ones (vectors from `channel.model`,
   * weight `denseWeight`); null turns it off. Vectors already given are projected again. A pair
   * whose need or profile has no vector is scored without it (its explanation's `channels.dense`
   * is absent).
   */
  setDenseChannel(channel: DenseChannel | null): void {
    this.dense = channel ? createDenseRuntime(channel) : null;
    this.needDense.clear();
    for (const [id, vector] of this.needVectors) this.prepareNeedDense(id, vector);
    this.denseRows = new DenseRows(this.denseRank(), this.accumulator.length);
    this.hasDense.fill(0);
    this.slots.forEach((startup, slot) => {
      if (startup) this.placeDense(slot, this.startupVectors.get(startup.id));
    });
  }

  private denseRank(): number {
    return this.dense?.channel.rank ?? 0;
  }

  /** Writes (or clears) the dense coordinates of the profile in `slot`. */
  private placeDense(slot: number, vector: ArrayLike<number> | undefined): void {
    if (!this.dense || vector === undefined) {
      this.hasDense[slot] = 0;
      return;
    }
    this.denseRows.rows.set(projectProfileVector(this.dense, vector), slot * this.denseRank());
    this.hasDense[slot] = 1;
  }

  /** Name of the embedding model of the dense channel, or null without one. */
  get denseModel(): string | null {
    return this.dense?.channel.model ?? null;
  }

  /** Sets (or with null clears) a need's dense vector; kept across upserts of the need until cleared or the need is removed. */
  setNeedVector(id: string, vector: ArrayLike<number> | null): void {
    this.needDense.delete(id);
    if (vector === null) {
      this.needVectors.delete(id);
      return;
    }
    this.needVectors.set(id, vector);
    this.prepareNeedDense(id, vector);
  }

  /** Sets (or with null clears) a profile's dense vector; kept across upserts of the profile until cleared or the profile is removed. */
  setStartupVector(id: string, vector: ArrayLike<number> | null): void {
    if (vector === null) this.startupVectors.delete(id);
    else this.startupVectors.set(id, vector);
    const slot = this.slotById.get(id);
    if (slot !== undefined) this.placeDense(slot, vector ?? undefined);
  }

  /** Whether pairs of this document are scored with the dense channel (a channel is set and the document has a vector). */
  hasDenseVector(kind: 'need' | 'startup', id: string): boolean {
    if (!this.dense) return false;
    if (kind === 'need') return this.needDense.has(id);
    const slot = this.slotById.get(id);
    return slot !== undefined && this.hasDense[slot] === 1;
  }

  private prepareNeedDense(id: string, vector: ArrayLike<number>): void {
    if (this.dense) this.needDense.set(id, prepareNeedVector(this.dense, vector));
  }

  /**
   * Whether the profile in `slot` is written in another language than the need: only such pairs
   * take the dense channel. Within one language the lexical and LSA channels rank better without
   * it (on `sbir`, 0.955 alone against 0.944 blended), and the dense channel is there to carry a
   * need across the language line.
   */
  private acrossLanguages(need: PreparedNeed, slot: number): boolean {
    return (this.slots[slot] as PreparedStartup).language !== need.language;
  }

  /** The pair's standardised dense score, or null when either side has no coordinates. */
  private denseOf(needDense: Float32Array | undefined, slot: number): number | null {
    return needDense && this.hasDense[slot] === 1
      ? denseScore(needDense, this.denseRows.rows, slot * this.denseRank())
      : null;
  }

  /**
   * The best profiles for a need, best first; [] for an unknown need. Cost: one pass over the
   * postings of the need's terms plus one k-dimensional dot product per profile.
   */
  rankStartups(needId: string, opts: RankOptions): RankedMatch[] {
    const need = this.needs.get(needId);
    if (!need || opts.topK < 1) return [];
    const slotCount = this.slots.length;
    const acc = this.accumulator;
    this.accumulate(need, acc, slotCount);
    // Profiles in the other language are scored against the need's across-languages form: its own
    // lexical sum replaces the one of the need as written for those slots.
    const across = need.across;
    const acrossSlot = this.acrossSlot;
    acrossSlot.fill(0, 0, slotCount);
    if (across !== null) {
      const acrossAcc = this.acrossAccumulator;
      this.accumulate(across, acrossAcc, slotCount);
      for (let slot = 0; slot < slotCount; slot += 1) {
        const startup = this.slots[slot];
        if (startup === undefined || startup.language === need.language) continue;
        acrossSlot[slot] = 1;
        acc[slot] = acrossAcc[slot] as number;
      }
    }
    // Locals, not `this.` loads: V8 does not hoist property loads out of these hot loops.
    const alpha = this.model.lexicalWeight;
    const blended = this.blended;
    const lexicalZ = this.lexicalZ;
    const known = this.knownPart;
    const factor = this.blendFactor;
    const denseZ = this.denseZ;
    const seeded = this.seeded;
    const slotsAlive = this.slots;
    const needLsa = need.lsa;
    const forms = across === null ? [need] : [need, across];
    const lexicalMeans = forms.map((form) => form.lexicalMean);
    const lexicalScales = forms.map((form) => (form.lexicalStd > 0 ? 1 / form.lexicalStd : 0));
    const semanticScales = forms.map((form) => (form.semanticStd > 0 ? 1 / form.semanticStd : 0));
    // Capped by the candidates, so topK: Infinity ("all") does not allocate an infinite heap.
    const topK = Math.min(this.slotById.size, Math.max(0, Math.floor(opts.topK)));
    const top = new TopK(topK, (a, b) => this.betterSlot(a, b));
    const needDense = this.dense ? this.needDense.get(need.id) : undefined;
    const denseWeight = this.denseWeight;
    const hasDense = this.hasDense;
    const semanticWeight = 1 - alpha;
    // Which slots take a dense score (both sides have vectors, the profile in the other language,
    // as acrossLanguages), then all their scores in one call (see DenseRows).
    const denseRows = this.denseRows;
    const denseMask = denseRows.mask;
    let denseCount = 0;
    if (needDense !== undefined) {
      if (across !== null) {
        // acrossSlot marks the live profiles in the other language already, in a typed array: no
        // profile object is read (that took about as long as a fifth of the dense scores).
        for (let slot = 0; slot < slotCount; slot += 1) {
          const takes = (acrossSlot[slot] as number) & (hasDense[slot] as number);
          denseMask[slot] = takes;
          denseCount += takes;
        }
      } else {
        for (let slot = 0; slot < slotCount; slot += 1) {
          const startup = slotsAlive[slot];
          const takes = startup !== undefined && hasDense[slot] === 1 && startup.language !== need.language;
          denseMask[slot] = takes ? 1 : 0;
          if (takes) denseCount += 1;
        }
      }
      if (denseCount > 0) {
        denseRows.need.set(needDense);
        denseRows.score(slotCount);
      }
    }
    const denseOut = denseRows.out;

    for (let slot = 0; slot < slotCount; slot += 1) {
      seeded[slot] = 0;
      if (slotsAlive[slot] === undefined) continue;
      const f = acrossSlot[slot] as number;
      const lexical = ((acc[slot] as number) - (lexicalMeans[f] as number)) * (lexicalScales[f] as number);
      lexicalZ[slot] = lexical;
      // blended = f × (lexical + LSA blend) + w × dense, f = 1 − w, where the slot takes a dense
      // score; otherwise f = 1 and no dense term (as blendChannels).
      if (denseCount === 0 || denseMask[slot] === 0) {
        factor[slot] = 1;
        known[slot] = needLsa === null ? lexical : alpha * lexical;
      } else {
        factor[slot] = 1 - denseWeight;
        const dense = denseOut[slot] as number;
        denseZ[slot] = dense;
        known[slot] =
          (1 - denseWeight) * (needLsa === null ? lexical : alpha * lexical) + denseWeight * dense;
      }
    }
    if (needLsa === null) {
      for (let slot = 0; slot < slotCount; slot += 1) {
        if (slotsAlive[slot] === undefined) continue;
        const value = known[slot] as number;
        blended[slot] = value;
        if (top.full && value < (blended[top.worst()] as number)) continue;
        top.offer(slot);
      }
    } else {
      // Exact pruning: both LSA vectors have unit length, so the semantic channel is at most
      // (1 − mean) / std. Seed the heap with the best candidates by the part known before the LSA
      // cosine, then skip the dot product for every profile that cannot reach the heap even with
      // a perfect semantic score.
      const semanticCeilings = forms.map(
        (form, f) => (1 + 1e-6 - form.semanticMean) * (semanticScales[f] as number),
      );
      const knownTop = new TopK(
        topK,
        (a, b) => (known[a] as number) > (known[b] as number) || (known[a] === known[b] && a < b),
      );
      for (let slot = 0; slot < slotCount; slot += 1) {
        if (slotsAlive[slot] === undefined) continue;
        if (knownTop.full && (known[slot] as number) < (known[knownTop.worst()] as number)) continue;
        knownTop.offer(slot);
      }
      // The heap's order is enough: `top` keeps the same k whatever order they are offered in.
      for (const slot of knownTop.items()) {
        seeded[slot] = 1;
        const f = acrossSlot[slot] as number;
        blended[slot] = this.rankedBlend(slot, forms[f] as PreparedNeed, semanticScales[f] as number);
        top.offer(slot);
      }
      for (let slot = 0; slot < slotCount; slot += 1) {
        if (slotsAlive[slot] === undefined || seeded[slot] === 1) continue;
        const f = acrossSlot[slot] as number;
        if (
          top.full &&
          (known[slot] as number) +
            (factor[slot] as number) * semanticWeight * (semanticCeilings[f] as number) +
            1e-9 <
            (blended[top.worst()] as number)
        )
          continue;
        const value = this.rankedBlend(slot, forms[f] as PreparedNeed, semanticScales[f] as number);
        blended[slot] = value;
        if (top.full && value < (blended[top.worst()] as number)) continue;
        top.offer(slot);
      }
    }
    // Explanations read the weights of the form each profile was scored against, loaded as it changes.
    let loaded: PreparedNeed | null = null;
    const sharedWith = (form: PreparedNeed, startup: PreparedStartup): SharedTerms => {
      if (loaded !== form) {
        if (loaded !== null) this.clearWeights(loaded.termIds);
        this.loadWeights(form.termIds, form.queryWeights);
        loaded = form;
      }
      return { ids: startup.termIds, own: startup.weights, other: this.termScratch, present: this.termBits };
    };
    const matches = this.toMatches(
      top.sorted().map((slot) => {
        const startup = this.slots[slot] as PreparedStartup;
        const form = forms[acrossSlot[slot] as number] as PreparedNeed;
        return {
          need: form,
          startup,
          slot,
          lexicalRaw: acc[slot] as number,
          // Already computed, and the same to the last bit as denseOf (see DenseRows).
          dense: denseCount > 0 && denseMask[slot] === 1 ? (denseZ[slot] as number) : null,
          shared: () => sharedWith(form, startup),
        };
      }),
      opts,
    );
    if (loaded !== null) this.clearWeights((loaded as PreparedNeed).termIds);
    return matches;
  }

  /** Sums a need's query weights times the profiles' weights into `acc`, per slot, from the postings. */
  private accumulate(need: PreparedNeed, acc: Float64Array, slotCount: number): void {
    acc.fill(0, 0, slotCount);
    const postings = this.postings;
    const termIds = need.termIds;
    for (let i = 0; i < termIds.length; i += 1) {
      const list = postings[termIds[i] as number];
      if (list === undefined) continue;
      const q = need.queryWeights[i] as number;
      const { slots, weights, length } = list;
      // Four postings per step: a list holds each slot once, so the four updates never collide.
      let j = 0;
      for (; j + 4 <= length; j += 4) {
        const s0 = slots[j] as number;
        const s1 = slots[j + 1] as number;
        const s2 = slots[j + 2] as number;
        const s3 = slots[j + 3] as number;
        acc[s0] = (acc[s0] as number) + q * (weights[j] as number);
        acc[s1] = (acc[s1] as number) + q * (weights[j + 1] as number);
        acc[s2] = (acc[s2] as number) + q * (weights[j + 2] as number);
        acc[s3] = (acc[s3] as number) + q * (weights[j + 3] as number);
      }
      for (; j < length; j += 1) {
        const slot = slots[j] as number;
        acc[slot] = (acc[slot] as number) + q * (weights[j] as number);
      }
    }
  }

  /**
   * rankStartups' blended score of a slot once its LSA cosine is read (its dense score is in
   * `denseZ[slot]` when `blendFactor[slot]` < 1). The same operations, in the same order, as blendChannels.
   */
  private rankedBlend(slot: number, need: PreparedNeed, semanticScale: number): number {
    const denseWeight = this.denseWeight;
    const alpha = this.model.lexicalWeight;
    const base =
      alpha * (this.lexicalZ[slot] as number) +
      (1 - alpha) * ((this.semanticScore(need, slot) - need.semanticMean) * semanticScale);
    if ((this.blendFactor[slot] as number) === 1) return base;
    return (1 - denseWeight) * base + denseWeight * (this.denseZ[slot] as number);
  }

  /** The best needs for a profile, best first, with the same pair scores `rankStartups` gives; [] for an unknown profile. */
  rankNeeds(startupId: string, opts: RankOptions): RankedMatch[] {
    const slot = this.slotById.get(startupId);
    if (slot === undefined) return [];
    const startup = this.slots[slot] as PreparedStartup;
    const weights = this.loadWeights(startup.termIds, startup.weights);
    const needs = this.sortedNeeds();
    const scores = new Float64Array(needs.length);
    const lexicalRaw = new Float64Array(needs.length);
    needs.forEach((need, n) => {
      const form = needFor(need, startup.language);
      const lexical = this.lexicalScore(form, weights);
      lexicalRaw[n] = lexical;
      scores[n] = this.channelsOf(form, slot, lexical).blended;
    });
    // Needs are in id order, so the lower index wins ties, as the lower id does in rankStartups.
    const top = new TopK(
      Math.min(needs.length, Math.max(0, Math.floor(opts.topK))),
      (a, b) =>
        (scores[a] as number) > (scores[b] as number) ||
        ((scores[a] as number) === (scores[b] as number) && a < b),
    );
    for (let n = 0; n < needs.length; n += 1) top.offer(n);
    const matches = this.toMatches(
      top.sorted().map((n) => {
        const need = needFor(needs[n] as PreparedNeed, startup.language);
        return {
          need,
          startup,
          slot,
          lexicalRaw: lexicalRaw[n] as number,
          shared: { ids: need.termIds, own: need.queryWeights, other: weights, present: this.termBits },
        };
      }),
      opts,
    );
    this.clearWeights(startup.termIds);
    return matches;
  }

  /**
   * The calibrated score of a profile for every need, in the order of `needIds` (by id): exactly
   * the `score` that `rankNeeds` and `rankStartups` give each pair, without ranking or explaining
   * them; undefined for an unknown profile. About a third of `rankNeeds` with every need, for
   * callers that look at every score but keep few matches (see `scorePair` for those).
   */
  scoreNeeds(startupId: string): { needIds: readonly string[]; scores: Float64Array } | undefined {
    const slot = this.slotById.get(startupId);
    if (slot === undefined) return undefined;
    const startup = this.slots[slot] as PreparedStartup;
    const weights = this.loadWeights(startup.termIds, startup.weights);
    const needs = this.sortedNeeds();
    const scores = new Float64Array(needs.length);
    for (let n = 0; n < needs.length; n += 1) {
      const need = needFor(needs[n] as PreparedNeed, startup.language);
      // The same expressions, in the same order, as toMatches: the same score to the last bit.
      scores[n] = calibrateScore(
        this.channelsOf(need, slot, this.lexicalScore(need, weights)).blended,
        this.model.calibration,
      );
    }
    this.clearWeights(startup.termIds);
    return { needIds: this.sortedNeedIds(), scores };
  }

  /**
   * The score and explanation of one pair (rank 1), or undefined when either document is unknown.
   * `explain: false` leaves the terms and tags out, as in `rankNeeds` with that option.
   */
  scorePair(needId: string, startupId: string, opts: { explain?: boolean } = {}): RankedMatch | undefined {
    const written = this.needs.get(needId);
    const slot = this.slotById.get(startupId);
    if (!written || slot === undefined) return undefined;
    const startup = this.slots[slot] as PreparedStartup;
    const need = needFor(written, startup.language);
    const weights = this.loadWeights(startup.termIds, startup.weights);
    const lexicalRaw = this.lexicalScore(need, weights);
    const [match] = this.toMatches(
      [
        {
          need,
          startup,
          slot,
          lexicalRaw,
          shared: { ids: need.termIds, own: need.queryWeights, other: weights, present: this.termBits },
        },
      ],
      { topK: 1, explain: opts.explain ?? true },
    );
    this.clearWeights(startup.termIds);
    return match;
  }

  /** Share of the fit corpus's documents added, changed or removed since the fit (can exceed 1). */
  driftRatio(): number {
    return this.drifted.size / Math.max(1, this.fitDocumentCount);
  }

  /** True once `driftRatio()` exceeds the `refitThreshold` option (default 0.2): fit a new model and rebuild. */
  needsRefit(): boolean {
    return this.driftRatio() > this.refitThreshold;
  }

  private betterSlot(a: number, b: number): boolean {
    const sa = this.blended[a] as number;
    const sb = this.blended[b] as number;
    if (sa !== sb) return sa > sb;
    return (this.slots[a] as PreparedStartup).id < (this.slots[b] as PreparedStartup).id;
  }

  private noteDrift(key: string, fingerprint: string | null): void {
    const fitted = this.model.fingerprints[key];
    const unchanged = fingerprint === null ? fitted === undefined : fitted === fingerprint;
    if (unchanged) this.drifted.delete(key);
    else this.drifted.add(key);
  }

  private sortedNeeds(): PreparedNeed[] {
    if (!this.needOrder) {
      this.needOrder = [...this.needs.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      this.needIdOrder = this.needOrder.map((need) => need.id);
    }
    return this.needOrder;
  }

  /** Ids of `sortedNeeds()`, kept with it (one array per change of the needs, not per call). */
  private sortedNeedIds(): readonly string[] {
    this.sortedNeeds();
    return this.needIdOrder;
  }

  /** Every channel of a pair (the dense one when both sides have vectors): what each path scores and explains. */
  private channelsOf(
    need: PreparedNeed,
    slot: number,
    lexicalRaw: number,
    /** The pair's dense score (null: none) when the caller has it already. */
    known?: number | null,
  ): ChannelScores {
    const dense =
      known !== undefined
        ? known
        : this.dense && this.acrossLanguages(need, slot)
          ? this.denseOf(this.needDense.get(need.id), slot)
          : null;
    return blendChannels(
      need,
      lexicalRaw,
      this.semanticScore(need, slot),
      this.model,
      dense,
      this.denseWeight,
    );
  }

  /** Same sum, in the same order, as the accumulator in rankStartups, so both directions agree exactly. */
  private lexicalScore(need: PreparedNeed, weights: Float64Array): number {
    let sum = 0;
    for (let i = 0; i < need.termIds.length; i += 1) {
      const id = need.termIds[i] as number;
      const w = id < weights.length ? (weights[id] as number) : 0;
      if (w !== 0) sum += (need.queryWeights[i] as number) * w;
    }
    return sum;
  }

  /** Cosine of the need's and the profile's LSA vectors; every path that scores a pair uses this one. */
  private semanticScore(need: PreparedNeed, slot: number): number {
    const vector = need.lsa;
    if (!vector) return 0;
    const matrix = this.lsaMatrix;
    const k = this.rank;
    const offset = slot * k;
    // Four partial sums: the products do not wait on one another (about twice as fast as one sum).
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    let j = 0;
    for (; j + 4 <= k; j += 4) {
      d0 += (vector[j] as number) * (matrix[offset + j] as number);
      d1 += (vector[j + 1] as number) * (matrix[offset + j + 1] as number);
      d2 += (vector[j + 2] as number) * (matrix[offset + j + 2] as number);
      d3 += (vector[j + 3] as number) * (matrix[offset + j + 3] as number);
    }
    for (; j < k; j += 1) d0 += (vector[j] as number) * (matrix[offset + j] as number);
    return d0 + d1 + (d2 + d3);
  }

  /** Spreads one document's weights into the dense scratch (term id → weight) and its bits; undo with clearWeights. */
  private loadWeights(ids: Int32Array, weights: Float64Array): SharedTerms['other'] {
    if (this.termScratch.length < this.space.size) {
      this.termScratch = new Float64Array(Math.max(this.space.size, this.termScratch.length * 2));
      this.termBits = new Uint32Array((this.termScratch.length >> 5) + 1);
    }
    const scratch = this.termScratch;
    const bits = this.termBits;
    for (let i = 0; i < ids.length; i += 1) {
      const id = ids[i] as number;
      scratch[id] = weights[i] as number;
      bits[id >> 5] = (bits[id >> 5] as number) | (1 << (id & 31));
    }
    return scratch;
  }

  private clearWeights(ids: Int32Array): void {
    for (let i = 0; i < ids.length; i += 1) {
      const id = ids[i] as number;
      this.termScratch[id] = 0;
      this.termBits[id >> 5] = 0;
    }
  }

  private toMatches(
    pairs: {
      need: PreparedNeed;
      startup: PreparedStartup;
      slot: number;
      lexicalRaw: number;
      /** The pair's dense score (null: none), when the caller has it already. */
      dense?: number | null;
      /** The shared terms, or a function giving them when the pair is explained. */
      shared: SharedTerms | (() => SharedTerms);
    }[],
    opts: RankOptions,
  ): RankedMatch[] {
    const matches: RankedMatch[] = [];
    const minScore = opts.minScore ?? 0;
    const noTerms: SharedTerms = {
      ids: new Int32Array(0),
      own: new Float64Array(0),
      other: new Float64Array(0),
      present: new Uint32Array(0),
    };
    for (const { need, startup, slot, lexicalRaw, dense, shared } of pairs) {
      const channels = this.channelsOf(need, slot, lexicalRaw, dense);
      const score = calibrateScore(channels.blended, this.model.calibration);
      if (score < minScore) break;
      const explanation = explainMatch(
        need,
        startup,
        opts.explain === false ? noTerms : typeof shared === 'function' ? shared() : shared,
        channels,
        this.model.lexicalWeight,
        this.space,
        this.denseWeight,
      );
      matches.push({ needId: need.id, startupId: startup.id, score, rank: matches.length + 1, explanation });
    }
    return matches;
  }

  private detachStartup(id: string): void {
    const slot = this.slotById.get(id);
    if (slot === undefined) return;
    const startup = this.slots[slot] as PreparedStartup;
    this.slots[slot] = undefined;
    this.hasDense[slot] = 0;
    this.slotById.delete(id);
    this.deadPostings += startup.termIds.length;
    this.livePostings -= startup.termIds.length;
    // Dead postings only cost time; rebuild once they outnumber the live ones (amortised O(1) per change).
    if (this.deadPostings > Math.max(1024, this.livePostings)) this.compact();
  }

  private compact(): void {
    const live = this.slots.filter((s): s is PreparedStartup => s !== undefined);
    const lsa = this.lsaMatrix;
    const oldSlots = live.map((s) => this.slotById.get(s.id) as number);
    const oldDense = this.denseRows.rows;
    const oldHasDense = this.hasDense;
    const denseRank = this.denseRank();
    this.denseRows = new DenseRows(denseRank, this.accumulator.length);
    this.hasDense = new Uint8Array(this.accumulator.length);
    this.slots = [];
    this.postings = [];
    this.slotById.clear();
    this.deadPostings = 0;
    this.livePostings = 0;
    // The accumulator already has room for every live profile; only the LSA rows are re-laid.
    this.lsaMatrix = new Float32Array(this.accumulator.length * this.rank);
    live.forEach((startup, slot) => {
      this.slots.push(startup);
      this.slotById.set(startup.id, slot);
      const old = oldSlots[slot] as number;
      if (oldHasDense[old] === 1) {
        this.denseRows.rows.set(oldDense.subarray(old * denseRank, (old + 1) * denseRank), slot * denseRank);
        this.hasDense[slot] = 1;
      }
      const from = (oldSlots[slot] as number) * this.rank;
      this.lsaMatrix.set(lsa.subarray(from, from + this.rank), slot * this.rank);
      for (let i = 0; i < startup.termIds.length; i += 1)
        this.addPosting(startup.termIds[i] as number, slot, startup.weights[i] as number);
    });
  }

  private ensureSlotCapacity(count: number): void {
    if (this.accumulator.length >= count) return;
    const capacity = Math.max(count, this.accumulator.length * 2, 64);
    const lsa = new Float32Array(capacity * this.rank);
    lsa.set(this.lsaMatrix.subarray(0, Math.min(this.lsaMatrix.length, lsa.length)));
    this.lsaMatrix = lsa;
    const denseRows = new DenseRows(this.denseRank(), capacity);
    const oldRows = this.denseRows.rows;
    denseRows.rows.set(oldRows.subarray(0, Math.min(oldRows.length, denseRows.rows.length)));
    this.denseRows = denseRows;
    const hasDense = new Uint8Array(capacity);
    hasDense.set(this.hasDense.subarray(0, Math.min(this.hasDense.length, capacity)));
    this.hasDense = hasDense;
    this.accumulator = new Float64Array(capacity);
    this.acrossAccumulator = new Float64Array(capacity);
    this.acrossSlot = new Uint8Array(capacity);
    this.blended = new Float64Array(capacity);
    this.lexicalZ = new Float64Array(capacity);
    this.knownPart = new Float64Array(capacity);
    this.blendFactor = new Float64Array(capacity);
    this.denseZ = new Float64Array(capacity);
    this.seeded = new Uint8Array(capacity);
  }

  /** Allocates slots and postings for profiles about to be placed at once (growing one by one would copy them repeatedly). */
  private reserve(startups: readonly PreparedStartup[]): void {
    this.ensureSlotCapacity(this.slots.length + startups.length);
    let size = 0;
    for (const startup of startups) for (const id of startup.termIds) size = Math.max(size, id + 1);
    const counts = new Int32Array(size);
    for (const startup of startups) for (const id of startup.termIds) counts[id] = (counts[id] as number) + 1;
    while (this.postings.length < size) this.postings.push(undefined);
    const postings = this.postings;
    for (let id = 0; id < size; id += 1) {
      const count = counts[id] as number;
      if (count === 0) continue;
      const list = postings[id];
      const capacity = (list?.length ?? 0) + count;
      if (list && list.slots.length >= capacity) continue;
      const slots = new Int32Array(Math.max(4, capacity));
      const weights = new Float32Array(Math.max(4, capacity));
      if (list) {
        slots.set(list.slots.subarray(0, list.length));
        weights.set(list.weights.subarray(0, list.length));
      }
      postings[id] = { slots, weights, length: list?.length ?? 0 };
    }
  }

  private addPosting(termId: number, slot: number, weight: number): void {
    // Grow densely: assigning far past the end would turn the array into a slow dictionary.
    while (this.postings.length <= termId) this.postings.push(undefined);
    let list = this.postings[termId];
    if (!list) {
      list = { slots: new Int32Array(4), weights: new Float32Array(4), length: 0 };
      this.postings[termId] = list;
    }
    if (list.length === list.slots.length) {
      const slots = new Int32Array(list.length * 2);
      slots.set(list.slots);
      const weights = new Float32Array(list.length * 2);
      weights.set(list.weights);
      list.slots = slots;
      list.weights = weights;
    }
    list.slots[list.length] = slot;
    list.weights[list.length] = weight;
    list.length += 1;
    this.livePostings += 1;
  }
}
