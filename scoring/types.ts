/** Text language of a need or profile. */
export type Language = 'sv' | 'en';

/** A public-sector need as the scoring core sees it (plain data, no storage fields). */
export interface NeedDocument {
  id: string;
  title: string;
  description: string;
  tags?: readonly string[];
  /** Language of the text; detected from the text when absent. */
  language?: Language;
}

/** A startup profile as the scoring core sees it (plain data, no storage fields). */
export interface StartupDocument {
  id: string;
  name: string;
  description: string;
  oneLiner?: string;
  offering?: string;
  tags?: readonly string[];
  /** Reference summaries, one string each. */
  references?: readonly string[];
  /** Language of the text; detected from the text when absent. */
  language?: Language;
}

/** Why a pair scored what it did, in words a facilitator can read. */
export interface MatchExplanation {
  /** Terms that contributed most to the lexical channel, largest first; shares are of the whole lexical score (terms and tags together sum to at most 1). */
  terms: {
    term: string;
    share: number;
    /**
     * Present (true) when the pair shares the term only through a word similar in meaning across
     * languages (the translation table, e.g. "detektorer / detectors"), not the same word or the
     * lexicon's translation.
     */
    similarMeaning?: true;
  }[];
  /** Tags the need and the profile share, with their share of the lexical score. */
  tags: { tag: string; share: number }[];
  /** True when the need and the profile are written in different languages. */
  crossLanguage: boolean;
  needLanguage: Language;
  startupLanguage: Language;
  /**
   * Each channel's share of the blended score before calibration (in [0, 1], summing to 1 when any
   * is positive). `dense` (the embedding channel: similar in meaning, across languages too) is
   * present only when the pair was scored with it; a pair without it was ranked lexically.
   */
  channels: { lexical: number; semantic: number; dense?: number };
}

/** One ranked need–profile pair. */
export interface RankedMatch {
  needId: string;
  startupId: string;
  /** Calibrated score in [0, 1]; see `calibrate.ts` for what a value means. */
  score: number;
  /** 1-based rank within the list it was returned in. */
  rank: number;
  explanation: MatchExplanation;
}

/** Options of the scoring core. Every field has a documented default. */
export interface ScoringOptions {
  /** BM25 term-frequency saturation. @default 1.2 */
  k1?: number;
  /** BM25 length normalisation in [0, 1]. @default 0.75 */
  b?: number;
  /** Saturation of need-side term frequencies (BM25's k3); 0 = presence only, Infinity = raw counts. @default Infinity */
  queryK3?: number;
  /** Wanted LSA rank; reduced for small corpora, 0 disables the semantic channel. @default 100 */
  lsaRank?: number;
  /** Weight of the lexical channel in the blend, in [0, 1]; the semantic channel gets the rest. Both channels are standardised per need, so 0.5 weighs them equally. @default 0.5 */
  lexicalWeight?: number;
  /** Seed of the randomised SVD. @default 42 */
  seed?: number;
  /** Share of documents changed since the fit above which `needsRefit()` is true. @default 0.2 */
  refitThreshold?: number;
  /** The calibrated score reaches 1 for the top 10^-decades of fit-corpus pairs. @default 3 */
  calibrationDecades?: number;
  /** Most terms (highest document frequency first, df ≥ 2) given an LSA row; bounds the model size. @default 8000 */
  lsaMaxTerms?: number;
  /**
   * Weight of the dense channel (embedding vectors, see `ScoringIndex.setDenseChannel`) in pairs
   * where both sides have a vector; the lexical + LSA blend gets the rest. @default 0.3
   */
  denseWeight?: number;
}

/** Field weights and per-field length statistics of one document kind. */
export interface FieldStats {
  /** Field name → weight multiplying that field's term frequencies. */
  weights: Record<string, number>;
  /** Field name → average length in tokens over the fit corpus (≥ 1). */
  averageLength: Record<string, number>;
}

/**
 * Everything a score depends on apart from the two documents: frozen at fit time, plain
 * JSON-safe data, so workers can store it in MongoDB and agree exactly.
 */
