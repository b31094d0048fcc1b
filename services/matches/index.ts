export { listNeedMatches, listStartupMatches, type MatchList } from './match-read.service';
export { createRecomputeService, type RecomputeService, type RecomputeOutcome } from './recompute.service';
export { createReconcileService, type ReconcileService, type ReconcileReport } from './reconcile.service';
export { MatchEngine, type MatchEngineDeps } from './match-engine';
export { createChangeLog, type ChangeLog, type LogEntry } from './change-log';
export { createNeedLock, type NeedLock } from './need-lock';
