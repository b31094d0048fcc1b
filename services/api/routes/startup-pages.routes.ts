import { Router, type Request } from 'express';
import { statusOfStartup } from '../../../models';
import {
  HOME_MATCHES,
  MATCHES_PAGE_STEP,
  matchingNeedsPage,
  startupHomePage,
  startupNeedPage,
} from '../../../web/pages';
import { AppError } from '../../app-error';
import { principalOfPerson } from '../../auth';
import type { MatchesProducer } from '../../queue/change.producer';
import type { ServiceDeps } from '../../service-deps';
import { listMatchingNeeds, readNeedForStartup } from '../../startups/matching-needs.service';
import { contextOf, notFoundPage, sessionPeople } from './page-context';

/** What the startup pages need: the use-cases' deps and, when the API runs with it, the matches queue. */
export interface StartupPagesDeps extends ServiceDeps {
  matchesQueue?: MatchesProducer | undefined;
}

/** Most needs one list page shows (`?visa=` beyond it shows this many). */
const MAX_SHOWN = 500;

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

  const { requirePerson } = sessionPeople(repositories.people);

  router.get('/app/', async (req, res) => {
    const person = await requirePerson(req, res, 'startup');
    if (!person || person.role !== 'startup') return;
    const context = contextOf(req, person);
    const startup = await repositories.startups.findById(person.startupId);
    if (!startup) {
      notFoundPage(req, res, person);
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
    const person = await requirePerson(req, res, 'startup');
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
    const person = await requirePerson(req, res, 'startup');
    if (!person) return;
    const context = contextOf(req, person);
    let view;
    try {
      view = await readNeedForStartup(deps, principalOfPerson(person), req.params.needId);
    } catch (error) {
      // A draft, matched or closed need is as unknown to a startup as a need that does not exist.
      if (error instanceof AppError && (error.httpStatus === 404 || error.httpStatus === 400)) {
        notFoundPage(req, res, person);
        return;
      }
      throw error;
    }
    res.send(startupNeedPage(context, view));
  });

  return router;
}
