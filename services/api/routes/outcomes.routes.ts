import { Router, type Request } from 'express';
import {
  createPilot,
  getPilot,
  listOutcomes,
  listPilots,
  readEventReport,
  recordOutcome,
  renderReportCsv,
  updatePilot,
} from '../../outcomes';
import type { ServiceDeps } from '../../service-deps';
import { expectedVersion, principalOf, setVersionTag } from '../middleware';

/** `If-Match` when sent (then a stale version is 409), else undefined. */
function optionalVersion(req: Request): number | undefined {
  return req.get('if-match') === undefined ? undefined : expectedVersion(req);
}

/**
 * What came of published meetings and the pilots they led to, mounted at the root: each side's
 * outcome of a meeting (`PUT /events/:id/meetings/:meetingId/outcomes/:side`, `If-Match` optional:
 * every earlier answer is kept in the record's history), the outcomes of an event, pilots, and the
 * event's report (`GET /events/:id/report`, JSON, or CSV with `?format=csv` / `Accept: text/csv`).
 */
export function createOutcomesRouter(deps: ServiceDeps): Router {
  const router = Router();
  router.get('/events/:id/outcomes', async (req, res) => {
    const meetingId = typeof req.query.meetingId === 'string' ? req.query.meetingId : undefined;
    res.json(await listOutcomes(deps, principalOf(res), req.params.id, meetingId));
  });
  router.put('/events/:id/meetings/:meetingId/outcomes/:side', async (req, res) => {
    const principal = principalOf(res);
    const expected = optionalVersion(req);
    const { outcome, created } = await recordOutcome(deps, principal, {
      eventId: req.params.id,
      meetingId: req.params.meetingId,
      side: req.params.side,
      body: req.body,
      ...(expected === undefined ? {} : { expectedVersion: expected }),
      via: principal.keyId === undefined ? 'session' : 'key',
      now: new Date(),
    });
    setVersionTag(res, outcome.version);
    res.status(created ? 201 : 200).json(outcome);
  });
  router.get('/events/:id/report', async (req, res) => {
    const report = await readEventReport(deps, principalOf(res), req.params.id);
    const wantsCsv =
      req.query.format === 'csv' ||
      (req.query.format === undefined && /text\/csv/.test(req.get('accept') ?? ''));
    if (!wantsCsv) {
      res.json(report);
      return;
    }
    res.type('text/csv; charset=utf-8');
    res.attachment(`report-${report.event.id}.csv`);
    res.send(renderReportCsv(report));
  });
  router.get('/pilots', async (req, res) => {
    res.json(await listPilots(deps, principalOf(res), req.query));
  });
  router.post('/pilots', async (req, res) => {
    const pilot = await createPilot(deps, principalOf(res), req.body);
    setVersionTag(res, pilot.version);
    res.status(201).location(`/pilots/${pilot.id}`).json(pilot);
  });
  router.get('/pilots/:id', async (req, res) => {
    const pilot = await getPilot(deps, principalOf(res), req.params.id);
    setVersionTag(res, pilot.version);
    res.json(pilot);
  });
  router.patch('/pilots/:id', async (req, res) => {
    const pilot = await updatePilot(deps, principalOf(res), req.params.id, expectedVersion(req), req.body);
    setVersionTag(res, pilot.version);
    res.json(pilot);
  });
  return router;
}
