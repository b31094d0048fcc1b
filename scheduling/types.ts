/**
 * The shapes of the scheduling contract (docs/contracts.md). All times are wall-clock times in the
 * event's timezone: dates `YYYY-MM-DD`, times `HH:MM`.
 */

/** A wall-clock window on one day. `start` < `end`, both `HH:MM`. */
export interface DatedWindow {
  readonly date: string;
  readonly start: string;
  readonly end: string;
}

export interface EventRoom {
  readonly id: string;
  readonly name?: string;
  /** Windows in which the room cannot be used. */
  readonly closed?: readonly DatedWindow[];
}

export interface ScheduleEvent {
  readonly id: string;
  readonly timezone: string;
  /** Length of one meeting in minutes (20 at the events we serve). */
  readonly meetingMinutes: number;
  /** Minutes between two consecutive meetings in a session. */
  readonly changeoverMinutes: number;
  readonly days: readonly {
    readonly date: string;
    readonly sessions: readonly { readonly start: string; readonly end: string }[];
  }[];
  readonly rooms: readonly EventRoom[];
  /**
   * Lowest score a candidate must reach to meet (a need's own `relevanceFloor` overrides it). Pins
   * and locked meetings are exempt. Range [0, 1]. @default 0 (every candidate may meet)
   */
  readonly relevanceFloor?: number;
}

export interface ScheduleHost {
  readonly id: string;
  readonly name?: string;
  /** Absent means available for the whole event. */
  readonly availability?: readonly DatedWindow[];
}

export interface ScheduleNeed {
  readonly id: string;
  readonly hostId: string;
  readonly title?: string;
  /** 1 = highest … 5 = lowest. */
  readonly priority: number;
  readonly minMeetings: number;
  readonly maxMeetings: number;
  /** This need's relevance floor, overriding the event's. Range [0, 1]. */
  readonly relevanceFloor?: number;
}

export interface ScheduleStartup {
  readonly id: string;
  readonly name?: string;
  readonly maxMeetings: number;
  /** Absent means available for the whole event. */
  readonly availability?: readonly DatedWindow[];
}

export interface PairRef {
  readonly needId: string;
  readonly startupId: string;
}

export interface Candidate extends PairRef {
  /** Match score in [0, 1]. */
  readonly score: number;
}

export interface Meeting {
  /** Stable: derived from event id, need id and startup id (see `meetingId`). */
  readonly id: string;
  readonly date: string;
  readonly start: string;
  readonly end: string;
  readonly roomId: string;
  readonly needId: string;
  readonly hostId: string;
  readonly startupId: string;
  readonly score: number;
}

export interface ScheduleInstance {
  readonly formatVersion: 1;
  readonly event: ScheduleEvent;
  readonly hosts: readonly ScheduleHost[];
  readonly needs: readonly ScheduleNeed[];
  readonly startups: readonly ScheduleStartup[];
  readonly candidates: readonly Candidate[];
  /** Facilitator pins: must meet. A pin need not be a candidate. */
  readonly pins: readonly PairRef[];
  /** Facilitator bans: must never meet. A ban beats a pin. */
  readonly bans: readonly PairRef[];
  /** Already published meetings: they stay exactly where they are while still valid. */
  readonly locked: readonly Meeting[];
}

