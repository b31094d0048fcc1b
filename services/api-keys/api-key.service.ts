import { apiKeyCreateSchema, type ApiKey, type Repositories } from '../../models';
import { AppError } from '../app-error';
import { recordChange, type AuditDeps } from '../audit';
import { assertRole, generateApiKey, type Principal } from '../auth';
import { invalidFields, parseInput } from '../validation';

/** A new key: `key` is shown once and never stored. */
export interface IssuedApiKey extends ApiKey {
  key: string;
}

/**
 * Issues a key for a role (binding checked: the organisation or startup profile must exist).
 * Used by `POST /api-keys` and `scripts/create-key.ts`.
 */
export async function issueApiKey(repos: Repositories, body: unknown): Promise<IssuedApiKey> {
  const input = parseInput(apiKeyCreateSchema, body);
  const repositories = repos;
  if (
    input.role === 'development_head' &&
    !(await repositories.organisations.findById(input.organisationId))
  ) {
    throw invalidFields([
      { path: 'organisationId', message: `no organisation with id ${input.organisationId}` },
    ]);
  }
  if (input.role === 'startup' && !(await repositories.startups.findById(input.startupId))) {
    throw invalidFields([{ path: 'startupId', message: `no startup profile with id ${input.startupId}` }]);
  }
  const { key, keyHash, prefix } = generateApiKey();
  const stored = await repositories.apiKeys.create({ ...input, keyHash, prefix });
  return { ...stored, key };
}

/** `POST /api-keys` (facilitator). */
export async function createApiKey(
  deps: AuditDeps,
  principal: Principal,
  body: unknown,
): Promise<IssuedApiKey> {
  assertRole(principal, 'facilitator');
  const issued = await issueApiKey(deps.repos, body);
  const { key: _secret, ...stored } = issued;
  await recordChange(deps, principal, {
    action: 'create',
    record: { kind: 'api_key', id: stored.id },
    after: stored,
  });
  return issued;
}

/** `GET /api-keys` (facilitator): every key without its secret. */
export async function listApiKeys(repos: Repositories, principal: Principal): Promise<{ items: ApiKey[] }> {
  assertRole(principal, 'facilitator');
  return { items: await repos.apiKeys.list() };
}

/** `DELETE /api-keys/:id` (facilitator): the key stops working at once. */
export async function revokeApiKey(
  deps: AuditDeps,
  principal: Principal,
  id: string,
  now: Date,
): Promise<void> {
  assertRole(principal, 'facilitator');
  if (!(await deps.repos.apiKeys.revoke(id, now))) {
    throw new AppError('not_found', `No API key with id ${id}.`, { httpStatus: 404 });
  }
  await recordChange(
    deps,
    principal,
    {
      action: 'revoke',
      record: { kind: 'api_key', id },
      changes: [{ path: 'revokedAt', after: now.toISOString() }],
    },
    now,
  );
}
