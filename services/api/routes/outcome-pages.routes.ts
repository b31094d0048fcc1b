import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { type Person } from '../../../models';
import { pageLanguageOf, translator, type PageLanguage } from '../../../web/i18n';
import { messagePage, type PageContext } from '../../../web/pages';
import { outcomesReportPage } from '../../../web/pages/outcomes';
import { AppError } from '../../app-error';
import { principalOfPerson } from '../../auth';
import { readEventReport } from '../../outcomes';
import type { ServiceDeps } from '../../service-deps';
import { csrfTokenOf } from '../middleware/session.middleware';

/** What the outcome pages need. */
export interface OutcomePagesDeps extends ServiceDeps {
  logger: Logger;
}

function cookieLanguage(req: Request): PageLanguage | undefined {
  const match = /(?:^|;\s*)mm_lang=(sv|en)(?:;|$)/.exec(req.get('cookie') ?? '');
  return pageLanguageOf(match?.[1]);
}

/**
 * The pages of what came of an event's meetings: the facilitator's report at
 * `/app/events/:id/report`, server-rendered, Swedish first, with the figures of
 * `GET /events/:id/report` (the same use-case).
 */
export function createOutcomePagesRouter(deps: OutcomePagesDeps): Router {
  const router = Router();
  const people = deps.repos.people;

  function contextOf(req: Request, person?: Person): PageContext {
    const language = cookieLanguage(req) ?? person?.language ?? 'sv';
    return {
      language,
      t: translator(language),
      path: req.originalUrl,
      csrfToken: csrfTokenOf(req),
      ...(person ? { person: { name: person.name, role: person.role } } : {}),
    };
  }

  async function signedInPerson(req: Request, res: Response): Promise<Person | undefined> {
    const personId = req.session.personId;
    const person = personId === undefined ? null : await people.findById(personId);
    if (!person) res.redirect(303, '/sign-in');
    return person ?? undefined;
  }

  router.get('/app/events/:id/report', async (req, res) => {
    const person = await signedInPerson(req, res);
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
  return router;
}
