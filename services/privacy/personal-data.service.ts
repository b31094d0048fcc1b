import { z } from 'zod';
import {
  emailSchema,
  erasedAddress,
  type AuditEntry,
  type AuthorScope,
  type Host,
  type MatchmakingEvent,
  type Need,
  type Person,
  type Startup,
} from '../../models';
import { AppError } from '../app-error';
import { recordChange } from '../audit';
import { forbidden, type Principal } from '../auth';
import { meetingMailId } from '../outcomes';
import { allEvents } from '../schedules';
import type { ServiceDeps } from '../service-deps';
import { parseInput } from '../validation';
import { renameHostAddress } from './host-address';

/** What an erased person's name becomes wherever a record keeps a name (hosts, contacts, outcome authors). */
export const ERASED_NAME = 'Raderad person';

/** Body of the export and erasure requests: whose data (facilitators); a signed-in person leaves it out for their own. */
export const personalDataRequestSchema = z.strictObject({ email: emailSchema.optional() });

/** Everything stored about one e-mail address, as found (before export or erasure). */
interface Subject {
  email: string;
  person: Person | null;
  host: Host | null;
  /**
   * The host's other addresses while a change of its e-mail is cut short (the old one still keys the
   * person, availability, schedules and queued e-mails; the new one is the host's).
   */
  changingAddresses: string[];
  /** Needs whose meetings the host sits in. */
  hostedNeeds: Need[];
  /**
   * Needs whose outcomes the person may have answered when signed in: their host's, and a
   * development head's organisation's (she records the host side of any of them).
   */
  answerableNeedIds: string[];
  /** Needs stored before hosts that keep this address as their owner's contact. */
  ownedNeeds: Need[];
  /** Startup profiles whose contact person has this address (or whose person signs in with it). */
  startups: Startup[];
  /** The names the address is known by (person, host, contacts), for records that keep a name. */
  names: string[];
}

const ALL = { limit: 100, page: 1 };

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Whether `host`, the host record development head `person` signs in as, holds her data. It does
 * when it has her address (or is changing from or to it). It may have another: changing a host's
 * address once changed the host record only, for the head's own new address or for a colleague
 * who took the host over. Then it is hers when it still bears her name and nobody else signs in
 * with its address; otherwise it is another person's, and her erasure leaves it alone.
 */
async function isOwnHost(deps: ServiceDeps, person: Person, host: Host): Promise<boolean> {
  if (host.email === person.email) return true;
  const change = await deps.repos.addressChanges.pendingOf(host.id);
  if (change && (change.from === person.email || change.to === person.email)) return true;
  if (!sameName(host.name, person.name)) return false;
  return (await deps.repos.people.findByEmail(host.email)) === null;
}

async function findSubject(deps: ServiceDeps, email: string): Promise<Subject> {
  const { people, hosts, needs, startups, addressChanges } = deps.repos;
  let person = await people.findByEmail(email);
  const headsHost = person?.role === 'development_head' ? await hosts.findById(person.hostId) : null;
  let host =
    (person && headsHost && (await isOwnHost(deps, person, headsHost)) ? headsHost : null) ??
    (await hosts.findByEmail(email));
  // A change of the host's address cut short: the address asked for may be either end of it.
  const change = host ? await addressChanges.pendingOf(host.id) : await addressChanges.pendingWith(email);
  if (!host && change) host = await hosts.findById(change.hostId);
  const changingAddresses = change && host ? [change.from, change.to].filter((a) => a !== email) : [];
  if (!person && host)
    person = (await people.listOfHost(host.id)).find((p) => changingAddresses.includes(p.email)) ?? null;
  const hostedNeeds = host ? (await needs.list({ hostId: host.id }, ALL)).items : [];
  const organisationNeeds =
    person?.role === 'development_head' ? await needs.findAll({ organisationId: person.organisationId }) : [];
  const ownedNeeds = (await needs.list({ 'owner.email': email, hostId: null }, ALL)).items;
  const byContact = (await startups.list({ 'contact.email': email }, ALL)).items;
  const own = person?.role === 'startup' ? await startups.findById(person.startupId) : null;
  const profiles = [...byContact, ...(own && !byContact.some((s) => s.id === own.id) ? [own] : [])];
  const names = new Set<string>();
  if (person) names.add(person.name);
  if (host) names.add(host.name);
  for (const need of ownedNeeds) names.add(need.owner.name);
  for (const startup of byContact) names.add(startup.contact.name);
  return {
    email,
    person,
    host,
    changingAddresses,
    hostedNeeds,
    answerableNeedIds: [...new Set([...hostedNeeds, ...organisationNeeds].map((need) => need.id))],
    ownedNeeds,
    startups: profiles,
    names: [...names].filter((name) => name !== ERASED_NAME),
  };
}

