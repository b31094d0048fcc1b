import { z } from 'zod';
import {
  attendanceSchema,
  interestSchema,
  languageSchema,
  needStatusSchema,
  nextStepSchema,
  organisationKindSchema,
  outcomeSideSchema,
  participantSideSchema,
  pilotStatusSchema,
  roleSchema,
  startupStageSchema,
  startupStatusSchema,
} from '../../../models';

/**
 * What the API answers, as zod schemas: the source of the response half of `/openapi.json`. They
 * describe the shape of stored records as sent (types, enums, which fields are present), not the
 * limits on input: records made before a limit existed, or registered profiles not yet filled in,
 * are answered as they are. Objects are closed (a field not named here is a contract break) except
 * where a comment says why one is open.
 */

/** A stored record's id (a MongoDB ObjectId as 24 hex characters). */
const id = z.string().regex(/^[0-9a-f]{24}$/);
/** A JSON date: an ISO 8601 time in UTC. */
const timestamp = z.iso.datetime();
const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const wallTime = z.string().regex(/^\d{2}:\d{2}$/);
const range = z.strictObject({ min: z.number().int(), max: z.number().int() });

/** `id`, `version`, `createdAt`, `updatedAt`: every stored, versioned record has them. */
const stored = {
  id,
  version: z.number().int().min(1),
  createdAt: timestamp,
  updatedAt: timestamp,
};

/** A contact (a host, who owns its needs, or a startup's contact person) as the reader may see it (services/visibility). */
export const visibleContactSchema = z
  .strictObject({ name: z.string().optional(), email: z.string().optional(), phone: z.string().optional() })
  .meta({ id: 'VisibleContact' });

/**
 * One page of a list paged by cursor (`?cursor=` the last `nextCursor`), or by page number (kept
 * for existing clients). The cursor is the last item's id, unless the list gives its own.
 */
function listPageOf<T extends z.ZodType>(item: T, name: string, cursor: z.ZodType<string> = id) {
  return z
    .strictObject({
      items: z.array(item),
      limit: z.number().int().min(1),
      total: z.number().int().min(0),
      /** Where the next page starts (the last item's id for most lists); null on the last page. */
      nextCursor: cursor.nullable(),
      /** With `?page` (or neither): the page number and the next one. */
      page: z.number().int().min(1).optional(),
      nextPage: z.number().int().min(1).nullable().optional(),
    })
    .meta({ id: `${name}Page` });
}

/** A problem (RFC 9457), the body of every 4xx and 5xx. */
export const problemSchema = z
  .strictObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string(),
    code: z.string(),
    errors: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional(),
    /** 409 `version_conflict`: the version stored now. */
    currentVersion: z.number().int().optional(),
  })
  .meta({ id: 'Problem' });

export const organisationSchema = z
  .strictObject({
    ...stored,
    name: z.string(),
    kind: organisationKindSchema,
    municipalityCode: z.string().optional(),
  })
  .meta({ id: 'Organisation' });
export const organisationPageSchema = listPageOf(organisationSchema, 'Organisation');

export const hostSchema = z
  .strictObject({
    ...stored,
    name: z.string(),
    email: z.string(),
    phone: z.string().optional(),
    organisationId: id,
  })
  .meta({ id: 'Host' });
export const hostPageSchema = listPageOf(hostSchema, 'Host');

/** What a departure (a need closed or deleted, a profile deleted) did to each event's draft. */
export const scheduleRepairSchema = z
  .union([
    z.strictObject({
      eventId: id,
      ok: z.literal(true),
      draftVersion: z.number().int(),
      kept: z.number().int(),
      added: z.number().int(),
      dropped: z.number().int(),
    }),
    z.strictObject({ eventId: id, ok: z.literal(false), detail: z.string() }),
  ])
  .meta({ id: 'ScheduleRepair' });

