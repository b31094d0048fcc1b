import { Router, type Request, type Response } from 'express';
import { statusOfStartup, type Person } from '../../../models';
import { pageLanguageOf, translator, type PageLanguage } from '../../../web/i18n';
import {
  HOME_MATCHES,
  MATCHES_PAGE_STEP,
  matchingNeedsPage,
  messagePage,
  startupHomePage,
  startupNeedPage,
  type PageContext,
} from '../../../web/pages';
import { AppError } from '../../app-error';
import { principalOfPerson } from '../../auth';
import type { MatchesProducer } from '../../queue/change.producer';
import type { ServiceDeps } from '../../service-deps';
import { listMatchingNeeds, readNeedForStartup } from '../../startups/matching-needs.service';
import { csrfTokenOf } from '../middleware/session.middleware';

/** What the startup pages need: the use-cases' deps and, when the API runs with it, the matches queue. */
export interface StartupPagesDeps extends ServiceDeps {
  matchesQueue?: MatchesProducer | undefined;
}

/** Most needs one list page shows (`?visa=` beyond it shows this many). */
const MAX_SHOWN = 500;

function cookieLanguage(req: Request): PageLanguage | undefined {
  const match = /(?:^|;\s*)mm_lang=(sv|en)(?:;|$)/.exec(req.get('cookie') ?? '');
  return pageLanguageOf(match?.[1]);
}

function contextOf(req: Request, person: Person): PageContext {
  const language = cookieLanguage(req) ?? person.language;
  return {
    language,
    t: translator(language),
    path: req.originalUrl,
    csrfToken: csrfTokenOf(req),
    person: { name: person.name, role: person.role },
  };
}

/** How many matching needs the list shows: `?visa=<count>`, else one step. */
function shownCount(req: Request): number {
  const asked =
    typeof req.query.visa === 'string' && /^\d{1,4}$/.test(req.query.visa) ? Number(req.query.visa) : 0;
  return Math.min(MAX_SHOWN, Math.max(MATCHES_PAGE_STEP, asked));
}

/**
 * A startup's pages (signed in with the session): its start at `/app/` (the other roles' starts
 * are pages.routes.ts'), the open needs that match it at `/app/matches`, and one need at
 * `/app/matches/:needId`. Each calls the use-cases the API calls, as the signed-in startup.
 */
export function createStartupPagesRouter(deps: StartupPagesDeps): Router {
  const repositories = deps.repos;
  const router = Router();

  /** The signed-in startup person; otherwise answers (sign-in redirect or 403 page) and returns undefined. */
  async function requireStartup(req: Request, res: Response): Promise<Person | undefined> {
    const personId = req.session.personId;
    const person = personId === undefined ? null : await repositories.people.findById(personId);
    if (!person) {
      res.redirect(303, '/sign-in');
      return undefined;
    }
    if (person.role !== 'startup') {
      res
        .status(403)
        .send(messagePage(contextOf(req, person), 'errors.notAllowedTitle', 'errors.notAllowed'));
      return undefined;
    }
    return person;
  }

  router.get('/app/', async (req, res) => {
    const person = await requireStartup(req, res);
    if (!person || person.role !== 'startup') return;
    const context = contextOf(req, person);
    const startup = await repositories.startups.findById(person.startupId);
    if (!startup) {
      res.status(404).send(messagePage(context, 'errors.notFoundTitle', 'errors.notFound'));
      return;
    }
    const matches = await listMatchingNeeds(deps, deps.matchesQueue, principalOfPerson(person), HOME_MATCHES);
    const status = statusOfStartup(startup);
    res.send(
      startupHomePage(context, {
        startupName: startup.name,
        status,
        rejectionReason: startup.registration?.reviewReason,
        matches,
        links: [
          {
            href: '/app/availability',
            label: context.t('startup.home.availability'),
            hint: context.t('startup.home.availabilityHint'),
          },
          {
            href: '/app/agenda',
            label: context.t('startup.home.agenda'),
            hint: context.t('startup.home.agendaHint'),
          },
        ],
      }),
    );
  });

  router.get('/app/matches', async (req, res) => {
    const person = await requireStartup(req, res);
    if (!person) return;
    const matches = await listMatchingNeeds(
      deps,
      deps.matchesQueue,
      principalOfPerson(person),
      shownCount(req),
    );
    res.send(matchingNeedsPage(contextOf(req, person), matches));
  });

  router.get('/app/matches/:needId', async (req, res) => {
    const person = await requireStartup(req, res);
    if (!person) return;
    const context = contextOf(req, person);
    let view;
    try {
      view = await readNeedForStartup(deps, principalOfPerson(person), req.params.needId);
    } catch (error) {
      // A draft, matched or closed need is as unknown to a startup as a need that does not exist.
      if (error instanceof AppError && (error.httpStatus === 404 || error.httpStatus === 400)) {
        res.status(404).send(messagePage(context, 'errors.notFoundTitle', 'errors.notFound'));
        return;
      }
      throw error;
    }
    res.send(startupNeedPage(context, view));
  });

  return router;
}
