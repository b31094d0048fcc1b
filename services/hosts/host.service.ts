import {
  hostCreateSchema,
  hostListQuerySchema,
  hostPatchSchema,
  type Contact,
  type Host,
  emptyListPage,
  type ListPage,
} from '../../models';
import { AppError } from '../app-error';
import { recordChange } from '../audit';
import { assertRole, forbidden, type Principal } from '../auth';
import type { ServiceDeps } from '../service-deps';
import { invalidFields, parseInput } from '../validation';
import { notFound, unwrapVersioned, versionConflict } from '../versioning';
import { isDuplicateKey } from '../../models';
import {
  assertAddressFree,
  changeHostAddress,
  emailTaken,
  finishAddressChange,
  type QueuedMailReaddress,
} from './host-address-change';

/** Attempts to bring a host's name and phone up to date when another writer got in between. */
const MAX_CONTACT_UPDATE_ATTEMPTS = 3;

/** True when the principal may speak for the people (hosts) of `organisationId`: facilitators, and that organisation's development heads. */
export function maySpeakFor(principal: Principal, organisationId: string): boolean {
  return (
    principal.role === 'facilitator' ||
    (principal.role === 'development_head' && principal.organisationId === organisationId)
  );
}

function assertMaySpeakFor(principal: Principal, organisationId: string): void {
  assertRole(principal, 'facilitator', 'development_head');
  if (!maySpeakFor(principal, organisationId))
    throw forbidden('A development head may only act for the hosts of their own organisation.');
}

/** `POST /hosts` (facilitator; a development head for their own organisation). */
export async function createHost(deps: ServiceDeps, principal: Principal, body: unknown): Promise<Host> {
  assertRole(principal, 'facilitator', 'development_head');
  const input = parseInput(hostCreateSchema, body);
  assertMaySpeakFor(principal, input.organisationId);
  const { organisations, hosts } = deps.repos;
  if (!(await organisations.findById(input.organisationId)))
    throw invalidFields([
      { path: 'organisationId', message: `no organisation with id ${input.organisationId}` },
    ]);
  if (await hosts.findByEmail(input.email)) throw emailTaken(input.email);
  let created: Host;
  try {
    created = await hosts.create(input);
  } catch (error) {
    if (isDuplicateKey(error)) throw emailTaken(input.email);
    throw error;
  }
  await recordChange(deps, principal, {
    action: 'create',
    record: { kind: 'host', id: created.id },
    after: created,
  });
  return created;
}

/** `GET /hosts/:id` (facilitator; a development head their organisation's hosts). */
export async function getHost(deps: ServiceDeps, principal: Principal, id: string): Promise<Host> {
  assertRole(principal, 'facilitator', 'development_head');
  const host = await deps.repos.hosts.findById(id);
  if (!host || !maySpeakFor(principal, host.organisationId)) throw notFound('host', id);
  return host;
}

/** `GET /hosts` (facilitator every host; a development head their organisation's). */
export async function listHosts(
  deps: ServiceDeps,
  principal: Principal,
  query: unknown,
): Promise<ListPage<Host>> {
  assertRole(principal, 'facilitator', 'development_head');
  const { limit, page, cursor, ...filters } = parseInput(hostListQuerySchema, query, 'query');
  const hosts = deps.repos.hosts;
  const filter = hosts.filterOf(filters);
  if (principal.role === 'development_head') {
    if (filters.organisationId !== undefined && filters.organisationId !== principal.organisationId)
      return emptyListPage({ limit, page, cursor });
    filter.organisationId = principal.organisationId;
  }
  return hosts.listPage(filter, { limit, page, cursor });
}

/** `PATCH /hosts/:id` at `version` (facilitator; a development head their organisation's hosts). */
export async function updateHost(
  deps: ServiceDeps,
  principal: Principal,
  id: string,
  version: number,
  body: unknown,
  /** The mail queue: e-mails waiting to be sent to an old address go to the new one. */
  mail?: QueuedMailReaddress,
): Promise<Host> {
  assertRole(principal, 'facilitator', 'development_head');
  const hosts = deps.repos.hosts;
  const current = await hosts.findById(id);
  if (!current || !maySpeakFor(principal, current.organisationId)) throw notFound('host', id);
  // A change of address cut short is finished first (it never changes the host record itself).
  await finishAddressChange(deps, principal, id, mail);
  const patch = parseInput(hostPatchSchema, body);
  const newEmail = patch.email !== undefined && patch.email !== current.email ? patch.email : undefined;
  if (newEmail !== undefined) await assertAddressFree(deps, id, current.email, newEmail);
  if (current.version !== version) throw versionConflict('host', current.version);
  const write = async () => {
    try {
      return unwrapVersioned(await hosts.update(id, version, patch), 'host', id);
    } catch (error) {
      if (isDuplicateKey(error) && patch.email !== undefined) throw emailTaken(patch.email);
      throw error;
    }
  };
  // A new address is carried to the person, availability and schedules it keys (one use-case).
  if (newEmail !== undefined) return changeHostAddress(deps, principal, current, newEmail, write, mail);
  const updated = await write();
  await recordChange(deps, principal, {
    action: 'update',
    record: { kind: 'host', id },
    before: current,
    after: updated,
  });
  return updated;
}

