/**
 * The development head's pages (her needs: list, create, change with versions; each need's ranked
 * startups with why) and "my availability at an event" for development heads and startups: over
 * HTTP against the real app, Redis (sessions), FerretDB and the real worker process, which ranks
 * the startups (matches queue) and sends the mail.
 */
import { getRepositories, type Need, type Person } from '../../models';
import { issueApiKey } from '../../services/api-keys';
import { issueSignInLink } from '../../services/people';
import { buildEvent, buildNeed, buildStartup } from '../support';
import { CookieClient, type PageResponse } from '../support/browser-less-session';
import { startPeopleApp, uniqueEmail, type PeopleApp } from '../support/people-app';
import { until } from '../support/until';

jest.setTimeout(120_000);

let app: PeopleApp;
let facilitatorKey: string;
let organisationId: string;
let otherOrganisationId: string;
let karin: Person;
let karinHostId: string;
let startupPerson: Person;
let eventId: string;

async function api<T = Record<string, unknown>>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${app.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${facilitatorKey}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
}

/** A client signed in as `person` the way a person is: the link's page, then its one button. */
async function signedIn(person: Person): Promise<CookieClient> {
  const client = new CookieClient(app.baseUrl);
  const link = await issueSignInLink(getRepositories(app.db), person, new Date());
  let page = await client.get(`/sign-in/link?token=${encodeURIComponent(link.secret)}`);
  while (page.status === 303 && page.location) page = await client.get(page.location);
  const token = /name="token" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
  const answer = await client.postForm('/sign-in/link', page, { token });
  expect(answer.location).toBe('/app/');
  return client;
}

/** The message shown next to `field` ('' when none). */
function fieldError(page: PageResponse, field: string): string {
  return new RegExp(`<p class="field-error" id="${field}-error">([^<]*)</p>`).exec(page.text)?.[1] ?? '';
}

/** The value of input `field` on the page (undefined when it has none). */
function inputValue(page: PageResponse, field: string): string | undefined {
  const tag = new RegExp(`<input[^>]*\\bid="${field}"[^>]*>`).exec(page.text)?.[0];
  return tag === undefined ? undefined : /value="([^"]*)"/.exec(tag)?.[1];
}

/** The text of the page without tags (entities left as they are). */
function textOf(page: PageResponse): string {
  return page.text
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

function validNeedForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    title: 'Digital tillsyn av livsmedelsverksamheter',
    description:
      'Vi vill effektivisera tillsynen av restauranger och butiker med en digital lösning för inspektörer i fält, med mobila checklistor och rapporter på plats.',
    department: 'Miljöförvaltningen',
    priority: '2',
    status: 'open',
    hostId: karinHostId,
    ownerName: '',
    ownerEmail: '',
    ownerPhone: '',
    budgetMin: '200 000',
    budgetMax: '800 000',
    timeframeStart: '2027-01-15',
    timeframeEnd: '2027-12-31',
    language: 'auto',
    ...overrides,
  };
}

async function needsOf(id: string): Promise<Need[]> {
  const repositories = getRepositories(app.db);
  return (
    await repositories.needs.list(await repositories.needs.filterOf({ organisationId: id }), {
      limit: 100,
      page: 1,
    })
  ).items;
}

beforeAll(async () => {
  app = await startPeopleApp({ matches: true });
  facilitatorKey = (await issueApiKey(getRepositories(app.db), { role: 'facilitator', name: 'Test' })).key;
  organisationId = (
    await api<{ id: string }>('POST', '/organisations', { name: 'Västerås stad', kind: 'municipality' })
  ).body.id;
  otherOrganisationId = (
    await api<{ id: string }>('POST', '/organisations', { name: 'Region Uppsala', kind: 'region' })
  ).body.id;
  const email = uniqueEmail('karin');
  karinHostId = (await api<{ id: string }>('POST', '/hosts', { name: 'Karin Berg', email, organisationId }))
    .body.id;
  karin = await app.createPerson({
    role: 'development_head',
    name: 'Karin Berg',
    email,
    language: 'sv',
    organisationId,
    hostId: karinHostId,
  });
  const startup = await api<{ id: string }>('POST', '/startups', buildStartup({ name: 'Tillsynsappen AB' }));
  startupPerson = await app.createPerson({
    role: 'startup',
    name: 'Ali Hassan',
    email: uniqueEmail('ali'),
    language: 'sv',
    startupId: startup.body.id,
  });
  eventId = (await api<{ id: string }>('POST', '/events', buildEvent({ startupIds: [startup.body.id] }))).body
    .id;
});

