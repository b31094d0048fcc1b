import { z } from 'zod';
import {
  languageSchema,
  registrationKeyOf,
  registrationSchema,
  startupCreateSchema,
  type MatchmakingEvent,
  type Page,
  type Person,
  type Registration,
  type Startup,
  type StartupStatus,
  type Repositories,
} from '../../models';
import { recordChange, recordChangeBy } from '../audit';
import { assertRole, principalOfPerson, type Principal } from '../auth';
import { enrolRegisteredStartup, forgetParticipant } from '../events';
import { eventIdsEnrolling, repairAfterDeparture, type DepartureRepair } from '../schedules';
import { publishChange, type Published, type ServiceDeps } from '../service-deps';
import { issueToken, redeemToken, inspectToken, type TokenRefusal } from '../tokens';
import { parseInput } from '../validation';
import { notFound, unwrapVersioned, versionConflict } from '../versioning';

/** A registration's confirmation link is valid this long. */
export const REGISTRATION_LINK_TTL_MS = 24 * 3600 * 1000;
/** Meetings a registered startup takes at most until a facilitator says otherwise. */
const REGISTERED_MAX_MEETINGS = 8;

/** The answers a confirmation link carries (stored in the token until the address is confirmed). */
const pendingRegistrationSchema = z.object({
  eventId: z.string(),
  companyName: z.string(),
  country: z.string(),
  registrationNumber: z.string(),
  contactName: z.string(),
  email: z.string(),
  website: z.string(),
  language: languageSchema,
  consentedAt: z.string(),
});
type PendingRegistration = z.infer<typeof pendingRegistrationSchema>;

/** What a sign-up led to: a confirmation link for a new address, or the accounts it already has. */
export type SignUpOutcome =
  | { kind: 'confirm'; registration: Registration; secret: string; expiresAt: Date }
  | { kind: 'existing'; people: Person[] };

/** The people who already speak for the address or the registration number (none for a new startup). */
async function existingAccounts(
  repos: Repositories,
  registration: Pick<Registration, 'email' | 'country' | 'registrationNumber'>,
): Promise<Person[]> {
  const repositories = repos;
  const found = new Map<string, Person>();
  const byEmail = await repositories.people.findByEmail(registration.email);
  if (byEmail) found.set(byEmail.id, byEmail);
  const holder = await repositories.registrationClaims.holderOf(registrationKeyOf(registration));
  if (holder !== null) {
    for (const person of await repositories.people.listOfStartup(holder)) found.set(person.id, person);
  }
  return [...found.values()];
}

/**
 * A sign-up from `event`'s public page: 400 naming every bad field. A new address and number get a
 * single-use confirmation link holding the answers (nothing else is stored); an address or number
 * that already has an account gets nothing new, and its people are returned so they can be sent a
 * sign-in link. The caller answers "check your e-mail" either way.
 */
export async function requestRegistration(
  repos: Repositories,
  event: MatchmakingEvent,
  body: unknown,
  now: Date,
): Promise<SignUpOutcome> {
  const registration = parseInput(registrationSchema, body);
  const people = await existingAccounts(repos, registration);
  if (people.length > 0) return { kind: 'existing', people };
  const payload: PendingRegistration = {
    eventId: event.id,
    companyName: registration.companyName,
    country: registration.country,
    registrationNumber: registration.registrationNumber,
    contactName: registration.contactName,
    email: registration.email,
    website: registration.website,
    language: registration.language,
    consentedAt: now.toISOString(),
  };
  const { secret, token } = await issueToken(repos, {
    purpose: 'registration',
    subject: registration.email,
    ttlMs: REGISTRATION_LINK_TTL_MS,
    singleUse: true,
    payload,
    now,
  });
  return { kind: 'confirm', registration, secret, expiresAt: token.expiresAt };
}

