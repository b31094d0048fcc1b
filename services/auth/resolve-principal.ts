import { type Person, type Repositories } from '../../models';
import { hashApiKey } from './api-key-secret';
import type { Principal } from './principal';

/**
 * The principal of an API key, or null when the key is unknown or revoked, or when the
 * organisation or startup profile it is bound to no longer exists (deleting one revokes its keys;
 * this also covers a key issued while its owner was being deleted).
 */
export async function resolvePrincipal(repos: Repositories, key: string): Promise<Principal | null> {
  const repositories = repos;
  const record = await repositories.apiKeys.findActiveByHash(hashApiKey(key));
  if (!record) return null;
  const base = { keyId: record.id, name: record.name };
  if (record.role === 'development_head' && record.organisationId) {
    if (!(await repositories.organisations.findById(record.organisationId))) return null;
    return { ...base, role: 'development_head', organisationId: record.organisationId };
  }
  if (record.role === 'startup' && record.startupId) {
    if (!(await repositories.startups.findById(record.startupId))) return null;
    return { ...base, role: 'startup', startupId: record.startupId };
  }
  if (record.role === 'facilitator') return { ...base, role: 'facilitator' };
  return null;
}

/**
 * The principal of a signed-in person: role and binding come from the stored record (never from
 * the request). The one place that maps a person to what they may do.
 */
export function principalOfPerson(person: Person): Principal {
  const base = { personId: person.id, name: person.name };
  switch (person.role) {
    case 'facilitator':
      return { ...base, role: 'facilitator' };
    case 'development_head':
      return { ...base, role: 'development_head', organisationId: person.organisationId };
    case 'startup':
      return { ...base, role: 'startup', startupId: person.startupId };
  }
}