const needFields = {
  ...stored,
  title: z.string(),
  description: z.string(),
  language: languageSchema,
  organisationId: id,
  department: z.string(),
  /** The host who sits in the meetings, cut to what the reader may see. */
  owner: visibleContactSchema,
  /** Not shown to startups (services/api/README.md, what each role sees). */
  hostId: id.nullable().optional(),
  /** Not shown to startups. */
  priority: z.number().int().optional(),
  budgetSek: range,
  timeframe: z.strictObject({ start: calendarDate, end: calendarDate }),
  tags: z.array(z.string()),
  status: needStatusSchema,
  /** Not shown to startups. */
  meetings: range.optional(),
};

/** A need as the reader may see it. The fields each role gets: services/api/README.md. */
export const needSchema = z.strictObject(needFields).meta({ id: 'Need' });
export const needPageSchema = listPageOf(needSchema, 'Need');
/** A written need; `scheduleRepairs` when closing it left drafts repaired. */
export const needWrittenSchema = z
  .strictObject({ ...needFields, scheduleRepairs: z.array(scheduleRepairSchema).optional() })
  .meta({ id: 'NeedWritten' });

const startupFields = {
  ...stored,
  name: z.string(),
  oneLiner: z.string(),
  description: z.string(),
  offering: z.string(),
  tags: z.array(z.string()),
  languages: z.array(languageSchema),
  language: languageSchema,
  stage: startupStageSchema.optional(),
  teamSize: z.number().int().optional(),
  website: z.string(),
  references: z.array(z.strictObject({ customer: z.string(), summary: z.string(), year: z.number().int() })),
  /** The contact person, cut to what the reader may see; absent when nothing is. */
  contact: visibleContactSchema.optional(),
  /** Shown to facilitators and the startup itself. */
  maxMeetings: z.number().int().optional(),
  /** Shown to facilitators and the startup itself; absent: approved. */
  status: startupStatusSchema.optional(),
  registration: z
    .strictObject({
      eventId: id,
      country: z.string(),
      registrationNumber: z.string(),
      consentedAt: timestamp,
      profileCompletedAt: timestamp.optional(),
      reviewReason: z.string().optional(),
      reviewedAt: timestamp.optional(),
    })
    .optional(),
};

/** A startup profile as the reader may see it. The fields each role gets: services/api/README.md. */
export const startupSchema = z.strictObject(startupFields).meta({ id: 'Startup' });
export const startupPageSchema = listPageOf(startupSchema, 'Startup');
export const startupWrittenSchema = z
  .strictObject({ ...startupFields, scheduleRepairs: z.array(scheduleRepairSchema).optional() })
  .meta({ id: 'StartupWritten' });

const windowSchema = z.strictObject({ date: calendarDate, start: wallTime, end: wallTime });

export const eventSchema = z
  .strictObject({
    ...stored,
    name: z.string(),
    timezone: z.string(),
    meetingMinutes: z.number().int(),
    changeoverMinutes: z.number().int(),
    days: z.array(
      z.strictObject({
        date: calendarDate,
        sessions: z.array(z.strictObject({ start: wallTime, end: wallTime })),
      }),
    ),
    rooms: z.array(z.strictObject({ id: z.string(), name: z.string() })),
    needIds: z.array(id),
    /** Not shown to startups. */
    startupIds: z.array(id).optional(),
    /** Hosts are named by e-mail, startups by profile id; a development head and a startup get the entries of the hosts whose e-mail they may see (and a startup its own). */
    availability: z.array(
      z.strictObject({
        participantKind: z.enum(['host', 'startup']),
        participantId: z.string(),
        windows: z.array(windowSchema),
      }),
    ),
    signUpSlug: z.string().optional(),
  })
  .meta({ id: 'Event' });
export const eventPageSchema = listPageOf(eventSchema, 'Event');

const apiKeyFields = {
  id,
  name: z.string(),
  role: roleSchema,
  organisationId: id.optional(),
  startupId: id.optional(),
  prefix: z.string(),
  createdAt: timestamp,
  revokedAt: timestamp.optional(),
};
export const apiKeySchema = z.strictObject(apiKeyFields).meta({ id: 'ApiKey' });
export const apiKeyListSchema = z.strictObject({ items: z.array(apiKeySchema) }).meta({ id: 'ApiKeyList' });
/** A key just issued: the secret is in `key`, this once. */
export const issuedApiKeySchema = z
  .strictObject({ ...apiKeyFields, key: z.string().regex(/^mm_/) })
  .meta({ id: 'IssuedApiKey' });

