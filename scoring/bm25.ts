import type { AnalyzedDocument } from './analyze';
import type { FieldStats } from './types';

/** Robertson–Spärck Jones idf with the +1 that keeps it positive: ln(1 + (N − df + 0.5) / (df + 0.5)). */
export function bm25Idf(documentCount: number, documentFrequency: number): number {
  const df = Math.max(1, documentFrequency);
  return Math.log(1 + (documentCount - df + 0.5) / (df + 0.5));
}

/** Share of the fit profiles above which a term is a corpus stopword (`termIdf`). */
export const CORPUS_STOPWORD_SHARE = 0.5;
/** Fewest fit profiles for which `termIdf` drops corpus stopwords: in a handful, a shared word says little. */
export const CORPUS_STOPWORD_MIN_PROFILES = 20;

/**
 * The idf the model stores: `bm25Idf`, except 0 for a term in more than half of at least 20 profiles.
 * There the Robertson–Spärck Jones idf without the +1 turns negative, i.e. the term is evidence of
 * nothing; the +1 keeps such terms weakly positive, and dropping them instead removes the longest
 * postings lists from every ranking (in the synthetic bench half of them) at no measured cost in
 * quality.
 */
export function termIdf(documentCount: number, documentFrequency: number): number {
  if (
    documentCount >= CORPUS_STOPWORD_MIN_PROFILES &&
    documentFrequency > CORPUS_STOPWORD_SHARE * documentCount
  )
    return 0;
  return bm25Idf(documentCount, documentFrequency);
}

/**
 * BM25F pseudo-frequencies of a document: per term, Σ over fields of weight × tf / (1 − b + b ×
 * length / average length). Saturation is applied once, after the fields are combined, so a term
 * repeated across title and description does not count twice at full strength.
 */
export function fieldedFrequencies(
  doc: AnalyzedDocument,
  fields: FieldStats,
  b: number,
): Map<string, number> {
  const result = new Map<string, number>();
  for (const [field, terms] of doc.fields) {
    const weight = fields.weights[field] ?? 0;
    if (weight === 0) continue;
    const average = fields.averageLength[field] ?? 1;
    const norm = 1 - b + (b * (doc.lengths.get(field) ?? 0)) / average;
    for (const [term, tf] of terms) result.set(term, (result.get(term) ?? 0) + (weight * tf) / norm);
  }
  return result;
}

/** BM25 weight of one term in a document: idf × tf~ (k1 + 1) / (k1 + tf~). */
export function bm25Weight(pseudoFrequency: number, idf: number, k1: number): number {
  return (idf * pseudoFrequency * (k1 + 1)) / (k1 + pseudoFrequency);
}

/**
 * Query weights of a need: per term, Σ over fields of weight × tf, without length normalisation
 * (every candidate sees the same query). Long needs repeat their topic words, so raw query
 * frequencies are kept (BM25's k3 = ∞).
 */
export function queryFrequencies(doc: AnalyzedDocument, fields: FieldStats): Map<string, number> {
  const result = new Map<string, number>();
  for (const [field, terms] of doc.fields) {
    const weight = fields.weights[field] ?? 0;
    if (weight === 0) continue;
    for (const [term, tf] of terms) result.set(term, (result.get(term) ?? 0) + weight * tf);
  }
  return result;
}

/** Average field lengths over documents, at least 1 so empty corpora do not divide by zero. */
export function averageFieldLengths(
  docs: readonly AnalyzedDocument[],
  fieldNames: readonly string[],
): Record<string, number> {
  const averages: Record<string, number> = {};
  for (const field of fieldNames) {
    let total = 0;
    for (const doc of docs) total += doc.lengths.get(field) ?? 0;
    averages[field] = Math.max(1, docs.length === 0 ? 1 : total / docs.length);
  }
  return averages;
}
