/**
 * Who sees which contact, held in one place: the rule below (the table of services/api/README.md)
 * is checked against services/visibility, then every path that shows contacts is held to it on a
 * published schedule with a published cancellation, against the real app, Redis sessions and the
 * MongoDB-protocol server: the API's needs and startups, its agenda (JSON, iCalendar, HTML), the schedule exports (CSV,
 * iCalendar, printable HTML), the agenda pages, the printable agendas, the calendar feed, and a
 * startup's page of a need.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getRepositories, type Person } from '../../models';
import type { Meeting } from '../../scheduling';
import { CONTACT_RULE } from '../../services/visibility';
import type { CookieClient } from '../support/browser-less-session';
import { fetchWithKey } from '../support/until';
import { pathOf, publish, signedIn, startAgendaWorld, type AgendaWorld } from './agenda-world';

type Field = 'name' | 'email' | 'phone';
type ReaderRole = 'facilitator' | 'development_head' | 'startup';
const ALL: Field[] = ['name', 'email', 'phone'];

/** THE RULE: whose contact, which reader, how they stand, which fields the reader sees. */
const RULE: { subject: 'host' | 'startup'; reader: ReaderRole; relation: string; fields: Field[] }[] = [
  { subject: 'host', reader: 'facilitator', relation: 'facilitator', fields: ALL },
  { subject: 'host', reader: 'development_head', relation: 'host_of_own_organisation', fields: ALL },
  { subject: 'host', reader: 'development_head', relation: 'host_of_other_organisation', fields: ['name'] },
  { subject: 'host', reader: 'startup', relation: 'host_met_in_published_meeting', fields: ALL },
  { subject: 'host', reader: 'startup', relation: 'host_not_met', fields: ['name'] },
  { subject: 'startup', reader: 'facilitator', relation: 'facilitator', fields: ALL },
  { subject: 'startup', reader: 'startup', relation: 'own_profile', fields: ALL },
  { subject: 'startup', reader: 'startup', relation: 'other_startup', fields: [] },
  {
    subject: 'startup',
    reader: 'development_head',
    relation: 'startup_met_in_published_meeting',
    fields: ALL,
  },
  { subject: 'startup', reader: 'development_head', relation: 'startup_not_met', fields: [] },
];

/** A reader of the world: role, binding, and how it reaches the API (key) and the pages (person). */
interface Reader {
  label: string;
  role: ReaderRole;
  organisationId?: string;
  startupId?: string;
  key: string;
  person: Person;
}

/** A contact whose fields the test looks for in what each reader is shown. */
interface Subject {
  kind: 'host' | 'startup';
  id: string;
  organisationId?: string;
  email: string;
  phone?: string;
}

let world: AgendaWorld;
let readers: Reader[];
let subjects: Subject[];
/** The published meetings after the cancellation was published. */
let published: Meeting[];
/** The meetings of startup S, all cancelled when it left. */
let cancelledOfS: Meeting[];
let needOrganisation: Map<string, string>;
const clients = new Map<string, CookieClient>();

function relationOf(reader: Reader, subject: Subject): string {
  if (reader.role === 'facilitator') return 'facilitator';
  if (subject.kind === 'host') {
    if (reader.role === 'development_head')
      return subject.organisationId === reader.organisationId
        ? 'host_of_own_organisation'
        : 'host_of_other_organisation';
    return published.some((m) => m.startupId === reader.startupId && m.hostId === subject.email)
      ? 'host_met_in_published_meeting'
      : 'host_not_met';
  }
  if (reader.role === 'startup') return subject.id === reader.startupId ? 'own_profile' : 'other_startup';
  return published.some(
    (m) => m.startupId === subject.id && needOrganisation.get(m.needId) === reader.organisationId,
  )
    ? 'startup_met_in_published_meeting'
    : 'startup_not_met';
}

function visibleFields(reader: Reader, subject: Subject): Field[] {
  const relation = relationOf(reader, subject);
  const row = RULE.find(
    (r) => r.subject === subject.kind && r.reader === reader.role && r.relation === relation,
  );
  if (!row) throw new Error(`no rule for ${subject.kind} / ${reader.role} / ${relation}`);
  return row.fields;
}

/**
 * Whether `reader` has a published meeting (now) with `subject`: then its agenda must show what it
 * may see. A startup does not meet itself: its own agenda does not repeat its own contact.
 */
