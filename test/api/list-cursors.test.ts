import { getRepositories } from '../../models';
import { buildEvent, buildOrganisation, buildStartup, startTestApp, type TestApp } from '../support';

/**
 * `GET /startups`, `/events`, `/organisations` and `/hosts` page by cursor as `GET /needs` does:
 * records in id order, `?cursor=<nextCursor>` the ones after it, so a deep page holds the records
 * it should and a write between pages neither repeats nor skips one.
 */

interface Stored {
  id: string;
  version: number;
}

interface CursorPage {
  items: Stored[];
  limit: number;
  total: number;
  nextCursor: string | null;
  page?: number;
  nextPage?: number | null;
}

interface ProblemBody {
  errors: { path: string }[];
}

let app: TestApp;
let organisationId: string;

beforeAll(async () => {
  app = await startTestApp();
  organisationId = (
    await getRepositories(app.db).organisations.create(buildOrganisation({ name: 'Luleå kommun' }) as never)
  ).id;
});

afterAll(async () => {
  await app.destroy();
});

/** One list endpoint: how to make its n-th record, and the filter that lists only the records made so. */
interface Listed {
  path: string;
  filter: string;
  body(n: number): Record<string, unknown>;
}

const LISTS: Listed[] = [
  {
    path: '/startups',
    filter: 'q=Pagina',
    body: (n) =>
      buildStartup({
        name: `Pagina ${n} AB`,
        contact: { name: 'Ali Hassan', email: `ali${n}@pagina.example` },
      }),
  },
  { path: '/events', filter: 'q=Sidled', body: (n) => buildEvent({ name: `Sidled ${n}` }) },
  {
    path: '/organisations',
    filter: 'q=Bläddra',
    body: (n) => buildOrganisation({ name: `Bläddra kommun ${n}` }),
  },
  {
    path: '/hosts',
    filter: '', // set once the organisation exists
    body: (n) => ({ name: `Värd ${n}`, email: `vard${n}@lulea.se`, organisationId }),
  },
];

function filterOf(list: Listed): string {
  return list.path === '/hosts' ? `organisationId=${organisationId}` : list.filter;
}

async function create(list: Listed, n: number): Promise<Stored> {
  const response = await app.request<Stored>('POST', list.path, {
    key: app.facilitatorKey,
    body: list.body(n),
  });
  expect(response.status).toBe(201);
  return response.body;
}

async function get(list: Listed, query: string): Promise<CursorPage> {
  const response = await app.request<CursorPage>('GET', `${list.path}?${filterOf(list)}&${query}`, {
    key: app.facilitatorKey,
  });
  expect(response.status).toBe(200);
  return response.body;
}

async function remove(list: Listed, record: Stored): Promise<void> {
  const response = await app.request('DELETE', `${list.path}/${record.id}`, {
    key: app.facilitatorKey,
    headers: { 'if-match': `"${record.version}"` },
  });
  expect(response.status).toBe(204);
}

describe.each(LISTS)('GET $path by cursor', (list) => {
  it('leads through every record once, in id order, and a deep page holds the records it should', async () => {
    const created: Stored[] = [];
    for (let n = 1; n <= 9; n += 1) created.push(await create(list, n));
    const ids = created.map((record) => record.id).sort();

    const seen: string[] = [];
    const pages: CursorPage[] = [];
    let query = 'limit=2';
    for (let guard = 0; guard < 10; guard += 1) {
      const page = await get(list, query);
      pages.push(page);
      seen.push(...page.items.map((record) => record.id));
      if (page.nextCursor === null) break;
      expect(page.nextCursor).toBe(seen[seen.length - 1]);
      query = `limit=2&cursor=${page.nextCursor}`;
    }
    expect(seen).toEqual(ids);
    expect(pages).toHaveLength(5);
    // The fourth page by cursor: the seventh and eighth records, as counted, not as page 4 of 2 guesses.
    expect(pages[3]).toEqual({ items: expect.any(Array), limit: 2, total: 9, nextCursor: ids[7] });
    expect(pages[3]?.items.map((record) => record.id)).toEqual(ids.slice(6, 8));
    // Paged by number it still answers as before, with the cursor to go on by.
    const numbered = await get(list, 'limit=2&page=2');
    expect(numbered).toMatchObject({ page: 2, nextPage: 3, total: 9, nextCursor: ids[3] });
    expect(numbered.items.map((record) => record.id)).toEqual(ids.slice(2, 4));

    for (const record of created) await remove(list, record);
  });

  it('neither repeats nor skips a record when one is deleted and one created between pages', async () => {
    const created: Stored[] = [];
    for (let n = 11; n <= 16; n += 1) created.push(await create(list, n));
    const ids = created.map((record) => record.id).sort();

    const first = await get(list, 'limit=3');
    expect(first.items.map((record) => record.id)).toEqual(ids.slice(0, 3));
    await remove(list, created.find((record) => record.id === ids[0]) as Stored);
    const added = await create(list, 17);

    const second = await get(list, `limit=3&cursor=${first.nextCursor}`);
    expect(second.items.map((record) => record.id)).toEqual(ids.slice(3, 6));
    expect(second.total).toBe(6);
    const third = await get(list, `limit=3&cursor=${second.nextCursor}`);
    expect(third.items.map((record) => record.id)).toEqual([added.id]);
    expect(third.nextCursor).toBeNull();
    expect(third).not.toHaveProperty('page');
  });
});

it.each(['/startups', '/events', '/organisations', '/hosts', '/pilots'])(
  '%s refuses page and cursor together, and a cursor that is not an id, with 400 naming cursor',
  async (path) => {
    for (const query of ['?page=2&cursor=0123456789abcdef01234567', '?cursor=page-2']) {
      const response = await app.request<ProblemBody>('GET', `${path}${query}`, { key: app.facilitatorKey });
      expect(response.status).toBe(400);
      expect(response.body.errors.map((error) => error.path)).toEqual(['cursor']);
    }
  },
);
