import {
  organisationCreateSchema,
  organisationListQuerySchema,
  organisationPatchSchema,
  type Organisation,
  type ListPage,
} from '../../models';
import { AppError } from '../app-error';
import { recordChange } from '../audit';
import { assertRole, type Principal } from '../auth';
import type { ServiceDeps } from '../service-deps';
import { parseInput } from '../validation';
import { notFound, unwrapVersioned, versionConflict } from '../versioning';

/** `POST /organisations` (facilitator). */
export async function createOrganisation(
  deps: ServiceDeps,
  principal: Principal,
  body: unknown,
): Promise<Organisation> {
  assertRole(principal, 'facilitator');
  const created = await deps.repos.organisations.create(parseInput(organisationCreateSchema, body));
  await recordChange(deps, principal, {
    action: 'create',
    record: { kind: 'organisation', id: created.id },
    after: created,
  });
  return created;
}

/** `GET /organisations/:id` (every role). */
export async function getOrganisation(
  deps: ServiceDeps,
  _principal: Principal,
  id: string,
): Promise<Organisation> {
  const organisation = await deps.repos.organisations.findById(id);
  if (!organisation) throw notFound('organisation', id);
  return organisation;
}

/** `GET /organisations` (every role). */
export async function listOrganisations(
  deps: ServiceDeps,
  _principal: Principal,
  query: unknown,
): Promise<ListPage<Organisation>> {
  const { limit, page, cursor, ...filters } = parseInput(organisationListQuerySchema, query, 'query');
  const organisations = deps.repos.organisations;
  return organisations.listPage(organisations.filterOf(filters), { limit, page, cursor });
}

/** `PATCH /organisations/:id` (facilitator) at `version`. */
export async function updateOrganisation(
  deps: ServiceDeps,
  principal: Principal,
  id: string,
  version: number,
  body: unknown,
): Promise<Organisation> {
  assertRole(principal, 'facilitator');
  const patch = parseInput(organisationPatchSchema, body);
  const before = await deps.repos.organisations.findById(id);
  const updated = unwrapVersioned(
    await deps.repos.organisations.update(id, version, patch),
    'organisation',
    id,
  );
  await recordChange(deps, principal, {
    action: 'update',
    record: { kind: 'organisation', id },
    before,
    after: updated,
  });
  return updated;
}

/**
 * `DELETE /organisations/:id` (facilitator) at `version`; 409 `organisation_in_use` while needs
 * or hosts refer to it (checked just before the delete, not atomically with it). Its development
 * heads' keys are revoked.
 */
export async function deleteOrganisation(
  deps: ServiceDeps,
  principal: Principal,
  id: string,
  version: number,
): Promise<Organisation> {
  assertRole(principal, 'facilitator');
  const { organisations, needs, hosts } = deps.repos;
  const current = await organisations.findById(id);
  if (!current) throw notFound('organisation', id);
  if (current.version !== version) throw versionConflict('organisation', current.version);
  const needCount = await needs.count({ organisationId: id });
  if (needCount > 0) {
    throw new AppError(
      'organisation_in_use',
      `${needCount} need(s) belong to this organisation; delete or move them first.`,
      { httpStatus: 409 },
    );
  }
  const hostCount = await hosts.count({ organisationId: id });
  if (hostCount > 0) {
    throw new AppError(
      'organisation_in_use',
      `${hostCount} host(s) belong to this organisation; delete them first.`,
      { httpStatus: 409 },
    );
  }
  const removed = unwrapVersioned(await organisations.remove(id, version), 'organisation', id);
  await deps.repos.apiKeys.revokeBoundTo({ organisationId: id }, new Date());
  await recordChange(deps, principal, {
    action: 'delete',
    record: { kind: 'organisation', id },
    before: removed,
  });
  return removed;
}
