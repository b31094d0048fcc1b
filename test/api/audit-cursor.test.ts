import { getRepositories, type AuditEntry, type AuditEntryInput } from '../../models';
import { startTestApp, type TestApp } from '../support';

/**
 * `GET /audit` pages by cursor like every list, newest first: `nextCursor` (the last entry's
 * instant and id) leads through every entry once, in order, also through entries of one instant
 * and while new entries are appended; `?page` keeps answering, with `nextCursor`; a bad cursor, or
 * page and cursor together, is 400 naming `cursor`.
 */
let app: TestApp;

interface CursorPage {
  items: AuditEntry[];
  limit: number;
  total: number;
  nextCursor: string | null;
  page?: number;
  nextPage?: number | null;
}

const RECORD_KIND = 'cursor_probe';

/** An entry of the probe kind at `at` (entries are only ever appended, so tests append their own). */
function entry(at: Date, n: number): AuditEntryInput {
  return {
    at,
    actor: { role: 'facilitator', via: 'key', id: 'audit-cursor-test' },
    action: 'update',
    record: { kind: RECORD_KIND, id: `probe-${n}` },
    changes: [{ path: 'n', before: n - 1, after: n }],
  };
}

async function page(query: string): Promise<CursorPage> {
  const response = await app.request<CursorPage>('GET', `/audit?recordKind=${RECORD_KIND}&${query}`, {
    key: app.facilitatorKey,
  });
  expect(response.status).toBe(200);
  return response.body;
}

/** Every entry of the probe kind, walking `nextCursor` from the first page, `limit` at a time. */
async function walk(limit: number, between?: () => Promise<void>): Promise<AuditEntry[]> {
  const seen: AuditEntry[] = [];
  let query = `limit=${limit}`;
  for (let n = 0; n < 50; n += 1) {
    const found = await page(query);
    seen.push(...found.items);
    if (found.nextCursor === null) return seen;
    await between?.();
    query = `limit=${limit}&cursor=${encodeURIComponent(found.nextCursor)}`;
  }
  throw new Error('the cursor walk did not end');
}

/** Newest first: by instant, then by id, both descending. */
function newestFirst(a: AuditEntry, b: AuditEntry): number {
  const byTime = new Date(b.at).getTime() - new Date(a.at).getTime();
  return byTime !== 0 ? byTime : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

let appended: AuditEntry[];

beforeAll(async () => {
  app = await startTestApp();
  const audit = getRepositories(app.db).audit;
  // Nine entries over four instants: three share one instant, two another.
  const base = Date.UTC(2026, 11, 7, 2, 0, 0);
  const instants = [0, 0, 0, 1_000, 2_000, 2_000, 3_000, 4_000, 5_000].map((ms) => new Date(base + ms));
  appended = [];
  for (const [n, at] of instants.entries()) appended.push(await audit.append(entry(at, n)));
});

afterAll(async () => {
  await app.destroy();
});

describe('GET /audit by cursor', () => {
  it('nextCursor leads through every entry once, newest first, entries of one instant by id', async () => {
    for (const limit of [1, 2, 4, 100]) {
      const seen = await walk(limit);
      expect(seen.map((e) => e.id)).toEqual([...appended].sort(newestFirst).map((e) => e.id));
    }
  });

  it('a page by cursor says no page number; its total counts every match', async () => {
    const first = await page('limit=4');
    const second = await page(`limit=4&cursor=${encodeURIComponent(first.nextCursor ?? '')}`);
    expect(second.total).toBe(9);
    expect(second.items).toHaveLength(4);
    expect(second).not.toHaveProperty('page');
    expect(second).not.toHaveProperty('nextPage');
  });

  it('entries appended between pages (newer than every page) neither repeat nor shift an entry', async () => {
    const audit = getRepositories(app.db).audit;
    const before = [...appended].sort(newestFirst).map((e) => e.id);
    let n = 100;
    const added: string[] = [];
    const seen = await walk(2, async () => {
      added.push((await audit.append(entry(new Date(), (n += 1)))).id);
    });
    expect(seen.map((e) => e.id)).toEqual(before);
    appended.push(...(await page(`limit=100`)).items.filter((e) => added.includes(e.id)));
    expect(appended).toHaveLength(9 + added.length);
  });

  it('?page keeps answering, with page, nextPage and the cursor of the page after', async () => {
    const all = [...appended].sort(newestFirst);
    const second = await page('limit=3&page=2');
    expect(second).toMatchObject({ page: 2, nextPage: 3, limit: 3, total: all.length });
    expect(second.items.map((e) => e.id)).toEqual(all.slice(3, 6).map((e) => e.id));
    const third = await page(`limit=3&cursor=${encodeURIComponent(second.nextCursor ?? '')}`);
    expect(third.items.map((e) => e.id)).toEqual(all.slice(6, 9).map((e) => e.id));
    const first = await page('limit=3');
    expect(first).toMatchObject({ page: 1, nextPage: 2 });
  });

  it.each([
    ['page and cursor together', (cursor: string) => `page=2&cursor=${encodeURIComponent(cursor)}`],
    ['a cursor that is an id only', () => 'cursor=0123456789abcdef01234567'],
    ['a cursor with an impossible instant', () => 'cursor=2026-02-30T00:00:00.000Z_0123456789abcdef01234567'],
    ['a cursor with a bad id', () => 'cursor=2026-12-07T02:00:00.000Z_xyz'],
  ])('%s → 400 naming cursor', async (_label, query) => {
    const first = await page('limit=1');
    const response = await app.request<{ errors: { path: string }[] }>(
      'GET',
      `/audit?${query(first.nextCursor ?? '')}`,
      { key: app.facilitatorKey },
    );
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e) => e.path)).toEqual(['cursor']);
  });
});
