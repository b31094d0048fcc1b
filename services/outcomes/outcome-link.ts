import { outcomeSideSchema, type OutcomeSide, type Repositories } from '../../models';
import { inspectToken, issueToken, type IssuedToken, type TokenRefusal } from '../tokens';

/** How long an outcome link works after the e-mail goes out. */
export const OUTCOME_LINK_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;

/** What an outcome link lets its holder do: record one side of one meeting, as the person named. */
export interface OutcomeLink {
  eventId: string;
  meetingId: string;
  side: OutcomeSide;
  /** The recipient's name, shown as who recorded the answer. */
  name: string;
  language: 'sv' | 'en';
}

/**
 * Issues a reusable outcome link (token purpose `outcome`) that works until `OUTCOME_LINK_DAYS`
 * after `sendAt`, so a person can come back and correct an answer.
 */
export function issueOutcomeLink(
  repos: Repositories,
  link: OutcomeLink,
  sendAt: Date,
  now: Date,
): Promise<IssuedToken> {
  return issueToken(repos, {
    purpose: 'outcome',
    subject: `${link.eventId}|${link.meetingId}|${link.side}`,
    ttlMs: Math.max(0, sendAt.getTime() - now.getTime()) + OUTCOME_LINK_DAYS * DAY_MS,
    singleUse: false,
    payload: { ...link },
    now,
  });
}

/** The link behind `secret`, or why it does not work (unknown, expired, revoked). Changes nothing. */
export async function openOutcomeLink(
  repos: Repositories,
  secret: string,
  now: Date,
): Promise<{ ok: true; link: OutcomeLink; expiresAt: Date } | { ok: false; reason: TokenRefusal }> {
  const check = await inspectToken(repos, 'outcome', secret, now);
  if (!check.ok) return check;
  const payload = check.token.payload ?? {};
  const side = outcomeSideSchema.safeParse(payload.side);
  if (typeof payload.eventId !== 'string' || typeof payload.meetingId !== 'string' || !side.success)
    return { ok: false, reason: 'unknown' };
  return {
    ok: true,
    link: {
      eventId: payload.eventId,
      meetingId: payload.meetingId,
      side: side.data,
      name: typeof payload.name === 'string' ? payload.name : '',
      language: payload.language === 'en' ? 'en' : 'sv',
    },
    expiresAt: check.token.expiresAt,
  };
}
