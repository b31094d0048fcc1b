export {
  recordChange,
  recordChangeBy,
  listAudit,
  actorOf,
  type AuditDeps,
  type ChangeToRecord,
  type AuditEntryView,
} from './audit.service';
export { diffRecords, isWithheld } from './audit-diff';
