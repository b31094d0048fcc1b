import type { Meeting, PairRef, ScheduleInstance } from '../../scheduling';
import { scoreReachedBy } from '../../scoring';

/** A wall-clock window on one date (`YYYY-MM-DD`, `HH:MM`). */
export interface SourceWindow {
  readonly date: string;
  readonly start: string;
  readonly end: string;
}

/** The event as stored (or as the fixtures describe it once keys are ids). */
export interface SourceEvent {
  readonly id: string;
  readonly timezone: string;
  readonly meetingMinutes: number;
  readonly changeoverMinutes: number;
  readonly days: readonly {
    readonly date: string;
    readonly sessions: readonly { readonly start: string; readonly end: string }[];
  }[];
  readonly rooms: readonly { readonly id: string; readonly name?: string }[];
  /** Hosts are named by owner e-mail, startups by id; a participant without an entry is available throughout. */
  readonly availability: readonly {
    readonly participantKind: 'host' | 'startup';
    readonly participantId: string;
    readonly windows: readonly SourceWindow[];
  }[];
}

/** An enrolled need: its owner (by e-mail) is the host who sits in its meetings. */
export interface SourceNeed {
  readonly id: string;
  readonly title: string;
  readonly owner: { readonly name: string; readonly email: string };
  /** 1 = highest … 5. */
  readonly priority: number;
  readonly meetings: { readonly min: number; readonly max: number };
}

/** An enrolled startup. */
export interface SourceStartup {
  readonly id: string;
  readonly name: string;
  readonly maxMeetings: number;
}

/** A stored or freshly ranked match. */
export interface SourceMatch {
  readonly needId: string;
  readonly startupId: string;
  /** Calibrated score in [0, 1]. */
  readonly score: number;
}

/** Everything an instance is assembled from. */
export interface InstanceSource {
  readonly event: SourceEvent;
  readonly needs: readonly SourceNeed[];
  readonly startups: readonly SourceStartup[];
  readonly matches: readonly SourceMatch[];
  readonly pins?: readonly PairRef[];
  readonly bans?: readonly PairRef[];
  /** Meetings of the published version that must stay where they are. */
  readonly locked?: readonly Meeting[];
}

/** Options of {@link buildInstance}. */
export interface BuildInstanceOptions {
  /** Candidates must score at least this. Range [0, 1]. @default 0.3 */
  readonly minScore?: number;
  /** Most candidates per need (best first). Minimum 1. @default Infinity */
  readonly topK?: number;
  /** The event's relevance floor (see `ScheduleEvent.relevanceFloor`). Range [0, 1]. @default none: every candidate may meet */
  readonly relevanceFloor?: number;
  /** Per-need floors set by a facilitator (need id → floor), overriding the event's. */
  readonly needFloors?: Readonly<Record<string, number>>;
}

/** Default lowest candidate score. */
export const DEFAULT_MIN_SCORE = 0.3;

/**
 * How many profiles of the scoring corpus may reach the default relevance floor by chance, for
 * one need. Chosen on real data (`npm run bench -- scheduling`, SBIR needs of odd lines: the best
 * F1 of meeting precision and recall), reported on the needs of even lines.
 */
export const DEFAULT_FLOOR_EXPECTED_PROFILES = 3;

/**
 * The default relevance floor of an event whose scores come from a model fitted on
 * `corpusProfiles` profiles: the score about {@link DEFAULT_FLOOR_EXPECTED_PROFILES} of them reach
 * by chance (0.39 with 48 profiles, 0.90 with 1,578). A floor in score points would not travel:
 * scores are rarities within the corpus, so a fit among 50 profiles scores ~0.45 where the same
 * fit among 1,500 scores ~0.9.
 */
export function defaultRelevanceFloor(corpusProfiles: number): number {
  return Math.round(100 * scoreReachedBy(DEFAULT_FLOOR_EXPECTED_PROFILES, Math.max(1, corpusProfiles))) / 100;
}

