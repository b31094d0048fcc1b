import { type Person, type Token, type Repositories } from '../../models';
import { AppError } from '../app-error';
import { recordChange, type AuditDeps } from '../audit';
import { principalOfPerson } from '../auth';
import { inspectToken, issueToken, revokeTokensOf, type IssuedToken } from '../tokens';

/** How long a calendar address works unless renewed or revoked: two years. */
export const CALENDAR_LINK_TTL_MS = 2 * 365 * 24 * 3600 * 1000;

function assertHasAgenda(person: Person): void {
  if (person.role === 'facilitator')
    throw new AppError('forbidden', 'Only development heads and startups have an agenda to subscribe to.', {
      httpStatus: 403,
    });
}

/**
 * A new secret calendar address for `person` (a token of purpose `calendar`, used again and again);
 * the person's earlier addresses stop working, so renewing is issuing. Audited as the person's
 * change (`create_calendar_link`: how many earlier addresses stopped, when the new one expires).
 */
export async function issueCalendarLink(deps: AuditDeps, person: Person, now: Date): Promise<IssuedToken> {
  assertHasAgenda(person);
  const revoked = await revokeTokensOf(deps.repos, 'calendar', person.id, now);
  const issued = await issueToken(deps.repos, {
    purpose: 'calendar',
    subject: person.id,
    ttlMs: CALENDAR_LINK_TTL_MS,
    singleUse: false,
    now,
  });
  await recordChange(
    deps,
    principalOfPerson(person),
    {
      action: 'create_calendar_link',
      record: { kind: 'person', id: person.id },
      changes: [
        { path: 'calendarLinks.revoked', after: revoked },
        { path: 'calendarLink.expiresAt', after: issued.token.expiresAt.toISOString() },
      ],
    },
    now,
  );
  return issued;
}

/** Stops every calendar address of `person`; returns how many were working. Audited as the person's change. */
export async function revokeCalendarLinks(deps: AuditDeps, person: Person, now: Date): Promise<number> {
  const revoked = await revokeTokensOf(deps.repos, 'calendar', person.id, now);
  await recordChange(
    deps,
    principalOfPerson(person),
    {
      action: 'revoke_calendar_links',
      record: { kind: 'person', id: person.id },
      changes: [{ path: 'calendarLinks.revoked', after: revoked }],
    },
    now,
  );
  return revoked;
}

/** The person's working calendar address (its token; the secret is never stored), or null. */
export async function activeCalendarLink(
  repos: Repositories,
  personId: string,
  now: Date,
): Promise<Token | null> {
  const [newest] = await repos.tokens.listActive('calendar', personId, now);
  return newest ?? null;
}

/** The person whose calendar `secret` opens, or null for an unknown, revoked or expired one. */
export async function personOfCalendarLink(
  repos: Repositories,
  secret: string,
  now: Date,
): Promise<Person | null> {
  const check = await inspectToken(repos, 'calendar', secret, now);
  if (!check.ok) return null;
  const person = await repos.people.findById(check.token.subject);
  return person && person.role !== 'facilitator' ? person : null;
}

/** The addresses of a calendar feed: `https:` (or the deployment's scheme) and `webcal:` for calendar apps. */
export function calendarUrls(publicUrl: string, secret: string): { web: string; webcal: string } {
  const web = `${publicUrl.replace(/\/$/, '')}/cal/${secret}.ics`;
  return { web, webcal: web.replace(/^https?:/, 'webcal:') };
}
