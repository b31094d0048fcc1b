import express, { Router } from 'express';
import { type Person } from '../../../models';
import type { PageContext } from '../../../web/pages';
import { myAgendaPage, printableAgendaPage, type AgendaEventView } from '../../../web/pages/agenda';
import { AppError } from '../../app-error';
import { principalOfPerson } from '../../auth';
import { activeCalendarLink, calendarUrls, issueCalendarLink, revokeCalendarLinks } from '../../calendars';
import { zonedTimeToUtc } from '../../exports';
import { eventAgenda, personalAgenda, type EventAgenda } from '../../schedules';
import type { ServiceDeps } from '../../service-deps';
import { contextOf, csrfRefused, notFoundPage, sessionPeople } from './page-context';

declare module 'express-session' {
  interface SessionData {
    /** A calendar address just made, shown once on the agenda page (only its hash is stored). */
    calendarUrl?: { web: string; webcal: string };
  }
}

/** What the agenda pages need besides the use-cases' dependencies. */
export interface AgendaPagesDeps extends ServiceDeps {
  /** Origin of the calendar addresses (config `PUBLIC_URL`). */
  publicUrl: string;
}

/** The meetings of an agenda that take place (cancelled ones are left to the calendar feed), ready to show. */
export function agendaViewOf(agenda: EventAgenda): AgendaEventView {
  const { event, labels } = agenda;
  return {
    id: event.id,
    name: event.name,
    meetings: agenda.entries
      .filter((entry) => entry.status === 'CONFIRMED')
      .map(({ meeting }) => {
        const need = labels.needs.get(meeting.needId);
        const startup = labels.startups.get(meeting.startupId);
        return {
          startsAt: zonedTimeToUtc(meeting.date, meeting.start, event.timezone),
          endsAt: zonedTimeToUtc(meeting.date, meeting.end, event.timezone),
          room: labels.rooms.get(meeting.roomId) ?? meeting.roomId,
          needTitle: need?.title ?? '',
          organisation: need?.organisation ?? '',
          host: {
            ...(need?.hostName === undefined ? {} : { name: need.hostName }),
            ...(need?.hostEmail === undefined ? {} : { email: need.hostEmail }),
            ...(need?.hostPhone === undefined ? {} : { phone: need.hostPhone }),
          },
          startup: { name: startup?.name ?? '', ...(startup?.contact ? { contact: startup.contact } : {}) },
        };
      }),
  };
}

function versionOf(value: unknown): 'published' | 'draft' | number | undefined {
  if (value === 'published' || value === 'draft') return value;
  if (typeof value === 'string' && /^[1-9]\d{0,8}$/.test(value)) return Number(value);
  return undefined;
}

/**
 * "Min agenda" (`/app/agenda`) of a development head or a startup with its calendar link
 * (create or renew, revoke), the printable agenda of that person (`/app/agenda/print`) and of an
 * event (`/app/events/:id/print`, facilitators; `?version=draft|published|N`). Signed in, Swedish
 * first; contacts as services/visibility allows.
 */
export function createAgendaPagesRouter(deps: AgendaPagesDeps): Router {
  const { repos } = deps;
  const repositories = repos;
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '4kb' });

  const { requirePerson } = sessionPeople(repositories.people);

  async function leadOf(person: Person, context: PageContext): Promise<string> {
    if (person.role === 'development_head') {
      const organisation = await repositories.organisations.findById(person.organisationId);
      return context.t('agenda.lead.developmentHead', { organisation: organisation?.name ?? '' });
    }
    const startup = person.role === 'startup' ? await repositories.startups.findById(person.startupId) : null;
    return context.t('agenda.lead.startup', { startup: startup?.name ?? person.name });
  }

  router.get('/app/agenda', async (req, res) => {
    const person = await requirePerson(req, res, 'development_head', 'startup');
    if (!person) return;
    const context = contextOf(req, person);
    const now = new Date();
    const agendas = await personalAgenda(deps, principalOfPerson(person));
    const active = await activeCalendarLink(repos, person.id, now);
    const justIssued = req.session.calendarUrl;
    const flash = req.session.flash;
    delete req.session.calendarUrl;
    delete req.session.flash;
    res.send(
      myAgendaPage(context, {
        lead: await leadOf(person, context),
        events: agendas.map(agendaViewOf),
        showStartup: person.role !== 'startup',
        calendar: {
          ...(active ? { activeSince: active.createdAt } : {}),
          ...(justIssued ? { justIssued } : {}),
        },
        flash,
      }),
    );
  });

  router.post('/app/agenda/calendar', form, async (req, res) => {
    const person = await requirePerson(req, res, 'development_head', 'startup');
    if (!person || csrfRefused(req, res, person)) return;
    const issued = await issueCalendarLink(deps, person, new Date());
    req.session.calendarUrl = calendarUrls(deps.publicUrl, issued.secret);
    req.session.flash = contextOf(req, person).t('agenda.calendar.created');
    res.redirect(303, '/app/agenda#calendar-title');
  });

  router.post('/app/agenda/calendar/revoke', form, async (req, res) => {
    const person = await requirePerson(req, res, 'development_head', 'startup');
    if (!person || csrfRefused(req, res, person)) return;
    await revokeCalendarLinks(deps, person, new Date());
    req.session.flash = contextOf(req, person).t('agenda.calendar.revoked');
    res.redirect(303, '/app/agenda#calendar-title');
  });

  router.get('/app/agenda/print', async (req, res) => {
    const person = await requirePerson(req, res, 'development_head', 'startup');
    if (!person) return;
    const context = contextOf(req, person);
    const agendas = await personalAgenda(deps, principalOfPerson(person));
    res.send(
      printableAgendaPage(context, {
        title: context.t('agenda.print.personTitle', { name: person.name }),
        subtitle: context.t('agenda.print.personSubtitle'),
        events: agendas.map(agendaViewOf),
        showStartup: person.role !== 'startup',
        back: '/app/agenda',
      }),
    );
  });

  router.get('/app/events/:id/print', async (req, res) => {
    const person = await requirePerson(req, res, 'facilitator');
    if (!person) return;
    const context = contextOf(req, person);
    let agenda: Awaited<ReturnType<typeof eventAgenda>>;
    try {
      agenda = await eventAgenda(
        deps,
        principalOfPerson(person),
        req.params.id,
        versionOf(req.query.version),
      );
    } catch (error) {
      if (error instanceof AppError && error.httpStatus === 404) {
        notFoundPage(req, res, person);
        return;
      }
      throw error;
    }
    res.send(
      printableAgendaPage(context, {
        title: context.t('agenda.print.eventTitle', { event: agenda.event.name }),
        subtitle: context.t(agenda.status === 'published' ? 'agenda.print.published' : 'agenda.print.draft', {
          version: agenda.version,
        }),
        events: [agendaViewOf(agenda)],
        back: `/app/events/${agenda.event.id}`,
      }),
    );
  });

  return router;
}
