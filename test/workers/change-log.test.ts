import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { getConfig } from '../../config';
import { compareStreamIds, createChangeLog } from '../../services/matches/change-log';
import { redisOptionsFromUrl } from '../../services/queue/redis-options';

describe('the index change log (real Redis)', () => {
  const redis = new Redis(redisOptionsFromUrl(getConfig().REDIS_URL, 'blocking'));
  const prefix = `test-${randomUUID()}`;

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('orders stream ids by time, then sequence', () => {
    expect(compareStreamIds('2-0', '10-0')).toBeLessThan(0);
    expect(compareStreamIds('5-3', '5-12')).toBeLessThan(0);
    expect(compareStreamIds('7-1', '7-1')).toBe(0);
  });

  it('hands a reader every entry after its position, and a reader whose entries were trimmed away a reset', async () => {
    const log = createChangeLog(redis, prefix, 10);
    const start = await log.head();
    for (let i = 0; i < 3; i += 1) await log.append({ kind: 'startup', id: `s${i}`, version: 1 });
    const read = await log.readAfter(start);
    expect(read.reset).toBe(false);
    expect(read.reset === false && read.entries.map((entry) => entry.id)).toEqual(['s0', 's1', 's2']);

    // A reader that stays at `start` while far more than the kept length is appended has lost entries.
    for (let i = 3; i < 400; i += 1) await log.append({ kind: 'startup', id: `s${i}`, version: 1 });
    expect(await redis.xlen(`${prefix}:matches:index-log`)).toBeLessThan(400);
    const behind = await log.readAfter(start);
    expect(behind.reset).toBe(true);

    // So has a reader that started on an empty log and read nothing while it was trimmed.
    const emptyPrefix = createChangeLog(redis, `${prefix}-empty`, 10);
    const fromEmpty = await emptyPrefix.head();
    expect(fromEmpty.lastId).toBe('0-0');
    await emptyPrefix.append({ kind: 'startup', id: 'first', version: 1 });
    expect((await emptyPrefix.readAfter(fromEmpty)).reset).toBe(false);
    for (let i = 0; i < 400; i += 1) await emptyPrefix.append({ kind: 'startup', id: `e${i}`, version: 1 });
    expect((await emptyPrefix.readAfter(fromEmpty)).reset).toBe(true);

    // One that kept up reads on without a reset.
    const fresh = await log.head();
    await log.append({ kind: 'need', id: 'n1', version: 2 });
    const next = await log.readAfter(fresh);
    expect(next.reset === false && next.entries).toEqual([{ kind: 'need', id: 'n1', version: 2 }]);
  });

  it('carries the document an entry was logged with, and a deletion as null', async () => {
    const log = createChangeLog(redis, `${prefix}-carried`);
    const start = await log.head();
    const need = {
      doc: {
        id: 'n7',
        title: 'Rena och torra golv i förskolan',
        description: 'Halkolyckor minskar',
        tags: ['förskola'],
        language: 'sv' as const,
      },
      version: 3,
      rankable: true,
    };
    await log.append({ kind: 'need', id: 'n7', version: 3, stored: need });
    await log.append({ kind: 'startup', id: 's9', version: Number.MAX_SAFE_INTEGER, stored: null });
    await log.append({ kind: 'model', id: 'snapshot', version: 2 });
    const read = await log.readAfter(start);
    expect(read.reset === false && read.entries).toEqual([
      { kind: 'need', id: 'n7', version: 3, stored: need },
      { kind: 'startup', id: 's9', version: Number.MAX_SAFE_INTEGER, stored: null },
      { kind: 'model', id: 'snapshot', version: 2 },
    ]);
  });
});
