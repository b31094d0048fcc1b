import {
  buildEvent,
  buildNeed,
  buildOrganisation,
  buildStartup,
  startTestApp,
  type TestApp,
} from '../support';

interface ProblemBody {
  code: string;
  errors: { path: string; message: string }[];
}

let app: TestApp;
let organisationId: string;

beforeAll(async () => {
  app = await startTestApp();
  const created = await app.request<{ id: string }>('POST', '/organisations', {
    key: app.facilitatorKey,
    body: buildOrganisation(),
  });
  organisationId = created.body.id;
});

afterAll(async () => {
  await app.destroy();
});

const BAD = [
  ['a right-to-left override (U+202E)', 'Acme\u202Egpj.exe'],
  ['a NUL (U+0000)', 'Acme\u0000AB'],
  ['an escape (U+001B)', 'Acme\u001B[31mAB'],
  ['a lone surrogate', 'Acme \uD800 AB'],
  ['a line break in a name', 'Acme\nAB'],
] as const;

describe('control characters are refused at the edge, naming the field', () => {
  it.each(BAD)('%s in names and titles: 400 naming each field, nothing stored', async (_label, bad) => {
    const cases: [string, string, () => Record<string, unknown>, string[]][] = [
      ['POST', '/organisations', () => buildOrganisation({ name: bad }), ['name']],
      [
        'POST',
        '/needs',
        () => buildNeed({ organisationId, title: bad, owner: { name: bad, email: 'eva@vasteras.se' } }),
        ['owner.name', 'title'],
      ],
      ['POST', '/startups', () => buildStartup({ name: bad, oneLiner: bad }), ['name', 'oneLiner']],
      [
        'POST',
        '/events',
        () => buildEvent({ name: bad, rooms: [{ id: 'a', name: bad }] }),
        ['name', 'rooms.0.name'],
      ],
      ['POST', '/hosts', () => ({ name: bad, email: 'eva@vasteras.se', organisationId }), ['name']],
    ];
    for (const [method, path, body, fields] of cases) {
      const before = (await app.request<{ total: number }>('GET', path, { key: app.facilitatorKey })).body
        .total;
      const response = await app.request<ProblemBody>(method, path, {
        key: app.facilitatorKey,
        body: body(),
      });
      expect([path, response.status]).toEqual([path, 400]);
      expect(response.body.code).toBe('validation_failed');
      expect(response.body.errors.map((error) => error.path).sort()).toEqual(fields);
      expect(response.body.errors[0]?.message).toMatch(/control characters/);
      expect(
        (await app.request<{ total: number }>('GET', path, { key: app.facilitatorKey })).body.total,
      ).toBe(before);
    }
  });

  it('keeps line breaks and tabs in descriptions, and non-Latin letters and emoji in names', async () => {
    const response = await app.request<{ name: string; description: string }>('POST', '/startups', {
      key: app.facilitatorKey,
      body: buildStartup({
        name: 'Åsa & Ølstrøm 株式会社 🚀',
        description: 'Första stycket.\n\n\tAndra stycket med en tabb.',
      }),
    });
    expect(response.status).toBe(201);
    expect(response.body.name).toBe('Åsa & Ølstrøm 株式会社 🚀');
    expect(response.body.description).toBe('Första stycket.\n\n\tAndra stycket med en tabb.');
  });

  it('refuses them in a PATCH and in descriptions too', async () => {
    const response = await app.request<ProblemBody>('PATCH', `/organisations/${organisationId}`, {
      key: app.facilitatorKey,
      headers: { 'if-match': '"1"' },
      body: { name: 'Västerås\u202E stad' },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error) => error.path)).toEqual(['name']);
    const need = await app.request<ProblemBody>('POST', '/needs', {
      key: app.facilitatorKey,
      body: buildNeed({ organisationId, description: 'En beskrivning \u0000 med NUL och \u202E vänd text.' }),
    });
    expect(need.status).toBe(400);
    expect(need.body.errors.map((error) => error.path)).toEqual(['description']);
  });
});