const matchSchema = z
  .strictObject({
    needId: id,
    startupId: id,
    score: z.number(),
    rank: z.number().int(),
    /** The scorer's explanation (channels, shared terms); open: its parts follow the scoring model. */
    explanation: z.unknown(),
    modelVersion: z.string(),
    needVersion: z.number().int(),
    startupVersion: z.number().int(),
    updatedAt: timestamp,
  })
  .meta({ id: 'Match' });
const matchListFields = {
  version: z.number().int(),
  appliedVersion: z.number().int(),
  stale: z.boolean(),
  /** True while the embedding service was down or too slow at the workers' last attempt (rankings lexical meanwhile). */
  degraded: z.boolean(),
  items: z.array(matchSchema),
};
export const needMatchListSchema = z
  .strictObject({ needId: id, ...matchListFields })
  .meta({ id: 'NeedMatchList' });
export const startupMatchListSchema = z
  .strictObject({ startupId: id, ...matchListFields })
  .meta({ id: 'StartupMatchList' });

/** A job queued instead of run in the request (202). */
export const queuedJobSchema = z
  .strictObject({
    jobId: z.string(),
    status: z.string(),
    events: z.string(),
    size: z.number().int().optional(),
    asyncMinSize: z.number().int().optional(),
  })
  .meta({ id: 'QueuedJob' });

export const jobSchema = z
  .strictObject({
    id: z.string(),
    queue: z.enum(['matches', 'schedules']),
    name: z.string(),
    state: z.string(),
    /** BullMQ's progress: a number or what the job reported. */
    progress: z.unknown(),
    attemptsMade: z.number().int(),
    /** The job's input and result; their shape is the queue's (services/queue). */
    data: z.unknown(),
    result: z.unknown(),
    failedReason: z.string().optional(),
    createdAt: timestamp,
    startedAt: timestamp.nullable(),
    finishedAt: timestamp.nullable(),
  })
  .meta({ id: 'Job' });

/** One entry of the append-only audit log: who changed what and when, each changed field before and after. */
export const auditEntrySchema = z
  .strictObject({
    id,
    at: timestamp,
    actor: z.strictObject({
      role: z.enum([...roleSchema.options, 'participant']),
      via: z.enum(['key', 'session', 'link']),
      id: z.string(),
      /** The key's or person's name while it exists. */
      name: z.string().optional(),
    }),
    action: z.string(),
    record: z.strictObject({ kind: z.string(), id: z.string() }),
    changes: z.array(
      z.strictObject({
        path: z.string(),
        before: z.unknown().optional(),
        after: z.unknown().optional(),
        /** Personal contact details and free text: the entry says they changed, not what they were. */
        withheld: z.literal(true).optional(),
      }),
    ),
  })
  .meta({ id: 'AuditEntry' });
/** The log's pages end at an instant and an id (`<at>_<id>`, newest first). */
export const auditPageSchema = listPageOf(
  auditEntrySchema,
  'AuditEntry',
  z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z_[0-9a-f]{24}$/),
);

/** The OpenAPI document itself: open, its own specification (OpenAPI 3.1) describes it. */
export const openApiDocumentSchema = z
  .looseObject({
    openapi: z.literal('3.1.0'),
    info: z.looseObject({ title: z.string() }),
    paths: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'OpenApiDocument' });

export const healthSchema = z.strictObject({ status: z.literal('ok') }).meta({ id: 'Health' });
export const readinessSchema = z
  .strictObject({
    status: z.enum(['ready', 'unavailable']),
    checks: z.record(z.string(), z.enum(['ok', 'down'])),
  })
  .meta({ id: 'Readiness' });

/** A meeting of a schedule. `hostId` is the host's e-mail (hosts are named by e-mail in schedules). */
const meetingFields = {
  id: z.string(),
  date: calendarDate,
  start: wallTime,
  end: wallTime,
  roomId: z.string(),
  needId: id,
  hostId: z.string(),
  startupId: id,
  score: z.number(),
};
export const meetingSchema = z.strictObject(meetingFields).meta({ id: 'Meeting' });

