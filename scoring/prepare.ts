import { TAG_TERM_PREFIX, type AnalyzedDocument, type TermLabels } from './analyze';
import { bm25Weight, fieldedFrequencies, queryFrequencies } from './bm25';
import { READER_PRIOR_PROFILES, type TermSpace } from './term-space';
import type { FieldStats, Language, LsaModel, ReaderMoments, ScoringModel } from './types';

/** LSA data of a model unpacked into typed arrays once per index. */
export interface LsaRuntime {
  rank: number;
  /** Term id → row in `basis`, or −1. */
  rowOfTerm: Int32Array;
  /** The model's basis integers (entries of U in units of `basisUnit`): a quarter of the memory of doubles, so projections read rows from cache. */
  basis: Int16Array;
  basisUnit: number;
  mean: Float64Array;
  covariance: Float64Array;
  /** The same moments over the fit profiles of one language (shrunk towards `mean` and `covariance`), where the model keeps them (`ScoringModel.readerMoments`). */
  readers: Partial<Record<Language, { mean: Float64Array; covariance: Float64Array }>>;
}

/** Unpacks the model's LSA basis; null when the model has none. */
export function createLsaRuntime(model: ScoringModel): LsaRuntime | null {
  const lsa: LsaModel | null = model.lsa;
  if (!lsa || lsa.rank === 0) return null;
  const rowOfTerm = new Int32Array(model.terms.length).fill(-1);
  lsa.termIds.forEach((termId, row) => {
    rowOfTerm[termId] = row;
  });
  // Entries of U's unit columns are at most 1, i.e. 10,000 units of the 1e-4 this code writes.
  const basis = Int16Array.from(lsa.basis);
  for (let i = 0; i < basis.length; i += 1)
    if (basis[i] !== lsa.basis[i]) throw new RangeError('LSA basis entry outside 16-bit integers');
  const readers: LsaRuntime['readers'] = {};
  for (const [language, moments] of Object.entries(model.readerMoments ?? {}) as [Language, ReaderMoments][])
    if (moments.lsaMean.length === lsa.rank) readers[language] = shrunkLsaMoments(lsa, moments);
  return {
    readers,
    rank: lsa.rank,
    rowOfTerm,
    basis,
    basisUnit: lsa.basisUnit,
    mean: Float64Array.from(lsa.mean),
    covariance: Float64Array.from(lsa.covariance),
  };
}

/**
 * Mean and covariance of one language's projections mixed with the corpus's as a population of
 * `READER_PRIOR_PROFILES` corpus profiles and the language's own (second moments are mixed, then
 * centred on the mixed mean), as `TermSpace.moments` does for the terms.
 */
function shrunkLsaMoments(
  lsa: LsaModel,
  moments: ReaderMoments,
): { mean: Float64Array; covariance: Float64Array } {
  const k = lsa.rank;
  const own = moments.startupCount / (moments.startupCount + READER_PRIOR_PROFILES);
  const mean = new Float64Array(k);
  for (let i = 0; i < k; i += 1)
    mean[i] = own * (moments.lsaMean[i] as number) + (1 - own) * (lsa.mean[i] as number);
  const covariance = new Float64Array(k * k);
  for (let i = 0; i < k; i += 1)
    for (let j = 0; j < k; j += 1) {
      const at = i * k + j;
      const ownSecond =
        (moments.lsaCovariance[at] as number) +
        (moments.lsaMean[i] as number) * (moments.lsaMean[j] as number);
      const corpusSecond = (lsa.covariance[at] as number) + (lsa.mean[i] as number) * (lsa.mean[j] as number);
      covariance[at] = own * ownSecond + (1 - own) * corpusSecond - (mean[i] as number) * (mean[j] as number);
    }
  return { mean, covariance };
}

/** A profile ready to score: BM25 weights in canonical term order and a unit LSA vector. */
export interface PreparedStartup {
  id: string;
  language: Language;
  termIds: Int32Array;
  weights: Float64Array;
  /** Unit-length LSA projection (all zeros when no term has a row), or null without LSA. */
  lsa: Float64Array | null;
  display: TermLabels;
}

