import { pairKey } from './meeting-id';
import type { Meeting, ScheduleInstance } from './types';

/**
 * The objective, lexicographic in three tiers by construction of the constants:
 *
 *   objective = PIN_UNIT · pinsMet + Σ_{needs n with minMeetings ≥ 1, met(n) ≥ minMeetings(n)} W(priority n)
 *             + Σ_{meetings m} w(priority of m's need) · score(m)
 *
 *   w(p)     = 6 − p                      score weight: priority 1 → 5 … priority 5 → 1
 *   U        = min(Σ_n maxMeetings(n), Σ_s maxMeetings(s))   an upper bound on the number of meetings
 *   MIN_UNIT = 5 · U + 1                  > the largest possible score tier (≤ 5 per meeting)
 *   W(p)     = MIN_UNIT · 2^(5 − p)       priority 1 → 16 units … priority 5 → 1 unit
 *   PIN_UNIT = Σ_{n: minMeetings ≥ 1} W(priority n) + MIN_UNIT   > the two lower tiers together
 *
 * So one more pin met beats everything below it, one more need at its minimum beats any score
 * gain, and among needs a priority-1 need counts as two priority-2 needs (weighted rather than
 * strictly lexicographic across priorities so the MILP's coefficients stay below ~1e8).
 */
export interface ObjectiveWeights {
  readonly minUnit: number;
  readonly pinUnit: number;
}

/** Score weight w(p) for a need of priority p (1 = highest). */
export function scoreWeight(priority: number): number {
  return 6 - priority;
}

/** Weight of a need of priority p reaching its minimum, W(p). */
export function minimumWeight(priority: number, weights: ObjectiveWeights): number {
  return weights.minUnit * 2 ** (5 - priority);
}

export function objectiveWeights(instance: ScheduleInstance): ObjectiveWeights {
  const needCap = instance.needs.reduce((sum, n) => sum + n.maxMeetings, 0);
  const startupCap = instance.startups.reduce((sum, s) => sum + s.maxMeetings, 0);
  const minUnit = 5 * Math.min(needCap, startupCap) + 1;
  const minTier = instance.needs
    .filter((n) => n.minMeetings >= 1)
    .reduce((sum, n) => sum + minUnit * 2 ** (5 - n.priority), 0);
  return { minUnit, pinUnit: minTier + minUnit };
}

export interface ObjectiveValue {
  readonly objective: number;
  readonly pinsMet: number;
  readonly needsAtMinimum: number;
  readonly minimumValue: number;
  readonly scoreValue: number;
}

/**
 * Evaluates the objective of a list of meetings from the instance alone, so outside tools and the
 * exact and heuristic solvers all agree. Meetings of unknown needs count nothing. Scores are the
 * meetings' own `score` fields.
 */
export function evaluateObjective(instance: ScheduleInstance, meetings: readonly Meeting[]): ObjectiveValue {
  const weights = objectiveWeights(instance);
  const needs = new Map(instance.needs.map((n) => [n.id, n]));
  const met = new Map<string, number>();
  const pairs = new Set<string>();
  let scoreValue = 0;
  for (const m of meetings) {
    const need = needs.get(m.needId);
    if (!need) continue;
    met.set(m.needId, (met.get(m.needId) ?? 0) + 1);
    pairs.add(pairKey(m.needId, m.startupId));
    scoreValue += scoreWeight(need.priority) * m.score;
  }
  const banned = new Set(instance.bans.map((b) => pairKey(b.needId, b.startupId)));
  const pinKeys = new Set(
    instance.pins.map((p) => pairKey(p.needId, p.startupId)).filter((k) => !banned.has(k)),
  );
  const pinsMet = [...pinKeys].filter((k) => pairs.has(k)).length;
  let needsAtMinimum = 0;
  let minimumValue = 0;
  for (const need of instance.needs) {
    if (need.minMeetings >= 1 && (met.get(need.id) ?? 0) >= need.minMeetings) {
      needsAtMinimum += 1;
      minimumValue += minimumWeight(need.priority, weights);
    }
  }
  return {
    objective: weights.pinUnit * pinsMet + minimumValue + scoreValue,
    pinsMet,
    needsAtMinimum,
    minimumValue,
    scoreValue,
  };
}
