import {
  collectCompoundWords,
  createAnalyzer,
  NEED_FIELDS,
  needTexts,
  STARTUP_FIELDS,
  startupTexts,
  textTokens,
  type AnalyzedDocument,
  type CompactFields,
} from './analyze';
import { detectLanguageOfTexts } from './language';
import { LEXICON } from './lexicon';
import { builtInMeaningTable } from './translation';
import { averageFieldLengths, bm25Idf, bm25Weight, termIdf } from './bm25';
import { fitCalibration } from './calibrate';
import { fingerprintNeed, fingerprintStartup, hashString } from './hash';
import { resolveOptions, type ResolvedOptions } from './options';
import {
  blendChannels,
  createLsaRuntime,
  prepareNeed,
  needFor,
  otherLanguage,
  prepareNeedTerms,
  withAcross,
  prepareStartupTerms,
  semanticSimilarity,
  type PreparedNeed,
  type PreparedStartup,
} from './prepare';
import { truncatedSvd, type SparseMatrix } from './svd';
import { TermSpace } from './term-space';
import type {
  Language,
  LsaModel,
  NeedDocument,
  ScoringModel,
  ScoringOptions,
  StartupDocument,
} from './types';

/** Format of `ScoringModel` this code writes and reads. */
export const MODEL_FORMAT = 1;

/**
 * Field weights. Titles, one-liners and tags name the topic; descriptions are long and repeat it
 * with noise; a company name rarely says what it does.
 */
export const STARTUP_FIELD_WEIGHTS: Readonly<Record<string, number>> = {
  name: 0.5,
  oneLiner: 2,
  offering: 1.5,
  tags: 2,
  description: 1,
  references: 0.5,
};
export const NEED_FIELD_WEIGHTS: Readonly<Record<string, number>> = { title: 2, tags: 2, description: 1 };

/** Most need–profile pairs scored at fit time to fit the calibration (100 pairs beyond the top 0.1 %). */
const CALIBRATION_MAX_PAIRS = 100_000;
/**
 * Most documents the LSA basis and its moments are fitted on: an even sample (every n-th by id)
 * beyond this. A few thousand documents pin down the leading topics; more only cost fit time.
 */
const LSA_MAX_DOCUMENTS = 2000;

/** Resolution of the stored LSA basis: 1e-4 against entries of typically 0.01, errors that average out over a document's terms. */
const BASIS_UNIT = 1e-4;

/** Every n-th item so that at most `limit` remain, in order (deterministic). */
function evenSample<T>(items: readonly T[], limit: number): T[] {
  const stride = Math.max(1, Math.ceil(items.length / limit));
  return items.filter((_, i) => i % stride === 0);
}
/** Profiles used as stand-in needs when the fit corpus has no needs. */
const CALIBRATION_STAND_IN_NEEDS = 100;

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const round = (value: number, digits: number): number => Number(value.toPrecision(digits));

/**
 * A fit document's term frequencies with terms as integer ids (interned once per fit), so the fit's
 * statistics run over typed arrays instead of string-keyed maps. Fields and terms keep the order of
 * the analysed document's maps, so every floating-point sum runs in the same order as over the maps.
 */
interface CompactDocument {
  fields: string[];
  ids: Int32Array[];
  frequencies: Float64Array[];
  /** The field's length (`lengths.get(field) ?? 0`). */
  lengths: number[];
}

function compactDocument(doc: AnalyzedDocument, intern: (term: string) => number): CompactDocument {
  const compact: CompactDocument = { fields: [], ids: [], frequencies: [], lengths: [] };
  for (const [field, terms] of doc.fields) {
    const ids = new Int32Array(terms.size);
    const frequencies = new Float64Array(terms.size);
    let i = 0;
    for (const [term, tf] of terms) {
      ids[i] = intern(term);
      frequencies[i] = tf;
      i += 1;
    }
    compact.fields.push(field);
    compact.ids.push(ids);
    compact.frequencies.push(frequencies);
    compact.lengths.push(doc.lengths.get(field) ?? 0);
  }
  return compact;
}

/** A document's compact fields by its analyzer's ids, with the ids copied (they are renumbered in place later). */
function copyCompact(doc: AnalyzedDocument): CompactDocument {
  const compact = doc.compact as CompactFields;
  return {
    fields: [...compact.fields],
    ids: compact.ids.map((ids) => ids.slice()),
    frequencies: [...compact.frequencies],
    lengths: [...compact.lengths],
  };
}

