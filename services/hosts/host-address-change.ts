import type { AddressChange, Host } from '../../models';
import { AppError } from '../app-error';
import { recordChange } from '../audit';
import type { Principal } from '../auth';
import { renameHostAddress } from '../privacy';
import type { ServiceDeps } from '../service-deps';

/** The mail queue as a change of address uses it: what waits to be sent to the old address goes to the new one. */
export interface QueuedMailReaddress {
  readdress(from: string, to: string): Promise<number>;
}

/** A change whose host still has the old address after this long was never written (its request died). */
const ABANDONED_AFTER_MS = 60_000;

/** 409 naming `email`: the new address is another host's or another person's. */
export function emailTaken(email: string, holder: 'host' | 'person' = 'host'): AppError {
  return new AppError('email_taken', `${email} is already the e-mail of another ${holder}.`, {
    httpStatus: 409,
    fields: [{ path: 'email', message: `already the e-mail of another ${holder}` }],
  });
}

/**
 * 409 unless host `hostId` may take address `to` (lower-case): no other host has it (checked
 * again by the hosts' unique index when written), and nobody signs in with it but a development
 * head who is this host, when no one of this host signs in with the old address (`from`).
 */
export async function assertAddressFree(
  deps: ServiceDeps,
  hostId: string,
  from: string,
  to: string,
): Promise<void> {
  const holder = await deps.repos.hosts.findByEmail(to);
  if (holder && holder.id !== hostId) throw emailTaken(to);
  const person = await deps.repos.people.findByEmail(to);
  if (!person) return;
  const ownHead = person.role === 'development_head' && person.hostId === hostId;
  const oldSignsIn = (await deps.repos.people.listOfHost(hostId)).some((p) => p.email === from);
  if (!ownHead || oldSignsIn) throw emailTaken(to, 'person');
}

/**
 * Carries a host's new address to every record the old one keys: the development heads of this
 * host who sign in with it (their sessions, which name the person, keep working), the events'
 * availability, the stored schedules and the e-mails waiting in the queue (`mail`); then the
 * change is done. Every step skips what already has the new address, so it can be run again.
 */
async function carryAddress(
  deps: ServiceDeps,
  principal: Principal,
  change: AddressChange,
  mail: QueuedMailReaddress | undefined,
): Promise<void> {
  for (const person of await deps.repos.people.listOfHost(change.hostId)) {
    if (person.email !== change.from) continue;
    const result = await deps.repos.people.changeEmail(person.id, change.from, change.to);
    if (result === 'taken') throw emailTaken(change.to, 'person');
    if (result === 'changed')
      await recordChange(deps, principal, {
        action: 'update',
        record: { kind: 'person', id: person.id },
        before: person,
        after: { ...person, email: change.to },
      });
  }
  await renameHostAddress(deps, [change.from], change.to);
  // The mail worker sends a message only to its recipient's current address, so one left to the old address is dropped.
  await mail?.readdress(change.from, change.to).catch((error: unknown) => {
    deps.logger.warn(
      { err: error },
      'queued e-mails not readdressed; those to the old address will not be sent',
    );
  });
  await deps.repos.addressChanges.finish(change.hostId);
}

/**
 * Finishes host `hostId`'s change of address if one was cut short (the host written, the records
 * keyed by the old address not all renamed); forgets one whose host was never written. Every
 * write of the host calls this first, so a failed change is finished by the next one (or by
 * sending the same change again).
 */
export async function finishAddressChange(
  deps: ServiceDeps,
  principal: Principal,
  hostId: string,
  mail?: QueuedMailReaddress,
  now: Date = new Date(),
): Promise<void> {
  const change = await deps.repos.addressChanges.pendingOf(hostId);
  if (!change) return;
  const host = await deps.repos.hosts.findById(hostId);
  if (host?.email === change.to) await carryAddress(deps, principal, change, mail);
  else if (!host || now.getTime() - change.at.getTime() > ABANDONED_AFTER_MS)
    await deps.repos.addressChanges.finish(hostId);
}

/**
 * Gives host `current` the address `patch.email` (lower-case, already checked free) by writing
 * the host with `write` and carrying the address to every record the old one keys and to the
 * e-mails queued to it (`mail`), audited. A
 * change of the same host under way at the same time gets 409 `host_busy`. Should it fail half-way,
 * the change stays recorded (`addressChanges`) and {@link finishAddressChange} completes it.
 */
export async function changeHostAddress(
  deps: ServiceDeps,
  principal: Principal,
  current: Host,
  to: string,
  write: () => Promise<Host>,
  mail?: QueuedMailReaddress,
  now: Date = new Date(),
): Promise<Host> {
  const change: AddressChange = { hostId: current.id, from: current.email, to, at: now };
  if (!(await deps.repos.addressChanges.begin(change)))
    throw new AppError('host_busy', "The host's e-mail is being changed by another request; retry.", {
      httpStatus: 409,
    });
  let updated: Host;
  try {
    updated = await write();
  } catch (error) {
    await deps.repos.addressChanges.finish(current.id);
    throw error;
  }
  await recordChange(deps, principal, {
    action: 'update',
    record: { kind: 'host', id: current.id },
    before: current,
    after: updated,
  });
  await carryAddress(deps, principal, change, mail);
  return updated;
}