function meets(reader: Reader, subject: Subject): boolean {
  if (reader.role === 'startup' && subject.kind === 'startup' && subject.id === reader.startupId)
    return false;
  return published.some((m) => {
    const own =
      reader.role === 'facilitator' ||
      (reader.role === 'startup' && m.startupId === reader.startupId) ||
      (reader.role === 'development_head' && needOrganisation.get(m.needId) === reader.organisationId);
    return own && (subject.kind === 'host' ? m.hostId === subject.email : m.startupId === subject.id);
  });
}

/**
 * Holds one text a reader was shown to the rule: a contact field the reader may not see is never
 * in it; with `complete`, every field it may see of everyone it meets is in it.
 */
function holdToRule(surface: string, reader: Reader, text: string, complete: boolean): void {
  for (const subject of subjects) {
    const fields = visibleFields(reader, subject);
    for (const field of ['email', 'phone'] as const) {
      const value = subject[field];
      if (value === undefined) continue;
      // A phone is also looked for as a tel: link writes it (digits only).
      const shown =
        text.includes(value) || (field === 'phone' && text.includes(value.replace(/[^+\d]/g, '')));
      const where = `${surface} for ${reader.label}: ${subject.kind} ${subject.email} ${field}`;
      if (!fields.includes(field)) expect({ where, shown }).toEqual({ where, shown: false });
      else if (complete && meets(reader, subject)) expect({ where, shown }).toEqual({ where, shown: true });
    }
  }
}

async function apiText(reader: Reader, path: string): Promise<{ status: number; text: string }> {
  // Held to /openapi.json as well (fetchWithKey), so every role's answer is checked against the contract.
  const response = await fetchWithKey(world.app.baseUrl, reader.key, 'GET', path);
  return { status: response.status, text: await response.text() };
}

async function clientOf(reader: Reader): Promise<CookieClient> {
  let client = clients.get(reader.label);
  if (!client) {
    client = await signedIn(world.app, reader.person);
    clients.set(reader.label, client);
  }
  return client;
}

beforeAll(async () => {
  world = await startAgendaWorld();
  const { app } = world;
  const repositories = getRepositories(app.db);
  const [orgA, orgB] = world.world.organisationIds;
  const needs = await Promise.all(world.world.needIds.map((id) => repositories.needs.findById(id)));
  needOrganisation = new Map(needs.map((need) => [need!.id, need!.organisationId]));

  // Startup S leaves, published: its calendar and its hosts' keep its meetings as cancelled, and
  // nobody meets it (or, through it, its hosts) any more.
  const startupS = world.startupPerson.role === 'startup' ? world.startupPerson.startupId : '';
  cancelledOfS = world.meetings.filter((m) => m.startupId === startupS);
  const repaired = await app.request<{ version: number }>(
    'POST',
    `/events/${world.world.eventId}/cancellations`,
    {
      key: app.facilitatorKey,
      body: { kind: 'startup', startupId: startupS },
    },
  );
  expect(repaired.status).toBe(201);
  published = (await publish(app, world.world.eventId, repaired.body.version)).meetings;
  expect(published.some((m) => m.startupId === startupS)).toBe(false);

  const hosts = await repositories.hosts.list({}, { limit: 100, page: 1 });
  const startups = await Promise.all(world.world.startupIds.map((id) => repositories.startups.findById(id)));
  subjects = [
    ...hosts.items.map((host) => ({
      kind: 'host' as const,
      id: host.id,
      organisationId: host.organisationId,
      email: host.email,
      ...(host.phone ? { phone: host.phone } : {}),
    })),
    ...startups.map((startup) => ({
      kind: 'startup' as const,
      id: startup!.id,
      email: startup!.contact.email,
    })),
  ];

  const johan = hosts.items.find((host) => host.email === world.world.hostEmails[1])!;
  const people = repositories.people;
  const otherStartup = world.world.startupIds.find(
    (id) => id !== startupS && published.some((m) => m.startupId === id),
  )!;
  const devB = (await people.create({
    role: 'development_head',
    name: 'Bo Berg',
    email: 'bo.berg@helsingborg.se',
    language: 'sv',
    organisationId: orgB,
    hostId: johan.id,
  }))!;
  const startupT = (await people.create({
    role: 'startup',
    name: 'Tea Startup',
    email: 'tea@example.se',
    language: 'sv',
    startupId: otherStartup,
  }))!;
  const facilitator = (await people.create({
    role: 'facilitator',
    name: 'Frida Lind',
    email: 'frida.lind@matchmaker.test',
    language: 'sv',
  }))!;
  readers = [
    { label: 'facilitator', role: 'facilitator', key: app.facilitatorKey, person: facilitator },
    {
      label: 'development head A',
      role: 'development_head',
      organisationId: orgA,
      key: await app.createKey({ role: 'development_head', organisationId: orgA }),
      person: world.developmentHead,
    },
    {
      label: 'development head B',
      role: 'development_head',
      organisationId: orgB,
      key: await app.createKey({ role: 'development_head', organisationId: orgB }),
      person: devB,
    },
    {
      label: 'startup S',
      role: 'startup',
      startupId: startupS,
      key: await app.createKey({ role: 'startup', startupId: startupS }),
      person: world.startupPerson,
    },
    {
      label: 'startup T',
      role: 'startup',
      startupId: otherStartup,
      key: await app.createKey({ role: 'startup', startupId: otherStartup }),
      person: startupT,
    },
  ];
});

