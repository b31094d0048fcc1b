import type { Request, Response } from 'express';
import type { Person, PersonRepository } from '../../../models';
import { pageLanguageOf, translator, type PageLanguage } from '../../../web/i18n';
import { messagePage, type PageContext } from '../../../web/pages';
import { csrfTokenOf, hasValidCsrf } from '../middleware/session.middleware';

/** The language a person chose with the language link (cookie `mm_lang`), if any. */
export function cookieLanguage(req: Request): PageLanguage | undefined {
  const match = /(?:^|;\s*)mm_lang=(sv|en)(?:;|$)/.exec(req.get('cookie') ?? '');
  return pageLanguageOf(match?.[1]);
}

/** What a page needs of the request: the chosen language, else the person's, else Swedish. */
export function contextOf(req: Request, person?: Person): PageContext {
  const language = cookieLanguage(req) ?? person?.language ?? 'sv';
  return {
    language,
    t: translator(language),
    path: req.originalUrl,
    csrfToken: csrfTokenOf(req),
    ...(person ? { person: { name: person.name, role: person.role } } : {}),
  };
}

/**
 * The session's person, read from `people`: `signedInPerson` (undefined when nobody, or nobody known
 * any more, is signed in) and `requirePerson`, which answers itself (sign-in redirect, or the 403
 * page to a person without one of `roles` when roles are given) and then returns undefined.
 */
export function sessionPeople(people: PersonRepository) {
  async function signedInPerson(req: Request): Promise<Person | undefined> {
    const personId = req.session.personId;
    return personId === undefined ? undefined : ((await people.findById(personId)) ?? undefined);
  }

  async function requirePerson(
    req: Request,
    res: Response,
    ...roles: Person['role'][]
  ): Promise<Person | undefined> {
    const person = await signedInPerson(req);
    if (!person) {
      res.redirect(303, '/sign-in');
      return undefined;
    }
    if (roles.length > 0 && !roles.includes(person.role)) {
      res
        .status(403)
        .send(messagePage(contextOf(req, person), 'errors.notAllowedTitle', 'errors.notAllowed'));
      return undefined;
    }
    return person;
  }

  return { signedInPerson, requirePerson };
}

/** True when the form's CSRF token is missing or stale: the 403 page has been sent, the form must stop. */
export function csrfRefused(req: Request, res: Response, person?: Person): boolean {
  if (hasValidCsrf(req)) return false;
  res.status(403).send(messagePage(contextOf(req, person), 'errors.formExpiredTitle', 'errors.formExpired'));
  return true;
}

/** The 404 page (a thing unknown, or one the person may not know of). */
export function notFoundPage(req: Request, res: Response, person?: Person): void {
  res.status(404).send(messagePage(contextOf(req, person), 'errors.notFoundTitle', 'errors.notFound'));
}

/** A text field of a posted form (`application/x-www-form-urlencoded`), or undefined. */
export function formText(req: Request, field: string): string | undefined {
  const value = (req.body as Record<string, unknown> | undefined)?.[field];
  return typeof value === 'string' ? value : undefined;
}
