import {
  collectCompoundWords,
  createAnalyzer,
  NEED_FIELDS,
  needTexts,
  rawWords,
  STARTUP_FIELDS,
  startupTexts,
  type AnalyzedDocument,
} from './analyze';
import { detectLanguage } from './language';
import { averageFieldLengths, bm25Idf, bm25Weight, fieldedFrequencies, queryFrequencies } from './bm25';
import { fitCalibration } from './calibrate';
import { fingerprintNeed, fingerprintStartup, hashString } from './hash';
import { resolveOptions, type ResolvedOptions } from './options';
import { blendChannels, createLsaRuntime, prepareNeed, prepareStartup, semanticSimilarity, type PreparedStartup } from './prepare';
import { truncatedSvd, type SparseMatrix } from './svd';
import { TermSpace } from './term-space';
import type { Language, LsaModel, NeedDocument, ScoringModel, ScoringOptions, StartupDocument } from './types';

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

function lsaFrequencies(doc: AnalyzedDocument, weights: Readonly<Record<string, number>>): Map<string, number> {
  return queryFrequencies(doc, { weights: { ...weights }, averageLength: {} });
}

/**
 * Fits the LSA basis: the term × document matrix of ln(1 + f) × idf over every fit document
 * (columns scaled to unit length, so long needs do not dominate), restricted to the `maxTerms` most
 * frequent terms with df ≥ 2, factorised by the randomised truncated SVD. The rank is at most half
 * the number of documents, and LSA is skipped below 10 documents, where it would only echo them.
 * Large corpora are sampled evenly down to `LSA_MAX_DOCUMENTS` first.
 */
function fitLsa(allDocs: { doc: AnalyzedDocument; weights: Readonly<Record<string, number>> }[], terms: readonly string[], idf: readonly number[], options: ResolvedOptions): LsaModel | null {
  const docs = evenSample(allDocs, LSA_MAX_DOCUMENTS);
  const rank = Math.min(options.lsaRank, Math.floor(docs.length / 2));
  if (rank < 2 || docs.length < 10) return null;
  const termId = new Map(terms.map((term, id) => [term, id]));
  const columns = docs.map(({ doc, weights }) => lsaFrequencies(doc, weights));
  const df = new Map<number, number>();
  for (const column of columns) for (const term of column.keys()) {
    const id = termId.get(term) as number;
    df.set(id, (df.get(id) ?? 0) + 1);
  }
  const selected = [...df].filter(([, count]) => count >= 2).sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, options.lsaMaxTerms).map(([id]) => id).sort((a, b) => a - b);
  if (selected.length < rank) return null;
  const rowOf = new Map(selected.map((id, row) => [id, row]));
  // Cells per column, scaled to unit column length, then laid out row by row (CSR) by counting.
  const cells = columns.map((column) => {
    const rows: number[] = [];
    const values: number[] = [];
    for (const [term, f] of column) {
      const id = termId.get(term) as number;
      const row = rowOf.get(id);
      if (row === undefined) continue;
      rows.push(row);
      values.push(Math.log1p(f) * (idf[id] as number));
    }
    const norm = Math.sqrt(values.reduce((s, v) => s + v * v, 0)) || 1;
    return { rows, values: values.map((v) => v / norm) };
  });
  const rowStart = new Int32Array(selected.length + 1);
  for (const { rows } of cells) for (const row of rows) rowStart[row + 1] = (rowStart[row + 1] as number) + 1;
  for (let i = 0; i < selected.length; i += 1) rowStart[i + 1] = (rowStart[i + 1] as number) + (rowStart[i] as number);
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
  const k = lsa.rank;
  const mean = new Float64Array(k);
  const second = new Float64Array(k * k);
  for (const startup of startups) {
    const v = startup.lsa as Float64Array;
    for (let i = 0; i < k; i += 1) {
      const vi = v[i] as number;
      mean[i] = (mean[i] as number) + vi / startups.length;
      for (let j = 0; j < k; j += 1) second[i * k + j] = (second[i * k + j] as number) + (vi * (v[j] as number)) / startups.length;
    }
  }
  lsa.mean = Array.from(mean, (v) => round(v, 6));
  lsa.covariance = [];
  for (let i = 0; i < k; i += 1) for (let j = 0; j < k; j += 1) lsa.covariance.push(round((second[i * k + j] as number) - (mean[i] as number) * (mean[j] as number), 6));
}