/**
 * Dense per-term sums of one document at a time: the typed-array form of `fieldedFrequencies` and
 * `queryFrequencies`. `order` lists the terms in first-seen order (the maps' insertion order).
 */
class TermAccumulator {
  readonly values: Float64Array;
  readonly order: Int32Array;
  count = 0;
  private readonly seen: Uint8Array;

  constructor(size: number) {
    this.values = new Float64Array(size);
    this.order = new Int32Array(size);
    this.seen = new Uint8Array(size);
  }

  /** Σ over fields of weight × tf, divided by the BM25F length norm when `fields.averageLength` and `b` are given. */
  load(
    doc: CompactDocument,
    weights: Readonly<Record<string, number>>,
    averageLength: Readonly<Record<string, number>> | null,
    b: number,
  ): void {
    this.clear();
    const { values, order, seen } = this;
    for (let f = 0; f < doc.fields.length; f += 1) {
      const field = doc.fields[f] as string;
      const weight = weights[field] ?? 0;
      if (weight === 0) continue;
      const ids = doc.ids[f] as Int32Array;
      const frequencies = doc.frequencies[f] as Float64Array;
      if (averageLength) {
        const average = averageLength[field] ?? 1;
        const norm = 1 - b + (b * (doc.lengths[f] as number)) / average;
        for (let i = 0; i < ids.length; i += 1) {
          const id = ids[i] as number;
          if (seen[id] === 0) {
            seen[id] = 1;
            order[this.count] = id;
            this.count += 1;
          }
          values[id] = (values[id] as number) + (weight * (frequencies[i] as number)) / norm;
        }
      } else {
        for (let i = 0; i < ids.length; i += 1) {
          const id = ids[i] as number;
          if (seen[id] === 0) {
            seen[id] = 1;
            order[this.count] = id;
            this.count += 1;
          }
          values[id] = (values[id] as number) + weight * (frequencies[i] as number);
        }
      }
    }
  }

  /** The loaded term ids in ascending order (the canonical order of model terms). */
  sortedIds(): Int32Array {
    return this.order.slice(0, this.count).sort();
  }

  clear(): void {
    for (let i = 0; i < this.count; i += 1) {
      const id = this.order[i] as number;
      this.values[id] = 0;
      this.seen[id] = 0;
    }
    this.count = 0;
  }
}

/**
 * Fits the LSA basis: the term × document matrix of ln(1 + f) × idf over every fit document
 * (columns scaled to unit length, so long needs do not dominate), restricted to the `maxTerms` most
 * frequent terms with df ≥ 2, factorised by the randomised truncated SVD. The rank is at most half
 * the number of documents, and LSA is skipped below 10 documents, where it would only echo them.
 * Large corpora are sampled evenly down to `LSA_MAX_DOCUMENTS` first.
 */