/** The address whose data is asked for: a facilitator names anyone; a signed-in person gets their own. */
async function subjectEmail(deps: ServiceDeps, principal: Principal, body: unknown): Promise<string> {
  const { email } = parseInput(personalDataRequestSchema, body ?? {});
  const own = principal.personId === undefined ? null : await deps.repos.people.findById(principal.personId);
  if (email !== undefined && email !== own?.email) {
    if (principal.role !== 'facilitator')
      throw forbidden('Only a facilitator asks for the personal data of someone else.');
    return email;
  }
  if (own) return own.email;
  throw new AppError('validation_failed', 'An API key is no person: name the person whose data it is.', {
    httpStatus: 400,
    fields: [{ path: 'email', message: 'required with an API key' }],
  });
}

function isFacilitator(subject: Subject): boolean {
  return subject.person?.role === 'facilitator';
}

function authorScope(subject: Subject): AuthorScope {
  return {
    needIds: subject.answerableNeedIds,
    startupIds: subject.startups.map((startup) => startup.id),
    facilitator: isFacilitator(subject),
  };
}

/** The published meetings of the subject's needs and profiles, per event, with the outcome-link subjects of their sides. */
async function meetingsOf(deps: ServiceDeps, subject: Subject) {
  const needIds = new Set(subject.hostedNeeds.map((need) => need.id));
  const startupIds = new Set(subject.startups.map((startup) => startup.id));
  const meetings: {
    eventId: string;
    eventName: string;
    meetingId: string;
    date: string;
    start: string;
    roomId: string;
    side: 'host' | 'startup';
  }[] = [];
  if (needIds.size === 0 && startupIds.size === 0) return meetings;
  for (const event of await allEvents(deps)) {
    const pointer = await deps.repos.schedules.pointer(event.id);
    for (const number of pointer.publishedVersions) {
      const version = await deps.repos.schedules.version(event.id, number);
      for (const meeting of version?.meetings ?? []) {
        const side = needIds.has(meeting.needId)
          ? 'host'
          : startupIds.has(meeting.startupId)
            ? 'startup'
            : null;
        if (side === null || meetings.some((m) => m.meetingId === meeting.id && m.side === side)) continue;
        meetings.push({
          eventId: event.id,
          eventName: event.name,
          meetingId: meeting.id,
          date: meeting.date,
          start: meeting.start,
          roomId: meeting.roomId,
          side,
        });
      }
    }
  }
  return meetings;
}

/** What tokens are about the subject: sign-in and calendar links (the person), sign-ups (the address), outcome links (their meetings' sides). */
function tokenSubjects(
  subject: Subject,
  meetings: { eventId: string; meetingId: string; side: string }[],
): string[] {
  return [
    ...(subject.person ? [subject.person.id] : []),
    subject.email,
    ...meetings.map((m) => `${m.eventId}|${m.meetingId}|${m.side}`),
  ];
}

