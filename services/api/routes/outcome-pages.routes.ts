import express, { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { translator } from '../../../web/i18n';
import { messagePage, type FieldError, type PageContext } from '../../../web/pages';
import {
  OUTCOME_FIELD_MESSAGES,
  outcomeRecordPage,
  outcomesReportPage,
  type OutcomeFormValues,
  type OutcomePageMeeting,
} from '../../../web/pages/outcomes';
import { AppError } from '../../app-error';
import { principalOfPerson } from '../../auth';
import {
  openOutcomeLink,
  outcomeFormOf,
  readEventReport,
  recordOutcomeAs,
  type OutcomeForm,
  type OutcomeLink,
} from '../../outcomes';
import type { ServiceDeps } from '../../service-deps';
import { csrfTokenOf } from '../middleware/session.middleware';
import { contextOf, cookieLanguage, csrfRefused, sessionPeople } from './page-context';

/** What the outcome pages need. */
export interface OutcomePagesDeps extends ServiceDeps {
  logger: Logger;
}

/**
 * The pages of what came of an event's meetings: the facilitator's report at
 * `/app/events/:id/report`, server-rendered, Swedish first, with the figures of
 * `GET /events/:id/report` (the same use-case); and the page an e-mailed outcome link opens
 * (`/outcome?token=…`), where a participant records their side without signing in.
 */
export function createOutcomePagesRouter(deps: OutcomePagesDeps): Router {
  const router = Router();
  const people = deps.repos.people;

  const { requirePerson } = sessionPeople(people);

  router.get('/app/events/:id/report', async (req, res) => {
    const person = await requirePerson(req, res);
    if (!person) return;
    try {
      const report = await readEventReport(deps, principalOfPerson(person), req.params.id);
      res.send(outcomesReportPage(contextOf(req, person), report));
    } catch (error) {
      if (!(error instanceof AppError) || (error.httpStatus !== 403 && error.httpStatus !== 404)) throw error;
      const context = contextOf(req, person);
      res
        .status(error.httpStatus)
        .send(
          error.httpStatus === 403
            ? messagePage(context, 'errors.notAllowedTitle', 'errors.notAllowed')
            : messagePage(context, 'errors.notFoundTitle', 'errors.notFound'),
        );
    }
  });
  const form = express.urlencoded({ extended: false, limit: '16kb' });

  function linkContext(req: Request, link?: OutcomeLink): PageContext {
    const language = cookieLanguage(req) ?? link?.language ?? 'sv';
    return { language, t: translator(language), path: req.originalUrl, csrfToken: csrfTokenOf(req) };
  }

  function pageMeetingOf(link: OutcomeLink, view: OutcomeForm, expiresAt: Date): OutcomePageMeeting {
    return {
      eventName: view.eventName,
      needTitle: view.needTitle,
      hostName: view.hostName,
      startupName: view.startupName,
      date: view.meeting.date,
      start: view.meeting.start,
      end: view.meeting.end,
      side: link.side,
      otherName: link.side === 'startup' ? view.hostName : view.startupName,
      respondent: link.name,
      ...(view.current ? { answeredAt: view.current.recordedAt } : {}),
      expiresAt,
    };
  }

  /** The link behind the request's token with its meeting, or the page that says why there is none (sent). */
  async function openLink(
    req: Request,
    res: Response,
    secret: string,
  ): Promise<{ link: OutcomeLink; view: OutcomeForm; expiresAt: Date } | undefined> {
    const opened = await openOutcomeLink(deps.repos, secret, new Date());
    if (!opened.ok) {
      const expired = opened.reason === 'expired' || opened.reason === 'revoked';
      res
        .status(expired ? 410 : 404)
        .send(
          expired
            ? messagePage(linkContext(req), 'outcomes.record.expiredTitle', 'outcomes.record.expired')
            : messagePage(linkContext(req), 'outcomes.record.unknownTitle', 'outcomes.record.unknown'),
        );
      return undefined;
    }
    try {
      const view = await outcomeFormOf(deps, opened.link);
      return { link: opened.link, view, expiresAt: opened.expiresAt };
    } catch (error) {
      if (!(error instanceof AppError) || (error.httpStatus !== 404 && error.httpStatus !== 409)) throw error;
      res
        .status(410)
        .send(
          messagePage(linkContext(req, opened.link), 'outcomes.record.goneTitle', 'outcomes.record.gone'),
        );
      return undefined;
    }
  }

  // The link is the key to a person's answer: never kept by a cache.
  router.use('/outcome', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.get('/outcome', async (req, res) => {
    const secret = typeof req.query.token === 'string' ? req.query.token : '';
    const opened = await openLink(req, res, secret);
    if (!opened) return;
    const { link, view, expiresAt } = opened;
    const current = view.current;
    const values: OutcomeFormValues = current
      ? {
          attendance: current.attendance,
          ...(current.interest === undefined ? {} : { interest: current.interest }),
          ...(current.nextStep === undefined ? {} : { nextStep: current.nextStep }),
          ...(current.note === undefined ? {} : { note: current.note }),
        }
      : {};
    res.send(outcomeRecordPage(linkContext(req, link), secret, pageMeetingOf(link, view, expiresAt), values));
  });

  router.post('/outcome', form, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const text = (field: string) => (typeof body[field] === 'string' ? body[field] : undefined);
    const secret = text('token') ?? '';
    if (csrfRefused(req, res)) return;
    const opened = await openLink(req, res, secret);
    if (!opened) return;
    const { link, view, expiresAt } = opened;
    const values: OutcomeFormValues = {};
    for (const field of ['attendance', 'interest', 'nextStep', 'note'] as const) {
      const value = text(field);
      if (value !== undefined) values[field] = value;
    }
    const attendance = values.attendance;
    const note = values.note?.trim();
    // Interest and next step are asked "if the meeting took place": for another answer they do not apply.
    const held = attendance === 'held' || attendance === undefined;
    const answer = {
      ...(attendance === undefined ? {} : { attendance }),
      ...(attendance === 'no_show' ? { absent: [link.side === 'startup' ? 'host' : 'startup'] } : {}),
      ...(held && values.interest !== undefined ? { interest: values.interest } : {}),
      ...(held && values.nextStep !== undefined ? { nextStep: values.nextStep } : {}),
      ...(note ? { note } : {}),
    };
    const context = linkContext(req, link);
    try {
      const { outcome } = await recordOutcomeAs(deps, link, answer, new Date());
      const saved = pageMeetingOf(link, { ...view, current: outcome }, expiresAt);
      res.send(outcomeRecordPage(context, secret, saved, values, [], true));
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'validation_failed') throw error;
      const seen = new Set<string>();
      const errors: FieldError[] = [];
      for (const field of error.fields) {
        const key = OUTCOME_FIELD_MESSAGES[field.path];
        const id = field.path === 'absent' ? 'attendance' : field.path;
        if (key === undefined || seen.has(id)) continue;
        seen.add(id);
        errors.push({ field: id, message: context.t(key) });
      }
      res
        .status(400)
        .send(outcomeRecordPage(context, secret, pageMeetingOf(link, view, expiresAt), values, errors));
    }
  });
  return router;
}
