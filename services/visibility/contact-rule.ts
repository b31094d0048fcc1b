import type { Principal } from '../auth';

/** Who reads a contact: the parts of a principal that decide what it may see. */
export type Reader =
  | { readonly role: 'facilitator' }
  | { readonly role: 'development_head'; readonly organisationId: string }
  | { readonly role: 'startup'; readonly startupId: string };

/** The reader of a signed-in person or an API key. */
export function readerOf(principal: Principal): Reader {
  if (principal.role === 'development_head')
    return { role: 'development_head', organisationId: principal.organisationId };
  if (principal.role === 'startup') return { role: 'startup', startupId: principal.startupId };
  return { role: 'facilitator' };
}

/** The fields of a contact (a host's, which is also the owner of its needs, or a startup's contact person). */
export type ContactField = 'name' | 'email' | 'phone';

/** A contact as one reader may see it: the fields it may not see are absent. */
export interface VisibleContact {
  readonly name?: string;
  readonly email?: string;
  readonly phone?: string;
}

/** How the reader stands to the person whose contact it is. */
export type Relation =
  | 'facilitator'
  | 'host_of_own_organisation'
  | 'host_of_other_organisation'
  | 'host_met_in_published_meeting'
  | 'host_not_met'
  | 'own_profile'
  | 'other_startup'
  | 'startup_met_in_published_meeting'
  | 'startup_not_met';

/** One row of the rule: whose contact, which reader, how they stand, which fields that reader sees. */
export interface ContactRuleRow {
  readonly subject: 'host' | 'startup';
  readonly reader: Reader['role'];
  readonly relation: Relation;
  /** In words, for the table in services/api/README.md. */
  readonly when: string;
  readonly fields: readonly ContactField[];
}

const ALL: readonly ContactField[] = ['name', 'email', 'phone'];

/**
 * Who sees which contact fields, written once. A "published meeting" is a meeting of the event's
 * current published schedule (a cancelled one no longer counts): a startup and a host reach each
 * other only through one. Pages, the calendar feed, the exports and the API's agenda all read it.
 */
export const CONTACT_RULE: readonly ContactRuleRow[] = [
  { subject: 'host', reader: 'facilitator', relation: 'facilitator', when: 'always', fields: ALL },
  {
    subject: 'host',
    reader: 'development_head',
    relation: 'host_of_own_organisation',
    when: 'a host of her organisation',
    fields: ALL,
  },
  {
    subject: 'host',
    reader: 'development_head',
    relation: 'host_of_other_organisation',
    when: 'a host of another organisation',
    fields: ['name'],
  },
  {
    subject: 'host',
    reader: 'startup',
    relation: 'host_met_in_published_meeting',
    when: 'the startup has a published meeting with the host',
    fields: ALL,
  },
  {
    subject: 'host',
    reader: 'startup',
    relation: 'host_not_met',
    when: 'no published meeting with the host (also: cancelled ones)',
    fields: ['name'],
  },
  { subject: 'startup', reader: 'facilitator', relation: 'facilitator', when: 'always', fields: ALL },
  {
    subject: 'startup',
    reader: 'startup',
    relation: 'own_profile',
    when: 'its own profile',
    fields: ALL,
  },
  {
    subject: 'startup',
    reader: 'startup',
    relation: 'other_startup',
    when: 'another startup',
    fields: [],
  },
  {
    subject: 'startup',
    reader: 'development_head',
    relation: 'startup_met_in_published_meeting',
    when: 'the startup has a published meeting with a need of her organisation',
    fields: ALL,
  },
  {
    subject: 'startup',
    reader: 'development_head',
    relation: 'startup_not_met',
    when: 'no published meeting with her organisation (also: cancelled ones)',
    fields: [],
  },
];

function fieldsOf(subject: ContactRuleRow['subject'], relation: Relation): readonly ContactField[] {
  const row = CONTACT_RULE.find(
    (candidate) => candidate.subject === subject && candidate.relation === relation,
  );
  // Every relation below has its row; a missing one shows nothing rather than everything.
  return row?.fields ?? [];
}

function only(contact: VisibleContact, fields: readonly ContactField[]): VisibleContact {
  const visible: { name?: string; email?: string; phone?: string } = {};
  for (const field of fields) {
    const value = contact[field];
    if (value !== undefined) visible[field] = value;
  }
  return visible;
}

/** What the reader has met in the published schedule of one event (see {@link publishedTiesOf}). */
export interface PublishedTies {
  /** Hosts (by lower-case e-mail) a startup reader has a published meeting with. */
  readonly hostEmails: ReadonlySet<string>;
  /** Startups that have a published meeting with a need of a development head's organisation. */
  readonly startupIds: ReadonlySet<string>;
}

/** No published meeting at all. */
export const NO_TIES: PublishedTies = { hostEmails: new Set(), startupIds: new Set() };

/**
 * The reader's ties in the meetings of a published schedule: a startup's hosts, a development
 * head's organisation's startups. `organisationOfNeed` names the organisation of a meeting's need.
 */
export function publishedTiesOf(
  reader: Reader,
  publishedMeetings: readonly {
    readonly needId: string;
    readonly hostId: string;
    readonly startupId: string;
  }[],
  organisationOfNeed: (needId: string) => string | undefined,
): PublishedTies {
  const hostEmails = new Set<string>();
  const startupIds = new Set<string>();
  for (const meeting of publishedMeetings) {
    if (reader.role === 'startup' && meeting.startupId === reader.startupId)
      hostEmails.add(meeting.hostId.toLowerCase());
    if (reader.role === 'development_head' && organisationOfNeed(meeting.needId) === reader.organisationId)
      startupIds.add(meeting.startupId);
  }
  return { hostEmails, startupIds };
}

/** How the reader stands to a host of `host.organisationId`. */
export function hostRelation(
  reader: Reader,
  host: { readonly email: string; readonly organisationId: string | undefined },
  ties: PublishedTies,
): Relation {
  if (reader.role === 'facilitator') return 'facilitator';
  if (reader.role === 'development_head')
    return host.organisationId === reader.organisationId
      ? 'host_of_own_organisation'
      : 'host_of_other_organisation';
  return ties.hostEmails.has(host.email.toLowerCase()) ? 'host_met_in_published_meeting' : 'host_not_met';
}

/** How the reader stands to the startup `startupId`. */
export function startupRelation(reader: Reader, startupId: string, ties: PublishedTies): Relation {
  if (reader.role === 'facilitator') return 'facilitator';
  if (reader.role === 'startup') return reader.startupId === startupId ? 'own_profile' : 'other_startup';
  return ties.startupIds.has(startupId) ? 'startup_met_in_published_meeting' : 'startup_not_met';
}

/** A host's contact (or a need's owner) as the reader may see it. */
export function visibleHostContact(
  reader: Reader,
  host: VisibleContact & { readonly email: string; readonly organisationId: string | undefined },
  ties: PublishedTies,
): VisibleContact {
  return only(host, fieldsOf('host', hostRelation(reader, host, ties)));
}

/** A startup's contact person as the reader may see it. */
export function visibleStartupContact(
  reader: Reader,
  startup: { readonly id: string; readonly contact: VisibleContact },
  ties: PublishedTies,
): VisibleContact {
  return only(startup.contact, fieldsOf('startup', startupRelation(reader, startup.id, ties)));
}
