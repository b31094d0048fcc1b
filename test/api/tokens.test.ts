/** The one token service, against the real MongoDB-protocol server. */
import type { Connection } from 'mongoose';
import { getRepositories } from '../../models';
import {
  hashTokenSecret,
  inspectToken,
  issueToken,
  redeemToken,
  revokeToken,
  revokeTokensOf,
} from '../../services/tokens';
import { connectTestDatabase } from '../support';

let db: Connection;
const now = new Date('2026-12-07T09:00:00Z');
const hour = 3600 * 1000;

beforeAll(async () => {
  db = await connectTestDatabase();
});

afterAll(async () => {
  await db.dropDatabase();
  await db.close();
});

function issue(overrides: Partial<Parameters<typeof issueToken>[1]> = {}) {
  return issueToken(getRepositories(db), {
    purpose: 'sign_in',
    subject: 'person-1',
    ttlMs: 24 * hour,
    singleUse: true,
    now,
    ...overrides,
  });
}

describe('tokens', () => {
  it('stores only the hash of the secret, with purpose, subject and expiry', async () => {
    const { secret, token } = await issue();
    expect(secret).toMatch(/^mmt_[A-Za-z0-9_-]{43}$/);
    const raw = await db.collection('tokens').findOne({ _id: hashTokenSecret(secret) as never });
    expect(raw).toMatchObject({ purpose: 'sign_in', subject: 'person-1', singleUse: true });
    expect(JSON.stringify(raw)).not.toContain(secret);
    expect(token.expiresAt.toISOString()).toBe('2026-12-08T09:00:00.000Z');
  });

  it('a single-use token is redeemed once; concurrent redemptions let exactly one through', async () => {
    const { secret } = await issue();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => redeemToken(getRepositories(db), 'sign_in', secret, now)),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok && result.reason === 'used')).toHaveLength(7);
    expect(await inspectToken(getRepositories(db), 'sign_in', secret, now)).toEqual({
      ok: false,
      reason: 'used',
    });
  });

  it('a token past its expiry is refused and stays unredeemed; one just before it works', async () => {
    const { secret } = await issue();
    const justBefore = new Date(now.getTime() + 24 * hour - 1);
    const atExpiry = new Date(now.getTime() + 24 * hour);
    expect((await inspectToken(getRepositories(db), 'sign_in', secret, justBefore)).ok).toBe(true);
    expect(await redeemToken(getRepositories(db), 'sign_in', secret, atExpiry)).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(
      (await getRepositories(db).tokens.findByHash(hashTokenSecret(secret)))?.redeemedAt,
    ).toBeUndefined();
  });

  it('a reusable token may be redeemed many times until it is revoked', async () => {
    const { secret } = await issue({ singleUse: false });
    expect((await redeemToken(getRepositories(db), 'sign_in', secret, now)).ok).toBe(true);
    expect((await redeemToken(getRepositories(db), 'sign_in', secret, now)).ok).toBe(true);
    expect(await revokeToken(getRepositories(db), secret, now)).toBe(true);
    expect(await redeemToken(getRepositories(db), 'sign_in', secret, now)).toEqual({
      ok: false,
      reason: 'revoked',
    });
  });

  it('revoking a subject’s tokens of one purpose refuses each of them', async () => {
    const first = await issue({ subject: 'person-2' });
    const second = await issue({ subject: 'person-2' });
    const other = await issue({ subject: 'person-3' });
    expect(await revokeTokensOf(getRepositories(db), 'sign_in', 'person-2', now)).toBe(2);
    expect((await inspectToken(getRepositories(db), 'sign_in', first.secret, now)).ok).toBe(false);
    expect((await inspectToken(getRepositories(db), 'sign_in', second.secret, now)).ok).toBe(false);
    expect((await inspectToken(getRepositories(db), 'sign_in', other.secret, now)).ok).toBe(true);
  });

  it('a malformed or unknown secret is refused as unknown without a look-up failure', async () => {
    expect(await redeemToken(getRepositories(db), 'sign_in', 'mmt_short', now)).toEqual({
      ok: false,
      reason: 'unknown',
    });
    expect(await redeemToken(getRepositories(db), 'sign_in', `mmt_${'A'.repeat(43)}`, now)).toEqual({
      ok: false,
      reason: 'unknown',
    });
    expect(await revokeToken(getRepositories(db), 'nonsense', now)).toBe(false);
  });
});
