import express, { Router, type Request, type Response } from 'express';
import type { MatchmakingEvent, Person, Pilot } from '../../../models';
import {
  answerWords,
  fieldErrorsOf,
  meetingFilterOf,
  meetingOutcomePage,
  meetingOutcomePath,
  meetingOutcomesPage,
  OUTCOME_FORM_MESSAGES,
  outcomeBodyOf,
  outcomeValuesOf,
  PILOT_FORM_MESSAGES,
  pilotBodyOf,
  pilotFormPage,
  pilotSummary,
  pilotsPage,
  pilotValuesOf,
  shownUnder,
  verdictWords,
  type FacilitatorMeeting,
  type FacilitatorOutcomeValues,
  type MeetingNames,
  type PilotFormValues,
} from '../../../web/pages/outcomes';
import { AppError } from '../../app-error';
import { principalOfPerson, type Principal } from '../../auth';
import {
  createPilot,
  getPilot,
  lastPublishedMeeting,
  listOutcomes,
  listPilots,
  recordOutcome,
  updatePilot,
  type MeetingOutcomes,
} from '../../outcomes';
import type { ServiceDeps } from '../../service-deps';
import { contextOf, csrfRefused, formText, notFoundPage, sessionPeople } from './page-context';

/** Where a meeting sits in the day: date, start, then table. */
function byTime(a: FacilitatorMeeting, b: FacilitatorMeeting): number {
  return (
    a.date.localeCompare(b.date) || a.start.localeCompare(b.start) || a.names.room.localeCompare(b.names.room)
  );
}

/** Whether `error` is a 404 or 409 of a thing that is not (or no longer) there. */
function isGone(error: unknown): boolean {
  return (
    error instanceof AppError &&
    (error.httpStatus === 404 || (error.httpStatus === 409 && error.code === 'meeting_not_published'))
  );
}

/**
 * The facilitator's pages of what came of an event's meetings (facilitators only; anybody else
 * gets the 403 page): every published meeting with each side's answer (`/app/events/:id/outcomes`),
 * one meeting's record with its history and the facilitator's form (`…/outcomes/:meetingId`), and
 * the event's pilots (`/app/events/:id/pilots`, `…/pilots/new?meetingId=`, `…/pilots/:pilotId`).
 * Every read and write goes through the use-cases of the API (`services/outcomes`), which check
 * the input, keep each answer's history and write the audit log.
 */