/** Every change the person made while signed in (the audit log's entries with them as actor). */
async function changesMadeBy(deps: ServiceDeps, personId: string): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for (let page: number | null = 1; page !== null;) {
    const result = await deps.repos.audit.list({ actorId: personId }, { limit: 100, page });
    entries.push(...result.items);
    page = result.nextPage;
  }
  return entries;
}

/**
 * `GET /personal-data` (a signed-in person: their own) and `POST /personal-data/export`
 * (facilitators: anyone's, by e-mail): everything stored about one e-mail address as JSON. A
 * facilitator's export of someone else is recorded in the audit log.
 */
export async function exportPersonalData(deps: ServiceDeps, principal: Principal, body: unknown, now: Date) {
  const email = await subjectEmail(deps, principal, body);
  const subject = await findSubject(deps, email);
  const meetings = await meetingsOf(deps, subject);
  const tokens = await deps.repos.tokens.listAbout(tokenSubjects(subject, meetings));
  const outcomes = (
    await Promise.all(
      subject.names.map((name) => deps.repos.outcomes.listWrittenBy(name, authorScope(subject))),
    )
  ).flat();
  const availability = (await allEvents(deps)).flatMap((event) =>
    event.availability
      .filter((entry) => entry.participantKind === 'host' && entry.participantId === email)
      .map((entry) => ({ eventId: event.id, eventName: event.name, windows: entry.windows })),
  );
  const ownData = principal.personId !== undefined && principal.personId === subject.person?.id;
  if (!ownData)
    await recordChange(deps, principal, {
      action: 'export_personal_data',
      record: { kind: 'data_subject', id: subject.person?.id ?? subject.host?.id ?? 'unknown' },
    });
  return {
    email,
    exportedAt: now.toISOString(),
    person: subject.person,
    host: subject.host,
    hostedNeeds: subject.hostedNeeds.map(({ id, title, organisationId, status }) => ({
      id,
      title,
      organisationId,
      status,
    })),
    ownedNeeds: subject.ownedNeeds.map(({ id, title, owner }) => ({ id, title, owner })),
    // Profiles the person only signs in for are in `person.startupId`; these are the ones whose contact they are.
    startupContacts: subject.startups
      .filter((startup) => startup.contact.email === email)
      .map(({ id, name, contact }) => ({
        startupId: id,
        startupName: name,
        contact,
      })),
    availability,
    meetings,
    outcomesRecorded: outcomes.map(({ key, side, attendance, recordedBy, recordedAt, history }) => ({
      key,
      side,
      attendance,
      recordedBy,
      recordedAt,
      earlierAnswers: history.length,
    })),
    links: tokens.map(({ purpose, createdAt, expiresAt, revokedAt, redeemedAt }) => ({
      purpose,
      createdAt,
      expiresAt,
      ...(revokedAt ? { revokedAt } : {}),
      ...(redeemedAt ? { redeemedAt } : {}),
    })),
    changesMade: subject.person ? await changesMadeBy(deps, subject.person.id) : [],
  };
}

/** What an erasure did, per collection. */
export interface ErasureReport {
  email: string;
  /** The sign-in record was deleted (its sessions stop working). */
  person: boolean;
  /** The host record was kept with its contact details removed (its needs and meetings stay). */
  host: boolean;
  needsOwnerRemoved: number;
  startupContactsRemoved: number;
  availabilityRenamed: number;
  outcomesAnonymised: number;
  scheduleDocumentsRenamed: number;
  linksRevoked: number;
  apiKeysRevoked: number;
  /**
   * E-mails queued and not yet sent that were to the person's addresses or named them (another
   * participant's about a shared meeting), removed from the queue.
   */
  mailsWithdrawn: number;
}

/** The mail queue as the erasure uses it: removes what waits to be sent to, or naming, the person. */
export interface QueuedMailWithdrawal {
  withdrawTo(addresses: readonly string[]): Promise<number>;
  /** Removes what waits to be sent naming one of `records` besides its recipient. */
  withdrawNaming(records: readonly { kind: 'person' | 'need' | 'startup'; id: string }[]): Promise<number>;
  /** Removes what waits to be sent under one of these job ids. */
  withdrawIds(ids: readonly string[]): Promise<number>;
}