/** A need ready to score: query weights, LSA vector and the statistics that standardise its scores. */
export interface PreparedNeed {
  id: string;
  language: Language;
  /**
   * Language of the profiles scored against this form (the need's own for the form as written, the
   * other for `across`): its scores are standardised over the fit profiles in that language where
   * the model keeps moments per language, so a score says how far a profile stands above the
   * profiles that read the need the same way.
   */
  readers: Language;
  termIds: Int32Array;
  queryWeights: Float64Array;
  /** 1 where the term at the same position is a whole-tag term. */
  tagMask: Uint8Array;
  /** Expected lexical score of a random fit-corpus profile, and its standard deviation. */
  lexicalMean: number;
  lexicalStd: number;
  lsa: Float64Array | null;
  semanticMean: number;
  semanticStd: number;
  display: TermLabels;
  /**
   * The need as a profile in the other language reads it (analysed `acrossLanguages`: its words plus
   * the translation table's), or null when translation adds nothing. Only pairs across the language
   * line use it, so a same-language profile is scored on the need's own words alone.
   */
  across: PreparedNeed | null;
}

/** The form of `need` that a profile written in `language` is scored against. */
export function needFor(need: PreparedNeed, language: Language): PreparedNeed {
  return need.across !== null && language !== need.language ? need.across : need;
}

/** `own` with `across` as its across-languages form, unless both have the same terms, weights and standardisation. */
export function withAcross(own: PreparedNeed, across: PreparedNeed): PreparedNeed {
  const same =
    own.termIds.length === across.termIds.length &&
    own.termIds.every(
      (id, i) => id === across.termIds[i] && own.queryWeights[i] === across.queryWeights[i],
    ) &&
    own.lexicalMean === across.lexicalMean &&
    own.lexicalStd === across.lexicalStd &&
    own.semanticMean === across.semanticMean &&
    own.semanticStd === across.semanticStd;
  return { ...own, across: same ? null : across };
}

function sortedEntries(frequencies: Map<string, number>, space: TermSpace): [number, number][] {
  const entries: [number, number][] = [];
  for (const [term, value] of frequencies) entries.push([space.idOf(term), value]);
  entries.sort((a, b) => space.compareTerms(a[0], b[0]));
  return entries;
}

/**
 * LSA projection of a document: Σ over its terms (canonical order) of ln(1 + f) × idf × the term's
 * basis row, scaled to unit length. Terms without a row (rare or unseen) do not move it.
 * @param raw - field-weighted raw frequency of each term in `ids`, at the same position.
 */
function project(ids: Int32Array, raw: ArrayLike<number>, space: TermSpace, lsa: LsaRuntime): Float64Array {
  const { rank, basis, rowOfTerm } = lsa;
  const vector = new Float64Array(rank);
  for (let i = 0; i < ids.length; i += 1) {
    const id = ids[i] as number;
    if (id >= rowOfTerm.length) continue;
    const row = rowOfTerm[id] as number;
    if (row < 0) continue;
    const x = Math.log1p(raw[i] as number) * space.idf(id) * lsa.basisUnit;
    const offset = row * rank;
    for (let j = 0; j < rank; j += 1) vector[j] = (vector[j] as number) + x * (basis[offset + j] as number);
  }
  let norm = 0;
  for (let j = 0; j < lsa.rank; j += 1) norm += (vector[j] as number) ** 2;
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let j = 0; j < lsa.rank; j += 1) vector[j] = (vector[j] as number) * scale;
  }
  return vector;
}

/** Field-weighted raw frequencies (no length normalisation): the LSA input of either kind. */
function rawFrequencies(doc: AnalyzedDocument, fields: FieldStats): Map<string, number> {
  return queryFrequencies(doc, fields);
}

