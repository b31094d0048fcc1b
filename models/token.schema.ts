import { z } from 'zod';

/**
 * What a token lets its holder do. Every link the product e-mails or publishes is one of these
 * (add a purpose here for a new kind of link): `sign_in` starts a session for its subject, a person;
 * `registration` confirms the e-mail address of a startup's sign-up, whose answers are its payload
 * (nothing else is stored before the address is confirmed); `outcome` lets a meeting's participant
 * record what came of it without signing in (its subject names the event, meeting and side);
 * `calendar` is the secret address of a person's calendar feed (long-lived, used again and again,
 * revocable).
 */
export const tokenPurposeSchema = z.enum(['sign_in', 'registration', 'outcome', 'calendar']);
export type TokenPurpose = z.infer<typeof tokenPurposeSchema>;

/** A stored token as the services see it: never its secret, only the SHA-256 of it. */
export interface Token {
  /** Hex SHA-256 of the secret (also the stored `_id`, so a look-up is by `_id` alone). */
  hash: string;
  purpose: TokenPurpose;
  /** Whom or what the token is about, e.g. the id of the person a sign-in link signs in. */
  subject: string;
  expiresAt: Date;
  /** A single-use token is refused once it has been redeemed. */
  singleUse: boolean;
  /** What the link carries besides its subject (a pending registration's answers). */
  payload?: Record<string, unknown>;
  createdAt: Date;
  revokedAt?: Date;
  /** When a single-use token was redeemed. */
  redeemedAt?: Date;
}