/**
 * The job ids of the e-mails to the startup side of these needs' published meetings, at every
 * calendar sequence: its reminder and outcome request name the need's host. Those queued before
 * e-mails carried `mentions` are found only by their ids.
 */
async function startupMailIdsOf(
  deps: ServiceDeps,
  events: readonly MatchmakingEvent[],
  needIds: ReadonlySet<string>,
): Promise<string[]> {
  const ids: string[] = [];
  if (needIds.size === 0) return ids;
  for (const event of events)
    for (const entry of Object.values((await deps.repos.schedules.pointer(event.id)).calendar)) {
      if (!needIds.has(entry.meeting.needId)) continue;
      for (let sequence = 0; sequence <= entry.sequence; sequence += 1)
        for (const kind of ['reminder', 'outcome'] as const)
          ids.push(meetingMailId(kind, entry.meeting.id, 'startup', sequence));
    }
  return ids;
}

/**
 * `POST /personal-data/erasure` (facilitators: anyone's, by e-mail; a signed-in person: their own).
 * Removes the person's contact details and keeps the records that others rely on, anonymised:
 * the host record stays with name {@link ERASED_NAME} and an address that cannot be delivered (its
 * needs, availability and meetings follow it), a startup profile stays without its contact person,
 * outcome answers stay with the author's name replaced, and the sign-in record goes (sessions,
 * which are read against it on every request, stop working). Every sign-in, calendar, outcome and
 * sign-up link about the person is revoked and emptied, and the API keys issued to them (keys
 * named after them; a profile's keys when they were its only contact) are revoked. Each step can
 * be run again, so an erasure cut short is finished by asking again. E-mails queued for the
 * person's addresses are withdrawn (`mail`). A change of the host's e-mail that was cut short is
 * erased with it: the person, records and e-mails under either of its addresses, then the change
 * itself (either address finds the person). A development head's host record under another
 * address is erased with her only when it still bears her name and nobody else signs in with its
 * address; otherwise it is another person's, and it, its meetings and its e-mails stay (her name
 * still goes from the outcome answers she recorded). 404 when nothing is stored.
 */
