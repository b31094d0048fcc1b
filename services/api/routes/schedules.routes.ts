import { Router, type Request, type Response } from 'express';
import type { ServiceDeps } from '../../service-deps';
import {
  buildDraft,
  changePair,
  listPairings,
  publishDraft,
  readAgenda,
  readSchedule,
  recordCancellation,
  type Rendered,
  type ScheduleFormat,
} from '../../schedules';
import { principalOf } from '../middleware';

function send(res: Response, rendered: Rendered): void {
  if (rendered.kind === 'json') {
    res.json(rendered.value);
    return;
  }
  res.type(rendered.contentType);
  if (rendered.filename) res.attachment(rendered.filename);
  res.send(rendered.body);
}

/** Format from `?format=`, else the Accept header (text/csv, text/calendar, text/html), else JSON. */
function negotiated(req: Request, allowed: readonly ScheduleFormat[]): ScheduleFormat {
  const query = typeof req.query.format === 'string' ? req.query.format : undefined;
  if (query && (allowed as readonly string[]).includes(query)) return query as ScheduleFormat;
  const accept = req.get('accept') ?? '';
  if (allowed.includes('csv') && /text\/csv/.test(accept)) return 'csv';
  if (allowed.includes('ics') && /text\/calendar/.test(accept)) return 'ics';
  if (allowed.includes('html') && /text\/html/.test(accept) && !/application\/json/.test(accept)) return 'html';
  return 'json';
}

/**
 * Schedules of an event, mounted at the root: build, publish, cancellations, pins and bans
 * (facilitators), the schedule as JSON / CSV / iCalendar / HTML (facilitators) and a participant's
 * own agenda (JSON / iCalendar / HTML).
 */
export function createSchedulesRouter(deps: ServiceDeps): Router {
  const router = Router();
  router.post('/events/:id/schedule', async (req, res) => {
    res.status(201).json(await buildDraft(deps, principalOf(res), req.params.id, req.body));
  });
  router.post('/events/:id/schedule/publish', async (req, res) => {
    res.json(await publishDraft(deps, principalOf(res), req.params.id, req.body));
  });
  router.post('/events/:id/cancellations', async (req, res) => {
    res.status(201).json(await recordCancellation(deps, principalOf(res), req.params.id, req.body));
  });
  for (const kind of ['pins', 'bans'] as const) {
    router.post(`/events/:id/${kind}`, async (req, res) => {
      res.status(201).json(await changePair(deps, principalOf(res), req.params.id, kind, 'add', req.body));
    });
    router.delete(`/events/:id/${kind}`, async (req, res) => {
      res.json(await changePair(deps, principalOf(res), req.params.id, kind, 'remove', req.body));
    });
  }
  router.get('/events/:id/pairings', async (req, res) => {
    res.json(await listPairings(deps, principalOf(res), req.params.id));
  });
  router.get('/events/:id/schedule.csv', async (req, res) => {
    send(res, await readSchedule(deps, principalOf(res), req.params.id, req.query, 'csv', new Date()));
  });
  router.get('/events/:id/schedule.ics', async (req, res) => {
    send(res, await readSchedule(deps, principalOf(res), req.params.id, req.query, 'ics', new Date()));
  });
  router.get('/events/:id/schedule', async (req, res) => {
    const format = negotiated(req, ['json', 'csv', 'ics', 'html']);
    send(res, await readSchedule(deps, principalOf(res), req.params.id, req.query, format, new Date()));
  });
  router.get('/events/:id/agenda.ics', async (req, res) => {
    send(res, await readAgenda(deps, principalOf(res), req.params.id, req.query, 'ics', new Date()));
  });
  router.get('/events/:id/agenda', async (req, res) => {
    const format = negotiated(req, ['json', 'ics', 'html']) as 'json' | 'ics' | 'html';
    send(res, await readAgenda(deps, principalOf(res), req.params.id, req.query, format, new Date()));
  });
  return router;
}