function fitLsa(
  allDocs: { doc: CompactDocument; weights: Readonly<Record<string, number>> }[],
  terms: readonly string[],
  idf: readonly number[],
  options: ResolvedOptions,
): LsaModel | null {
  const docs = evenSample(allDocs, LSA_MAX_DOCUMENTS);
  const rank = Math.min(options.lsaRank, Math.floor(docs.length / 2));
  if (rank < 2 || docs.length < 10) return null;
  const accumulator = new TermAccumulator(terms.length);
  const columns = docs.map(({ doc, weights }) => {
    accumulator.load(doc, weights, null, 0);
    const ids = accumulator.order.slice(0, accumulator.count);
    const frequencies = new Float64Array(ids.length);
    for (let i = 0; i < ids.length; i += 1) frequencies[i] = accumulator.values[ids[i] as number] as number;
    return { ids, frequencies };
  });
  accumulator.clear();
  const df = new Int32Array(terms.length);
  for (const column of columns) for (const id of column.ids) df[id] = (df[id] as number) + 1;
  const candidates: number[] = [];
  // Corpus stopwords (idf 0) would only get rows of zeros.
  for (let id = 0; id < df.length; id += 1)
    if ((df[id] as number) >= 2 && (idf[id] as number) > 0) candidates.push(id);
  const selected = candidates
    .sort((a, b) => (df[b] as number) - (df[a] as number) || a - b)
    .slice(0, options.lsaMaxTerms)
    .sort((a, b) => a - b);
  if (selected.length < rank) return null;
  const rowOf = new Int32Array(terms.length).fill(-1);
  selected.forEach((id, row) => {
    rowOf[id] = row;
  });
  // Cells per column, scaled to unit column length, then laid out row by row (CSR) by counting.
  const cells = columns.map((column) => {
    const rows: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < column.ids.length; i += 1) {
      const id = column.ids[i] as number;
      const row = rowOf[id] as number;
      if (row < 0) continue;
      rows.push(row);
      values.push(Math.log1p(column.frequencies[i] as number) * (idf[id] as number));
    }
    const norm = Math.sqrt(values.reduce((s, v) => s + v * v, 0)) || 1;
    return { rows, values: values.map((v) => v / norm) };
  });
  const rowStart = new Int32Array(selected.length + 1);
  for (const { rows } of cells) for (const row of rows) rowStart[row + 1] = (rowStart[row + 1] as number) + 1;
  for (let i = 0; i < selected.length; i += 1)
    rowStart[i + 1] = (rowStart[i + 1] as number) + (rowStart[i] as number);
  const nonZeros = rowStart[selected.length] as number;
  const next = rowStart.slice(0, selected.length);
  const column = new Int32Array(nonZeros);
  const value = new Float64Array(nonZeros);
  cells.forEach(({ rows, values }, j) => {
    rows.forEach((row, c) => {
      const at = next[row] as number;
      column[at] = j;
      value[at] = values[c] as number;
      next[row] = at + 1;
    });
  });
  const matrix: SparseMatrix = { rows: selected.length, columns: docs.length, rowStart, column, value };
  const svd = truncatedSvd(matrix, { rank, seed: options.seed });
  // Integers in units of BASIS_UNIT keep the JSON near 4 characters a number (entries are O(1/√terms)).
  // `|| 0` turns -0 into 0, which is what a JSON round trip would give.
  const basis = Array.from(svd.u, (v) => Math.round(v / BASIS_UNIT) || 0);
  return { rank: svd.rank, termIds: selected, basis, basisUnit: BASIS_UNIT, mean: [], covariance: [] };
}

/** Mean and covariance of unit startup projections, filled into the LSA model (rounded). */
function fillLsaMoments(model: ScoringModel, startups: readonly PreparedStartup[]): void {
  const lsa = model.lsa;
  if (!lsa) return;
  const moments = lsaMoments(lsa.rank, startups);
  lsa.mean = moments.mean;
  lsa.covariance = moments.covariance;
}

/** Mean and row-major covariance (rounded) of the unit LSA projections of `startups`. */
function lsaMoments(
  k: number,
  startups: readonly PreparedStartup[],
): { mean: number[]; covariance: number[] } {
  const mean = new Float64Array(k);
  const second = new Float64Array(k * k);
  for (const startup of startups) {
    const v = startup.lsa as Float64Array;
    for (let i = 0; i < k; i += 1) {
      const vi = v[i] as number;
      mean[i] = (mean[i] as number) + vi / startups.length;
      for (let j = 0; j < k; j += 1)
        second[i * k + j] = (second[i * k + j] as number) + (vi * (v[j] as number)) / startups.length;
    }
  }
  const covariance: number[] = [];
  for (let i = 0; i < k; i += 1)
    for (let j = 0; j < k; j += 1)
      covariance.push(round((second[i * k + j] as number) - (mean[i] as number) * (mean[j] as number), 6));
  return { mean: Array.from(mean, (v) => round(v, 6)), covariance };
}