/** Term ids in canonical order with the values of `frequencies` and of `raw` (0 where absent) at the same positions. */
function termArrays(
  frequencies: Map<string, number>,
  raw: Map<string, number> | null,
  space: TermSpace,
): { ids: Int32Array; values: Float64Array; raw: Float64Array } {
  const entries = sortedEntries(frequencies, space);
  const ids = new Int32Array(entries.length);
  const values = new Float64Array(entries.length);
  entries.forEach(([id, value], i) => {
    ids[i] = id;
    values[i] = value;
  });
  if (raw === null) return { ids, values, raw: values };
  const rawValues = new Float64Array(entries.length);
  for (let i = 0; i < ids.length; i += 1) rawValues[i] = raw.get(space.termOf(ids[i] as number)) ?? 0;
  return { ids, values, raw: rawValues };
}

/** What identifies a document beside its terms. */
export interface DocumentHeader {
  id: string;
  language: Language;
  display: TermLabels;
}

/**
 * Prepares a profile from its BM25F pseudo-frequencies and raw frequencies, both given per term id
 * in canonical order (`ids`).
 */
export function prepareStartupTerms(
  doc: DocumentHeader,
  ids: Int32Array,
  pseudo: Float64Array,
  raw: ArrayLike<number>,
  model: ScoringModel,
  space: TermSpace,
  lsa: LsaRuntime | null,
): PreparedStartup {
  // Corpus stopwords (idf 0) weigh 0 in both channels, so they are left out: no postings, less memory.
  let kept = 0;
  for (let i = 0; i < ids.length; i += 1) if (space.idf(ids[i] as number) > 0) kept += 1;
  const termIds = kept === ids.length ? ids : new Int32Array(kept);
  const weights = new Float64Array(kept);
  let at = 0;
  for (let i = 0; i < ids.length; i += 1) {
    const id = ids[i] as number;
    const idf = space.idf(id);
    if (!(idf > 0)) continue;
    termIds[at] = id;
    // Rounded to single precision, which the index's postings hold exactly: every path sums the same values.
    weights[at] = Math.fround(bm25Weight(pseudo[i] as number, idf, model.k1));
    at += 1;
  }
  return {
    id: doc.id,
    language: doc.language,
    termIds,
    weights,
    lsa: lsa ? project(ids, raw, space, lsa) : null,
    display: doc.display,
  };
}

/** Prepares a profile for scoring against the model. */
export function prepareStartup(
  doc: AnalyzedDocument,
  model: ScoringModel,
  space: TermSpace,
  lsa: LsaRuntime | null,
): PreparedStartup {
  const { ids, values, raw } = termArrays(
    fieldedFrequencies(doc, model.startupFields, model.b),
    lsa ? rawFrequencies(doc, model.startupFields) : null,
    space,
  );
  return prepareStartupTerms(doc, ids, values, raw, model, space, lsa);
}

/** The other language: the readers of a need's across-languages form. */
export function otherLanguage(language: Language): Language {
  return language === 'sv' ? 'en' : 'sv';
}

/**
 * Prepares a need for scoring: query weights plus the mean and spread of its scores over the fit
 * profiles (those in `readers` where the model keeps moments per language).
 * @param readers - language of the profiles scored against this form. @default doc.language
 */
export function prepareNeed(
  doc: AnalyzedDocument,
  model: ScoringModel,
  space: TermSpace,
  lsa: LsaRuntime | null,
  readers: Language = doc.language,
): PreparedNeed {
  // The LSA input of a need is its query frequencies themselves.
  const { ids, values } = termArrays(queryFrequencies(doc, model.needFields), null, space);
  return prepareNeedTerms(doc, ids, values, model, space, lsa, readers);
}

/**
 * Prepares a need from its raw query frequencies, given per term id in canonical order (`ids`).
 * Each frequency is first scaled by the term's need-side weight (`TermSpace.needWeight`), for the
 * lexical query weights and the LSA projection alike.
 */
