import { createHash, randomBytes } from 'node:crypto';

/** Every key starts with this, so leaked keys are easy to recognise in logs and scanners. */
export const API_KEY_PREFIX = 'mm_';
/** Random bytes in a key (256 bits). */
export const API_KEY_BYTES = 32;
/** Characters of the key kept in clear to tell keys apart. */
export const API_KEY_VISIBLE_CHARS = 8;

/** Hex SHA-256 of a key: the only form in which keys are stored. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new random key (`mm_` + 32 random bytes as base64url), its hash and its visible prefix. */
export function generateApiKey(): { key: string; keyHash: string; prefix: string } {
  const key = `${API_KEY_PREFIX}${randomBytes(API_KEY_BYTES).toString('base64url')}`;
  return { key, keyHash: hashApiKey(key), prefix: key.slice(0, API_KEY_VISIBLE_CHARS) };
}
