import type { CalibrationModel } from './types';

/** Tail fractions sampled per factor of ten. */
const STEPS_PER_DECADE = 8;
/** Fewest pairs at or above a quantile for it to be read from data rather than extrapolated. */
const MIN_PAIRS_IN_TAIL = 5;

function round(value: number): number {
  return Number(value.toPrecision(7));
}

/**
 * Fits the map from blended scores to [0, 1] on the blended scores of fit-corpus pairs. The
 * blended score is already standardised per need (in standard deviations above a random fit
 * profile), so one map serves every need. Quantiles deeper in the tail than the data supports are
 * extrapolated linearly in log-tail (exponential tails), or from a Gaussian tail for tiny corpora.
 * @param decades - the score reaches 1 at a tail fraction of 10^-decades. @default 3
 */
export function fitCalibration(blended: ArrayLike<number>, decades = 3): CalibrationModel {
  const sorted = Float64Array.from(blended).sort();
  const count = sorted.length;
  const points = decades * STEPS_PER_DECADE + 1;
  const quantiles: number[] = [];
  let observed = 0;
  for (let i = 0; i < points; i += 1) {
    const tail = 10 ** (-i / STEPS_PER_DECADE);
    if (count * tail < MIN_PAIRS_IN_TAIL) break;
    quantiles.push(sorted[Math.min(count - 1, Math.floor(count * (1 - tail)))] as number);
    observed += 1;
  }
  if (observed < 2) {
    let mean = 0;
    for (const v of sorted) mean += v / Math.max(1, count);
    let variance = 0;
    for (const v of sorted) variance += (v - mean) ** 2 / Math.max(1, count);
    const sd = Math.sqrt(variance) || 1;
    quantiles.length = 0;
    quantiles.push(count > 0 ? (sorted[0] as number) : -1);
    for (let i = 1; i < points; i += 1)
      quantiles.push(mean + sd * Math.sqrt(2 * Math.log(10) * (i / STEPS_PER_DECADE)));
  } else {
    const span = Math.min(STEPS_PER_DECADE, observed - 1);
    const slope = ((quantiles[observed - 1] as number) - (quantiles[observed - 1 - span] as number)) / span;
    for (let i = observed; i < points; i += 1)
      quantiles.push((quantiles[observed - 1] as number) + slope * (i - observed + 1));
  }
  // Strictly increasing, so the map is invertible and ties in the data do not flatten it.
  for (let i = 1; i < quantiles.length; i += 1) {
    const previous = quantiles[i - 1] as number;
    if ((quantiles[i] as number) <= previous)
      quantiles[i] = previous + 1e-6 * Math.max(1, Math.abs(previous));
  }
  return { quantiles: quantiles.map(round), stepsPerDecade: STEPS_PER_DECADE, decades };
}

/**
 * Calibrated score in [0, 1]: s means that a fraction 10^(−s × decades) of fit-corpus need–profile
 * pairs score at least as high. With the default 3 decades: 0.33 = top 10 %, 0.67 = top 1 %,
 * 0.8 ≈ top 0.4 %, 1 = top 0.1 % or better. Monotone in `blended`, so it never changes a ranking.
 */
export function calibrateScore(blended: number, calibration: CalibrationModel): number {
  const q = calibration.quantiles;
  const last = q.length - 1;
  if (last < 1 || blended <= (q[0] as number)) return 0;
  if (blended >= (q[last] as number)) return 1;
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((q[mid] as number) <= blended) lo = mid;
    else hi = mid;
  }
  const low = q[lo] as number;
  const high = q[hi] as number;
  return (lo + (blended - low) / (high - low)) / last;
}

/**
 * The calibrated score that about `expectedProfiles` of `corpusProfiles` fit profiles reach for a
 * need by chance: a score s is reached by a fraction 10^(−decades·s) of fit pairs, so
 * s = log10(corpusProfiles / expectedProfiles) / decades, clamped to [0, 1]. Scores are rarities
 * within the fit corpus, so a threshold that should mean the same in a corpus of 50 profiles and
 * one of 5,000 is a count of profiles, not a fixed score.
 * @param decades - the model's `calibration.decades`. @default 3
 */
export function scoreReachedBy(expectedProfiles: number, corpusProfiles: number, decades = 3): number {
  if (!(expectedProfiles > 0) || !(corpusProfiles > 0)) throw new Error('counts must be positive');
  return Math.min(1, Math.max(0, Math.log10(corpusProfiles / expectedProfiles) / decades));
}