afterAll(async () => {
  await world?.destroy();
});

describe('who sees which contact, in one place', () => {
  it('services/visibility and the table in services/api/README.md say the same as this rule', () => {
    expect(
      CONTACT_RULE.map(({ subject, reader, relation, fields }) => ({
        subject,
        reader,
        relation,
        fields: [...fields],
      })),
    ).toEqual(RULE);
    const readme = readFileSync(path.join(__dirname, '..', '..', 'services', 'api', 'README.md'), 'utf8');
    const rows = [
      ...readme.matchAll(
        /^\| (host|startup) +\| (facilitator|development_head|startup) +\| `(\w+)` +\|([^\n]*)\|$/gm,
      ),
    ];
    const fromReadme = rows.map(([, subject, reader, relation, cells = '']) => {
      const marks = cells.split('|').map((cell) => cell.trim());
      return {
        subject,
        reader,
        relation,
        fields: ALL.filter((_, index) => marks[index] === '✓'),
      };
    });
    expect(fromReadme).toEqual(RULE);
  });

  it('the API’s agenda (JSON, iCalendar, HTML) gives each reader only the contacts it may see', async () => {
    for (const reader of readers) {
      const queries =
        reader.role === 'facilitator' ? world.world.startupIds.map((id) => `?startupId=${id}`) : [''];
      for (const query of queries) {
        const json = await apiText(reader, `/events/${world.world.eventId}/agenda${query}`);
        expect(json.status).toBe(200);
        holdToRule(`agenda JSON${query}`, reader, json.text, reader.role !== 'facilitator');
        const body = JSON.parse(json.text) as {
          meetings: {
            host: Partial<Record<Field, string>>;
            startup: { contact?: Partial<Record<Field, string>> };
            hostId: string;
            startupId: string;
          }[];
        };
        for (const meeting of body.meetings) {
          const host = subjects.find((s) => s.kind === 'host' && s.email === meeting.hostId)!;
          const startup = subjects.find((s) => s.kind === 'startup' && s.id === meeting.startupId)!;
          expect(Object.keys(meeting.host).sort()).toEqual(
            visibleFields(reader, host)
              .filter((field) => field !== 'phone' || host.phone)
              .sort(),
          );
          expect(
            Object.keys(meeting.startup.contact ?? {})
              .filter((f) => f !== 'name')
              .sort(),
          ).toEqual(
            visibleFields(reader, startup)
              .filter((field) => field === 'email')
              .sort(),
          );
        }
        const ics = await apiText(reader, `/events/${world.world.eventId}/agenda.ics${query}`);
        expect(ics.status).toBe(200);
        holdToRule(
          `agenda iCalendar${query}`,
          reader,
          ics.text.replace(/\r\n /g, ''),
          reader.role !== 'facilitator',
        );
        const page = await apiText(
          reader,
          `/events/${world.world.eventId}/agenda?format=html${query.replace('?', '&')}`,
        );
        expect(page.status).toBe(200);
        holdToRule(`agenda HTML${query}`, reader, page.text, reader.role !== 'facilitator');
      }
    }
  });

  it('the needs and startups the API lists and reads carry only the contacts the reader may see', async () => {
    for (const reader of readers) {
      const needs = await apiText(reader, '/needs?limit=100');
      expect(needs.status).toBe(200);
      holdToRule('GET /needs', reader, needs.text, false);
      for (const needId of world.world.needIds) {
        const answer = await apiText(reader, `/needs/${needId}`);
        expect(answer.status).toBe(200);
        holdToRule(`GET /needs/${needId}`, reader, answer.text, false);
        const need = JSON.parse(answer.text) as {
          owner: Partial<Record<Field, string>>;
          organisationId: string;
        };
        const host = subjects.find((s) => s.kind === 'host' && s.organisationId === need.organisationId)!;
        expect({ needId, reader: reader.label, owner: Object.keys(need.owner).sort() }).toEqual({
          needId,
          reader: reader.label,
          owner: visibleFields(reader, host)
            .filter((field) => field !== 'phone' || host.phone)
            .sort(),
        });
      }
      if (reader.role === 'startup') {
        const own = await apiText(reader, `/startups/${reader.startupId}`);
        expect((JSON.parse(own.text) as { contact?: { email?: string } }).contact?.email).toBeDefined();
        continue;
      }
      const startups = await apiText(reader, '/startups?limit=100');
      expect(startups.status).toBe(200);
      holdToRule('GET /startups', reader, startups.text, false);
      for (const startupId of world.world.startupIds) {
        const answer = await apiText(reader, `/startups/${startupId}`);
        expect(answer.status).toBe(200);
        holdToRule(`GET /startups/${startupId}`, reader, answer.text, false);
        const startup = subjects.find((s) => s.kind === 'startup' && s.id === startupId)!;
        const contact = (JSON.parse(answer.text) as { contact?: Record<string, string> }).contact ?? {};
        expect({
          startupId,
          reader: reader.label,
          contact: Object.keys(contact)
            .filter((f) => f !== 'phone')
            .sort(),
        }).toEqual({
          startupId,
          reader: reader.label,
          contact: visibleFields(reader, startup)
            .filter((field) => field !== 'phone')
            .sort(),
        });
      }
    }
  });

  it('the schedule exports (CSV, iCalendar, printable HTML) are the facilitator’s, with every contact in the iCalendar', async () => {
    for (const reader of readers) {
      for (const path of ['schedule.csv', 'schedule.ics', 'schedule?format=html']) {
        const answer = await apiText(reader, `/events/${world.world.eventId}/${path}`);
        expect({ path, reader: reader.label, status: answer.status }).toEqual({
          path,
          reader: reader.label,
          status: reader.role === 'facilitator' ? 200 : 403,
        });
        if (reader.role === 'facilitator')
          holdToRule(path, reader, answer.text.replace(/\r\n /g, ''), path === 'schedule.ics');
      }
    }
  });

  it('the agenda pages, the printable agendas and the calendar feed show each person only what the rule allows', async () => {
    for (const reader of readers) {
      const client = await clientOf(reader);
      if (reader.role === 'facilitator') {
        const print = await client.get(`/app/events/${world.world.eventId}/print`);
        expect(print.status).toBe(200);
        holdToRule('event print page', reader, print.text, true);
        continue;
      }
      const page = await client.get('/app/agenda');
      expect(page.status).toBe(200);
      holdToRule('/app/agenda', reader, page.text, true);
      const print = await client.get('/app/agenda/print');
      holdToRule('/app/agenda/print', reader, print.text, true);
      await client.postForm('/app/agenda/calendar', page, {});
      const address = /id="calendar-url"[^>]*value="([^"]+)"/s.exec(
        (await client.get('/app/agenda')).text,
      )?.[1];
      const feed = await fetch(`${world.app.baseUrl}${pathOf(address ?? '')}`);
      expect(feed.status).toBe(200);
      const feedText = (await feed.text()).replace(/\r\n /g, '');
      holdToRule('calendar feed', reader, feedText, true);
      // The cancelled meetings stay in the calendars, as cancelled, without the contacts they gave.
      const mine = cancelledOfS.filter((m) =>
        reader.role === 'startup'
          ? m.startupId === reader.startupId
          : needOrganisation.get(m.needId) === reader.organisationId,
      );
      for (const meeting of mine) expect(feedText).toContain(`UID:${meeting.id}@matchmaker`);
      if (reader.label === 'startup S') expect(mine.length).toBeGreaterThan(0);
    }
  });

  it('a startup’s page of a need shows the host’s e-mail and phone only when the rule allows', async () => {
    for (const reader of readers.filter((r) => r.role === 'startup')) {
      const client = await clientOf(reader);
      for (const needId of world.world.needIds) {
        const page = await client.get(`/app/matches/${needId}`);
        expect(page.status).toBe(200);
        holdToRule(`/app/matches/${needId}`, reader, page.text, false);
        const pair = published.some((m) => m.startupId === reader.startupId && m.needId === needId);
        const host = subjects.find(
          (s) =>
            s.kind === 'host' &&
            published.concat(world.meetings).some((m) => m.needId === needId && m.hostId === s.email),
        );
        if (pair && host) expect(page.text).toContain(host.email);
      }
    }
  });
});