/** Why a need fell short, a pin was unmet or a locked meeting dropped: a code, its parameters and its words. */
const reasonSchema = z
  .strictObject({
    code: z.string(),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])),
    text: z.strictObject({ sv: z.string(), en: z.string() }).optional(),
  })
  .meta({ id: 'Reason' });

const scheduleVersionFields = {
  eventId: id,
  version: z.number().int().min(1),
  status: z.enum(['draft', 'published']),
  meetings: z.array(meetingSchema),
  objective: z.number(),
  bound: z.number(),
  gap: z.number(),
  shortfalls: z.array(
    z.strictObject({
      needId: id,
      met: z.number().int(),
      minimum: z.number().int(),
      reasons: z.array(reasonSchema),
    }),
  ),
  scouting: z
    .array(
      z.strictObject({
        needId: id,
        goodCandidates: z.number().int(),
        minimum: z.number().int(),
        floor: z.number(),
        nearMisses: z.array(z.strictObject({ startupId: id, score: z.number() })),
      }),
    )
    .optional(),
  unmetPins: z.array(z.strictObject({ needId: id, startupId: id, reason: reasonSchema })),
  /** The reason is a sentence in versions stored before reasons became codes. */
  droppedLocked: z.array(
    z.strictObject({ meeting: meetingSchema, reason: z.union([reasonSchema, z.string()]) }),
  ),
  basedOnVersion: z.number().int().nullable(),
  build: z
    .strictObject({
      minScore: z.number(),
      topK: z.number().int(),
      candidates: z.number().int(),
      relevanceFloor: z.number().optional(),
      needFloors: z.record(z.string(), z.number()).optional(),
    })
    .nullable(),
  repair: z
    .strictObject({
      /** The change repaired (a cancellation, a departure, a move): its kind and the ids it names. */
      change: z.record(z.string(), z.unknown()),
      kept: z.number().int(),
      moved: z.array(z.string()),
      added: z.array(z.string()),
      dropped: z.array(z.string()),
      reason: z.string().optional(),
      label: z.string().optional(),
      declined: z.boolean().optional(),
    })
    .nullable(),
  createdAt: timestamp,
  draftVersion: z.number().int(),
  publishedVersion: z.number().int(),
  publishedVersions: z.array(z.number().int()),
};

/** A version of an event's schedule and where the draft and published pointers stand. */
export const scheduleSchema = z.strictObject(scheduleVersionFields).meta({ id: 'Schedule' });

/** A recorded cancellation (its `id` is what an undo names). */
const cancellationSchema = z
  .strictObject({
    id: z.string().optional(),
    /** The change: its kind (`cancel-meeting`, `startup-leaves`, …) and the ids it names. */
    change: z.record(z.string(), z.unknown()),
    at: timestamp,
    reason: z.string().optional(),
    by: z.strictObject({ role: z.string(), name: z.string() }).optional(),
    meeting: meetingSchema.optional(),
    declined: z.boolean().optional(),
    departure: z.boolean().optional(),
    label: z.string().optional(),
    undoneAt: timestamp.optional(),
  })
  .meta({ id: 'Cancellation' });

/** A repaired draft and what the repair did. */
export const repairSchema = z
  .strictObject({
    ...scheduleVersionFields,
    kept: z.number().int(),
    moved: z.array(meetingSchema),
    added: z.array(meetingSchema),
    dropped: z.array(meetingSchema),
    cancellation: cancellationSchema.optional(),
  })
  .meta({ id: 'Repair' });

const pairSchema = z.strictObject({ needId: id, startupId: id });
export const pairingsSchema = z
  .strictObject({
    eventId: id,
    pins: z.array(pairSchema),
    bans: z.array(pairSchema),
    cancellations: z.array(cancellationSchema),
  })
  .meta({ id: 'Pairings' });