/**
 * What a reason is about; its `params` carry ids and numbers, never words (services render them
 * with names, in Swedish or English). Shortfall reasons:
 *  - `too-few-good-fits` { needId, good, minimum, floor, bestBelow? }: too few candidates reach the relevance floor
 *  - `too-few-candidates` { needId, candidates, minimum, banned, lowestScore? }
 *  - `host-time-too-short` { hostId, slots, minimum }: the host is available for fewer slots than the minimum
 *  - `host-time-taken-by-other-needs` { hostId, slots, left, needIds }
 *  - `no-room-open` { slots, startupIds }: host and candidates are free then, but no room is open
 *  - `candidates-share-no-slot` { hostId, sharing, candidates, startupIds (never free with the host) }
 *  - `candidates-at-cap` { remaining, startupIds }
 *  - `candidates-booked` { hostId, startupIds, onlyRooms } (`onlyRooms` of them only because every room is taken)
 *  - `outweighed` {}: reaching the minimum would displace meetings worth more
 * Unmet pin reasons: `need-not-in-event` { needId }, `startup-not-in-event` { startupId },
 * `pin-banned`, `pair-cannot-meet`, `no-room-open` { slots, startupIds }, `pair-shares-no-slot`
 * { hostId }, `need-at-maximum` { needId, maximum }, `startup-at-maximum` { startupId, maximum }
 * (filled by pins and locked meetings), `slots-held-by-pins` { slots, pins (pair keys
 * `encodeURIComponent(needId)|encodeURIComponent(startupId)`) }, `pins-conflict` { slots, held }.
 * Dropped locked meeting reasons: `locked-need-gone` { needId }, `locked-startup-gone` { startupId },
 * `locked-host-gone` { hostId }, `locked-host-changed` { needId, hostId, previousHostId },
 * `locked-pair-banned` and `locked-pair-twice` { needId, startupId } (the pair has another locked
 * meeting), `locked-time-malformed`, `locked-wrong-length` { minutes }, `locked-outside-sessions`,
 * `locked-room-gone` and `locked-room-closed` { roomId }, `locked-host-unavailable` { hostId },
 * `locked-startup-unavailable` { startupId }, `locked-overlaps` { meetingId } (a locked meeting
 * kept before it), `locked-need-at-maximum` { needId, maximum }, `locked-startup-at-maximum`
 * { startupId, maximum }.
 */
export type ReasonCode =
  | 'too-few-good-fits'
  | 'too-few-candidates'
  | 'host-time-too-short'
  | 'host-time-taken-by-other-needs'
  | 'no-room-open'
  | 'candidates-share-no-slot'
  | 'candidates-at-cap'
  | 'candidates-booked'
  | 'outweighed'
  | 'need-not-in-event'
  | 'startup-not-in-event'
  | 'pin-banned'
  | 'pair-cannot-meet'
  | 'pair-shares-no-slot'
  | 'need-at-maximum'
  | 'startup-at-maximum'
  | 'slots-held-by-pins'
  | 'pins-conflict'
  | 'locked-need-gone'
  | 'locked-startup-gone'
  | 'locked-host-gone'
  | 'locked-host-changed'
  | 'locked-pair-banned'
  | 'locked-pair-twice'
  | 'locked-time-malformed'
  | 'locked-wrong-length'
  | 'locked-outside-sessions'
  | 'locked-room-gone'
  | 'locked-room-closed'
  | 'locked-host-unavailable'
  | 'locked-startup-unavailable'
  | 'locked-overlaps'
  | 'locked-need-at-maximum'
  | 'locked-startup-at-maximum';

/** A reason as a code with parameters (ids and numbers). */
export interface Reason {
  readonly code: ReasonCode;
  readonly params: Readonly<Record<string, string | number | readonly string[]>>;
}

export interface Shortfall {
  readonly needId: string;
  readonly met: number;
  readonly minimum: number;
  /** Binding reasons, most basic first. Never empty. */
  readonly reasons: Reason[];
}

/**
 * A need whose startups that fit well (candidates at or above its relevance floor, pins, locked
 * meetings) are fewer than its minimum: where facilitators go looking for startups.
 */
export interface ScoutingEntry {
  readonly needId: string;
  /** Startups that fit well: candidates scoring at least `floor`, plus pins and locked meetings. */
  readonly goodCandidates: number;
  readonly minimum: number;
  /** The need's relevance floor. */
  readonly floor: number;
  /** The best candidates below the floor, best first (at most five). */
  readonly nearMisses: readonly { readonly startupId: string; readonly score: number }[];
}

export interface UnmetPin extends PairRef {
  readonly reason: Reason;
}

/** A locked meeting that could not be kept, and why (added to the contract's result). */
export interface DroppedLocked {
  readonly meeting: Meeting;
  /** A `locked-*` code (see `ReasonCode`). */
  readonly reason: Reason;
}

/** The objective split into its tiers (added to the contract's result). */
export interface ObjectiveParts {
  readonly pinsMet: number;
  /** Needs with minMeetings ≥ 1 that reached it. */
  readonly needsAtMinimum: number;
  /** Σ over needs at minimum of W(priority). */
  readonly minimumValue: number;
  /** Σ over meetings of w(priority) · score. */
  readonly scoreValue: number;
  /** Upper bound on `scoreValue` alone. */
  readonly scoreBound: number;
}

