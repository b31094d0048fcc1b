import { createHash, randomBytes } from 'node:crypto';
import { type Token, type TokenPurpose, type Repositories } from '../../models';

/** Every token secret starts with this, so a leaked one is easy to recognise. */
export const TOKEN_PREFIX = 'mmt_';
/** Random bytes in a secret (256 bits). */
const TOKEN_BYTES = 32;
/** A secret as {@link issueToken} makes them: the prefix and 43 base64url characters. */
const SECRET_PATTERN = /^mmt_[A-Za-z0-9_-]{43}$/;

/** Hex SHA-256 of a secret: the only form in which tokens are stored. */
export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** What {@link issueToken} is asked for. */
export interface TokenRequest {
  purpose: TokenPurpose;
  /** Whom or what the token is about (a person id for `sign_in`). */
  subject: string;
  /** How long the token is valid, in milliseconds. */
  ttlMs: number;
  singleUse: boolean;
  /** Stored with the token and returned when it is checked (e.g. a pending registration). */
  payload?: Record<string, unknown>;
  now: Date;
}

/** A new token: `secret` goes into the link and is never stored. */
export interface IssuedToken {
  secret: string;
  token: Token;
}

/** Why a token was refused. `unknown` also covers a token of another purpose. */
export type TokenRefusal = 'unknown' | 'expired' | 'used' | 'revoked';

/** The outcome of checking or redeeming a token. */
export type TokenCheck = { ok: true; token: Token } | { ok: false; reason: TokenRefusal };

/** Issues a token and stores its hash. */
export async function issueToken(repos: Repositories, request: TokenRequest): Promise<IssuedToken> {
  const secret = `${TOKEN_PREFIX}${randomBytes(TOKEN_BYTES).toString('base64url')}`;
  const token = await repos.tokens.create({
    hash: hashTokenSecret(secret),
    purpose: request.purpose,
    subject: request.subject,
    expiresAt: new Date(request.now.getTime() + request.ttlMs),
    singleUse: request.singleUse,
    ...(request.payload === undefined ? {} : { payload: request.payload }),
  });
  return { secret, token };
}

function refusalOf(token: Token | null, purpose: TokenPurpose, now: Date): TokenRefusal | null {
  if (!token || token.purpose !== purpose) return 'unknown';
  if (token.revokedAt) return 'revoked';
  if (token.singleUse && token.redeemedAt) return 'used';
  if (token.expiresAt.getTime() <= now.getTime()) return 'expired';
  return null;
}

/** Whether `secret` is a valid token of `purpose` now. Changes nothing. */
export async function inspectToken(
  repos: Repositories,
  purpose: TokenPurpose,
  secret: string,
  now: Date,
): Promise<TokenCheck> {
  if (!SECRET_PATTERN.test(secret)) return { ok: false, reason: 'unknown' };
  const token = await repos.tokens.findByHash(hashTokenSecret(secret));
  const refusal = refusalOf(token, purpose, now);
  return refusal === null && token ? { ok: true, token } : { ok: false, reason: refusal ?? 'unknown' };
}

/**
 * Uses a token: valid ones are returned, and a single-use one is recorded as redeemed, so of two
 * concurrent redemptions only one succeeds. A refused token changes nothing.
 */
export async function redeemToken(
  repos: Repositories,
  purpose: TokenPurpose,
  secret: string,
  now: Date,
): Promise<TokenCheck> {
  const check = await inspectToken(repos, purpose, secret, now);
  if (!check.ok || !check.token.singleUse) return check;
  const won = await repos.tokens.redeem(check.token.hash, now);
  return won ? { ok: true, token: { ...check.token, redeemedAt: now } } : { ok: false, reason: 'used' };
}

/** Revokes the token of `secret`; false when it is unknown. */
export async function revokeToken(repos: Repositories, secret: string, now: Date): Promise<boolean> {
  if (!SECRET_PATTERN.test(secret)) return false;
  return repos.tokens.revoke(hashTokenSecret(secret), now);
}

/** Revokes every token of `purpose` about `subject` (e.g. all sign-in links of one person). */
export async function revokeTokensOf(
  repos: Repositories,
  purpose: TokenPurpose,
  subject: string,
  now: Date,
): Promise<number> {
  return repos.tokens.revokeAll(purpose, subject, now);
}