export const scoutingSchema = z
  .strictObject({
    draftVersion: z.number().int(),
    relevanceFloor: z.number().nullable(),
    floorText: z.string(),
    signUpUrl: z.string().nullable(),
    needs: z.array(
      z.strictObject({
        needId: id,
        needTitle: z.string(),
        goodCandidates: z.number().int(),
        minimum: z.number().int(),
        floor: z.number(),
        tags: z.array(z.string()),
        terms: z.array(z.string()),
        nearMisses: z.array(
          z.strictObject({
            startupId: id,
            startupName: z.string(),
            score: z.number(),
            sharedTerms: z.array(z.string()),
            missingTerms: z.array(z.string()),
            why: z.string(),
          }),
        ),
        summary: z.string(),
      }),
    ),
  })
  .meta({ id: 'Scouting' });

/** One participant's published meetings, each with what the reader may see of the others (services/visibility). */
export const agendaSchema = z
  .strictObject({
    eventId: id,
    version: z.number().int(),
    participant: z.string(),
    timezone: z.string(),
    meetings: z.array(
      z.strictObject({
        ...meetingFields,
        room: z.string(),
        need: z.strictObject({ title: z.string(), organisation: z.string() }),
        host: visibleContactSchema,
        startup: z.strictObject({ name: z.string(), contact: visibleContactSchema.optional() }),
      }),
    ),
  })
  .meta({ id: 'Agenda' });

const outcomeAnswerFields = {
  attendance: attendanceSchema,
  absent: z.array(participantSideSchema).optional(),
  interest: interestSchema.optional(),
  nextStep: nextStepSchema.optional(),
  note: z.string().optional(),
  recordedBy: z.strictObject({
    role: z.enum(['facilitator', 'development_head', 'startup', 'participant']),
    name: z.string(),
    via: z.enum(['key', 'session', 'link']),
  }),
  recordedAt: timestamp,
};
export const outcomeSchema = z
  .strictObject({
    ...stored,
    ...outcomeAnswerFields,
    key: z.string(),
    eventId: id,
    meetingId: z.string(),
    needId: id,
    startupId: id,
    organisationId: id,
    side: outcomeSideSchema,
    history: z.array(z.strictObject({ ...outcomeAnswerFields, version: z.number().int() })),
  })
  .meta({ id: 'Outcome' });

export const meetingOutcomesListSchema = z
  .strictObject({
    items: z.array(
      z.strictObject({
        meeting: z.strictObject({ ...meetingFields, organisationId: id }),
        records: z.array(outcomeSchema),
        verdict: z.strictObject({
          attendance: attendanceSchema,
          absent: z.array(participantSideSchema),
          nextStep: nextStepSchema.nullable(),
          followUp: z.boolean(),
          recorded: z.boolean(),
        }),
      }),
    ),
  })
  .meta({ id: 'MeetingOutcomesList' });

export const pilotSchema = z
  .strictObject({
    ...stored,
    eventId: id,
    meetingId: z.string(),
    needId: id,
    startupId: id,
    organisationId: id,
    budgetKSek: z.number(),
    start: calendarDate,
    end: calendarDate,
    status: pilotStatusSchema,
    learnings: z.string().optional(),
  })
  .meta({ id: 'Pilot' });
export const pilotPageSchema = listPageOf(pilotSchema, 'Pilot');