afterAll(async () => {
  await app?.destroy();
});

describe("the development head's needs", () => {
  it('her start page links to a new need, every need, her availability and her agenda', async () => {
    const client = await signedIn(karin);
    const home = await client.get('/app/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('href="/app/needs/new"');
    expect(home.text).toContain('href="/app/availability"');
    expect(home.text).toContain('href="/app/agenda"');
    expect(textOf(home)).toContain('Mina behov');
  });

  it('a form with problems is shown again with an error summary, each message next to its field and her input kept; nothing is stored', async () => {
    const client = await signedIn(karin);
    const form = await client.get('/app/needs/new');
    expect(form.status).toBe(200);
    expect(form.text).toContain('<html lang="sv">');
    const before = (await needsOf(organisationId)).length;
    const answer = await client.postForm(
      '/app/needs',
      form,
      validNeedForm({
        title: 'Ab',
        budgetMin: '900 000',
        budgetMax: '100 000',
        timeframeStart: '2027-02-30',
        priority: '',
      }),
    );
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('Det finns ett problem');
    expect(fieldError(answer, 'title')).toBe('Skriv en rubrik (3–200 tecken)');
    expect(fieldError(answer, 'budgetMax')).toBe(
      'Skriv högsta budget i hela kronor, minst lika mycket som lägsta',
    );
    expect(fieldError(answer, 'timeframeStart')).toBe(
      'Skriv startdatum som ÅÅÅÅ-MM-DD, till exempel 2027-01-15',
    );
    expect(fieldError(answer, 'priority')).toBe('Välj en prioritet från 1 till 5');
    expect(fieldError(answer, 'description')).toBe('');
    // The summary links each problem to its field, in the form's order.
    const links = [...answer.text.matchAll(/<li><a href="#(\w+)">/g)].map((match) => match[1]);
    expect(links).toEqual(['title', 'priority', 'budgetMax', 'timeframeStart']);
    expect(inputValue(answer, 'title')).toBe('Ab');
    expect(inputValue(answer, 'budgetMin')).toBe('900 000');
    expect((await needsOf(organisationId)).length).toBe(before);
  });

  it('a new person typed in while another host is chosen is named, not dropped', async () => {
    const client = await signedIn(karin);
    const form = await client.get('/app/needs/new');
    const answer = await client.postForm(
      '/app/needs',
      form,
      validNeedForm({ ownerName: 'Nils Nyman', ownerEmail: uniqueEmail('nils') }),
    );
    expect(answer.status).toBe(400);
    expect(fieldError(answer, 'hostId')).toContain('Du skrev in en ny person men valde en annan');
  });

  it('a Swedish need is created through the need service: language read from the text, her organisation, her as host', async () => {
    const client = await signedIn(karin);
    const form = await client.get('/app/needs/new');
    expect(form.text).toContain(`value="${karinHostId}"`);
    const answer = await client.postForm('/app/needs', form, validNeedForm({ title: 'Tillsyn i fält' }));
    expect(answer.status).toBe(303);
    const id = /^\/app\/needs\/([0-9a-f]{24})$/.exec(answer.location ?? '')?.[1];
    expect(id).toBeDefined();
    const stored = await getRepositories(app.db).needs.findById(id!);
    expect(stored).toMatchObject({
      title: 'Tillsyn i fält',
      language: 'sv',
      organisationId,
      hostId: karinHostId,
      priority: 2,
      status: 'open',
      budgetSek: { min: 200_000, max: 800_000 },
      timeframe: { start: '2027-01-15', end: '2027-12-31' },
      department: 'Miljöförvaltningen',
    });
    const page = await client.get(answer.location!);
    expect(page.status).toBe(200);
    expect(textOf(page)).toContain('Behovet ”Tillsyn i fält” är sparat.');
    expect(textOf(page)).toContain('200 000–800 000 kr');
    expect(textOf(page)).toContain('fredag 15 januari 2027 till fredag 31 december 2027');
  });

  it('a need with a new person as host makes that person a host of her organisation', async () => {
    const client = await signedIn(karin);
    const form = await client.get('/app/needs/new');
    const email = uniqueEmail('nils');
    const answer = await client.postForm(
      '/app/needs',
      form,
      validNeedForm({
        title: 'Smartare snöröjning',
        hostId: 'new',
        ownerName: 'Nils Nyman',
        ownerEmail: email,
        ownerPhone: '021-39 00 00',
      }),
    );
    expect(answer.status).toBe(303);
    const host = await getRepositories(app.db).hosts.findByEmail(email);
    expect(host).toMatchObject({ name: 'Nils Nyman', organisationId, phone: '021-39 00 00' });
    const again = await client.get('/app/needs/new');
    expect(again.text).toContain(`value="${host!.id}"`);
  });

  it('status goes through its whole life by the form; each change is saved at its version', async () => {
    const client = await signedIn(karin);
    const form = await client.get('/app/needs/new');
    const created = await client.postForm(
      '/app/needs',
      form,
      validNeedForm({ title: 'Behov genom livet', status: 'draft' }),
    );
    const path = created.location!;
    for (const status of ['open', 'matched', 'closed', 'draft'] as const) {
      const edit = await client.get(`${path}/edit`);
      expect(edit.status).toBe(200);
      const version = /name="version" value="(\d+)"/.exec(edit.text)?.[1];
      expect(version).toBeDefined();
      const saved = await client.postForm(path, edit, {
        ...validNeedForm({ title: 'Behov genom livet', status, language: 'sv' }),
        version: version!,
      });
      expect(saved.status).toBe(303);
      const stored = await getRepositories(app.db).needs.findById(path.split('/').at(-1)!);
      expect(stored?.status).toBe(status);
      expect(stored?.version).toBe(Number(version) + 1);
    }
  });

  it('someone else’s change in between is a clear conflict showing the latest values; nothing is overwritten', async () => {
    const client = await signedIn(karin);
    const form = await client.get('/app/needs/new');
    const created = await client.postForm('/app/needs', form, validNeedForm({ title: 'Konflikt i sikte' }));
    const path = created.location!;
    const id = path.split('/').at(-1)!;
    const edit = await client.get(`${path}/edit`);
    const version = /name="version" value="(\d+)"/.exec(edit.text)![1]!;
    // A facilitator changes the need through the API meanwhile.
    const other = await api(
      'PATCH',
      `/needs/${id}`,
      { title: 'Ändrad av processledaren', priority: 5 },
      {
        'if-match': `"${version}"`,
      },
    );
    expect(other.status).toBe(200);
    const answer = await client.postForm(path, edit, {
      ...validNeedForm({ title: 'Min egen rubrik', priority: '1' }),
      version,
    });
    expect(answer.status).toBe(409);
    expect(textOf(answer)).toContain('Någon annan ändrade behovet medan du skrev');
    expect(inputValue(answer, 'title')).toBe('Ändrad av processledaren');
    expect(answer.text).toContain(`name="version" value="${Number(version) + 1}"`);
    expect(textOf(answer)).toContain('Det här hade du skrivit: Rubrik Min egen rubrik Prioritet 1');
    const stored = await getRepositories(app.db).needs.findById(id);
    expect(stored).toMatchObject({
      title: 'Ändrad av processledaren',
      priority: 5,
      version: Number(version) + 1,
    });
  });

  it('another organisation’s need is not found, and a startup may not use the pages', async () => {
    const theirs = await api<{ id: string }>(
      'POST',
      '/needs',
      buildNeed({ organisationId: otherOrganisationId, owner: { name: 'Olle', email: uniqueEmail('olle') } }),
    );
    const client = await signedIn(karin);
    expect((await client.get(`/app/needs/${theirs.body.id}`)).status).toBe(404);
    expect((await client.get(`/app/needs/${theirs.body.id}/edit`)).status).toBe(404);
    const startup = await signedIn(startupPerson);
    expect((await startup.get('/app/needs/new')).status).toBe(403);
    expect((await new CookieClient(app.baseUrl).get('/app/needs')).location).toBe('/sign-in');
  });
});

describe('the ranked startups of a need', () => {
  it('approved startups only, best first, with name, one-liner, website and why in sentences; ten at a time', async () => {
    const names = Array.from({ length: 12 }, (_, index) => `Inspektionsbolaget ${index + 1} AB`);
    const ids: string[] = [];
    for (const [index, name] of names.entries()) {
      const created = await api<{ id: string }>(
        'POST',
        '/startups',
        buildStartup({
          name,
          oneLiner: `Digitala checklistor för tillsyn av restauranger, variant ${index + 1}`,
          description:
            'Vi bygger en mobil app för inspektörer i fält: digital tillsyn av restauranger och butiker, checklistor och rapporter på plats. '.repeat(
              1 + (index % 3),
            ),
          language: 'sv',
          website: `https://inspektion-${index + 1}.example`,
          contact: { name: 'Kontakt', email: uniqueEmail(`k${index}`) },
        }),
      );
      ids.push(created.body.id);
    }
    const pending = await api<{ id: string; version: number }>(
      'POST',
      '/startups',
      buildStartup({
        name: 'Väntande Tillsyn AB',
        description: 'Digital tillsyn av restauranger och butiker med mobil app för inspektörer i fält.',
        language: 'sv',
        contact: { name: 'Väntan', email: uniqueEmail('v') },
      }),
    );
    const repositories = getRepositories(app.db);
    await repositories.startups.updateReviewed(pending.body.id, pending.body.version, { status: 'pending' });

    const client = await signedIn(karin);
    const form = await client.get('/app/needs/new');
    const created = await client.postForm('/app/needs', form, validNeedForm());
    const path = created.location!;
    const needId = path.split('/').at(-1)!;
    // The worker ranks the new need (its first version) against the profiles.
    const page = await until('the need to be ranked', async () => {
      const seen = await client.get(path);
      return seen.text.includes('Plats 1') && !seen.text.includes('beräknas') ? seen : undefined;
    });
    const text = textOf(page);
    expect(text).toContain('Startups som passar behovet');
    expect(text).not.toContain('Väntande Tillsyn AB');
    expect(text).toContain('Varför den passar');
    expect(text).toMatch(
      /Behovet och profilen handlar båda om [^.]*(tillsyn|restaurang|inspektör|checklistor|rapporter)/,
    );
    expect(text).toMatch(/(Mycket god|God|Svag) matchning \(\d,\d\d\)/);
    // Ten shown at first, the rest behind "Visa fler startups".
    const cards = [...page.text.matchAll(/<h3 class="card__title" id="startup-(\d+)">([^<]+)<\/h3>/g)];
    expect(cards).toHaveLength(10);
    const shownName = cards[0]![2]!;
    const shownIndex = names.indexOf(shownName);
    expect(shownIndex).toBeGreaterThanOrEqual(0);
    expect(text).toContain(`Digitala checklistor för tillsyn av restauranger, variant ${shownIndex + 1}`);
    expect(page.text).toContain(`href="https://inspektion-${shownIndex + 1}.example"`);
    // Names, never ids.
    for (const id of [...ids, pending.body.id]) expect(page.text).not.toContain(id);
    expect(page.text).toContain(`href="/app/needs/${needId}?visa=20#startup-11"`);
    const more = await client.get(`/app/needs/${needId}?visa=20`);
    const allCards = [...more.text.matchAll(/<h3 class="card__title" id="startup-(\d+)">([^<]+)<\/h3>/g)];
    expect(allCards.map((card) => card[2])).toEqual(expect.arrayContaining(names));
    expect(allCards.map((card) => card[2])).not.toContain('Väntande Tillsyn AB');
  });
});

describe('availability at an event', () => {
  it('a development head gives the times of her organisation’s host through the event service', async () => {
    const client = await signedIn(karin);
    const form = await client.get('/app/needs/new');
    const created = await client.postForm(
      '/app/needs',
      form,
      validNeedForm({ title: 'Behov på evenemanget' }),
    );
    const needId = created.location!.split('/').at(-1)!;
    expect((await api('POST', `/events/${eventId}/enrolments`, { needIds: [needId] })).status).toBe(200);

    const list = await client.get('/app/availability');
    expect(list.status).toBe(200);
    expect(textOf(list)).toContain('Matchmaking Mälardalen 2026');
    expect(textOf(list)).toContain('torsdag 12 mars 2026');
    expect(textOf(list)).toMatch(/Karin Berg\s?: Kan hela evenemanget/);
    const formPath = `/app/availability/${eventId}/hosts/${karinHostId}`;
    expect(list.text).toContain(`href="${formPath}"`);

    const page = await client.get(formPath);
    expect(page.status).toBe(200);
    expect(textOf(page)).toContain('Pass 09:00–12:00');
    const wrong = await client.postForm(formPath, page, {
      's0-0': 'part',
      's0-0-from': '10:00',
      's0-0-to': '9',
      's0-1': 'none',
    });
    expect(wrong.status).toBe(400);
    expect(fieldError(wrong, 's0-0-to')).toBe('Skriv en sluttid som TT:MM som är senare än starttiden');
    expect(inputValue(wrong, 's0-0-from')).toBe('10:00');
    const unchanged = await getRepositories(app.db).events.findById(eventId);
    expect(unchanged?.availability).toEqual([]);

    const saved = await client.postForm(formPath, page, {
      's0-0': 'part',
      's0-0-from': '10:00',
      's0-0-to': '11:20',
      's0-1': 'none',
    });
    expect(saved.status).toBe(303);
    const event = await getRepositories(app.db).events.findById(eventId);
    expect(event?.availability).toEqual([
      {
        participantKind: 'host',
        participantId: karin.email,
        windows: [{ date: '2026-03-12', start: '10:00', end: '11:20' }],
      },
    ]);
    const after = await client.get('/app/availability');
    expect(textOf(after)).toContain('Tiderna för Karin Berg på Matchmaking Mälardalen 2026 är sparade.');
    expect(textOf(after)).toContain('Kan vissa tider: torsdag 12 mars 2026 10:00–11:20');
    const again = await client.get(formPath);
    expect(inputValue(again, 's0-0-from')).toBe('10:00');
    expect(again.text).toMatch(/id="s0-1-1"\s+name="s0-1"\s+value="none"\s+checked/);
  });

  it('a startup gives its own times, and no one else’s', async () => {
    const client = await signedIn(startupPerson);
    const home = await client.get('/app/');
    expect(home.text).toContain('href="/app/availability"');
    const list = await client.get('/app/availability');
    expect(textOf(list)).toContain('Evenemang där Tillsynsappen AB deltar');
    const startupId = (startupPerson as Extract<Person, { role: 'startup' }>).startupId;
    const formPath = `/app/availability/${eventId}/startups/${startupId}`;
    const page = await client.get(formPath);
    expect(page.status).toBe(200);
    const saved = await client.postForm(formPath, page, { 's0-0': 'none', 's0-1': 'all' });
    expect(saved.status).toBe(303);
    const event = await getRepositories(app.db).events.findById(eventId);
    expect(event?.availability.find((entry) => entry.participantKind === 'startup')).toEqual({
      participantKind: 'startup',
      participantId: startupId,
      windows: [{ date: '2026-03-12', start: '13:00', end: '16:00' }],
    });
    // Another startup's form, or a host's, is not theirs to see.
    const other = await api<{ id: string }>(
      'POST',
      '/startups',
      buildStartup({ name: 'Annan AB', contact: { name: 'A', email: uniqueEmail('a') } }),
    );
    expect((await client.get(`/app/availability/${eventId}/startups/${other.body.id}`)).status).toBe(404);
    expect((await client.get(`/app/availability/${eventId}/hosts/${karinHostId}`)).status).toBe(404);
    const missing = await client.postForm(formPath, page, { 's0-0': 'none' });
    expect(missing.status).toBe(400);
    expect(fieldError(missing, 's0-1')).toContain('Välj om Tillsynsappen AB kan hela passet 13:00–16:00');
  });
});

describe('closing a need with meetings', () => {
  it('takes it out of the draft schedule at once and says so, naming the event', async () => {
    const client = await signedIn(karin);
    const form = await client.get('/app/needs/new');
    const created = await client.postForm('/app/needs', form, validNeedForm({ title: 'Behov som stängs' }));
    const path = created.location!;
    const needId = path.split('/').at(-1)!;
    // The worker ranks the need; a schedule is built from its stored matches.
    const ranked = await until('the need to be ranked', async () => {
      const list = await api<{ items: { startupId: string }[]; stale: boolean }>(
        'GET',
        `/needs/${needId}/matches`,
      );
      return list.body.items.length > 0 && !list.body.stale ? list.body.items : undefined;
    });
    const event = await api<{ id: string }>(
      'POST',
      '/events',
      buildEvent({
        name: 'Stängningsdagen 2027',
        needIds: [needId],
        startupIds: ranked.slice(0, 5).map((match) => match.startupId),
      }),
    );
    const built = await api<{ meetings: { needId: string }[] }>('POST', `/events/${event.body.id}/schedule`, {
      minScore: 0,
      relevanceFloor: 0,
    });
    expect(built.status).toBe(201);
    expect(built.body.meetings.some((meeting) => meeting.needId === needId)).toBe(true);

    const edit = await client.get(`${path}/edit`);
    const version = /name="version" value="(\d+)"/.exec(edit.text)![1]!;
    const closed = await client.postForm(path, edit, {
      ...validNeedForm({ title: 'Behov som stängs', status: 'closed', language: 'sv' }),
      version,
    });
    expect(closed.status).toBe(303);
    const page = await client.get(closed.location!);
    expect(textOf(page)).toContain(
      'Behovet är stängt och har tagits bort ur schemat för Stängningsdagen 2027. Processledaren ser det nya utkastet.',
    );
    const draft = await api<{ meetings: { needId: string }[] }>(
      'GET',
      `/events/${event.body.id}/schedule?version=draft`,
    );
    expect(draft.body.meetings.some((meeting) => meeting.needId === needId)).toBe(false);
  });
});

describe("the list of her organisation's needs", () => {
  it('shows each need with status, priority and host, twenty a page, never another organisation’s', async () => {
    for (let n = 1; n <= 21; n += 1) {
      const created = await api('POST', '/needs', {
        ...buildNeed({
          organisationId,
          title: `Listbehov nummer ${n}`,
          status: n % 2 === 0 ? 'draft' : 'open',
        }),
        owner: undefined,
        hostId: karinHostId,
      });
      expect(created.status).toBe(201);
    }
    const client = await signedIn(karin);
    const first = await client.get('/app/needs');
    expect(first.status).toBe(200);
    const titles = (page: PageResponse) =>
      [
        ...page.text.matchAll(
          /<h2 class="card__title"><a href="\/app\/needs\/[0-9a-f]{24}"[^>]*>([^<]+)<\/a>/g,
        ),
      ].map((match) => match[1]);
    expect(titles(first)).toHaveLength(20);
    expect(textOf(first)).toContain('Sida 1 av');
    expect(first.text).toContain('href="/app/needs?page=2"');
    const total = (await needsOf(organisationId)).length;
    const second = await client.get('/app/needs?page=2');
    expect(titles(second)).toHaveLength(Math.min(20, total - 20));
    const all = new Set([...titles(first), ...titles(second)]);
    expect(all.size).toBe(titles(first).length + titles(second).length);
    expect(textOf(second)).toMatch(/(Utkast|Öppet) Prioritet 2 · Karin Berg/);
    // Only her organisation's needs: every linked need is one of them.
    const own = new Set((await needsOf(organisationId)).map((need) => need.id));
    const linked = [...(first.text + second.text).matchAll(/href="\/app\/needs\/([0-9a-f]{24})"/g)].map(
      (match) => match[1]!,
    );
    expect(linked.length).toBe(total);
    expect(linked.every((id) => own.has(id))).toBe(true);
    expect((await needsOf(otherOrganisationId)).length).toBeGreaterThan(0);
  });
});
