import { z } from 'zod';
import {
  emailSchema,
  languageSchema,
  objectIdSchema,
  type Person,
  type PersonCreateInput,
  type Repositories,
} from '../../models';
import { AppError } from '../app-error';
import { recordChange, type AuditDeps } from '../audit';
import { assertRole, type Principal } from '../auth';
import {
  inspectToken,
  issueToken,
  redeemToken,
  revokeToken,
  type TokenCheck,
  type TokenRefusal,
} from '../tokens';
import { invalidFields, parseInput } from '../validation';

/** A sign-in link is valid this long. */
export const SIGN_IN_LINK_TTL_MS = 24 * 3600 * 1000;

const name = z.string().trim().min(1).max(200);

/**
 * What a facilitator fills in to invite someone: a development head of one organisation or another
 * facilitator. (Startups come in through their own registration.) Flat, so that every bad field
 * is named at once; the organisation is required for, and only for, a development head.
 */
export const invitationSchema = z
  .strictObject({
    role: z.enum(['facilitator', 'development_head']),
    name,
    email: emailSchema,
    language: languageSchema,
    organisationId: objectIdSchema.optional(),
  })
  .refine((input) => input.role !== 'development_head' || input.organisationId !== undefined, {
    path: ['organisationId'],
    message: 'required for a development head',
    when: () => true,
  })
  .refine((input) => input.role !== 'facilitator' || input.organisationId === undefined, {
    path: ['organisationId'],
    message: 'only a development head belongs to an organisation',
    when: () => true,
  });
export type InvitationInput = z.infer<typeof invitationSchema>;

/**
 * Stores the invited person (facilitators only); a development head is also made a host of her
 * organisation, or linked to the host with her address. 400 naming the field when the
 * organisation does not exist; 409 (field `email`) `email_taken` when the address already belongs
 * to a person who signs in, `email_other_organisation` when it is a host of another organisation.
 */
export async function invitePerson(deps: AuditDeps, principal: Principal, body: unknown): Promise<Person> {
  assertRole(principal, 'facilitator');
  const person = await addPerson(deps.repos, body);
  await recordChange(deps, principal, {
    action: 'invite',
    record: { kind: 'person', id: person.id },
    after: person,
  });
  return person;
}

/** Stores a person as {@link invitePerson} does, for anyone (`npm run create-person` makes the first facilitator so). */
export async function addPerson(repos: Repositories, body: unknown): Promise<Person> {
  const input = parseInput(invitationSchema, body);
  const repositories = repos;
  if (
    input.organisationId !== undefined &&
    !(await repositories.organisations.findById(input.organisationId))
  ) {
    throw invalidFields([
      { path: 'organisationId', message: `no organisation with id ${input.organisationId}` },
    ]);
  }
  const { organisationId, ...common } = input;
  let record: PersonCreateInput;
  if (input.role === 'facilitator' || organisationId === undefined)
    record = { ...common, role: 'facilitator' };
  else {
    // A development head is one of the organisation's people (hosts): the same record the API knows.
    const host = await repositories.hosts.findOrCreateFor(
      { name: input.name, email: input.email },
      organisationId,
    );
    if (!host.ok) {
      throw new AppError(
        'email_other_organisation',
        'The e-mail address belongs to a person of another organisation.',
        {
          httpStatus: 409,
          fields: [{ path: 'email', message: 'belongs to a person of another organisation' }],
        },
      );
    }
    record = { ...common, role: 'development_head', organisationId, hostId: host.host.id };
  }
  const person = await repositories.people.create(record);
  if (!person) {
    throw new AppError('email_taken', 'A person with this e-mail address already exists.', {
      httpStatus: 409,
      fields: [{ path: 'email', message: 'already belongs to a person' }],
    });
  }
  return person;
}

/**
 * Withdraws an invitation whose e-mail could not be queued, so nothing half-done stays stored; the
 * audit log, which has the invitation, gets its withdrawal by the same inviter (`principal`).
 */
export async function withdrawInvitation(
  deps: AuditDeps,
  principal: Principal,
  person: Person,
  link: SignInLink,
  now: Date,
): Promise<void> {
  await revokeToken(deps.repos, link.secret, now);
  await deps.repos.people.remove(person.id);
  await recordChange(
    deps,
    principal,
    { action: 'withdraw_invitation', record: { kind: 'person', id: person.id }, before: person, after: null },
    now,
  );
}

/** A new sign-in link's secret (for the URL) and when it stops working. */
export interface SignInLink {
  secret: string;
  expiresAt: Date;
}

/** Issues a single-use sign-in link for `person`, valid {@link SIGN_IN_LINK_TTL_MS}. */
export async function issueSignInLink(repos: Repositories, person: Person, now: Date): Promise<SignInLink> {
  const { secret, token } = await issueToken(repos, {
    purpose: 'sign_in',
    subject: person.id,
    ttlMs: SIGN_IN_LINK_TTL_MS,
    singleUse: true,
    now,
  });
  return { secret, expiresAt: token.expiresAt };
}

/** Who a sign-in link signs in, or why it cannot. */
export type SignInCheck = { ok: true; person: Person } | { ok: false; reason: TokenRefusal };

/** The person a sign-in link names, without using the link; a refusal when it would not sign in. */
export async function personOfSignInLink(
  repos: Repositories,
  secret: string,
  now: Date,
): Promise<SignInCheck> {
  return personOf(repos, await inspectToken(repos, 'sign_in', secret, now));
}

/** Uses a sign-in link (once): the person it signs in, or why it cannot. */
export async function redeemSignInLink(repos: Repositories, secret: string, now: Date): Promise<SignInCheck> {
  return personOf(repos, await redeemToken(repos, 'sign_in', secret, now));
}

async function personOf(repos: Repositories, check: TokenCheck): Promise<SignInCheck> {
  if (!check.ok) return check;
  const person = await repos.people.findById(check.token.subject);
  return person ? { ok: true, person } : { ok: false, reason: 'unknown' };
}