export function createFacilitatorOutcomePagesRouter(deps: ServiceDeps): Router {
  const router = Router();
  const repos = deps.repos;
  const form = express.urlencoded({ extended: false, limit: '16kb' });
  const { requirePerson } = sessionPeople(repos.people);

  /** The names of the meetings' needs, organisations, hosts, startups and tables. */
  async function namesOf(
    event: MatchmakingEvent,
    pairs: readonly { needId: string; startupId: string; roomId?: string }[],
  ): Promise<(pair: { needId: string; startupId: string; roomId?: string }) => MeetingNames> {
    const all = { limit: 5_000, page: 1 };
    const [needs, startups] = await Promise.all([
      repos.needs.list({ _id: { $in: [...new Set(pairs.map((p) => p.needId))] } }, all),
      repos.startups.list({ _id: { $in: [...new Set(pairs.map((p) => p.startupId))] } }, all),
    ]);
    const organisations = await repos.organisations.list(
      { _id: { $in: [...new Set(needs.items.map((need) => need.organisationId))] } },
      all,
    );
    const need = new Map(needs.items.map((n) => [n.id, n]));
    const startup = new Map(startups.items.map((s) => [s.id, s.name]));
    const organisation = new Map(organisations.items.map((o) => [o.id, o.name]));
    const room = new Map(event.rooms.map((r) => [r.id, r.name]));
    return (pair) => {
      const found = need.get(pair.needId);
      return {
        needTitle: found?.title ?? '',
        organisation: organisation.get(found?.organisationId ?? '') ?? '',
        hostName: found?.owner.name ?? '',
        startupName: startup.get(pair.startupId) ?? '',
        room: pair.roomId === undefined ? '' : (room.get(pair.roomId) ?? pair.roomId),
      };
    };
  }

  async function meetingsOf(
    event: MatchmakingEvent,
    principal: Principal,
    meetingId?: string,
  ): Promise<FacilitatorMeeting[]> {
    const { items } = await listOutcomes(deps, principal, event.id, meetingId);
    const names = await namesOf(
      event,
      items.map((item) => item.meeting),
    );
    return items
      .map(({ meeting, records, verdict }: MeetingOutcomes): FacilitatorMeeting => ({
        id: meeting.id,
        date: meeting.date,
        start: meeting.start,
        end: meeting.end,
        names: names(meeting),
        records,
        verdict,
      }))
      .sort(byTime);
  }

  /** One published meeting, or undefined when it is not (or no longer) in the published schedule. */
  async function meetingOf(
    event: MatchmakingEvent,
    principal: Principal,
    meetingId: string,
  ): Promise<FacilitatorMeeting | undefined> {
    try {
      return (await meetingsOf(event, principal, meetingId))[0];
    } catch (error) {
      if (isGone(error)) return undefined;
      throw error;
    }
  }

  /** Every pilot of the event, page by page. */
  async function pilotsOf(principal: Principal, eventId: string): Promise<Pilot[]> {
    const found: Pilot[] = [];
    let cursor: string | null = null;
    do {
      const result = await listPilots(deps, principal, {
        eventId,
        limit: '100',
        ...(cursor ? { cursor } : {}),
      });
      found.push(...result.items);
      cursor = result.nextCursor;
    } while (cursor !== null);
    return found;
  }

  /** The signed-in facilitator and the event of the path, or undefined when a page has been sent. */
  async function facilitatorAndEvent(
    req: Request,
    res: Response,
  ): Promise<{ person: Person; principal: Principal; event: MatchmakingEvent } | undefined> {
    const person = await requirePerson(req, res, 'facilitator');
    if (!person) return undefined;
    const event = await repos.events.findById(String(req.params.id ?? ''));
    if (!event) {
      notFoundPage(req, res, person);
      return undefined;
    }
    return { person, principal: principalOfPerson(person), event };
  }

  function takeFlash(req: Request): string | undefined {
    const flash = req.session.flash;
    delete req.session.flash;
    return flash;
  }

  router.get('/app/events/:id/outcomes', async (req, res) => {
    const found = await facilitatorAndEvent(req, res);
    if (!found) return;
    const { person, principal, event } = found;
    const filter = meetingFilterOf(req.query.show);
    const meetings = await meetingsOf(event, principal);
    res.send(
      meetingOutcomesPage(contextOf(req, person), {
        event: { id: event.id, name: event.name },
        meetings: meetings.filter((meeting) => shownUnder(filter, meeting)),
        total: meetings.length,
        filter,
      }),
    );
  });

  router.get('/app/events/:id/outcomes/:meetingId', async (req, res) => {
    const found = await facilitatorAndEvent(req, res);
    if (!found) return;
    const { person, principal, event } = found;
    const meeting = await meetingOf(event, principal, req.params.meetingId);
    if (!meeting) {
      notFoundPage(req, res, person);
      return;
    }
    const own = meeting.records.find((record) => record.side === 'facilitator');
    const pilots = (await pilotsOf(principal, event.id)).filter((pilot) => pilot.meetingId === meeting.id);
    const saved = takeFlash(req);
    res.send(
      meetingOutcomePage(contextOf(req, person), {
        event: { id: event.id, name: event.name },
        meeting,
        pilots,
        values: outcomeValuesOf(own),
        ...(own ? { version: own.version } : {}),
        ...(saved === undefined ? {} : { saved }),
      }),
    );
  });

  router.post('/app/events/:id/outcomes/:meetingId', form, async (req, res) => {
    const found = await facilitatorAndEvent(req, res);
    if (!found || csrfRefused(req, res, found.person)) return;
    const { person, principal, event } = found;
    const context = contextOf(req, person);
    const meetingId = req.params.meetingId;
    const absent = (req.body as Record<string, unknown>).absent;
    const values: FacilitatorOutcomeValues = {
      absent: (Array.isArray(absent) ? absent : [absent]).filter((v): v is string => typeof v === 'string'),
    };
    for (const field of ['attendance', 'interest', 'nextStep', 'note'] as const) {
      const value = formText(req, field);
      if (value !== undefined) values[field] = value;
    }
    const versionText = formText(req, 'version');
    const typedVersion = versionText === undefined ? undefined : Number(versionText);
    /** The page again with what was typed, the latest stored records and the problem. */
    const showAgain = async (
      status: number,
      problem: { errors?: ReturnType<typeof fieldErrorsOf>; conflict?: boolean },
    ) => {
      const meeting = await meetingOf(event, principal, meetingId);
      if (!meeting) {
        notFoundPage(req, res, person);
        return;
      }
      const own = meeting.records.find((record) => record.side === 'facilitator');
      const pilots = (await pilotsOf(principal, event.id)).filter((pilot) => pilot.meetingId === meeting.id);
      // After a conflict the form carries the stored version, so saving again replaces it knowingly.
      const version = problem.conflict ? own?.version : typedVersion;
      res.status(status).send(
        meetingOutcomePage(context, {
          event: { id: event.id, name: event.name },
          meeting,
          pilots,
          values,
          ...(version === undefined ? {} : { version }),
          ...problem,
        }),
      );
    };
    try {
      const { outcome } = await recordOutcome(deps, principal, {
        eventId: event.id,
        meetingId,
        side: 'facilitator',
        body: outcomeBodyOf(values),
        ...(typedVersion === undefined ? {} : { expectedVersion: typedVersion }),
        via: 'session',
        now: new Date(),
      });
      const after = await meetingOf(event, principal, meetingId);
      req.session.flash = context.t('outcomes.meeting.saved', {
        answer: answerWords(context.t, outcome),
        verdict: after ? verdictWords(context.t, after.verdict) : '',
      });
      res.redirect(303, meetingOutcomePath(event.id, meetingId));
    } catch (error) {
      if (error instanceof AppError && error.code === 'validation_failed') {
        await showAgain(400, {
          errors: fieldErrorsOf(context.t, error.fields, OUTCOME_FORM_MESSAGES, { absent: 'absent-host' }),
        });
        return;
      }
      if (error instanceof AppError && error.code === 'version_conflict') {
        await showAgain(409, { conflict: true });
        return;
      }
      if (isGone(error)) {
        notFoundPage(req, res, person);
        return;
      }
      throw error;
    }
  });

  router.get('/app/events/:id/pilots', async (req, res) => {
    const found = await facilitatorAndEvent(req, res);
    if (!found) return;
    const { person, principal, event } = found;
    const pilots = await pilotsOf(principal, event.id);
    const names = await namesOf(event, pilots);
    res.send(
      pilotsPage(contextOf(req, person), {
        event: { id: event.id, name: event.name },
        pilots: pilots.map((pilot) => ({ pilot, names: names(pilot) })),
        flash: takeFlash(req),
      }),
    );
  });

  function typedPilot(req: Request): PilotFormValues {
    const values: PilotFormValues = {};
    for (const field of ['budgetKSek', 'start', 'end', 'status', 'learnings'] as const) {
      const value = formText(req, field);
      if (value !== undefined) values[field] = value;
    }
    return values;
  }

  router.get('/app/events/:id/pilots/new', async (req, res) => {
    const found = await facilitatorAndEvent(req, res);
    if (!found) return;
    const { person, principal, event } = found;
    const meetingId = typeof req.query.meetingId === 'string' ? req.query.meetingId : '';
    const meeting = meetingId === '' ? undefined : await meetingOf(event, principal, meetingId);
    if (!meeting) {
      notFoundPage(req, res, person);
      return;
    }
    res.send(
      pilotFormPage(contextOf(req, person), {
        event: { id: event.id, name: event.name },
        meeting,
        values: { status: 'proposed' },
      }),
    );
  });

  router.post('/app/events/:id/pilots', form, async (req, res) => {
    const found = await facilitatorAndEvent(req, res);
    if (!found || csrfRefused(req, res, found.person)) return;
    const { person, principal, event } = found;
    const context = contextOf(req, person);
    const meetingId = formText(req, 'meetingId') ?? '';
    const meeting = await meetingOf(event, principal, meetingId);
    if (!meeting) {
      notFoundPage(req, res, person);
      return;
    }
    const values = typedPilot(req);
    try {
      const pilot = await createPilot(
        deps,
        principal,
        pilotBodyOf(values, { link: { eventId: event.id, meetingId } }),
      );
      req.session.flash = context.t('outcomes.pilots.created', { summary: pilotSummary(context, pilot) });
      res.redirect(303, `/app/events/${event.id}/pilots/${pilot.id}`);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'validation_failed') throw error;
      res.status(400).send(
        pilotFormPage(context, {
          event: { id: event.id, name: event.name },
          meeting,
          values,
          errors: fieldErrorsOf(context.t, error.fields, PILOT_FORM_MESSAGES, { eventId: 'meetingId' }),
        }),
      );
    }
  });

  /**
   * The pilot of the path with its meeting: from the published schedule, else (`offSchedule`) as it
   * was last published, with its names.
   */
  async function pilotAndMeeting(
    req: Request,
    res: Response,
  ): Promise<
    | {
        person: Person;
        principal: Principal;
        event: MatchmakingEvent;
        pilot: Pilot;
        meeting: FacilitatorMeeting;
        offSchedule: boolean;
      }
    | undefined
  > {
    const found = await facilitatorAndEvent(req, res);
    if (!found) return undefined;
    const { person, principal, event } = found;
    let pilot: Pilot;
    try {
      pilot = await getPilot(deps, principal, String(req.params.pilotId ?? ''));
    } catch (error) {
      if (!isGone(error)) throw error;
      notFoundPage(req, res, person);
      return undefined;
    }
    if (pilot.eventId !== event.id) {
      notFoundPage(req, res, person);
      return undefined;
    }
    const scheduled = await meetingOf(event, principal, pilot.meetingId);
    if (scheduled) return { ...found, pilot, meeting: scheduled, offSchedule: false };
    const last = await lastPublishedMeeting(deps, event.id, pilot.meetingId);
    const meeting: FacilitatorMeeting = {
      id: pilot.meetingId,
      date: last?.date ?? '',
      start: last?.start ?? '',
      end: last?.end ?? '',
      names: (await namesOf(event, [pilot]))(pilot),
      records: [],
      verdict: { attendance: 'held', absent: [], nextStep: null, followUp: false, recorded: false },
    };
    return { ...found, pilot, meeting, offSchedule: true };
  }

  router.get('/app/events/:id/pilots/:pilotId', async (req, res) => {
    const found = await pilotAndMeeting(req, res);
    if (!found) return;
    const { person, event, pilot, meeting, offSchedule } = found;
    res.send(
      pilotFormPage(contextOf(req, person), {
        event: { id: event.id, name: event.name },
        meeting,
        offSchedule,
        pilot,
        values: pilotValuesOf(pilot),
        saved: takeFlash(req),
      }),
    );
  });

  router.post('/app/events/:id/pilots/:pilotId', form, async (req, res) => {
    const found = await pilotAndMeeting(req, res);
    if (!found || csrfRefused(req, res, found.person)) return;
    const { person, principal, event, pilot, meeting, offSchedule } = found;
    const context = contextOf(req, person);
    const values = typedPilot(req);
    const version = Number(formText(req, 'version'));
    try {
      const updated = await updatePilot(
        deps,
        principal,
        pilot.id,
        version,
        pilotBodyOf(values, { hadLearnings: pilot.learnings !== undefined }),
      );
      req.session.flash = context.t('outcomes.pilots.updated', { summary: pilotSummary(context, updated) });
      res.redirect(303, `/app/events/${event.id}/pilots/${pilot.id}`);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const conflict = error.code === 'version_conflict';
      if (!conflict && error.code !== 'validation_failed') throw error;
      // The form shows the stored pilot's version: after a conflict, saving again replaces the other change.
      const shown = conflict
        ? pilot
        : { ...pilot, version: Number.isInteger(version) ? version : pilot.version };
      res.status(conflict ? 409 : 400).send(
        pilotFormPage(context, {
          event: { id: event.id, name: event.name },
          meeting,
          offSchedule,
          pilot: shown,
          values,
          ...(conflict
            ? { conflict: true }
            : { errors: fieldErrorsOf(context.t, error.fields, PILOT_FORM_MESSAGES) }),
        }),
      );
    }
  });

  return router;
}
