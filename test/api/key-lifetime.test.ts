import { Types } from 'mongoose';
import { buildOrganisation, buildStartup, startTestApp, type TestApp } from '../support';

let app: TestApp;

async function create(path: string, body: unknown): Promise<string> {
  const response = await app.request<{ id: string }>('POST', path, { key: app.facilitatorKey, body });
  if (response.status !== 201) throw new Error(`${path}: ${response.status}`);
  return response.body.id;
}

async function remove(path: string): Promise<number> {
  return (await app.request('DELETE', path, { key: app.facilitatorKey, headers: { 'if-match': '"1"' } }))
    .status;
}

async function keyOf(keyHead: string): Promise<{ revokedAt?: string }> {
  const keys = await app.request<{ items: { prefix: string; revokedAt?: string }[] }>('GET', '/api-keys', {
    key: app.facilitatorKey,
  });
  const found = keys.body.items.find((key) => keyHead.startsWith(key.prefix));
  if (!found) throw new Error('key not listed');
  return found;
}

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app.destroy();
});

describe('keys die with their owner', () => {
  it('deleting a startup profile revokes its keys: they get 401 at once', async () => {
    const startupId = await create('/startups', buildStartup());
    const key = await app.createKey({ role: 'startup', startupId });
    expect((await app.request('GET', '/needs', { key })).status).toBe(200);
    expect(await remove(`/startups/${startupId}`)).toBe(204);
    const after = await app.request('GET', '/needs', { key });
    expect(after.status).toBe(401);
    expect((await app.request('GET', `/startups/${startupId}`, { key })).status).toBe(401);
    expect((await keyOf(key)).revokedAt).toEqual(expect.any(String));
  });

  it("deleting an organisation revokes its development heads' keys", async () => {
    const organisationId = await create('/organisations', buildOrganisation({ name: 'Borlänge kommun' }));
    const key = await app.createKey({ role: 'development_head', organisationId });
    expect((await app.request('GET', '/startups', { key })).status).toBe(200);
    expect(await remove(`/organisations/${organisationId}`)).toBe(204);
    expect((await app.request('GET', '/startups', { key })).status).toBe(401);
    expect((await keyOf(key)).revokedAt).toEqual(expect.any(String));
  });

  it('a key whose profile or organisation is gone by any route gets 401', async () => {
    const startupId = await create('/startups', buildStartup({ name: 'Borta AB' }));
    const organisationId = await create('/organisations', buildOrganisation({ name: 'Falu kommun' }));
    const startupKey = await app.createKey({ role: 'startup', startupId });
    const headKey = await app.createKey({ role: 'development_head', organisationId });
    await app.db.collection('startups').deleteOne({ _id: new Types.ObjectId(startupId) });
    await app.db.collection('organisations').deleteOne({ _id: new Types.ObjectId(organisationId) });
    for (const key of [startupKey, headKey]) {
      const response = await app.request('GET', '/organisations', { key });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
  });
});