export async function erasePersonalData(
  deps: ServiceDeps,
  principal: Principal,
  body: unknown,
  now: Date,
  mail?: QueuedMailWithdrawal,
): Promise<ErasureReport> {
  const email = await subjectEmail(deps, principal, body);
  const subject = await findSubject(deps, email);
  if (!subject.person && !subject.host && subject.ownedNeeds.length === 0 && subject.startups.length === 0)
    throw new AppError('not_found', 'No personal data is stored for this e-mail address.', {
      httpStatus: 404,
      fields: [{ path: 'email', message: 'no personal data stored for this address' }],
    });
  const { repos } = deps;
  const meetings = await meetingsOf(deps, subject);
  const report: ErasureReport = {
    email,
    person: false,
    host: false,
    needsOwnerRemoved: 0,
    startupContactsRemoved: 0,
    availabilityRenamed: 0,
    outcomesAnonymised: 0,
    scheduleDocumentsRenamed: 0,
    linksRevoked: await repos.tokens.revokeAndClear(tokenSubjects(subject, meetings), now),
    apiKeysRevoked: 0,
    mailsWithdrawn: 0,
  };
  for (const name of subject.names)
    report.outcomesAnonymised += await repos.outcomes.renameAuthor(name, authorScope(subject), ERASED_NAME);
  const events = await allEvents(deps);
  const eventIds = events.map((event) => event.id);
  for (const name of subject.names)
    report.scheduleDocumentsRenamed += await repos.schedules.replaceValue(eventIds, name, ERASED_NAME);

  // The host keeps its needs and meetings under an address that cannot be delivered; the events'
  // availability and the schedules (which name hosts by address) follow it.
  const newAddress = erasedAddress(
    subject.host?.id ?? subject.person?.id ?? subject.ownedNeeds[0]?.id ?? 'x',
  );
  const addresses = new Set([
    email,
    ...(subject.host ? [subject.host.email] : []),
    ...subject.changingAddresses,
    ...(subject.person ? [subject.person.email] : []),
  ]);
  const renamed = await renameHostAddress(deps, [...addresses], newAddress, events);
  report.availabilityRenamed = renamed.availabilityRenamed;
  report.scheduleDocumentsRenamed += renamed.scheduleDocumentsRenamed;
  if (subject.host) {
    const written = await repos.hosts.updateRaw(subject.host.id, subject.host.version, {
      $set: { name: ERASED_NAME, email: newAddress },
      $unset: { phone: '' },
    });
    report.host = written.ok;
  }
  for (const need of subject.ownedNeeds) {
    const written = await repos.needs.updateRaw(need.id, need.version, {
      $set: { owner: { name: ERASED_NAME, email: erasedAddress(need.id) } },
    });
    if (written.ok) report.needsOwnerRemoved += 1;
  }
  for (const startup of subject.startups) {
    if (startup.contact.email !== email) continue;
    const written = await repos.startups.updateRaw(startup.id, startup.version, {
      $set: { contact: { name: ERASED_NAME, email: erasedAddress(startup.id) } },
    });
    if (written.ok) report.startupContactsRemoved += 1;
    const othersSpeakForIt = (await repos.people.listOfStartup(startup.id)).some((p) => p.email !== email);
    if (!othersSpeakForIt)
      report.apiKeysRevoked += await repos.apiKeys.revokeBoundTo({ startupId: startup.id }, now);
  }
  const names = new Set(subject.names.map((name) => name.toLowerCase()));
  for (const key of await repos.apiKeys.list())
    if (
      !key.revokedAt &&
      names.has(key.name.trim().toLowerCase()) &&
      (await repos.apiKeys.revoke(key.id, now))
    )
      report.apiKeysRevoked += 1;
  if (subject.person) report.person = await repos.people.remove(subject.person.id);
  // Last, so an erasure cut short finds the host through the change when asked again.
  if (subject.host && subject.changingAddresses.length > 0)
    await repos.addressChanges.finish(subject.host.id);
  // What waits in the queue goes too: to the person, and to others naming them. The mail worker
  // checks each message's recipient and named records again when it sends, so one queued meanwhile
  // or missed here is not sent either.
  if (mail) {
    const needIds = [...subject.hostedNeeds, ...subject.ownedNeeds].map((need) => need.id);
    const named = [
      ...(subject.person ? [{ kind: 'person' as const, id: subject.person.id }] : []),
      ...needIds.map((id) => ({ kind: 'need' as const, id })),
      ...subject.startups
        .filter((startup) => startup.contact.email === email)
        .map((startup) => ({ kind: 'startup' as const, id: startup.id })),
    ];
    // Those queued before e-mails carried `mentions` are found by their ids.
    const legacyIds = await startupMailIdsOf(deps, events, new Set(needIds));
    report.mailsWithdrawn = await Promise.all([
      mail.withdrawTo([...addresses]),
      mail.withdrawNaming(named),
      mail.withdrawIds(legacyIds),
    ])
      .then((counts) => counts.reduce((sum, count) => sum + count, 0))
      .catch((error: unknown) => {
        deps.logger.warn(
          { err: error },
          'queued e-mails not withdrawn; the mail worker drops those that say whom they name',
        );
        return 0;
      });
  }

  await recordChange(
    deps,
    principal,
    {
      action: 'erase_personal_data',
      record: {
        kind: 'data_subject',
        id: subject.person?.id ?? subject.host?.id ?? subject.startups[0]?.id ?? 'unknown',
      },
      after: { ...report, email: undefined },
    },
    now,
  );
  return report;
}
