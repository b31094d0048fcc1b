import type { ScoringModel } from './types';

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

  constructor(private readonly model: ScoringModel) {
    this.ids = new Map(model.terms.map((term, id) => [term, id]));
    this.modelTermCount = model.terms.length;
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

  termOf(id: number): string {
    return id < this.modelTermCount ? (this.model.terms[id] as string) : (this.extraTerms[id - this.modelTermCount] as string);
  }

  idf(id: number): number {
    return id < this.modelTermCount ? (this.model.idf[id] as number) : this.model.unseenIdf;
  }

  /** Mean and mean square of the term's BM25 weight over the fit startups. */
  moments(id: number): readonly [number, number] {
    if (id >= this.modelTermCount) return this.model.unseenMoments;
    return [this.model.weightMean[id] as number, this.model.weightSquareMean[id] as number];
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