const reportFigures = {
  planned: z.number().int(),
  held: z.number().int(),
  noShows: z.number().int(),
  cancelledLate: z.number().int(),
  recorded: z.number().int(),
  withNextStep: z.number().int(),
  followUpRate: z.number().nullable(),
  pilots: z.strictObject({
    proposed: z.number().int(),
    approved: z.number().int(),
    started: z.number().int(),
    done: z.number().int(),
    stopped: z.number().int(),
    kSekProposed: z.number(),
    kSekStarted: z.number(),
    kSekDone: z.number(),
  }),
};
const orderQuality = { auc: z.number().nullable(), ndcg10: z.number().nullable() };
export const reportSchema = z
  .strictObject({
    event: z.strictObject({ id, name: z.string(), firstDate: calendarDate, lastDate: calendarDate }),
    definitions: z.strictObject({ followUpRate: z.string() }),
    totals: z.strictObject(reportFigures),
    byPriority: z.array(z.strictObject({ ...reportFigures, priority: z.number().int() })),
    byOrganisation: z.array(z.strictObject({ ...reportFigures, organisationId: id, name: z.string() })),
    noShowsByPerson: z.array(
      z.strictObject({
        side: participantSideSchema,
        id: z.string(),
        name: z.string(),
        count: z.number().int(),
      }),
    ),
    byScoreQuartile: z.array(
      z.strictObject({
        quartile: z.number().int().min(1).max(4),
        minScore: z.number(),
        maxScore: z.number(),
        held: z.number().int(),
        withNextStep: z.number().int(),
        followUpRate: z.number().nullable(),
      }),
    ),
    trend: z.array(
      z.strictObject({ ...reportFigures, eventId: id, name: z.string(), firstDate: calendarDate }),
    ),
    /** How well the match score predicted held meetings with a next step (AUC, nDCG@10), beside random orders. */
    scorePrediction: z.strictObject({
      ...orderQuality,
      held: z.number().int(),
      withNextStep: z.number().int(),
      needsJudged: z.number().int(),
      random: z.strictObject({ ...orderQuality, orders: z.number().int(), seed: z.number().int() }),
    }),
  })
  .meta({ id: 'Report' });

/** A person who signs in, as their own export shows them. */
const personExportSchema = z.strictObject({
  id,
  role: roleSchema,
  name: z.string(),
  email: z.string(),
  language: z.enum(['sv', 'en']),
  organisationId: id.optional(),
  hostId: id.optional(),
  startupId: id.optional(),
  createdAt: timestamp,
});

/** `GET /personal-data`, `POST /personal-data/export`: everything held about one e-mail address. */
export const personalDataExportSchema = z
  .strictObject({
    email: z.string(),
    exportedAt: timestamp,
    person: personExportSchema.nullable(),
    host: hostSchema.nullable(),
    hostedNeeds: z.array(z.strictObject({ id, title: z.string(), organisationId: id, status: z.string() })),
    ownedNeeds: z.array(z.strictObject({ id, title: z.string(), owner: visibleContactSchema })),
    startupContacts: z.array(
      z.strictObject({ startupId: id, startupName: z.string(), contact: visibleContactSchema }),
    ),
    availability: z.array(
      z.strictObject({ eventId: id, eventName: z.string(), windows: z.array(windowSchema) }),
    ),
    meetings: z.array(
      z.strictObject({
        eventId: id,
        eventName: z.string(),
        meetingId: z.string(),
        date: calendarDate,
        start: wallTime,
        roomId: z.string(),
        side: z.enum(['host', 'startup']),
      }),
    ),
    outcomesRecorded: z.array(
      z.strictObject({
        key: z.string(),
        side: z.enum(['host', 'startup', 'facilitator']),
        attendance: z.string(),
        recordedBy: z.strictObject({ role: z.string(), name: z.string(), via: z.string() }),
        recordedAt: timestamp,
        earlierAnswers: z.number().int().min(0),
      }),
    ),
    links: z.array(
      z.strictObject({
        purpose: z.enum(['sign_in', 'registration', 'outcome', 'calendar']),
        createdAt: timestamp,
        expiresAt: timestamp,
        revokedAt: timestamp.optional(),
        redeemedAt: timestamp.optional(),
      }),
    ),
    changesMade: z.array(auditEntrySchema),
  })
  .meta({ id: 'PersonalDataExport' });

/** `POST /personal-data/erasure`: what the erasure did, per collection. */
export const erasureReportSchema = z
  .strictObject({
    email: z.string(),
    person: z.boolean(),
    host: z.boolean(),
    needsOwnerRemoved: z.number().int().min(0),
    startupContactsRemoved: z.number().int().min(0),
    availabilityRenamed: z.number().int().min(0),
    outcomesAnonymised: z.number().int().min(0),
    scheduleDocumentsRenamed: z.number().int().min(0),
    linksRevoked: z.number().int().min(0),
    apiKeysRevoked: z.number().int().min(0),
    mailsWithdrawn: z.number().int().min(0),
  })
  .meta({ id: 'ErasureReport' });
