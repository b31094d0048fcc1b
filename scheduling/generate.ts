import { meetingId } from './meeting-id';
import { formatClock, parseClock } from './time-ranges';
import { createPrng, shuffled } from './prng';
import type { DatedWindow, ScheduleHost, ScheduleInstance, ScheduleStartup } from './types';

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
  /** @default 20 */
  readonly meetingMinutes?: number;
  /** @default 5 */
  readonly changeoverMinutes?: number;
  /** Names on hosts, startups and rooms, titles on needs. @default false */
  readonly names?: boolean;
  /** Share of participants available in one window from the first session's start to the last one's end of a day, across the breaks. @default 0 */
  readonly crossingWindows?: number;
  /** Every date listed a second time, with a session at 18:00 (apart from the others: valid). @default false */
  readonly repeatedDates?: boolean;
  /** One more session on the first day, overlapping its first one: the event is invalid and must be rejected naming it. @default false */
  readonly overlappingSession?: boolean;
  /** Already published meetings: random pairs (candidates or not) at random slot starts, some off the grid, in random rooms; some the event no longer allows. @default 0 */
  readonly locked?: number;
}

/**
 * A random but reproducible instance for tests and benchmarks: same params and seed, same
 * instance. Meeting 20 minutes, changeover 5, sessions 09:00 and 13:00.
 */
export function generateInstance(params: GenerateParams, seed: number): ScheduleInstance {
  const random = createPrng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const meetingMinutes = params.meetingMinutes ?? 20;
  const changeoverMinutes = params.changeoverMinutes ?? 5;
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
        const head = random() < 0.5;
        // A cut at the session's edge leaves an empty window, which the format rejects: none then.
        if (head && cut > start) windows.push({ date: s.date, start: s.start, end: formatClock(cut) });
        if (!head && cut < end) windows.push({ date: s.date, start: formatClock(cut), end: s.end });
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
  const instance: ScheduleInstance = {
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
  // Everything below draws from `random` only when asked for, so the instances of earlier
  // parameters stay what they were.
  return withExtras(instance, params, random);
}

/** Crossing windows, names, a repeated date, an overlapping session and locked meetings, as `params` asks. */
function withExtras(
  instance: ScheduleInstance,
  params: GenerateParams,
  random: () => number,
): ScheduleInstance {
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const { event } = instance;
  const crossing = params.crossingWindows ?? 0;
  const acrossDays = (): DatedWindow[] =>
    event.days.flatMap((d) => {
      const first = d.sessions[0];
      const last = d.sessions.at(-1);
      return first && last ? [{ date: d.date, start: first.start, end: last.end }] : [];
    });
  const cross = <T extends { readonly availability?: readonly DatedWindow[] }>(participant: T): T =>
    crossing > 0 && random() < crossing ? { ...participant, availability: acrossDays() } : participant;
  let hosts: ScheduleHost[] = instance.hosts.map(cross);
  let startups: ScheduleStartup[] = instance.startups.map(cross);
  let rooms = event.rooms;
  let needs = instance.needs;
  if (params.names) {
    hosts = hosts.map((h, i) => ({ ...h, name: `Värd ${i + 1}` }));
    startups = startups.map((s, i) => ({ ...s, name: `Startup ${i + 1} AB` }));
    rooms = rooms.map((r, i) => ({ ...r, name: `Bord ${i + 1}` }));
    needs = needs.map((n, i) => ({ ...n, title: `Behov ${i + 1}` }));
  }
  let days = event.days;
  if (params.repeatedDates) {
    const evening = { start: '18:00', end: formatClock(parseClock('18:00') + event.meetingMinutes) };
    days = [...days, ...days.map((d) => ({ date: d.date, sessions: [evening] }))];
  }
  if (params.overlappingSession) {
    const [first, ...rest] = days;
    const session = first?.sessions[0];
    if (first && session) {
      const start = parseClock(session.start) + int(0, event.meetingMinutes - 1);
      const overlapping = { start: formatClock(start), end: formatClock(start + event.meetingMinutes) };
      days = [{ ...first, sessions: [...first.sessions, overlapping] }, ...rest];
    }
  }
  const locked = [];
  const sessions = days.flatMap((d) => d.sessions.map((s) => ({ date: d.date, ...s })));
  for (
    let i = 0;
    i < (params.locked ?? 0) && needs.length > 0 && startups.length > 0 && sessions.length > 0;
    i++
  ) {
    const need = needs[int(0, needs.length - 1)];
    const startup = startups[int(0, startups.length - 1)];
    const session = sessions[int(0, sessions.length - 1)];
    const room = rooms.length > 0 ? rooms[int(0, rooms.length - 1)] : undefined;
    if (!need || !startup || !session) continue;
    const step = event.meetingMinutes + event.changeoverMinutes;
    const slots = Math.max(
      1,
      Math.floor((parseClock(session.end) - parseClock(session.start) + event.changeoverMinutes) / step),
    );
    // One in five off the grid by a few minutes: valid while it still fits the session.
    const start = parseClock(session.start) + int(0, slots - 1) * step + (random() < 0.2 ? int(1, 9) : 0);
    locked.push({
      id: meetingId(event.id, need.id, startup.id),
      date: session.date,
      start: formatClock(start),
      end: formatClock(start + event.meetingMinutes),
      roomId: room?.id ?? 'r0',
      needId: need.id,
      hostId: need.hostId,
      startupId: startup.id,
      score: Math.round(random() * 1000) / 1000,
    });
  }
  return { ...instance, event: { ...event, days, rooms }, hosts, needs, startups, locked };
}