/** A confirmation link's company name, without using the link; a refusal when it would not confirm. */
export async function inspectRegistrationLink(
  repos: Repositories,
  secret: string,
  now: Date,
): Promise<{ ok: true; companyName: string } | { ok: false; reason: TokenRefusal }> {
  const check = await inspectToken(repos, 'registration', secret, now);
  if (!check.ok) return check;
  const pending = pendingRegistrationSchema.safeParse(check.token.payload);
  return pending.success
    ? { ok: true, companyName: pending.data.companyName }
    : { ok: false, reason: 'unknown' };
}

/** What confirming a registration did. */
export type Confirmation =
  | { ok: true; person: Person; startup: Startup }
  | { ok: false; reason: TokenRefusal }
  /** The address or number got an account meanwhile (another link was confirmed first). */
  | { ok: 'existing'; people: Person[] };

/**
 * Uses a confirmation link (once): makes the startup profile (status `pending`, enrolled in the
 * event whose sign-up page was used) and its person (role `startup`), and has the profile ranked.
 * The registration number is claimed before the person is stored, so of two confirmations of one
 * number or address exactly one makes a profile; the other is told the existing accounts and
 * leaves nothing behind.
 */
export async function confirmRegistration(
  deps: ServiceDeps,
  secret: string,
  now: Date,
): Promise<Confirmation> {
  const { repos } = deps;
  const check = await redeemToken(repos, 'registration', secret, now);
  if (!check.ok) return check;
  const parsed = pendingRegistrationSchema.safeParse(check.token.payload);
  if (!parsed.success) return { ok: false, reason: 'unknown' };
  const pending = parsed.data;
  const existing = await existingAccounts(repos, pending);
  if (existing.length > 0) return { ok: 'existing', people: existing };

  const repositories = repos;
  const startup = await repositories.startups.create(
    {
      name: pending.companyName,
      oneLiner: '',
      description: '',
      offering: '',
      tags: [],
      languages: [pending.language],
      language: pending.language,
      website: pending.website,
      references: [],
      contact: { name: pending.contactName, email: pending.email },
      maxMeetings: REGISTERED_MAX_MEETINGS,
    },
    {
      status: 'pending',
      registration: {
        eventId: pending.eventId,
        country: pending.country,
        registrationNumber: pending.registrationNumber,
        consentedAt: new Date(pending.consentedAt),
      },
    },
  );
  const key = registrationKeyOf(pending);
  const undo = async (claimed: boolean): Promise<Confirmation> => {
    if (claimed) await repositories.registrationClaims.release(key);
    await repositories.startups.remove(startup.id, startup.version);
    return { ok: 'existing', people: await existingAccounts(repos, pending) };
  };
  if (!(await repositories.registrationClaims.claim(key, startup.id))) return undo(false);
  const person = await repositories.people.create({
    role: 'startup',
    name: pending.contactName,
    email: pending.email,
    language: pending.language,
    startupId: startup.id,
  });
  if (!person) return undo(true);
  await enrolRegisteredStartup(deps, pending.eventId, startup.id);
  await publishChange(deps, { kind: 'startup', id: startup.id, version: startup.version, deleted: false });
  // Signed up through the confirmation link: the new person is the author of both records.
  const actor = { role: 'startup', via: 'link', id: person.id } as const;
  await recordChangeBy(
    deps,
    actor,
    { action: 'sign_up', record: { kind: 'startup', id: startup.id }, after: startup },
    now,
  );
  await recordChangeBy(
    deps,
    actor,
    { action: 'sign_up', record: { kind: 'person', id: person.id }, after: person },
    now,
  );
  return { ok: true, person, startup };
}

/**
 * What a startup fills in about itself after confirming: what it does (`oneLiner`, `description`),
 * for whom (`offering`), references, the languages it meets in, the language the texts are written
 * in (`sv` or `en`), its stage and team size.
 */
export const profileSchema = startupCreateSchema
  .pick({
    oneLiner: true,
    description: true,
    offering: true,
    references: true,
    languages: true,
    stage: true,
    teamSize: true,
  })
  .extend({ language: languageSchema });
export type ProfileInput = z.infer<typeof profileSchema>;