/** Blended scores of fit-corpus pairs (a deterministic sample of needs against every profile). */
function calibrationScores(
  model: ScoringModel,
  needs: readonly PreparedNeed[],
  prepared: readonly PreparedStartup[],
): Float64Array {
  const stride = Math.max(1, Math.ceil((needs.length * prepared.length) / CALIBRATION_MAX_PAIRS));
  const sample = needs.filter((_, i) => i % stride === 0);
  const scratch = new Float64Array(model.terms.length);
  // One bit per term, set for the need's terms: tested in L1 cache before the dense weights are read.
  const bits = new Uint32Array((model.terms.length >> 5) + 1);
  const scores = new Float64Array(sample.length * prepared.length);
  let n = 0;
  // Each form of a need (as written, across languages) scores the profiles that read that form.
  const forms = sample.flatMap((owner) =>
    owner.across
      ? [
          { owner, need: owner },
          { owner, need: owner.across },
        ]
      : [{ owner, need: owner }],
  );
  for (const { owner, need } of forms) {
    need.termIds.forEach((id, i) => {
      if (id >= scratch.length) return;
      scratch[id] = need.queryWeights[i] as number;
      bits[id >> 5] = (bits[id >> 5] as number) | (1 << (id & 31));
    });
    for (const startup of prepared) {
      if (needFor(owner, startup.language) !== need) continue;
      let lexical = 0;
      const { termIds, weights } = startup;
      for (let i = 0; i < termIds.length; i += 1) {
        const id = termIds[i] as number;
        if ((((bits[id >> 5] as number) >>> (id & 31)) & 1) === 0) continue;
        lexical += (scratch[id] as number) * (weights[i] as number);
      }
      scores[n] = blendChannels(need, lexical, semanticSimilarity(need, startup), model).blended;
      n += 1;
    }
    need.termIds.forEach((id) => {
      if (id >= scratch.length) return;
      scratch[id] = 0;
      bits[id >> 5] = 0;
    });
  }
  return scores;
}

/**
 * Fits the scoring model on a corpus: vocabulary, BM25 idf (df over profiles), field length
 * averages, per-term weight moments (to standardise each need's scores), the Swedish compound
 * vocabulary, the LSA basis and the calibration. Deterministic: documents are sorted by id first,
 * and the SVD is seeded, so the same documents and options give the same model in any order.
 * Size on the SBIR development corpus (62 needs, 1,578 profiles, k = 100): see README of the eval.
 */
export function fitModel(
  needs: readonly NeedDocument[],
  startups: readonly StartupDocument[],
  options: ScoringOptions = {},
): ScoringModel {
  return fitModelWithDocuments(needs, startups, options).model;
}

/** Adds every term of an analysed document to `terms`. */
function addTermsOf(doc: AnalyzedDocument, terms: Set<string>): void {
  if (!doc.compact) {
    for (const fieldTerms of doc.fields.values()) for (const term of fieldTerms.keys()) terms.add(term);
    return;
  }
  const { source, ids } = doc.compact;
  for (const fieldIds of ids)
    for (let i = 0; i < fieldIds.length; i += 1) terms.add(source[fieldIds[i] as number] as string);
}

/**
 * Whether a term occurs in the model's fit profiles (a positive mean weight, or idf 0 for a corpus
 * stopword): the English vocabulary a need's cognates are looked up in. The fit uses the same set,
 * read from the analysed profiles, so a need prepared by an index matches its fit form.
 */
export function profileTermTest(model: ScoringModel): (term: string) => boolean {
  const ids = new Map(model.terms.map((term, id) => [term, id]));
  return (term) => {
    const id = ids.get(term);
    return id !== undefined && ((model.weightMean[id] as number) > 0 || model.idf[id] === 0);
  };
}

/** What fitting computed about the fit documents, reused by `buildIndex` instead of analysing them twice. */
export interface FittedDocuments {
  model: ScoringModel;
  /** Needs as given, sorted by id, with their analyses, prepared against the final model. */
  needs: { doc: NeedDocument; analyzed: AnalyzedDocument; prepared: PreparedNeed }[];
  /** Profiles as given, sorted by id, prepared against the final model. */
  startups: { doc: StartupDocument; prepared: PreparedStartup }[];
}

