import type { Connection } from 'mongoose';
import { apiKeyModelOf } from './api-key.model';
import { createApiKeyRepository, type ApiKeyRepository } from './api-key.repository';
import { eventModelOf } from './event.model';
import { hostModelOf } from './host.model';
import { createHostRepository, type HostRepository } from './host.repository';
import { createMatchRepository, type MatchRepository } from './match.repository';
import { createEmbeddingRepository, type EmbeddingRepository } from './embedding.repository';
import { createDenseStatusRepository, type DenseStatusRepository } from './dense-status.repository';
import { createEntitySource, type EntitySource } from './entity-source';
import { createModelStore, type ModelStore } from './model-store';
import { createRankingStore, type RankingStore } from './ranking-store';
import { createEventRepository, type EventRepository } from './event.repository';
import { needModelOf } from './need.model';
import { createNeedRepository, type NeedRepository } from './need.repository';
import { organisationModelOf } from './organisation.model';
import { createOrganisationRepository, type OrganisationRepository } from './organisation.repository';
import { personModelOf } from './person.model';
import { createScheduleRepository, type ScheduleRepository } from './schedule.repository';
import {
  createRegistrationClaimRepository,
  type RegistrationClaimRepository,
} from './registration-claim.repository';
import { createPersonRepository, type PersonRepository } from './person.repository';
import { startupModelOf } from './startup.model';
import { createStartupRepository, type StartupRepository } from './startup.repository';
import { tokenModelOf } from './token.model';
import { createTokenRepository, type TokenRepository } from './token.repository';
import { outcomeModelOf } from './outcome.model';
import { createOutcomeRepository, type OutcomeRepository } from './outcome.repository';
import { pilotModelOf } from './pilot.model';
import { createPilotRepository, type PilotRepository } from './pilot.repository';
import { auditModelOf } from './audit.model';
import { createAuditRepository, type AuditRepository } from './audit.repository';
import { createAddressChangeRepository, type AddressChangeRepository } from './address-change.repository';

/** The repositories of organisations, hosts, needs, startups, events, API keys, people, tokens, registration claims, matches and schedules on one connection. */
export interface Repositories {
  organisations: OrganisationRepository;
  hosts: HostRepository;
  needs: NeedRepository;
  startups: StartupRepository;
  events: EventRepository;
  apiKeys: ApiKeyRepository;
  people: PersonRepository;
  tokens: TokenRepository;
  registrationClaims: RegistrationClaimRepository;
  outcomes: OutcomeRepository;
  pilots: PilotRepository;
  /** The append-only audit log of changes (no update or delete). */
  audit: AuditRepository;
  /** Rankings as the matches workers stored them (read side). */
  matches: MatchRepository;
  /** Schedule drafts, published versions, pins, bans and cancellations. */
  schedules: ScheduleRepository;
  /** Embedding vectors, keyed by model, side and text (services/embeddings). */
  embeddings: EmbeddingRepository;
  /** Whether the dense channel is degraded (embedding service down or slow), as the workers last recorded it. */
  denseStatus: DenseStatusRepository;
  /** The matches workers' fenced ranking indexes, ranking documents and applied versions (write side). */
  rankings: RankingStore;
  /** Needs and profiles as scoring reads them (the matches workers). */
  scoringInput: EntitySource;
  /** The shared, fitted scoring model. */
  scoringModels: ModelStore;
  /** Hosts' e-mail changes still being carried to the records the address keys. */
  addressChanges: AddressChangeRepository;
}

const cache = new WeakMap<Connection, Repositories>();

/** The repositories on `conn`, built once per connection (models are compiled on that connection, not the global one). */
export function getRepositories(conn: Connection): Repositories {
  let repositories = cache.get(conn);
  if (!repositories) {
    const needs = createNeedRepository(conn);
    const startups = createStartupRepository(conn);
    repositories = {
      organisations: createOrganisationRepository(conn),
      hosts: createHostRepository(conn),
      needs,
      startups,
      events: createEventRepository(conn),
      apiKeys: createApiKeyRepository(conn),
      people: createPersonRepository(conn),
      tokens: createTokenRepository(conn),
      registrationClaims: createRegistrationClaimRepository(conn),
      outcomes: createOutcomeRepository(conn),
      pilots: createPilotRepository(conn),
      audit: createAuditRepository(conn),
      matches: createMatchRepository(conn),
      schedules: createScheduleRepository(conn),
      embeddings: createEmbeddingRepository(conn),
      denseStatus: createDenseStatusRepository(conn),
      rankings: createRankingStore(conn),
      scoringInput: createEntitySource(needs, startups),
      scoringModels: createModelStore(conn),
      addressChanges: createAddressChangeRepository(conn),
    };
    cache.set(conn, repositories);
  }
  return repositories;
}

/**
 * Creates the collections' indexes (the unique key hash among them); call once after connecting.
 * Explicit because {@link connectDatabase} turns mongoose's background autoIndex off.
 */
export async function ensureIndexes(conn: Connection): Promise<void> {
  const models = [
    organisationModelOf(conn),
    hostModelOf(conn),
    needModelOf(conn),
    startupModelOf(conn),
    eventModelOf(conn),
    apiKeyModelOf(conn),
    personModelOf(conn),
    tokenModelOf(conn),
    outcomeModelOf(conn),
    pilotModelOf(conn),
    auditModelOf(conn),
  ];
  await Promise.all(models.map((model) => model.createIndexes()));
}
