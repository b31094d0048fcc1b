import type { Connection } from 'mongoose';
import { organisationModelOf } from './organisation.model';
import type {
  Organisation,
  OrganisationCreateInput,
  OrganisationListQuery,
  OrganisationPatchInput,
} from './organisation.schema';
import {
  createVersionedRepository,
  textFilter,
  type Filter,
  type VersionedRepository,
} from './versioned-repository';

/** Organisations: versioned CRUD plus the list filters of `GET /organisations`. */
export interface OrganisationRepository extends VersionedRepository<
  Organisation,
  OrganisationCreateInput,
  OrganisationPatchInput
> {
  filterOf(query: Omit<OrganisationListQuery, 'limit' | 'page'>): Filter;
}

/** The organisation repository on `conn`. */
export function createOrganisationRepository(conn: Connection): OrganisationRepository {
  return {
    ...createVersionedRepository<Organisation, OrganisationCreateInput, OrganisationPatchInput>(
      organisationModelOf(conn),
    ),
    filterOf(query) {
      const filter: Filter = { ...textFilter(query.q, ['name']) };
      if (query.kind) filter.kind = query.kind;
      return filter;
    },
  };
}