/** Saves the signed-in startup's own profile (400 naming every bad field); it is ranked again. */
export async function saveProfile(
  deps: ServiceDeps,
  person: Person,
  body: unknown,
  now: Date,
): Promise<Published<Startup>> {
  if (person.role !== 'startup') throw notFound('startup profile', person.id);
  const profile = parseInput(profileSchema, body);
  const startups = deps.repos.startups;
  const current = await startups.findById(person.startupId);
  if (!current) throw notFound('startup profile', person.startupId);
  const registration = current.registration
    ? {
        registration: {
          ...current.registration,
          profileCompletedAt: current.registration.profileCompletedAt ?? now,
        },
      }
    : {};
  const startup = unwrapVersioned(
    await startups.updateReviewed(current.id, current.version, { ...profile, ...registration }),
    'startup profile',
    current.id,
  );
  const changePublished = await publishChange(deps, {
    kind: 'startup',
    id: startup.id,
    version: startup.version,
    deleted: false,
  });
  await recordChange(deps, principalOfPerson(person), {
    action: 'update',
    record: { kind: 'startup', id: startup.id },
    before: current,
    after: startup,
  });
  return { value: startup, changePublished };
}

/** A facilitator's decision on a registered profile: approve, or reject with a reason the startup is told. */
export const reviewSchema = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('approve') }),
  z.strictObject({ decision: z.literal('reject'), reason: z.string().trim().min(3).max(2_000) }),
]);
export type ReviewInput = z.infer<typeof reviewSchema>;

/** The result of a review: the profile, and what a rejection did to the schedules it had meetings in. */
export interface Reviewed extends Published<Startup> {
  scheduleRepairs: DepartureRepair[];
}

/**
 * `POST /startups/:id/review` (facilitator) at `version`. Approving makes the profile schedulable
 * and visible to development heads (and enrols it again in its sign-up event if a rejection took it
 * out); rejecting takes it out of every event, and a schedule with its meetings is repaired at once
 * as for a deleted startup.
 */
export async function reviewStartup(
  deps: ServiceDeps,
  principal: Principal,
  id: string,
  version: number,
  body: unknown,
  now: Date,
): Promise<Reviewed> {
  assertRole(principal, 'facilitator');
  const review = parseInput(reviewSchema, body);
  const startups = deps.repos.startups;
  const current = await startups.findById(id);
  if (!current) throw notFound('startup profile', id);
  if (current.version !== version) throw versionConflict('startup profile', current.version);
  const status: StartupStatus = review.decision === 'approve' ? 'approved' : 'rejected';
  const registration = current.registration
    ? {
        registration: {
          ...current.registration,
          reviewedAt: now,
          reviewReason: review.decision === 'reject' ? review.reason : undefined,
        },
      }
    : {};
  const enrolledIn = status === 'rejected' ? await eventIdsEnrolling(deps, 'startup', id) : [];
  const startup = unwrapVersioned(
    await startups.updateReviewed(id, version, { status, ...registration }),
    'startup profile',
    id,
  );
  await recordChange(deps, principal, {
    action: 'review',
    record: { kind: 'startup', id },
    before: current,
    after: startup,
  });
  let scheduleRepairs: DepartureRepair[] = [];
  if (status === 'rejected') {
    await forgetParticipant(deps, 'startup', id);
    scheduleRepairs = await repairAfterDeparture(
      deps,
      { kind: 'startup', id, what: 'rejected', label: startup.name },
      enrolledIn,
    );
  } else if (current.registration) {
    await enrolRegisteredStartup(deps, current.registration.eventId, id);
  }
  const changePublished = await publishChange(deps, {
    kind: 'startup',
    id,
    version: startup.version,
    deleted: false,
  });
  return { value: startup, changePublished, scheduleRepairs };
}

/** The first 100 registered profiles with `status` (facilitators). */
export async function listRegisteredStartups(
  deps: ServiceDeps,
  principal: Principal,
  status: Exclude<StartupStatus, 'approved'>,
): Promise<Page<Startup>> {
  assertRole(principal, 'facilitator');
  return deps.repos.startups.list({ status }, { limit: 100, page: 1 });
}
