import { TAG_TERM_PREFIX } from './analyze';
import type { Language, ScoringModel } from './types';

const TAG_PREFIX_CODE = TAG_TERM_PREFIX.charCodeAt(0);

/**
 * Pseudo-needs, none using the term, added to the fit needs when estimating how common a term is
 * among needs: with few needs a shared word is weak evidence of boilerplate.
 */
export const NEED_SHARE_PRIOR = 10;

/**
 * Pseudo-profiles of the whole fit corpus mixed into the moments of one language's profiles
 * (`ScoringModel.readerMoments`): a language with few profiles says little about how a term's
 * weight varies among them, so its moments lean on the corpus's; the same prior strength as
 * `NEED_SHARE_PRIOR`.
 */
export const READER_PRIOR_PROFILES = 10;

/**
 * Need-side weight of a term used by `needDf` of `needCount` fit needs: (1 − p)², p = needDf /
 * (needCount + NEED_SHARE_PRIOR). Wording most needs share (in SBIR topics "objective", "phase",
 * "develop", "references") says little about what one need wants, however rare it is among
 * profiles; the startup-side idf cannot see that. 1 for a term no fit need used; with 62 needs, a
 * term in all of them weighs 0.02, one in half of them 0.32.
 */
export function needTermWeight(needDf: number, needCount: number): number {
  const share = needDf / (needCount + NEED_SHARE_PRIOR);
  return (1 - share) * (1 - share);
}

/**
 * Term ids for one index: the model's terms keep their position in `model.terms` (sorted), and
 * terms first seen after the fit get ids after them, in arrival order. Unseen terms get the idf and
 * moments the model documents for them, so their scores do not depend on arrival order; only their
 * ids do, which is why vectors are kept in `compareTerms` order rather than id order.
 */
export class TermSpace {
  private readonly ids: Map<string, number>;
  private readonly extraTerms: string[] = [];
  readonly modelTermCount: number;
  private readonly needWeights: Float64Array | null;
  private readonly readerArrays = new Map<Language, { mean: Float64Array; square: Float64Array }>();

  constructor(private readonly model: ScoringModel) {
    this.ids = new Map(model.terms.map((term, id) => [term, id]));
    this.modelTermCount = model.terms.length;
    const needDf = model.needDocumentFrequency;
    this.needWeights = needDf ? Float64Array.from(needDf, (df) => needTermWeight(df, model.needCount)) : null;
  }

  /** Number of ids handed out so far (model terms plus unseen ones). */
  get size(): number {
    return this.modelTermCount + this.extraTerms.length;
  }

  /** The id of a term, creating one for a term the model has not seen. */
  idOf(term: string): number {
    const known = this.ids.get(term);
    if (known !== undefined) return known;
    const id = this.modelTermCount + this.extraTerms.length;
    this.extraTerms.push(term);
    this.ids.set(term, id);
    return id;
  }

  /** True for a whole-tag term (`TAG_TERM_PREFIX`). */
  isTag(id: number): boolean {
    return this.termOf(id).charCodeAt(0) === TAG_PREFIX_CODE;
  }

  termOf(id: number): string {
    return id < this.modelTermCount
      ? (this.model.terms[id] as string)
      : (this.extraTerms[id - this.modelTermCount] as string);
  }

  idf(id: number): number {
    return id < this.modelTermCount ? (this.model.idf[id] as number) : this.model.unseenIdf;
  }

  /** Need-side weight of a term (`needTermWeight`); 1 for terms no fit need used and in models without need statistics. */
  needWeight(id: number): number {
    return this.needWeights !== null && id < this.modelTermCount ? (this.needWeights[id] as number) : 1;
  }

  /**
   * Mean and mean square of the term's BM25 weight over the fit startups; with `readers`, over those
   * written in that language when the model keeps moments per language (`ScoringModel.readerMoments`),
   * shrunk towards the whole corpus by `READER_PRIOR_PROFILES`.
   */
  moments(id: number, readers?: Language): readonly [number, number] {
    if (id >= this.modelTermCount) return this.model.unseenMoments;
    const own = readers === undefined ? undefined : this.readerMoments(readers);
    if (own) return [own.mean[id] as number, own.square[id] as number];
    return [this.model.weightMean[id] as number, this.model.weightSquareMean[id] as number];
  }

  /** The model's sparse moments of one language, shrunk and spread over term ids once, on first use. */
  private readerMoments(readers: Language): { mean: Float64Array; square: Float64Array } | undefined {
    const cached = this.readerArrays.get(readers);
    if (cached) return cached;
    const stored = this.model.readerMoments?.[readers];
    if (!stored) return undefined;
    // Shrunk towards all fit profiles (READER_PRIOR_PROFILES pseudo-profiles of the whole corpus).
    const own = stored.startupCount / (stored.startupCount + READER_PRIOR_PROFILES);
    const mean = Float64Array.from(this.model.weightMean, (v) => (1 - own) * v);
    const square = Float64Array.from(this.model.weightSquareMean, (v) => (1 - own) * v);
    stored.termIds.forEach((id, i) => {
      mean[id] = (mean[id] as number) + own * (stored.weightMean[i] as number);
      square[id] = (square[id] as number) + own * (stored.weightSquareMean[i] as number);
    });
    const arrays = { mean, square };
    this.readerArrays.set(readers, arrays);
    return arrays;
  }

  /**
   * Canonical order of term ids, the same in every process holding the same model: model terms by
   * id (their sorted position), then unseen terms by their text.
   */
  compareTerms = (a: number, b: number): number => {
    const aModel = a < this.modelTermCount;
    const bModel = b < this.modelTermCount;
    if (aModel && bModel) return a - b;
    if (aModel !== bModel) return aModel ? -1 : 1;
    const ta = this.termOf(a);
    const tb = this.termOf(b);
    return ta < tb ? -1 : ta > tb ? 1 : 0;
  };
}
