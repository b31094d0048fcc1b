import type { Reader } from './contact-rule';

/** The records the API shows to more than one role. */
export type RecordKind = 'organisation' | 'host' | 'need' | 'startup' | 'event' | 'match' | 'pilot' | 'job';

/**
 * How a role sees one field: `yes` always, `no` never, `contact` with the contact fields
 * CONTACT_RULE gives (absent when it gives none), `entries` only the entries about participants
 * whose contact CONTACT_RULE shows the reader (a startup: its own).
 */
export type FieldAccess = 'yes' | 'no' | 'contact' | 'entries';

/** One row of the rule: a field of a record and how each role sees it. */
export interface FieldRuleRow {
  readonly record: RecordKind;
  readonly field: string;
  readonly access: Readonly<Record<Reader['role'], FieldAccess>>;
}

const STORED = ['id', 'version', 'createdAt', 'updatedAt'] as const;
const ALL = { facilitator: 'yes', development_head: 'yes', startup: 'yes' } as const;
const NOT_STARTUPS = { facilitator: 'yes', development_head: 'yes', startup: 'no' } as const;
const FACILITATOR_AND_OWN = { facilitator: 'yes', development_head: 'no', startup: 'yes' } as const;
const CONTACT = { facilitator: 'contact', development_head: 'contact', startup: 'contact' } as const;
const FACILITATORS = { facilitator: 'yes', development_head: 'no', startup: 'no' } as const;

function rows(record: RecordKind, fields: readonly string[], access: FieldRuleRow['access']): FieldRuleRow[] {
  return fields.map((field) => ({ record, field, access }));
}

/**
 * What each role sees of each record, field by field, written once (the table in
 * services/api/README.md). Which records a role may read at all is the endpoints' rule (a startup
 * reads open needs and its own profile; a development head approved profiles and her
 * organisation's hosts). A field not named here is shown to nobody.
 */
export const FIELD_RULE: readonly FieldRuleRow[] = [
  ...rows('organisation', [...STORED, 'name', 'kind', 'municipalityCode'], ALL),
  ...rows('host', [...STORED, 'name', 'email', 'phone', 'organisationId'], NOT_STARTUPS),
  ...rows(
    'need',
    [
      ...STORED,
      'title',
      'description',
      'language',
      'organisationId',
      'department',
      'budgetSek',
      'timeframe',
      'tags',
      'status',
    ],
    ALL,
  ),
  ...rows('need', ['owner'], CONTACT),
  // The buyer's own planning: its priority, the meetings it wants, which host record sits in them.
  ...rows('need', ['priority', 'meetings', 'hostId'], NOT_STARTUPS),
  ...rows(
    'startup',
    [
      ...STORED,
      'name',
      'oneLiner',
      'description',
      'offering',
      'tags',
      'languages',
      'language',
      'stage',
      'teamSize',
      'website',
      'references',
    ],
    ALL,
  ),
  ...rows('startup', ['contact'], CONTACT),
  // The review and the registration (organisation number, consent) are between the startup and the facilitator.
  ...rows('startup', ['status', 'registration', 'maxMeetings'], FACILITATOR_AND_OWN),
  ...rows(
    'event',
    [
      ...STORED,
      'name',
      'timezone',
      'meetingMinutes',
      'changeoverMinutes',
      'days',
      'rooms',
      'needIds',
      'signUpSlug',
    ],
    ALL,
  ),
  ...rows('event', ['startupIds'], NOT_STARTUPS),
  // Hosts are named by e-mail in availability: an entry is shown as the host's e-mail would be.
  ...rows('event', ['availability'], { facilitator: 'yes', development_head: 'entries', startup: 'entries' }),
  // A ranking names no person: a development head reads her needs' matches, a startup its own.
  ...rows(
    'match',
    [
      'needId',
      'startupId',
      'score',
      'rank',
      'explanation',
      'modelVersion',
      'needVersion',
      'startupVersion',
      'updatedAt',
    ],
    ALL,
  ),
  // A pilot is between the buyer and the startup: each reads its own (the endpoints' rule).
  ...rows(
    'pilot',
    [
      ...STORED,
      'eventId',
      'meetingId',
      'needId',
      'startupId',
      'organisationId',
      'budgetKSek',
      'start',
      'end',
      'status',
      'learnings',
    ],
    ALL,
  ),
  // Queue jobs carry other people's data (a rebuild's, a schedule's): facilitators only.
  ...rows(
    'job',
    [
      'id',
      'queue',
      'name',
      'state',
      'progress',
      'attemptsMade',
      'data',
      'result',
      'failedReason',
      'createdAt',
      'startedAt',
      'finishedAt',
    ],
    FACILITATORS,
  ),
];

/** How `role` sees `field` of `record` (`no` for a field the rule does not name). */
export function accessOf(record: RecordKind, role: Reader['role'], field: string): FieldAccess {
  const row = FIELD_RULE.find((candidate) => candidate.record === record && candidate.field === field);
  return row?.access[role] ?? 'no';
}

/**
 * The fields of `value` that `role` sees always (`yes`); the others are left out, for the caller
 * to add what `contact` and `entries` fields allow.
 */
export function plainFieldsFor<T extends object>(
  record: RecordKind,
  role: Reader['role'],
  value: T,
): Partial<T> {
  const out: Partial<T> = {};
  for (const [field, inner] of Object.entries(value))
    if (accessOf(record, role, field) === 'yes') (out as Record<string, unknown>)[field] = inner;
  return out;
}
