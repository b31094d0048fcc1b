import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { getConfig } from '../../config';
import {
  addChange,
  changeStreamKey,
  createChangeReader,
  isChangePending,
} from '../../services/matches/change-stream';
import { redisOptionsFromUrl } from '../../services/queue/redis-options';

/**
 * The API's pending check (`isChangePending`, lua/changePending-1.lua) against a real Redis: a
 * change is pending exactly while an entry naming it is not acknowledged by the owners' group.
 */
describe('pending check of a change stream', () => {
  let redis: Redis;
  let key: string;
  // Ids as the change schema takes them (object ids).
  const newId = () => randomBytes(12).toString('hex');
  const ids = { a: newId(), b: newId(), c: newId(), d: newId(), e: newId() };
  const pending = (kind: 'need' | 'startup', id: string) => isChangePending(redis, key, kind, id);
  const change = (id: string) => ({ kind: 'startup' as const, id, version: 2, deleted: false });

  beforeAll(() => {
    redis = new Redis(redisOptionsFromUrl(getConfig().REDIS_URL, 'blocking'));
    key = changeStreamKey(`test-${randomUUID()}`, 0);
  });

  afterAll(async () => {
    await redis.del(key);
    redis.disconnect();
  });

  it('no stream: nothing pending; no group yet: every entry waits', async () => {
    expect(await pending('startup', ids.a)).toBe(false);
    await addChange(redis, key, change(ids.a));
    expect(await pending('startup', ids.a)).toBe(true);
    expect(await pending('need', ids.a)).toBe(false);
    expect(await pending('startup', ids.b)).toBe(false);
    await redis.del(key);
  });

  it('delivered and unacknowledged, or not delivered: pending; acknowledged: not, even behind a pending entry', async () => {
    const reader = createChangeReader(redis, key, 'owner-1');
    await reader.join();
    for (const id of [ids.a, ids.b, ids.c, ids.d]) await addChange(redis, key, change(id));
    const delivered = await reader.read(3, 100);
    expect(delivered.map((entry) => entry.change?.id)).toEqual([ids.a, ids.b, ids.c]);
    // The middle entry acknowledged alone: a and c still pending on either side of it, d never read.
    await reader.ack([delivered[1]?.id as string]);
    expect(await pending('startup', ids.a)).toBe(true);
    expect(await pending('startup', ids.b)).toBe(false);
    expect(await pending('startup', ids.c)).toBe(true);
    expect(await pending('startup', ids.d)).toBe(true);
    expect(await pending('startup', ids.e)).toBe(false);
    expect(await pending('need', ids.d)).toBe(false);

    await reader.ack(delivered.map((entry) => entry.id));
    expect(await pending('startup', ids.a)).toBe(false);
    expect(await pending('startup', ids.d)).toBe(true);
    await reader.ack((await reader.read(10, 100)).map((entry) => entry.id));
    for (const id of Object.values(ids)) expect(await pending('startup', id)).toBe(false);
  });
});
