// Types for the scripts in web/ (type-checked with tsconfig.web.json, JSDoc in the .js files): the
// parts of the API's answers the page reads, and what jobs.js defines on window.

/** An event as `GET /events/:id` answers. */
interface PageEvent {
  id: string;
  name: string;
  timezone: string;
  days: { date: string; sessions: { start: string; end: string }[] }[];
  rooms: { id: string; name: string }[];
  meetingMinutes: number;
  changeoverMinutes: number;
  needIds: string[];
  startupIds: string[];
}

/** A need as `GET /needs/:id` answers (or the stand-in shown when that fails). */
interface PageNeed {
  id: string;
  title: string;
  owner: { name: string; email: string };
  priority?: number;
  meetings?: { min: number; max: number };
}

/** A startup as `GET /startups/:id` answers (or the stand-in shown when that fails). */
interface PageStartup {
  id: string;
  name: string;
}

/** One ranked startup of `GET /needs/:id/matches`. */
interface PageMatch {
  rank: number;
  startupId: string;
  score: number;
  explanation?: {
    terms?: { term: string }[];
    tags?: { tag: string }[];
    crossLanguage?: boolean;
    needLanguage?: string;
    startupLanguage?: string;
  };
}

interface PageMeeting {
  id: string;
  needId: string;
  startupId: string;
  roomId: string;
  date: string;
  start: string;
  end: string;
  score: number;
}

/** A scheduling reason: its code, ids and words (a sentence in drafts stored before codes). */
type PageReason =
  string | { code: string; params: Record<string, unknown>; text?: { sv: string; en: string } };

/** A schedule version (draft or published) as the schedule routes answer. */
interface PageSchedule {
  version: number;
  publishedVersion?: number | null;
  meetings: PageMeeting[];
  objective: number;
  bound: number;
  gap: number;
  shortfalls: { needId: string; met: number; minimum: number; reasons: PageReason[] }[];
  unmetPins?: { needId: string; startupId: string; reason: PageReason }[];
  /** What the repair that made this draft did (ids of meetings), and why. */
  repair?: {
    kept: number;
    moved: string[];
    added: string[];
    dropped: string[];
    reason?: string;
    /** Set when a need or startup that left made the repair. */
    label?: string;
  } | null;
  scouting?: {
    needId: string;
    goodCandidates: number;
    minimum: number;
    floor: number;
    nearMisses: { startupId: string; score: number }[];
  }[];
}

/** A repair's answer (201): the new draft and what the repair changed. */
interface PageRepairedDraft extends PageSchedule {
  kept: number;
  moved: unknown[];
  added: unknown[];
  dropped: unknown[];
}

/** A job as `GET /jobs/:id` answers. */
interface PageJob {
  state: string;
  progress: unknown;
  attemptsMade: number;
  failedReason?: string;
  result?: unknown;
}

/** What a finished build or repair job returns. */
interface PageJobResult {
  eventId: string;
  version: number;
  repair?: { kept: number; moved: number; added: number; dropped: number };
}

/** A text of the page's catalogue (`script.*` key) with its parameters filled in: app.js's `msg`. */
type PageText = (key: string, params?: Record<string, string | number>) => string;

/** The scouting list as `GET /events/:id/scouting` answers, in the language asked for. */
interface PageScouting {
  floorText: string | null;
  /** The event's public sign-up page, to send to startups a facilitator finds; null when it has none. */
  signUpUrl: string | null;
  needs: {
    needId: string;
    needTitle: string;
    summary: string;
    tags: string[];
    terms: string[];
    nearMisses: { startupId: string; startupName: string; score: number; why: string }[];
  }[];
}

/** What jobs.js defines as `window.MatchmakerJobs`. */
declare const MatchmakerJobs: {
  describeJob(job: PageJob, text: PageText): string;
  followJob(
    getJson: (path: string) => Promise<PageJob>,
    statusPath: string,
    options: { text: PageText; onUpdate?: (job: PageJob) => void; intervalMs?: number; timeoutMs?: number },
  ): Promise<PageJobResult>;
  readonly POLL_INTERVAL_MS: number;
  readonly POLL_TIMEOUT_MS: number;
};

/** A recorded cancellation as `GET /events/:id/pairings` lists it. */
interface PageCancellation {
  id?: string;
  change: { kind: string };
  reason?: string;
  declined?: boolean;
  by?: { role: string; name: string };
  /** The meeting as it stood (one meeting's cancellation). */
  meeting?: PageMeeting;
}
