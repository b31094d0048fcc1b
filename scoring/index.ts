export type {
  Language,
  NeedDocument,
  StartupDocument,
  MatchExplanation,
  RankedMatch,
  ScoringModel,
  ScoringOptions,
  LsaModel,
  CalibrationModel,
  FieldStats,
} from './types';
export { fitModel, MODEL_FORMAT } from './model';
export {
  fitDenseChannel,
  needEmbeddingText,
  startupEmbeddingText,
  type DenseChannel,
  type DenseFitOptions,
} from './dense';
export { ScoringIndex, type RankOptions } from './scoring-index';
export { buildIndex, rankAll } from './rank-all';
export { DEFAULT_OPTIONS } from './options';
export { calibrateScore, scoreReachedBy } from './calibrate';
export { toPlainText } from './html';
export { detectLanguage } from './language';
export { createPrng } from './prng';
export { tokenize } from './tokenize';
export {
  measureRankings,
  ndcgAt,
  recallAt,
  reciprocalRankAt,
  type Judgements,
  type RankingQuality,
} from './metrics';
