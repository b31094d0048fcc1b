import { formatClock, parseClock } from './time-ranges';
import { createPrng, shuffled } from './prng';
import type { DatedWindow, ScheduleInstance } from './types';

/** Shape of a generated instance. All counts ≥ 0; fractions in [0, 1]. */
export interface GenerateParams {
  readonly needs: number;
  readonly startups: number;
  /** Needs per host on average (hosts = ceil(needs / needsPerHost)). @default 1.5 */
  readonly needsPerHost?: number;
  readonly days: number;
  /** Sessions per day, each `slotsPerSession` meetings long. @default 2 */
  readonly sessionsPerDay?: number;
  readonly slotsPerSession: number;
  readonly rooms: number;
  /** Share of each participant's slots that are unavailable, in whole blocks. @default 0 */
  readonly unavailableShare?: number;
  /** Candidate startups per need. */
  readonly candidatesPerNeed: number;
  /** Exponent on uniform scores: > 1 skews them low with a few high ones. @default 1 */
  readonly scoreSkew?: number;
  readonly minMeetings?: readonly [number, number];
  readonly maxMeetings?: readonly [number, number];
  readonly startupMaxMeetings?: readonly [number, number];
  readonly pins?: number;
  readonly bans?: number;
  /** Rooms closed for one random session. @default 0 */
  readonly closedRooms?: number;
}

/**
 * A random but reproducible instance for tests and benchmarks: same params and seed, same
 * instance. Meeting 20 minutes, changeover 5, sessions 09:00 and 13:00.
 */
export function generateInstance(params: GenerateParams, seed: number): ScheduleInstance {
  const random = createPrng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const meetingMinutes = 20;
  const changeoverMinutes = 5;
  const sessionsPerDay = params.sessionsPerDay ?? 2;
  const sessionStarts = ['09:00', '13:00', '16:00'].slice(0, sessionsPerDay);
  const days = Array.from({ length: params.days }, (_, d) => ({
    date: `2026-05-${String(d + 11).padStart(2, '0')}`,
    sessions: sessionStarts.map((start) => ({
      start,
      end: formatClock(
        parseClock(start) + params.slotsPerSession * (meetingMinutes + changeoverMinutes) - changeoverMinutes,
      ),
    })),
  }));
  const sessions = days.flatMap((d) => d.sessions.map((s) => ({ date: d.date, ...s })));
  const share = params.unavailableShare ?? 0;
  // Availability with holes: drop whole blocks of a session (start or end of it) until `share` is gone.
  const availability = (): DatedWindow[] | undefined => {
    if (share <= 0) return undefined;
    const windows: DatedWindow[] = [];
    for (const s of sessions) {
      const start = parseClock(s.start);
      const end = parseClock(s.end);
      const r = random();
      if (r < share * 0.5) continue;
      if (r < share) {
        const cut = start + Math.floor(((end - start) * (0.3 + random() * 0.4)) / 25) * 25;
        windows.push(
          random() < 0.5
            ? { date: s.date, start: s.start, end: formatClock(cut) }
            : { date: s.date, start: formatClock(cut), end: s.end },
        );
      } else {
        windows.push({ ...s });
      }
    }
    return windows;
  };
  const hostCount = Math.max(1, Math.ceil(params.needs / (params.needsPerHost ?? 1.5)));
  const hosts = Array.from({ length: hostCount }, (_, h) => {
    const windows = availability();
    return windows ? { id: `h${h}`, availability: windows } : { id: `h${h}` };
  });
  const [minLo, minHi] = params.minMeetings ?? [0, 3];
  const [maxLo, maxHi] = params.maxMeetings ?? [3, 6];
  const needs = Array.from({ length: params.needs }, (_, n) => {
    const min = int(minLo, minHi);
    return {
      id: `n${n}`,
      hostId: `h${n < hostCount ? n : int(0, hostCount - 1)}`,
      priority: int(1, 5),
      minMeetings: min,
      maxMeetings: Math.max(min, int(maxLo, maxHi)),
    };
  });
  const [sLo, sHi] = params.startupMaxMeetings ?? [1, 4];
  const startups = Array.from({ length: params.startups }, (_, s) => {
    const windows = availability();
    const base = { id: `s${s}`, maxMeetings: int(sLo, sHi) };
    return windows ? { ...base, availability: windows } : base;
  });
  const skew = params.scoreSkew ?? 1;
  const candidates = needs.flatMap((need) =>
    shuffled(startups, random)
      .slice(0, Math.min(params.candidatesPerNeed, startups.length))
      .map((s) => ({ needId: need.id, startupId: s.id, score: Math.round(random() ** skew * 1000) / 1000 })),
  );
  const pick = () => ({
    needId: `n${int(0, params.needs - 1)}`,
    startupId: `s${int(0, params.startups - 1)}`,
  });
  const pins = params.needs > 0 && params.startups > 0 ? Array.from({ length: params.pins ?? 0 }, pick) : [];
  const bans = params.needs > 0 && params.startups > 0 ? Array.from({ length: params.bans ?? 0 }, pick) : [];
  const rooms = Array.from({ length: params.rooms }, (_, r) => {
    if (r < (params.closedRooms ?? 0) && sessions.length > 0) {
      const s = sessions[int(0, sessions.length - 1)];
      if (s) return { id: `r${r}`, closed: [{ ...s }] };
    }
    return { id: `r${r}` };
  });
  return {
    formatVersion: 1,
    event: { id: `ev${seed}`, timezone: 'Europe/Stockholm', meetingMinutes, changeoverMinutes, days, rooms },
    hosts,
    needs,
    startups,
    candidates,
    pins,
    bans,
    locked: [],
  };
}