/** The host id of a need: its owner's e-mail, lower-cased (one owner of several needs is one host). */
export function hostIdOf(need: Pick<SourceNeed, 'owner'>): string {
  return need.owner.email.trim().toLowerCase();
}

/**
 * Assembles a scheduling instance (formatVersion 1) from plain data: hosts are the needs' owners,
 * candidates the matches of enrolled pairs scoring at least `minScore`, at most `topK` per need.
 * Pure: shared by the API service and `npm run demo`.
 */
export function buildInstance(source: InstanceSource, options: BuildInstanceOptions = {}): ScheduleInstance {
  const minScore = options.minScore ?? DEFAULT_MIN_SCORE;
  const topK = options.topK ?? Number.POSITIVE_INFINITY;
  const { event } = source;
  const windowsOf = (kind: 'host' | 'startup', id: string) => {
    const entries = event.availability.filter(
      (entry) =>
        entry.participantKind === kind &&
        (kind === 'host' ? entry.participantId.toLowerCase() : entry.participantId) === id,
    );
    return entries.length === 0
      ? undefined
      : entries.flatMap((entry) => entry.windows.map((window) => ({ ...window })));
  };

  const hosts = new Map<string, ScheduleInstance['hosts'][number]>();
  for (const need of source.needs) {
    const id = hostIdOf(need);
    if (hosts.has(id)) continue;
    const availability = windowsOf('host', id);
    hosts.set(id, { id, name: need.owner.name, ...(availability ? { availability } : {}) });
  }

  const needIds = new Set(source.needs.map((need) => need.id));
  const startupIds = new Set(source.startups.map((startup) => startup.id));
  const enrolled = (pair: PairRef) => needIds.has(pair.needId) && startupIds.has(pair.startupId);
  const perNeed = new Map<string, SourceMatch[]>();
  for (const match of source.matches) {
    if (!needIds.has(match.needId) || !startupIds.has(match.startupId) || match.score < minScore) continue;
    perNeed.set(match.needId, [...(perNeed.get(match.needId) ?? []), match]);
  }
  const candidates = [...perNeed.values()].flatMap((list) =>
    [...list]
      .sort((a, b) => b.score - a.score || a.startupId.localeCompare(b.startupId))
      .slice(0, topK)
      .map((match) => ({ needId: match.needId, startupId: match.startupId, score: match.score })),
  );

  return {
    formatVersion: 1,
    event: {
      id: event.id,
      timezone: event.timezone,
      meetingMinutes: event.meetingMinutes,
      changeoverMinutes: event.changeoverMinutes,
      days: event.days.map((day) => ({
        date: day.date,
        sessions: day.sessions.map((session) => ({ ...session })),
      })),
      rooms: event.rooms.map((room) => ({
        id: room.id,
        ...(room.name === undefined ? {} : { name: room.name }),
      })),
      ...(options.relevanceFloor === undefined ? {} : { relevanceFloor: options.relevanceFloor }),
    },
    hosts: [...hosts.values()],
    needs: source.needs.map((need) => {
      const floor = options.needFloors?.[need.id];
      return {
        id: need.id,
        hostId: hostIdOf(need),
        title: need.title,
        priority: need.priority,
        minMeetings: need.meetings.min,
        maxMeetings: need.meetings.max,
        ...(floor === undefined ? {} : { relevanceFloor: floor }),
      };
    }),
    startups: source.startups.map((startup) => {
      const availability = windowsOf('startup', startup.id);
      return {
        id: startup.id,
        name: startup.name,
        maxMeetings: startup.maxMeetings,
        ...(availability ? { availability } : {}),
      };
    }),
    candidates,
    // Pins and bans of records no longer enrolled have nothing to act on; they stay stored for a re-enrolment.
    pins: (source.pins ?? []).filter(enrolled).map(({ needId, startupId }) => ({ needId, startupId })),
    bans: (source.bans ?? []).filter(enrolled).map(({ needId, startupId }) => ({ needId, startupId })),
    locked: [...(source.locked ?? [])],
  };
}