/** `fitModel`, also returning the analysed and prepared fit documents. */
export function fitModelWithDocuments(
  needs: readonly NeedDocument[],
  startups: readonly StartupDocument[],
  options: ScoringOptions = {},
): FittedDocuments {
  const opts = resolveOptions(options);
  // Tokenise each text once: the tokens serve language detection, the compound vocabulary and the analysis.
  const withLanguage = <T extends { language?: Language }>(
    doc: T,
    texts: (string | undefined)[],
  ): { doc: T; language: Language; tokens: string[][]; words: string[] } => {
    const tokens = texts.map(textTokens);
    const language = doc.language ?? detectLanguageOfTexts(tokens);
    // Only Swedish documents feed the compound vocabulary.
    return { doc, language, tokens, words: language === 'sv' ? tokens.flat() : [] };
  };
  const needEntries = [...needs].sort(byId).map((doc) => withLanguage(doc, needTexts(doc)));
  const startupEntries = [...startups].sort(byId).map((doc) => withLanguage(doc, startupTexts(doc)));
  const sortedNeeds = needEntries.map((entry) => entry.doc);
  const sortedStartups = startupEntries.map((entry) => entry.doc);
  const compoundWords = collectCompoundWords([...needEntries, ...startupEntries]);
  // The profiles' terms, filled once they are analysed: the vocabulary cognates are looked up in
  // (the index reads the same set from the model, see `profileTermTest`).
  const profileTerms = new Set<string>();
  const analyzer = createAnalyzer(compoundWords, LEXICON, builtInMeaningTable(), (stem) =>
    profileTerms.has(stem),
  );
  const analyzedNeeds = needEntries.map(({ doc, language, tokens }) =>
    analyzer.analyzeNeedTokens(doc, language, tokens),
  );
  const analyzedStartups = startupEntries.map(({ doc, language, tokens }) =>
    analyzer.analyzeStartupTokens(doc, language, tokens),
  );
  for (const doc of analyzedStartups) addTermsOf(doc, profileTerms);
  // Each need as read across the language line too: its words, the translation table's and cognates.
  const analyzedNeedsAcross = needEntries.map(({ doc, language, tokens }) =>
    analyzer.analyzeNeedTokens(doc, language, tokens, true),
  );
  for (const entry of [...needEntries, ...startupEntries]) {
    entry.tokens = [];
    entry.words = [];
  }

  const startupFields = {
    weights: { ...STARTUP_FIELD_WEIGHTS },
    averageLength: averageFieldLengths(analyzedStartups, STARTUP_FIELDS),
  };
  const needFields = {
    weights: { ...NEED_FIELD_WEIGHTS },
    averageLength: averageFieldLengths(analyzedNeeds, NEED_FIELDS),
  };

  // Terms as integer ids from here on: the analyzer's ids, renumbered to their sorted position.
  const intern = (term: string): number => {
    let id = internedIds.get(term);
    if (id === undefined) {
      id = interned.length;
      internedIds.set(term, id);
      interned.push(term);
    }
    return id;
  };
  const internedIds = new Map<string, number>();
  const interned: string[] = [];
  const ownIds = [...analyzedNeeds, ...analyzedNeedsAcross, ...analyzedStartups].every(
    (doc) => doc.compact?.source === analyzer.terms,
  );
  const toCompact = (doc: AnalyzedDocument): CompactDocument =>
    ownIds ? copyCompact(doc) : compactDocument(doc, intern);
  const compactNeeds = analyzedNeeds.map(toCompact);
  const compactNeedsAcross = analyzedNeedsAcross.map(toCompact);
  const compactStartups = analyzedStartups.map(toCompact);
  const idTerms: readonly string[] = ownIds ? analyzer.terms : interned;
  const used = new Uint8Array(idTerms.length);
  for (const doc of [...compactNeeds, ...compactNeedsAcross, ...compactStartups])
    for (const ids of doc.ids) for (let i = 0; i < ids.length; i += 1) used[ids[i] as number] = 1;
  const usedIds: number[] = [];
  used.forEach((flag, id) => {
    if (flag) usedIds.push(id);
  });
  const sortedOrder = usedIds.sort((a, b) => {
    const ta = idTerms[a] as string;
    const tb = idTerms[b] as string;
    return ta < tb ? -1 : ta > tb ? 1 : 0;
  });
  const terms = sortedOrder.map((i) => idTerms[i] as string);
  const renumber = new Int32Array(idTerms.length);
  sortedOrder.forEach((old, id) => {
    renumber[old] = id;
  });
  for (const doc of [...compactNeeds, ...compactNeedsAcross, ...compactStartups])
    for (const ids of doc.ids)
      for (let i = 0; i < ids.length; i += 1) ids[i] = renumber[ids[i] as number] as number;

  const documentFrequency = new Int32Array(terms.length);
  const lastDocument = new Int32Array(terms.length).fill(-1);
  compactStartups.forEach((doc, d) => {
    for (const ids of doc.ids) {
      for (let i = 0; i < ids.length; i += 1) {
        const id = ids[i] as number;
        if (lastDocument[id] === d) continue;
        lastDocument[id] = d;
        documentFrequency[id] = (documentFrequency[id] as number) + 1;
      }
    }
  });
  // Needs that use each term: how much of a term is boilerplate shared by needs (`needTermWeight`).
  // Counted on the needs as read across languages (their own terms and translations), so translated
  // boilerplate is discounted like the words it translates.
  const needDocumentFrequency = new Int32Array(terms.length);
  lastDocument.fill(-1);
  compactNeedsAcross.forEach((doc, d) => {
    for (const ids of doc.ids) {
      for (let i = 0; i < ids.length; i += 1) {
        const id = ids[i] as number;
        if (lastDocument[id] === d) continue;
        lastDocument[id] = d;
        needDocumentFrequency[id] = (needDocumentFrequency[id] as number) + 1;
      }
    }
  });
  const count = sortedStartups.length;
  const idf = terms.map((_, id) => round(termIdf(count, documentFrequency[id] as number), 7));
  const unseenIdf = round(bm25Idf(count, 1), 7);
  const weightSum = new Float64Array(terms.length);
  const squareSum = new Float64Array(terms.length);
  // The same sums per language of the profiles, when the profiles are in both languages (in one
  // language, all fit profiles are the profiles of that language).
  const startupLanguages = analyzedStartups.map((doc) => doc.language);
  const profileLanguages = [...new Set(startupLanguages)].sort();
  const readerSums = new Map(
    (profileLanguages.length > 1 ? profileLanguages : []).map((language) => [
      language,
      { weight: new Float64Array(terms.length), square: new Float64Array(terms.length) },
    ]),
  );
  const accumulator = new TermAccumulator(terms.length);
  compactStartups.forEach((doc, d) => {
    accumulator.load(doc, startupFields.weights, startupFields.averageLength, opts.b);
    const own = readerSums.get(startupLanguages[d] as Language);
    for (let i = 0; i < accumulator.count; i += 1) {
      const id = accumulator.order[i] as number;
      const w = bm25Weight(accumulator.values[id] as number, idf[id] as number, opts.k1);
      weightSum[id] = (weightSum[id] as number) + w;
      squareSum[id] = (squareSum[id] as number) + w * w;
      if (own) {
        own.weight[id] = (own.weight[id] as number) + w;
        own.square[id] = (own.square[id] as number) + w * w;
      }
    }
  });
  accumulator.clear();
  const perDoc = Math.max(1, count);
  const weightMean = Array.from(weightSum, (v) => round(v / perDoc, 6));
  const weightSquareMean = Array.from(squareSum, (v) => round(v / perDoc, 6));
  let rareMean = 0;
  let rareSquare = 0;
  let rareCount = 0;
  terms.forEach((_, id) => {
    if (documentFrequency[id] !== 1) return;
    rareMean += weightMean[id] as number;
    rareSquare += weightSquareMean[id] as number;
    rareCount += 1;
  });
  const single = bm25Weight(1, unseenIdf, opts.k1);
  const unseenMoments: [number, number] =
    rareCount > 0
      ? [round(rareMean / rareCount, 6), round(rareSquare / rareCount, 6)]
      : [round(single / perDoc, 6), round((single * single) / perDoc, 6)];

  const fingerprints: Record<string, string> = {};
  for (const doc of sortedNeeds) fingerprints[`n:${doc.id}`] = fingerprintNeed(doc);
  for (const doc of sortedStartups) fingerprints[`s:${doc.id}`] = fingerprintStartup(doc);

  const model: ScoringModel = {
    version: '',
    format: MODEL_FORMAT,
    startupCount: count,
    needCount: sortedNeeds.length,
    k1: opts.k1,
    b: opts.b,
    queryK3: Number.isFinite(opts.queryK3) ? opts.queryK3 : null,
    lexicalWeight: opts.lexicalWeight,
    terms,
    idf,
    unseenIdf,
    weightMean,
    weightSquareMean,
    unseenMoments,
    needDocumentFrequency: Array.from(needDocumentFrequency),
    startupFields,
    needFields,
    fingerprints,
    compoundWords,
    lsa: fitLsa(
      [
        ...compactNeeds.map((doc) => ({ doc, weights: NEED_FIELD_WEIGHTS })),
        ...compactStartups.map((doc) => ({ doc, weights: STARTUP_FIELD_WEIGHTS })),
      ],
      terms,
      idf,
      opts,
    ),
    calibration: { quantiles: [], stepsPerDecade: 1, decades: opts.calibrationDecades },
  };
  // Projections depend on the basis only, so one preparation serves the moments and the calibration.
  // Fit documents hold model terms only, so their ids are the model's and ascending order is canonical.
  const space = new TermSpace(model);
  const lsaRuntime = createLsaRuntime(model);
  const raw = new TermAccumulator(terms.length);
  const preparedStartups = compactStartups.map((doc, d) => {
    accumulator.load(doc, model.startupFields.weights, model.startupFields.averageLength, model.b);
    const ids = accumulator.sortedIds();
    const pseudo = new Float64Array(ids.length);
    for (let i = 0; i < ids.length; i += 1) pseudo[i] = accumulator.values[ids[i] as number] as number;
    const rawValues = new Float64Array(ids.length);
    if (lsaRuntime) {
      raw.load(doc, model.startupFields.weights, null, 0);
      for (let i = 0; i < ids.length; i += 1) rawValues[i] = raw.values[ids[i] as number] as number;
    }
    return prepareStartupTerms(
      analyzedStartups[d] as AnalyzedDocument,
      ids,
      pseudo,
      rawValues,
      model,
      space,
      lsaRuntime,
    );
  });
  accumulator.clear();
  raw.clear();
  fillLsaMoments(model, evenSample(preparedStartups, LSA_MAX_DOCUMENTS));
  if (readerSums.size > 0) {
    model.readerMoments = {};
    for (const [language, sums] of readerSums) {
      const own = preparedStartups.filter((startup) => startup.language === language);
      const termIds: number[] = [];
      const weightMean: number[] = [];
      const weightSquareMean: number[] = [];
      sums.weight.forEach((sum, id) => {
        if (sum === 0) return;
        termIds.push(id);
        weightMean.push(round(sum / own.length, 6));
        weightSquareMean.push(round((sums.square[id] as number) / own.length, 6));
      });
      const lsa = model.lsa ? lsaMoments(model.lsa.rank, evenSample(own, LSA_MAX_DOCUMENTS)) : null;
      model.readerMoments[language] = {
        startupCount: own.length,
        termIds,
        weightMean,
        weightSquareMean,
        lsaMean: lsa?.mean ?? [],
        lsaCovariance: lsa?.covariance ?? [],
      };
    }
  }
  // Needs are prepared after the moments, which standardise their scores.
  const needLsa = createLsaRuntime(model);
  const prepareCompactNeed = (
    doc: CompactDocument,
    analyzed: AnalyzedDocument,
    readers: Language,
  ): PreparedNeed => {
    accumulator.load(doc, model.needFields.weights, null, 0);
    const ids = accumulator.sortedIds();
    const frequencies = new Float64Array(ids.length);
    for (let i = 0; i < ids.length; i += 1) frequencies[i] = accumulator.values[ids[i] as number] as number;
    return prepareNeedTerms(analyzed, ids, frequencies, model, space, needLsa, readers);
  };
  const preparedNeeds = compactNeeds.map((doc, d) => {
    const analyzed = analyzedNeeds[d] as AnalyzedDocument;
    return withAcross(
      prepareCompactNeed(doc, analyzed, analyzed.language),
      prepareCompactNeed(
        compactNeedsAcross[d] as CompactDocument,
        analyzedNeedsAcross[d] as AnalyzedDocument,
        otherLanguage(analyzed.language),
      ),
    );
  });
  accumulator.clear();
  const calibrationNeeds =
    preparedNeeds.length > 0
      ? preparedNeeds
      : sortedStartups.slice(0, CALIBRATION_STAND_IN_NEEDS).map((doc) =>
          prepareNeed(
            analyzer.analyzeNeed({
              id: doc.id,
              title: doc.oneLiner ?? doc.name,
              description: doc.description,
              tags: doc.tags ?? [],
            }),
            model,
            space,
            needLsa,
          ),
        );
  model.calibration = fitCalibration(
    calibrationScores(model, calibrationNeeds, preparedStartups),
    opts.calibrationDecades,
  );
  model.version = `m${MODEL_FORMAT}-${hashString(JSON.stringify(model))}`;
  return {
    model,
    needs: sortedNeeds.map((doc, i) => ({
      doc,
      analyzed: analyzedNeeds[i] as AnalyzedDocument,
      prepared: preparedNeeds[i] as PreparedNeed,
    })),
    startups: sortedStartups.map((doc, i) => ({ doc, prepared: preparedStartups[i] as PreparedStartup })),
  };
}