export interface ScoringModel {
  /** Content hash-like version string: changes whenever any stored number changes. */
  version: string;
  /** Format of this object. */
  format: 1;
  /** Number of startup profiles in the fit corpus (BM25's N). */
  startupCount: number;
  needCount: number;
  k1: number;
  b: number;
  /** BM25's k3; null stands for Infinity (raw query counts), which JSON cannot hold. */
  queryK3: number | null;
  lexicalWeight: number;
  /** Terms, sorted; the index of a term is its id in every other array. */
  terms: string[];
  /** Robertson–Spärck Jones idf per term (natural log), df counted over fit startups, df ≥ 1. */
  idf: number[];
  /** idf given to terms not in `terms` (that of df = 1). */
  unseenIdf: number;
  /** Mean over fit startups of a term's BM25 weight (zeros included): for per-need standardisation. */
  weightMean: number[];
  /** Mean of the squared weight, same population. */
  weightSquareMean: number[];
  /**
   * Number of fit needs using each term (same ids as `terms`): sets the need-side weight of a term
   * (see `needTermWeight`). Absent in models written before it existed: every need-side weight is 1.
   */
  needDocumentFrequency?: number[];
  /** Moments used for unseen terms (those of an average df = 1 term). */
  unseenMoments: [mean: number, squareMean: number];
  /**
   * The same moments over the fit profiles of each language, present only when the fit profiles are
   * in both languages. A need's form is standardised against the profiles scored against it (see
   * `PreparedNeed.readers`), with these moments shrunk towards the corpus's (`READER_PRIOR_PROFILES`);
   * in a corpus of one language those profiles are all the fit profiles, and the moments above serve.
   */
  readerMoments?: Partial<Record<Language, ReaderMoments>>;
  startupFields: FieldStats;
  needFields: FieldStats;
  /** Fingerprint of every fit document ("n:" or "s:" + id → hash of its text), for drift. */
  fingerprints: Record<string, string>;
  /** Swedish words (lower case) used to split compounds, sorted; built-in words are not repeated here. */
  compoundWords: string[];
  /** Latent-semantic basis, or null when the corpus is too small or LSA is disabled. */
  lsa: LsaModel | null;
  calibration: CalibrationModel;
}

/** Standardisation statistics over the fit profiles written in one language. */
export interface ReaderMoments {
  /** Fit profiles in the language. */
  startupCount: number;
  /** Terms (ids into `ScoringModel.terms`, ascending) some of these profiles use; every other term has mean 0. */
  termIds: number[];
  /** Mean over these profiles of each listed term's BM25 weight (zeros included). */
  weightMean: number[];
  /** Mean of the squared weight, same population. */
  weightSquareMean: number[];
  /** Mean and row-major covariance of these profiles' unit LSA projections; empty without LSA. */
  lsaMean: number[];
  lsaCovariance: number[];
}

/** Truncated SVD basis: term rows of U (k numbers each) for the most frequent terms with df ≥ 2. */
export interface LsaModel {
  rank: number;
  /** Term ids (into `ScoringModel.terms`) that have a row, ascending. */
  termIds: number[];
  /** Row-major `termIds.length × rank` integers; multiply by `basisUnit` for the entries of U. */
  basis: number[];
  /** Value of one basis unit. */
  basisUnit: number;
  /** Mean of the unit-length startup projections (rank numbers). */
  mean: number[];
  /** Row-major covariance of the unit-length startup projections (rank × rank). */
  covariance: number[];
}

/** Monotone map from the blended standardised score to [0, 1] (see `calibrate.ts`). */
export interface CalibrationModel {
  /** Blended scores at tail fractions 10^(-i / stepsPerDecade), i = 0 … length-1, ascending. */
  quantiles: number[];
  stepsPerDecade: number;
  /** How many decades of tail the score spans: 1.0 ⇔ only 10^-decades of fit pairs score higher. */
  decades: number;
}
