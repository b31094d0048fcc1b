export { connectDatabase, type ConnectDatabaseOptions } from './connection';
export { getRepositories, ensureIndexes, type Repositories } from './repositories';
export { openDatabase, databaseOf, type Database } from './database';
export { isDuplicateKey, isOnlyDuplicateKeys } from './duplicate-key';
export {
  createRankingStore,
  rankingIdOf,
  type RankingStore,
  type NeedRankingRecord,
  type StartupAppliedRecord,
  type IndexEntry,
  type RankingIndex,
} from './ranking-store';
export { StaleFenceError } from './ranking-errors';
export { shardOf } from './shard';
export {
  packRanking,
  rankingOf,
  stateIdOf,
  type RankingEntry,
  type RecomputeStateRecord,
} from './recompute-state.model';
export {
  createEntitySource,
  type EntitySource,
  type StoredNeed,
  type StoredStartup,
  type StoredVersion,
} from './entity-source';
export { createModelStore, type ModelStore, type CurrentModel } from './model-store';
export { BULK_WRITE_CHUNK, chunkedBulkWrite } from './ferretdb/chunked-bulk-write';
export {
  objectIdSchema,
  languageSchema,
  isoDateSchema,
  wallTimeSchema,
  emailSchema,
  erasedAddress,
  isErasedAddress,
  contactSchema,
  tagsSchema,
  minutesOfDay,
  type Language,
  type Contact,
} from './common.schema';
export {
  pageQuerySchema,
  listQuerySchema,
  emptyListPage,
  escapeRegExp,
  MAX_PAGE_LIMIT,
  DEFAULT_PAGE_LIMIT,
  type Page,
  type PageQuery,
  type ListPage,
  type ListPageQuery,
} from './pagination.schema';
export type { StoredFields } from './to-plain';
export {
  ClaimExpiredError,
  VersionClaims,
  VERSION_CLAIMS_COLLECTION,
  STALE_CLAIM_MS,
} from './ferretdb/version-claims';
export {
  createVersionedRepository,
  textFilter,
  type VersionedWriteResult,
  type VersionedRepository,
  type Filter,
} from './versioned-repository';
export {
  organisationCreateSchema,
  organisationPatchSchema,
  organisationListQuerySchema,
  organisationKindSchema,
  type Organisation,
  type OrganisationCreateInput,
  type OrganisationPatchInput,
  type OrganisationListQuery,
} from './organisation.schema';
export type { OrganisationRepository } from './organisation.repository';
export {
  hostCreateSchema,
  hostPatchSchema,
  hostListQuerySchema,
  type Host,
  type HostCreateInput,
  type HostPatchInput,
  type HostListQuery,
} from './host.schema';
export type { HostRepository, HostForOrganisation } from './host.repository';
export { migrateNeedOwnersToHosts, type NeedOwnerMigrationReport } from './need-owner-migration';
export {
  needCreateSchema,
  needPatchSchema,
  needListQuerySchema,
  needStatusSchema,
  budgetSekSchema,
  timeframeSchema,
  type Need,
  type NeedStatus,
  type NeedCreateInput,
  type NeedPatchInput,
  type NeedListQuery,
} from './need.schema';
export type { NeedRepository, NeedCreateRecord, NeedPatchRecord } from './need.repository';
export {
  startupCreateSchema,
  startupPatchSchema,
  startupListQuerySchema,
  startupStageSchema,
  startupStatusSchema,
  statusOfStartup,
  referenceSchema,
  type Startup,
  type StartupStatus,
  type StartupRegistration,
  type StartupCreateInput,
  type StartupPatchInput,
  type StartupListQuery,
} from './startup.schema';
export type { StartupRepository, StartupCreateRecord } from './startup.repository';
export {
  eventCreateSchema,
  eventPatchSchema,
  eventListQuerySchema,
  enrolmentSchema,
  signUpSlugSchema,
  availabilitySchema,
  availabilityWindowSchema,
  type MatchmakingEvent,
  type EventCreateInput,
  type EventPatchInput,
  type EventListQuery,
  type EnrolmentInput,
  type Availability,
} from './event.schema';
export type { EventRepository } from './event.repository';
export {
  apiKeyCreateSchema,
  roleSchema,
  type ApiKey,
  type ApiKeyCreateInput,
  type Role,
} from './api-key.schema';
export type { ApiKeyRepository } from './api-key.repository';
export { personCreateSchema, type Person, type PersonCreateInput } from './person.schema';
export type { PersonRepository } from './person.repository';
export { tokenPurposeSchema, type Token, type TokenPurpose } from './token.schema';
export type { TokenRepository } from './token.repository';
export {
  registrationSchema,
  parseOrganisationsnummer,
  registrationKeyOf,
  ORGNR_FORMAT_MESSAGE,
  ORGNR_CHECKSUM_MESSAGE,
  type Registration,
  type RegistrationInput,
} from './registration.schema';
export type { RegistrationClaimRepository } from './registration-claim.repository';
export type { AddressChange, AddressChangeRepository } from './address-change.repository';
export {
  outcomeBodySchema,
  outcomeSideSchema,
  attendanceSchema,
  participantSideSchema,
  interestSchema,
  nextStepSchema,
  outcomeKeyOf,
  OUTCOME_NOTE_MAX,
  type Outcome,
  type OutcomeBody,
  type OutcomeEntry,
  type OutcomeAuthor,
  type OutcomeSide,
  type Attendance,
  type ParticipantSide,
  type Interest,
  type NextStep,
} from './outcome.schema';
export type { OutcomeRepository, OutcomeIdentity, AuthorScope } from './outcome.repository';
export {
  pilotCreateSchema,
  pilotPatchSchema,
  pilotListQuerySchema,
  pilotStatusSchema,
  PILOT_BUDGET_MAX_KSEK,
  type Pilot,
  type PilotStatus,
  type PilotCreateInput,
  type PilotPatchInput,
  type PilotListQuery,
} from './pilot.schema';
export type { PilotRepository } from './pilot.repository';
export {
  auditListQuerySchema,
  type AuditEntry,
  type AuditEntryInput,
  type AuditActor,
  type AuditChange,
  type AuditRecordRef,
  type AuditListQuery,
} from './audit.schema';
export type { AuditRepository, AuditFilter } from './audit.repository';
export type {
  Match,
  AppliedState,
  CurrentRanking,
  MatchRepository,
  NeedRankingRead,
  RankingsRead,
} from './match.repository';
export type {
  ScheduleRepository,
  ScheduleVersion,
  SchedulePointer,
  CancellationDetails,
  NewScheduleVersion,
  PointerChange,
  PointerWrite,
} from './schedule.repository';
export type { CancellationRecord } from './pairing.model';
export { embeddingKey, type EmbeddingRepository } from './embedding.repository';
export { type DenseStatus, type DenseStatusRepository } from './dense-status.repository';
