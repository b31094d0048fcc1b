import express, { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { emailSchema, type Person, type Repositories } from '../../../models';
import { renderSignInEmail } from '../../../web/emails';
import { pageLanguageOf, type MessageKey, type PageLanguage } from '../../../web/i18n';
import {
  accessibilityPage,
  checkEmailPage,
  confirmSignInPage,
  developmentHeadHomePage,
  facilitatorHomePage,
  facilitatorToolPage,
  invitePage,
  messagePage,
  refusedLinkPage,
  signInPage,
  type FieldError,
  type InviteForm,
} from '../../../web/pages';
import { AppError } from '../../app-error';
import { principalOfPerson } from '../../auth';
import type { MailProducer } from '../../mail';
import {
  createSignInLinkLimit,
  DEFAULT_SIGN_IN_LINKS_PER_HOUR,
  invitePerson,
  issueSignInLink,
  personOfSignInLink,
  redeemSignInLink,
  withdrawInvitation,
  type SignInLink,
} from '../../people';
import { revokeToken } from '../../tokens';
import type { RateLimitStoreOptions } from '../middleware';
import { SESSION_COOKIE, signIn, signOut } from '../middleware/session.middleware';
import { contextOf, csrfRefused, formText, notFoundPage, sessionPeople } from './page-context';

/** What the pages for people need besides the database. */
export interface PagesDeps {
  repos: Repositories;
  mail: MailProducer;
  /** Origin of the links in e-mails (config `PUBLIC_URL`). */
  publicUrl: string;
  /** Where people report accessibility problems. */
  contactEmail: string;
  logger: Logger;
  /** Sign-in links one e-mail address may be sent per hour (config `SIGN_IN_LINKS_PER_HOUR`). @default 5 */
  signInLinksPerHour?: number;
  /** Redis for the counters of that limit, shared by every API process. */
  rateLimitStore?: RateLimitStoreOptions;
}

/** Messages of the errors that name a field for a reason of their own (otherwise: the field's message). */
const FIELD_ERROR_CODES: Record<string, MessageKey> = {
  email_taken: 'errors.emailTaken',
  email_other_organisation: 'errors.emailOtherOrganisation',
};

/** Cookie holding the language a person chose with the language link. */
const LANGUAGE_COOKIE = 'mm_lang';
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * `?lang=en` on any page: remember the choice and show the same page again without the parameter.
 * A script asking the API for JSON or CSV in a language (`/events/:id/scouting?lang=en`) is not a
 * page: it keeps its parameter.
 */
function chooseLanguage(req: Request, res: Response, next: () => void): void {
  const chosen = pageLanguageOf(req.query.lang);
  if (req.method !== 'GET' || chosen === undefined || req.accepts(['html', 'json', 'csv']) !== 'html') {
    next();
    return;
  }
  res.cookie(LANGUAGE_COOKIE, chosen, { sameSite: 'lax', maxAge: ONE_YEAR_MS, path: '/' });
  const url = new URL(req.originalUrl, 'http://page.invalid');
  url.searchParams.delete('lang');
  res.redirect(303, `${url.pathname}${url.search}`);
}

/**
 * The pages people use (server-rendered, Swedish first): sign-in by e-mail link, sign-out, the
 * start page of each role, inviting a person, the accessibility statement. Forms post
 * `application/x-www-form-urlencoded` with the session's CSRF token.
 */
export function createPagesRouter(deps: PagesDeps): Router {
  const { repos } = deps;
  const people = repos.people;
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '32kb' });
  router.use(chooseLanguage);
  const signInLinks = createSignInLinkLimit({
    perHour: deps.signInLinksPerHour ?? DEFAULT_SIGN_IN_LINKS_PER_HOUR,
    ...(deps.rateLimitStore ? { store: deps.rateLimitStore } : {}),
    onStoreError: (error) => deps.logger.warn({ err: error }, 'sign-in link limit not counted'),
  });

  const { signedInPerson, requirePerson } = sessionPeople(people);

  function signInUrl(link: SignInLink, language: PageLanguage): string {
    return `${deps.publicUrl}/sign-in/link?token=${encodeURIComponent(link.secret)}&lang=${language}`;
  }

  /**
   * Queues the link's e-mail; false when the queue cannot take it (the caller undoes what it stored).
   * An invitation names its sender (`inviter`): it is not sent once they were erased.
   */
  async function sendSignInEmail(
    person: Person,
    link: SignInLink,
    invitation?: { inviterName: string; role: Person['role'] },
    inviter?: Person,
  ): Promise<boolean> {
    const message = renderSignInEmail({
      language: person.language,
      name: person.name,
      link: signInUrl(link, person.language),
      expiresAt: link.expiresAt,
      publicUrl: deps.publicUrl,
      ...(invitation ? { invitation } : {}),
    });
    try {
      await deps.mail.send({
        to: person.email,
        ...message,
        recipient: { kind: 'person', id: person.id },
        ...(inviter ? { mentions: [{ kind: 'person' as const, id: inviter.id }] } : {}),
      });
      return true;
    } catch (error) {
      deps.logger.error({ err: error }, 'could not queue a sign-in e-mail');
      return false;
    }
  }

  router.get('/', (req, res) => res.redirect(303, req.session.personId ? '/app/' : '/sign-in'));

  router.get('/accessibility', async (req, res) => {
    res.send(accessibilityPage(contextOf(req, await signedInPerson(req)), deps.contactEmail));
  });

  router.get('/sign-in', async (req, res) => {
    if (await signedInPerson(req)) {
      res.redirect(303, '/app/');
      return;
    }
    res.send(signInPage(contextOf(req, undefined), { signedOut: req.query['signed-out'] === '1' }));
  });

  router.post('/sign-in', form, async (req, res) => {
    if (csrfRefused(req, res, undefined)) return;
    const context = contextOf(req, undefined);
    const typed = formText(req, 'email') ?? '';
    const email = emailSchema.safeParse(typed);
    if (!email.success) {
      res.status(400).send(
        signInPage(context, {
          email: typed,
          errors: [{ field: 'email', message: context.t('errors.email') }],
        }),
      );
      return;
    }
    // Counted for every address, known or not; past the limit nothing is sent, and the answer is the same.
    const withinLimit = await signInLinks.take(email.data);
    const person = withinLimit ? await people.findByEmail(email.data) : undefined;
    if (!withinLimit) deps.logger.warn('sign-in links: an address reached its hourly limit');
    if (person) {
      const now = new Date();
      const link = await issueSignInLink(repos, person, now);
      if (!(await sendSignInEmail(person, link))) {
        await revokeToken(repos, link.secret, now);
        res.status(503).send(messagePage(context, 'errors.mailUnavailableTitle', 'errors.mailUnavailable'));
        return;
      }
    }
    req.session.sentTo = email.data;
    res.redirect(303, '/sign-in/sent');
  });

  router.get('/sign-in/sent', (req, res) => {
    res.send(checkEmailPage(contextOf(req, undefined), req.session.sentTo ?? ''));
  });

  router.get('/sign-in/link', async (req, res) => {
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    const check = await personOfSignInLink(repos, token, new Date());
    const context = contextOf(req, undefined);
    if (!check.ok) {
      const reason = check.reason === 'revoked' ? 'unknown' : check.reason;
      res.status(reason === 'unknown' ? 404 : 410).send(refusedLinkPage(context, reason));
      return;
    }
    res.send(confirmSignInPage(context, token, check.person.name));
  });

  router.post('/sign-in/link', form, async (req, res) => {
    if (csrfRefused(req, res, undefined)) return;
    const check = await redeemSignInLink(repos, formText(req, 'token') ?? '', new Date());
    if (!check.ok) {
      const reason = check.reason === 'revoked' ? 'unknown' : check.reason;
      res.status(reason === 'unknown' ? 404 : 410).send(refusedLinkPage(contextOf(req, undefined), reason));
      return;
    }
    await signIn(req, check.person.id);
    res.redirect(303, '/app/');
  });

  router.post('/sign-out', form, async (req, res) => {
    if (csrfRefused(req, res, await signedInPerson(req))) return;
    await signOut(req);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/sign-in?signed-out=1');
  });

  router.get('/app/', async (req, res, next) => {
    const person = await requirePerson(req, res);
    if (!person) return;
    const context = contextOf(req, person);
    const repositories = repos;
    const principal = principalOfPerson(person);
    if (principal.role === 'facilitator') {
      const events = await repositories.events.list({}, { limit: 100, page: 1 });
      const flash = req.session.flash;
      delete req.session.flash;
      res.send(facilitatorHomePage(context, [...events.items].reverse(), flash));
    } else if (principal.role === 'development_head') {
      const organisation = await repositories.organisations.findById(principal.organisationId);
      const needs = await repositories.needs.list(
        await repositories.needs.filterOf({ organisationId: principal.organisationId }),
        { limit: 100, page: 1 },
      );
      res.send(developmentHeadHomePage(context, organisation?.name ?? '', needs.items));
    } else {
      // A startup's start is the startup pages' (startup-pages.routes.ts).
      next();
    }
  });

  router.get('/app/events/:id', async (req, res) => {
    const person = await requirePerson(req, res, 'facilitator');
    if (!person) return;
    const event = await repos.events.findById(req.params.id);
    if (!event) {
      notFoundPage(req, res, person);
      return;
    }
    res.send(facilitatorToolPage(contextOf(req, person), event));
  });

  async function organisationChoices(): Promise<{ id: string; name: string }[]> {
    const repositories = repos;
    const page = await repositories.organisations.list({}, { limit: 100, page: 1 });
    return page.items
      .map((organisation) => ({ id: organisation.id, name: organisation.name }))
      .sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  }

  router.get('/app/people/invite', async (req, res) => {
    const person = await requirePerson(req, res, 'facilitator');
    if (!person) return;
    res.send(invitePage(contextOf(req, person), await organisationChoices()));
  });

  router.post('/app/people/invite', form, async (req, res) => {
    const person = await requirePerson(req, res, 'facilitator');
    if (!person || csrfRefused(req, res, person)) return;
    const context = contextOf(req, person);
    const typed: InviteForm = {};
    for (const field of ['name', 'email', 'role', 'organisationId', 'language'] as const) {
      const value = formText(req, field);
      if (value !== undefined) typed[field] = value;
    }
    const body: Record<string, string> = { ...typed } as Record<string, string>;
    // A facilitator is bound to nothing: the organisation menu only counts for development heads,
    // and an empty choice is no choice.
    if (body.role !== 'development_head' || body.organisationId === '') delete body.organisationId;
    const showForm = async (status: number, errors: FieldError[]) =>
      res.status(status).send(invitePage(context, await organisationChoices(), typed, errors));
    let invited: Person;
    try {
      invited = await invitePerson(deps, principalOfPerson(person), body);
    } catch (error) {
      if (!(error instanceof AppError) || error.fields.length === 0) throw error;
      const fields = [...new Set(error.fields.map((field) => field.path.split('.')[0] ?? ''))];
      const order = ['name', 'email', 'role', 'organisationId', 'language'];
      const errors = order
        .filter((field) => fields.includes(field))
        .map((field) => ({
          field,
          message: context.t(FIELD_ERROR_CODES[error.code] ?? (`errors.${field}` as MessageKey)),
        }));
      await showForm(error.httpStatus, errors);
      return;
    }
    const now = new Date();
    const link = await issueSignInLink(repos, invited, now);
    if (!(await sendSignInEmail(invited, link, { inviterName: person.name, role: invited.role }, person))) {
      await withdrawInvitation(deps, principalOfPerson(person), invited, link, now);
      await showForm(503, [{ field: 'email', message: context.t('errors.mailUnavailable') }]);
      return;
    }
    req.session.flash = context.t('invite.sent', { name: invited.name, email: invited.email });
    res.redirect(303, '/app/');
  });

  return router;
}