/** Blended scores of fit-corpus pairs (a deterministic sample of needs against every profile). */
function calibrationScores(model: ScoringModel, needs: readonly AnalyzedDocument[], prepared: readonly PreparedStartup[], space: TermSpace): Float64Array {
  const lsa = createLsaRuntime(model);
  const stride = Math.max(1, Math.ceil((needs.length * prepared.length) / CALIBRATION_MAX_PAIRS));
  const sample = needs.filter((_, i) => i % stride === 0);
  const scratch = new Float64Array(model.terms.length);
  const scores = new Float64Array(sample.length * prepared.length);
  let n = 0;
  for (const doc of sample) {
    const need = prepareNeed(doc, model, space, lsa);
    need.termIds.forEach((id, i) => {
      if (id < scratch.length) scratch[id] = need.queryWeights[i] as number;
    });
    for (const startup of prepared) {
      let lexical = 0;
      for (let i = 0; i < startup.termIds.length; i += 1) {
        const id = startup.termIds[i] as number;
        if (id < scratch.length) lexical += (scratch[id] as number) * (startup.weights[i] as number);
      }
      scores[n] = blendChannels(need, lexical, semanticSimilarity(need, startup), model).blended;
      n += 1;
    }
    need.termIds.forEach((id) => {
      if (id < scratch.length) scratch[id] = 0;
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
export function fitModel(needs: readonly NeedDocument[], startups: readonly StartupDocument[], options: ScoringOptions = {}): ScoringModel {
  return fitModelWithDocuments(needs, startups, options).model;
}

/** What fitting computed about the fit documents, reused by `buildIndex` instead of analysing them twice. */
export interface FittedDocuments {
  model: ScoringModel;
  /** Needs as given, sorted by id, with their analyses. */
  needs: { doc: NeedDocument; analyzed: AnalyzedDocument }[];
  /** Profiles as given, sorted by id, prepared against the final model. */
  startups: { doc: StartupDocument; prepared: PreparedStartup }[];
}

/** `fitModel`, also returning the analysed and prepared fit documents. */
export function fitModelWithDocuments(needs: readonly NeedDocument[], startups: readonly StartupDocument[], options: ScoringOptions = {}): FittedDocuments {
  const opts = resolveOptions(options);
  // Detect each language once, from one tokenisation, and hand it to the analyzer.
  const withLanguage = <T extends { language?: Language }>(doc: T, texts: (string | undefined)[]): { doc: T; language: Language; words: string[] } => {
    const words = doc.language === undefined || doc.language === 'sv' ? rawWords(texts) : [];
    return { doc, language: doc.language ?? detectLanguage(words), words };
  };
  const needEntries = [...needs].sort(byId).map((doc) => withLanguage(doc, needTexts(doc)));
  const startupEntries = [...startups].sort(byId).map((doc) => withLanguage(doc, startupTexts(doc)));
  const sortedNeeds = needEntries.map((entry) => entry.doc);
  const sortedStartups = startupEntries.map((entry) => entry.doc);
  const compoundWords = collectCompoundWords([...needEntries, ...startupEntries]);
  const analyzer = createAnalyzer(compoundWords);
  const analyzedNeeds = needEntries.map(({ doc, language }) => analyzer.analyzeNeed({ ...doc, language }));
  const analyzedStartups = startupEntries.map(({ doc, language }) => analyzer.analyzeStartup({ ...doc, language }));

  const startupFields = { weights: { ...STARTUP_FIELD_WEIGHTS }, averageLength: averageFieldLengths(analyzedStartups, STARTUP_FIELDS) };
  const needFields = { weights: { ...NEED_FIELD_WEIGHTS }, averageLength: averageFieldLengths(analyzedNeeds, NEED_FIELDS) };

  const termSet = new Set<string>();
  const documentFrequency = new Map<string, number>();
  for (const doc of analyzedNeeds) for (const terms of doc.fields.values()) for (const term of terms.keys()) termSet.add(term);
  for (const doc of analyzedStartups) {
    const seen = new Set<string>();
    for (const terms of doc.fields.values()) for (const term of terms.keys()) seen.add(term);
    for (const term of seen) {
      termSet.add(term);
      documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    }
  }
  const terms = [...termSet].sort();
  const count = sortedStartups.length;
  const idf = terms.map((term) => round(bm25Idf(count, documentFrequency.get(term) ?? 0), 7));
  const unseenIdf = round(bm25Idf(count, 1), 7);
  const termIndex = new Map(terms.map((term, id) => [term, id]));
  const weightSum = new Float64Array(terms.length);
  const squareSum = new Float64Array(terms.length);
  for (const doc of analyzedStartups) {
    for (const [term, tf] of fieldedFrequencies(doc, startupFields, opts.b)) {
      const id = termIndex.get(term) as number;
      const w = bm25Weight(tf, idf[id] as number, opts.k1);
      weightSum[id] = (weightSum[id] as number) + w;
      squareSum[id] = (squareSum[id] as number) + w * w;
    }
  }
  const perDoc = Math.max(1, count);
  const weightMean = Array.from(weightSum, (v) => round(v / perDoc, 6));
  const weightSquareMean = Array.from(squareSum, (v) => round(v / perDoc, 6));
  let rareMean = 0;
  let rareSquare = 0;
  let rareCount = 0;
  terms.forEach((term, id) => {
    if (documentFrequency.get(term) !== 1) return;
    rareMean += weightMean[id] as number;
    rareSquare += weightSquareMean[id] as number;
    rareCount += 1;
  });
  const single = bm25Weight(1, unseenIdf, opts.k1);
  const unseenMoments: [number, number] =
    rareCount > 0 ? [round(rareMean / rareCount, 6), round(rareSquare / rareCount, 6)] : [round(single / perDoc, 6), round((single * single) / perDoc, 6)];

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
    startupFields,
    needFields,
    fingerprints,
    compoundWords,
    lsa: fitLsa(
      [...analyzedNeeds.map((doc) => ({ doc, weights: NEED_FIELD_WEIGHTS })), ...analyzedStartups.map((doc) => ({ doc, weights: STARTUP_FIELD_WEIGHTS }))],
      terms,
      idf,
      opts,
    ),
    calibration: { quantiles: [], stepsPerDecade: 1, decades: opts.calibrationDecades },
  };
  // Projections depend on the basis only, so one preparation serves the moments and the calibration.
  const space = new TermSpace(model);
  const lsaRuntime = createLsaRuntime(model);
  const preparedStartups = analyzedStartups.map((doc) => prepareStartup(doc, model, space, lsaRuntime));
  fillLsaMoments(model, evenSample(preparedStartups, LSA_MAX_DOCUMENTS));
  const calibrationNeeds =
    analyzedNeeds.length > 0
      ? analyzedNeeds
      : sortedStartups.slice(0, CALIBRATION_STAND_IN_NEEDS).map((doc) => analyzer.analyzeNeed({ id: doc.id, title: doc.oneLiner ?? doc.name, description: doc.description, tags: doc.tags ?? [] }));
  model.calibration = fitCalibration(calibrationScores(model, calibrationNeeds, preparedStartups, space), opts.calibrationDecades);
  model.version = `m${MODEL_FORMAT}-${hashString(JSON.stringify(model))}`;
  return {
    model,
    needs: sortedNeeds.map((doc, i) => ({ doc, analyzed: analyzedNeeds[i] as AnalyzedDocument })),
    startups: sortedStartups.map((doc, i) => ({ doc, prepared: preparedStartups[i] as PreparedStartup })),
  };
}
