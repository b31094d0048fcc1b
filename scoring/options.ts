import type { ScoringOptions } from './types';

/** Every scoring option with its default filled in. */
export type ResolvedOptions = Required<ScoringOptions>;

/** Defaults: standard BM25 (Robertson & Zaragoza) and the LSA rank the issue sizes for. */
export const DEFAULT_OPTIONS: ResolvedOptions = {
  k1: 1.2,
  b: 0.75,
  queryK3: Infinity,
  lsaRank: 100,
  lexicalWeight: 0.5,
  seed: 42,
  refitThreshold: 0.2,
  calibrationDecades: 3,
  lsaMaxTerms: 8000,
  denseWeight: 0.3,
};

/** Fills in defaults and rejects values outside their documented ranges (programmer errors). */
export function resolveOptions(options: ScoringOptions = {}): ResolvedOptions {
  const resolved: ResolvedOptions = { ...DEFAULT_OPTIONS };
  for (const key of Object.keys(DEFAULT_OPTIONS) as (keyof ResolvedOptions)[]) {
    const value = options[key];
    if (value !== undefined) resolved[key] = value;
  }
  if (!(resolved.k1 >= 0)) throw new RangeError('k1 must be ≥ 0');
  if (!(resolved.b >= 0 && resolved.b <= 1)) throw new RangeError('b must be in [0, 1]');
  if (!(resolved.queryK3 >= 0)) throw new RangeError('queryK3 must be ≥ 0');
  if (!(resolved.lexicalWeight >= 0 && resolved.lexicalWeight <= 1))
    throw new RangeError('lexicalWeight must be in [0, 1]');
  if (!(Number.isInteger(resolved.lsaRank) && resolved.lsaRank >= 0))
    throw new RangeError('lsaRank must be an integer ≥ 0');
  if (!(resolved.denseWeight >= 0 && resolved.denseWeight <= 1))
    throw new RangeError('denseWeight must be in [0, 1]');
  if (!(resolved.refitThreshold > 0)) throw new RangeError('refitThreshold must be > 0');
  if (!(resolved.calibrationDecades > 0)) throw new RangeError('calibrationDecades must be > 0');
  return resolved;
}
