import { getRepositories } from '../../models';
import { buildNeed, buildOrganisation, startTestApp, type TestApp } from '../support';

interface NeedBody {
  id: string;
  version: number;
  title: string;
  language: string;
  priority: number;
  budgetSek: { min: number; max: number };
  status: string;
}

let app: TestApp;
let organisationId: string;

beforeAll(async () => {
  app = await startTestApp();
  organisationId = (await getRepositories(app.db).organisations.create(buildOrganisation() as never)).id;
});

afterAll(async () => {
  await app.destroy();
});

describe('needs CRUD', () => {
  it('creates, reads, updates and deletes a need, bumping the version and publishing each change', async () => {
    const created = await app.request<NeedBody>('POST', '/needs', { key: app.facilitatorKey, body: buildNeed({ organisationId }) });
    expect(created.status).toBe(201);
    expect(created.body.version).toBe(1);
    expect(created.body.language).toBe('sv');
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).not.toHaveProperty('_id');
    const id = created.body.id;

    const read = await app.request<NeedBody>('GET', `/needs/${id}`, { key: app.facilitatorKey });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const patched = await app.request<NeedBody>('PATCH', `/needs/${id}`, {
      key: app.facilitatorKey,
      headers: { 'if-match': '"1"' },
      body: { priority: 1, budgetSek: { min: 0, max: 100 } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ version: 2, priority: 1, budgetSek: { min: 0, max: 100 }, title: created.body.title });

    const deleted = await app.request('DELETE', `/needs/${id}`, { key: app.facilitatorKey, headers: { 'if-match': '2' } });
    expect(deleted.status).toBe(204);
    expect((await app.request('GET', `/needs/${id}`, { key: app.facilitatorKey })).status).toBe(404);

    expect(app.changes.changes.filter((change) => change.id === id)).toEqual([
      { kind: 'need', id, version: 1, deleted: false },
      { kind: 'need', id, version: 2, deleted: false },
      { kind: 'need', id, version: 3, deleted: true },
    ]);
  });
});