export function prepareNeedTerms(
  doc: DocumentHeader,
  ids: Int32Array,
  rawFrequencies: Float64Array,
  model: ScoringModel,
  space: TermSpace,
  lsa: LsaRuntime | null,
  readers: Language = doc.language,
): PreparedNeed {
  const frequencies = new Float64Array(ids.length);
  for (let i = 0; i < ids.length; i += 1)
    frequencies[i] = (rawFrequencies[i] as number) * space.needWeight(ids[i] as number);
  const termIds = ids;
  const queryWeights = new Float64Array(ids.length);
  const tagMask = new Uint8Array(ids.length);
  let lexicalMean = 0;
  let lexicalVariance = 0;
  const k3 = model.queryK3;
  for (let i = 0; i < ids.length; i += 1) {
    const id = ids[i] as number;
    const raw = frequencies[i] as number;
    const q = k3 === null ? raw : (raw * (k3 + 1)) / (k3 + raw);
    queryWeights[i] = q;
    if (space.termOf(id).startsWith(TAG_TERM_PREFIX)) tagMask[i] = 1;
    const [mean, square] = space.moments(id, readers);
    lexicalMean += q * mean;
    // Terms treated as independent: an approximation that only sets the scale of the standardised score.
    lexicalVariance += q * q * Math.max(0, square - mean * mean);
  }
  let vector: Float64Array | null = null;
  let semanticMean = 0;
  let semanticStd = 0;
  if (lsa) {
    vector = project(ids, frequencies, space, lsa);
    const k = lsa.rank;
    const { mean, covariance } = lsa.readers[readers] ?? lsa;
    let variance = 0;
    for (let i = 0; i < k; i += 1) {
      const vi = vector[i] as number;
      semanticMean += vi * (mean[i] as number);
      if (vi === 0) continue;
      let row = 0;
      for (let j = 0; j < k; j += 1) row += (covariance[i * k + j] as number) * (vector[j] as number);
      variance += vi * row;
    }
    semanticStd = Math.sqrt(Math.max(0, variance));
  }
  return {
    id: doc.id,
    language: doc.language,
    readers,
    termIds,
    queryWeights,
    tagMask,
    lexicalMean,
    lexicalStd: Math.sqrt(lexicalVariance),
    lsa: vector,
    semanticMean,
    semanticStd,
    display: doc.display,
    across: null,
  };
}

/** Cosine of two unit LSA vectors (0 when either is missing). */
export function semanticSimilarity(need: PreparedNeed, startup: PreparedStartup): number {
  if (!need.lsa || !startup.lsa) return 0;
  let dot = 0;
  for (let j = 0; j < need.lsa.length; j += 1) dot += (need.lsa[j] as number) * (startup.lsa[j] as number);
  return dot;
}

/** The channels of a pair, each standardised against the fit profiles for this need. */
export interface ChannelScores {
  lexical: number;
  semantic: number;
  /** The dense channel's standardised score, or null when the pair was scored without it. */
  dense: number | null;
  /**
   * α × lexical + (1 − α) × semantic, or lexical alone without LSA; with a dense score d and dense
   * weight w, (1 − w) × that + w × d: the value that ranks.
   */
  blended: number;
}

/**
 * Standardises and blends raw channel values of one pair. `ScoringIndex.rankStartups` inlines the
 * same arithmetic, operation for operation, so both give bit-identical values.
 */
export function blendChannels(
  need: PreparedNeed,
  lexicalRaw: number,
  semanticRaw: number,
  model: ScoringModel,
  dense: number | null = null,
  denseWeight = 0,
): ChannelScores {
  const lexicalScale = need.lexicalStd > 0 ? 1 / need.lexicalStd : 0;
  const lexical = (lexicalRaw - need.lexicalMean) * lexicalScale;
  let semantic = 0;
  let blended = lexical;
  if (need.lsa !== null) {
    const semanticScale = need.semanticStd > 0 ? 1 / need.semanticStd : 0;
    semantic = (semanticRaw - need.semanticMean) * semanticScale;
    const alpha = model.lexicalWeight;
    blended = alpha * lexical + (1 - alpha) * semantic;
  }
  if (dense !== null) blended = (1 - denseWeight) * blended + denseWeight * dense;
  return { lexical, semantic, dense, blended };
}