export interface ScheduleResult {
  readonly formatVersion: 1;
  readonly meetings: Meeting[];
  readonly objective: number;
  /** A proven upper bound on the objective of any feasible schedule. */
  readonly bound: number;
  /** (bound − objective) / bound; 0 when bound is 0. */
  readonly gap: number;
  readonly shortfalls: Shortfall[];
  /** Needs short of startups that fit well, with their near misses (see {@link ScoutingEntry}). */
  readonly scouting: ScoutingEntry[];
  readonly unmetPins: UnmetPin[];
  readonly droppedLocked: DroppedLocked[];
  readonly parts: ObjectiveParts;
  /** Which solver produced the meetings and, for `solveExact`, how its time budget was spent. */
  readonly solver: SolverReport;
}

/**
 * Which solver produced the meetings (`kind`). `buildSchedule` and repairs report only
 * `{ kind: 'heuristic' }`; `solveExact` fills the other fields too, and reports `kind: 'heuristic'`
 * (with `fallback`) when it returns the heuristic's schedule instead of HiGHS's.
 */
export interface SolverReport {
  readonly kind: 'heuristic' | 'exact';
  /**
   * HiGHS's final model status (`optimal`, `timeLimit`, …), or `notRun` when the budget could not
   * fit HiGHS (spent, or too little left for building the model and HiGHS's set-up).
   */
  readonly status?: string;
  /** Wall-clock milliseconds of the whole `solveExact` call, from its start to the returned result. */
  readonly timeMs?: number;
  /** The budget asked for (`ExactOptions.timeLimitMs`). */
  readonly timeLimitMs?: number;
  /**
   * The budget cut the solve short: HiGHS stopped at its time limit, or did not run at all. False
   * when HiGHS finished on its own (`timeMs` may still exceed `timeLimitMs`: HiGHS checks its
   * limit only between phases).
   */
  readonly timeLimitHit?: boolean;
  /** Milliseconds before HiGHS started (or before giving up on it): compiling, bound, heuristic, model. */
  readonly buildMs?: number;
  /** The time limit given to HiGHS: what was left of the budget after the build, less a reserve for the result. */
  readonly highsLimitMs?: number;
  /** Wall-clock milliseconds inside HiGHS (0 when it did not run). */
  readonly highsMs?: number;
  /** Why the meetings are the heuristic's although the exact solver was asked for. */
  readonly fallback?: string;
}

export type ScheduleChange =
  | { readonly kind: 'cancel-startup'; readonly startupId: string }
  | { readonly kind: 'cancel-host'; readonly hostId: string }
  /** One need leaves (deleted or closed); its host's other needs stay. */
  | { readonly kind: 'cancel-need'; readonly needId: string }
  /** One meeting is cancelled or declined: the pair does not meet (both sides stay in the event). */
  | { readonly kind: 'cancel-meeting'; readonly needId: string; readonly startupId: string }
  | {
      readonly kind: 'close-room';
      readonly roomId: string;
      readonly date?: string;
      readonly start?: string;
      readonly end?: string;
    }
  | { readonly kind: 'add-pin'; readonly needId: string; readonly startupId: string }
  | { readonly kind: 'add-ban'; readonly needId: string; readonly startupId: string };

export interface BuildOptions {
  /** Seed of the PRNG that breaks ties in the local search. @default 1 */
  readonly seed?: number;
  /** Rounds of improving local search after the greedy fill. Minimum 0. @default 4 */
  readonly improveRounds?: number;
}

export interface ExactOptions {
  /**
   * Wall-clock budget of the whole call in milliseconds: building the model, HiGHS and the result.
   * HiGHS gets what the build leaves; when nothing is left, the heuristic's schedule is returned.
   * HiGHS checks its limit between phases only, so a large model can overrun it (see
   * `SolverReport.timeMs`). Minimum 0.
   */
  readonly timeLimitMs: number;
  /**
   * Milliseconds on a monotonic clock (callers pass `() => performance.now()`): the budget is
   * measured with it, since the core reads no clock of its own.
   */
  readonly clock: () => number;
  /** Give HiGHS the heuristic's schedule as its first incumbent. @default true */
  readonly warmStart?: boolean;
}