/** `DELETE /hosts/:id` at `version`; 409 `host_in_use` while needs refer to the host or a person signs in as it. */
export async function deleteHost(
  deps: ServiceDeps,
  principal: Principal,
  id: string,
  version: number,
): Promise<Host> {
  assertRole(principal, 'facilitator', 'development_head');
  const { hosts, needs, people } = deps.repos;
  const current = await hosts.findById(id);
  if (!current || !maySpeakFor(principal, current.organisationId)) throw notFound('host', id);
  if (current.version !== version) throw versionConflict('host', current.version);
  if (await people.isHost(id))
    throw new AppError('host_in_use', 'A person signs in as this host; remove the person first.', {
      httpStatus: 409,
    });
  const needCount = await needs.count({ hostId: id });
  if (needCount > 0)
    throw new AppError('host_in_use', `${needCount} need(s) have this host; give them another host first.`, {
      httpStatus: 409,
    });
  const removed = unwrapVersioned(await hosts.remove(id, version), 'host', id);
  await recordChange(deps, principal, { action: 'delete', record: { kind: 'host', id }, before: removed });
  return removed;
}

/** Brings a host's name and phone to what a need's `owner` said (a phone left out is kept). */
async function updateContact(
  deps: ServiceDeps,
  host: Host,
  contact: Contact,
  principal: Principal | undefined,
): Promise<void> {
  const hosts = deps.repos.hosts;
  let current: Host | null = host;
  for (let attempt = 0; current && attempt < MAX_CONTACT_UPDATE_ATTEMPTS; attempt += 1) {
    const patch = {
      ...(contact.name === current.name ? {} : { name: contact.name }),
      ...(contact.phone === undefined || contact.phone === current.phone ? {} : { phone: contact.phone }),
    };
    if (Object.keys(patch).length === 0) return;
    const result = await hosts.update(current.id, current.version, patch);
    if (result.ok && principal)
      await recordChange(deps, principal, {
        action: 'update',
        record: { kind: 'host', id: current.id },
        before: current,
        after: result.value,
      });
    if (result.ok || result.reason === 'not_found') return;
    current = await hosts.findById(current.id);
  }
  throw new AppError('host_busy', 'The host is being changed by many requests at once; retry.', {
    httpStatus: 409,
  });
}

/**
 * The host id a need of `organisationId` refers to, from its body's `hostId` or `owner` (a
 * contact: the host with that e-mail, made when new). 400 naming the field when the host is
 * unknown or belongs to another organisation: an e-mail never lets one organisation's need speak
 * for another organisation's person.
 */
export async function resolveNeedHost(
  deps: ServiceDeps,
  organisationId: string,
  body: { owner?: Contact; hostId?: string },
  /** Who writes the need: a host the contact makes or updates is recorded in the audit log as theirs. */
  principal?: Principal,
): Promise<string> {
  const hosts = deps.repos.hosts;
  if (body.hostId !== undefined) {
    const host = await hosts.findById(body.hostId);
    if (!host) throw invalidFields([{ path: 'hostId', message: `no host with id ${body.hostId}` }]);
    if (host.organisationId !== organisationId)
      throw invalidFields([{ path: 'hostId', message: "is a host of another organisation than the need's" }]);
    return host.id;
  }
  if (body.owner === undefined) throw invalidFields([{ path: 'owner', message: 'send owner or hostId' }]);
  const found = await hosts.findOrCreateFor(body.owner, organisationId);
  if (!found.ok)
    throw invalidFields([
      { path: 'owner.email', message: "is the e-mail of a host of another organisation than the need's" },
    ]);
  if (!found.created) await updateContact(deps, found.host, body.owner, principal);
  else if (principal)
    await recordChange(deps, principal, {
      action: 'create',
      record: { kind: 'host', id: found.host.id },
      after: found.host,
    });
  return found.host.id;
}

/**
 * 403 unless the principal may speak for the host with this e-mail: facilitators any host, a
 * development head the hosts of their own organisation. An unknown e-mail is no one's host.
 */
export async function assertMaySpeakForHost(
  deps: ServiceDeps,
  principal: Principal,
  email: string,
): Promise<void> {
  if (principal.role === 'facilitator') return;
  const host = await deps.repos.hosts.findByEmail(email);
  if (!host || !maySpeakFor(principal, host.organisationId))
    throw forbidden(
      'A development head may only set the availability of the hosts of their own organisation.',
    );
}
