import express, { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import {
  ORGNR_CHECKSUM_MESSAGE,
  ORGNR_FORMAT_MESSAGE,
  type MatchmakingEvent,
  type Person,
} from '../../../models';
import { renderRegistrationEmail, renderReviewEmail, renderSignInEmail } from '../../../web/emails';
import type { MessageKey } from '../../../web/i18n';
import {
  confirmationRefusedPage,
  confirmRegistrationPage,
  messagePage,
  privacyPage,
  profileFormOf,
  profilePage,
  reviewListPage,
  signUpPage,
  signUpPath,
  signUpSentPage,
  type FieldError,
  type ProfileForm,
  type ReviewItem,
  type SignUpForm,
} from '../../../web/pages';
import { AppError } from '../../app-error';
import { principalOfPerson } from '../../auth';
import type { MailProducer } from '../../mail';
import { createSignInLinkLimit, DEFAULT_SIGN_IN_LINKS_PER_HOUR, issueSignInLink } from '../../people';
import {
  confirmRegistration,
  inspectRegistrationLink,
  listRegisteredStartups,
  requestRegistration,
  reviewStartup,
  saveProfile,
} from '../../registrations';
import type { ServiceDeps } from '../../service-deps';
import { revokeToken } from '../../tokens';
import { limitSignUps, type RateLimitStoreOptions } from '../middleware';
import { signIn } from '../middleware/session.middleware';
import { contextOf, csrfRefused, formText, sessionPeople } from './page-context';

/** What the sign-up, profile and review pages need. */
export interface RegistrationPagesDeps extends ServiceDeps {
  mail: MailProducer;
  /** Origin of the links in e-mails (config `PUBLIC_URL`). */
  publicUrl: string;
  /** Where people write with questions about their data (the privacy notice names it). */
  contactEmail: string;
  /** Sign-ups per client address per hour (config `SIGN_UPS_PER_HOUR`). @default 10 */
  signUpsPerHour?: number;
  /** Sign-in links one e-mail address may be sent per hour (config `SIGN_IN_LINKS_PER_HOUR`). @default 5 */
  signInLinksPerHour?: number;
  /** Redis for the sign-up counters, shared by every API process. */
  rateLimitStore?: RateLimitStoreOptions;
  logger: Logger;
}

/** Largest sign-up or profile form; larger ones get 413 and change nothing. */
export const REGISTRATION_FORM_LIMIT = '16kb';
const DEFAULT_SIGN_UPS_PER_HOUR = 10;

const SIGN_UP_FIELDS = [
  'companyName',
  'country',
  'registrationNumber',
  'website',
  'contactName',
  'email',
  'consent',
] as const;

const PROFILE_FIELDS = [
  'language',
  'oneLiner',
  'description',
  'offering',
  'languages',
  'stage',
  'teamSize',
] as const;
const REFERENCE_PARTS = { customer: 'Customer', summary: 'Summary', year: 'Year' } as const;

function formList(req: Request, field: string): string[] {
  const value = (req.body as Record<string, unknown> | undefined)?.[field];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** The top-level field names of a validation error, in its order. */
function fieldPaths(error: AppError): string[][] {
  return error.fields.map((field) => field.path.split('.'));
}

/**
 * The public sign-up of an event (`/e/<slug>/anmalan`), the confirmation link, the startup's
 * profile form (`/app/profile`) and the facilitator's review list (`/app/registrations`).
 * Server-rendered, Swedish first; forms carry the session's CSRF token.
 */
export function createRegistrationPagesRouter(deps: RegistrationPagesDeps): Router {
  const { repos } = deps;
  const repositories = deps.repos;
  const router = Router();
  const parseForm = express.urlencoded({ extended: false, limit: REGISTRATION_FORM_LIMIT });

  const { requirePerson } = sessionPeople(repositories.people);

  async function eventOf(req: Request, res: Response): Promise<MatchmakingEvent | undefined> {
    const slug = String(req.params.slug ?? '');
    const event = /^[a-z0-9-]{3,60}$/.test(slug) ? await repositories.events.findBySignUpSlug(slug) : null;
    if (!event) {
      res.status(404).send(messagePage(contextOf(req), 'signUp.closedTitle', 'signUp.closed'));
      return undefined;
    }
    return event;
  }

  /** Queues a message; false (logged) when the queue cannot take it. */
  async function send(
    to: string,
    message: { subject: string; text: string; html: string },
  ): Promise<boolean> {
    try {
      await deps.mail.send({ to, ...message });
      return true;
    } catch (error) {
      deps.logger.error({ err: error }, 'could not queue a registration e-mail');
      return false;
    }
  }

  const signInLinks = createSignInLinkLimit({
    perHour: deps.signInLinksPerHour ?? DEFAULT_SIGN_IN_LINKS_PER_HOUR,
    ...(deps.rateLimitStore ? { store: deps.rateLimitStore } : {}),
    onStoreError: (error) => deps.logger.warn({ err: error }, 'sign-in link limit not counted'),
  });

  /** Mails each person a sign-in link (an address or number that already has an account). */
  async function sendSignInLinks(people: readonly Person[]): Promise<boolean> {
    const now = new Date();
    for (const person of people) {
      if (!(await signInLinks.take(person.email))) continue; // the same page either way
      const link = await issueSignInLink(repos, person, now);
      const message = renderSignInEmail({
        language: person.language,
        name: person.name,
        link: `${deps.publicUrl}/sign-in/link?token=${encodeURIComponent(link.secret)}&lang=${person.language}`,
        expiresAt: link.expiresAt,
        publicUrl: deps.publicUrl,
      });
      if (!(await send(person.email, message))) {
        await revokeToken(repos, link.secret, now);
        return false;
      }
    }
    return true;
  }

  const tooMany: express.RequestHandler = (req, res) => {
    res.status(429).send(messagePage(contextOf(req), 'signUp.tooManyTitle', 'signUp.tooMany'));
  };
  /** The form body; one over {@link REGISTRATION_FORM_LIMIT} gets a 413 page and goes no further. */
  const form: express.RequestHandler = (req, res, next) => {
    parseForm(req, res, (error?: unknown) => {
      if (error !== undefined && (error as { type?: unknown }).type === 'entity.too.large') {
        res.status(413).send(messagePage(contextOf(req), 'signUp.tooLargeTitle', 'signUp.tooLarge'));
        return;
      }
      next(error);
    });
  };
  const limitPerAddress = limitSignUps(
    deps.signUpsPerHour ?? DEFAULT_SIGN_UPS_PER_HOUR,
    deps.rateLimitStore,
    tooMany,
  );

  router.get('/e/:slug/anmalan', async (req, res) => {
    const event = await eventOf(req, res);
    if (event) res.send(signUpPage(contextOf(req), event));
  });

  router.post('/e/:slug/anmalan', limitPerAddress, form, async (req, res) => {
    if (csrfRefused(req, res)) return;
    const event = await eventOf(req, res);
    if (!event) return;
    const context = contextOf(req);
    const typed: SignUpForm = {};
    for (const field of SIGN_UP_FIELDS) {
      const value = formText(req, field);
      if (value !== undefined) typed[field] = value;
    }
    const body = { ...typed, language: context.language };
    let outcome;
    try {
      outcome = await requestRegistration(repos, event, body, new Date());
    } catch (error) {
      if (!(error instanceof AppError) || error.fields.length === 0) throw error;
      const bad = new Map(error.fields.map((field) => [field.path.split('.')[0] ?? '', field.message]));
      const errors: FieldError[] = SIGN_UP_FIELDS.filter((field) => bad.has(field)).map((field) => {
        const message = bad.get(field);
        const key: MessageKey =
          message === ORGNR_CHECKSUM_MESSAGE
            ? 'signUp.errors.orgnrChecksum'
            : message === ORGNR_FORMAT_MESSAGE
              ? 'signUp.errors.orgnrFormat'
              : `signUp.errors.${field}`;
        return { field, message: context.t(key) };
      });
      res.status(400).send(signUpPage(context, event, typed, errors));
      return;
    }
    let sent: boolean;
    if (outcome.kind === 'existing') sent = await sendSignInLinks(outcome.people);
    else {
      const { registration } = outcome;
      sent = await send(
        registration.email,
        renderRegistrationEmail({
          language: registration.language,
          name: registration.contactName,
          company: registration.companyName,
          event: event.name,
          link: `${deps.publicUrl}/e/anmalan/bekrafta?token=${encodeURIComponent(outcome.secret)}&lang=${registration.language}`,
          expiresAt: outcome.expiresAt,
        }),
      );
      if (!sent) await revokeToken(repos, outcome.secret, new Date());
    }
    if (!sent) {
      res.status(503).send(messagePage(context, 'errors.mailUnavailableTitle', 'errors.mailUnavailable'));
      return;
    }
    req.session.sentTo = body.email?.trim() ?? '';
    res.redirect(303, `${signUpPath(event)}/skickad`);
  });

  router.get('/e/:slug/anmalan/skickad', async (req, res) => {
    const event = await eventOf(req, res);
    if (event) res.send(signUpSentPage(contextOf(req), event, req.session.sentTo ?? ''));
  });

  router.get('/e/:slug/integritet', async (req, res) => {
    const event = await eventOf(req, res);
    if (event) res.send(privacyPage(contextOf(req), event, deps.contactEmail));
  });

  router.get('/e/anmalan/bekrafta', async (req, res) => {
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    const check = await inspectRegistrationLink(repos, token, new Date());
    const context = contextOf(req);
    if (!check.ok) {
      const reason = check.reason === 'revoked' ? 'unknown' : check.reason;
      res.status(reason === 'unknown' ? 404 : 410).send(confirmationRefusedPage(context, reason));
      return;
    }
    res.send(confirmRegistrationPage(context, token, check.companyName));
  });

  router.post('/e/anmalan/bekrafta', form, async (req, res) => {
    if (csrfRefused(req, res)) return;
    const context = contextOf(req);
    const confirmation = await confirmRegistration(deps, formText(req, 'token') ?? '', new Date());
    if (confirmation.ok === true) {
      await signIn(req, confirmation.person.id);
      res.redirect(303, '/app/profile');
      return;
    }
    if (confirmation.ok === 'existing') {
      if (!(await sendSignInLinks(confirmation.people))) {
        res.status(503).send(messagePage(context, 'errors.mailUnavailableTitle', 'errors.mailUnavailable'));
        return;
      }
      res.send(confirmationRefusedPage(context, 'existing'));
      return;
    }
    const reason = confirmation.reason === 'revoked' ? 'unknown' : confirmation.reason;
    res.status(reason === 'unknown' ? 404 : 410).send(confirmationRefusedPage(context, reason));
  });

  router.get('/app/profile', async (req, res) => {
    const person = await requirePerson(req, res, 'startup');
    if (!person || person.role !== 'startup') return;
    const startup = await repositories.startups.findById(person.startupId);
    const context = contextOf(req, person);
    if (!startup) {
      res.status(404).send(messagePage(context, 'errors.notFoundTitle', 'errors.notFound'));
      return;
    }
    const flash = req.session.flash;
    delete req.session.flash;
    res.send(profilePage(context, startup, profileFormOf(startup), [], flash));
  });

  router.post('/app/profile', form, async (req, res) => {
    const person = await requirePerson(req, res, 'startup');
    if (!person || person.role !== 'startup' || csrfRefused(req, res, person)) return;
    const context = contextOf(req, person);
    const typed: ProfileForm = { languages: formList(req, 'languages') };
    for (const field of PROFILE_FIELDS) {
      if (field === 'languages') continue;
      const value = formText(req, field);
      if (value !== undefined) typed[field] = value;
    }
    // Reference rows with anything typed in them, and which row of the form each came from.
    const rows: number[] = [];
    const references: Record<string, unknown>[] = [];
    for (const n of [1, 2, 3] as const) {
      const parts = Object.entries(REFERENCE_PARTS).map(([key, suffix]) => {
        const value = formText(req, `reference${n}${suffix}`) ?? '';
        if (value !== '') typed[`reference${n}${suffix}`] = value;
        return [key, value] as const;
      });
      if (parts.every(([, value]) => value.trim() === '')) continue;
      rows.push(n);
      const year = parts.find(([key]) => key === 'year')?.[1].trim() ?? '';
      references.push({
        ...Object.fromEntries(parts.filter(([key]) => key !== 'year')),
        year: /^\d{1,4}$/.test(year) ? Number(year) : year,
      });
    }
    const teamSize = typed.teamSize?.trim() ?? '';
    const body: Record<string, unknown> = { languages: typed.languages, references };
    for (const field of ['language', 'oneLiner', 'description', 'offering', 'stage'] as const) {
      // An empty answer is a missing one: zod names the field.
      if (typed[field] !== undefined && typed[field] !== '') body[field] = typed[field];
    }
    body.teamSize = /^\d{1,6}$/.test(teamSize) ? Number(teamSize) : teamSize;
    const startup = await repositories.startups.findById(person.startupId);
    if (!startup) {
      res.status(404).send(messagePage(context, 'errors.notFoundTitle', 'errors.notFound'));
      return;
    }
    try {
      await saveProfile(deps, person, body, new Date());
    } catch (error) {
      if (!(error instanceof AppError) || error.fields.length === 0) throw error;
      const errors: FieldError[] = [];
      const seen = new Set<string>();
      for (const path of fieldPaths(error)) {
        const [top = '', index, part] = path;
        let field = top;
        let message: string;
        if (top === 'references' && index !== undefined) {
          const n = rows[Number(index)] ?? 1;
          const suffix = REFERENCE_PARTS[(part ?? 'customer') as keyof typeof REFERENCE_PARTS] ?? 'Customer';
          field = `reference${n}${suffix}`;
          message = context.t(`profile.errors.reference${suffix}`, { n });
        } else if ((PROFILE_FIELDS as readonly string[]).includes(top)) {
          message = context.t(`profile.errors.${top as (typeof PROFILE_FIELDS)[number]}`);
        } else continue;
        if (seen.has(field)) continue;
        seen.add(field);
        errors.push({ field, message });
      }
      res.status(400).send(profilePage(context, startup, typed, errors));
      return;
    }
    req.session.flash = context.t('profile.saved');
    res.redirect(303, '/app/profile');
  });

  async function reviewItems(facilitator: Person): Promise<ReviewItem[]> {
    const pending = await listRegisteredStartups(deps, principalOfPerson(facilitator), 'pending');
    const matches = deps.repos.matches;
    return Promise.all(
      pending.items.map(async (startup) => {
        const event = startup.registration
          ? await repositories.events.findById(startup.registration.eventId)
          : null;
        const { items } = await matches.startupView(startup.id, { limit: 3 });
        const fits = await Promise.all(
          items.slice(0, 3).map(async (match) => ({
            needTitle: (await repositories.needs.findById(match.needId))?.title ?? match.needId,
            score: match.score,
          })),
        );
        return { startup, eventName: event?.name ?? '', fits };
      }),
    );
  }

  router.get('/app/registrations', async (req, res) => {
    const person = await requirePerson(req, res, 'facilitator');
    if (!person) return;
    const flash = req.session.flash;
    delete req.session.flash;
    res.send(reviewListPage(contextOf(req, person), await reviewItems(person), [], flash));
  });

  router.post('/app/registrations/:id/review', form, async (req, res) => {
    const person = await requirePerson(req, res, 'facilitator');
    if (!person || csrfRefused(req, res, person)) return;
    const context = contextOf(req, person);
    const id = String(req.params.id);
    const decision = formText(req, 'decision');
    const reason = formText(req, `reason-${id}`) ?? '';
    const version = Number(formText(req, 'version'));
    const body = decision === 'reject' ? { decision, reason } : { decision };
    let reviewed;
    try {
      reviewed = await reviewStartup(deps, principalOfPerson(person), id, version, body, new Date());
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.httpStatus === 409) {
        req.session.flash = context.t('review.changed');
        res.redirect(303, '/app/registrations');
        return;
      }
      if (error.fields.some((field) => field.path === 'reason')) {
        const errors = [{ field: `reason-${id}`, startupId: id, message: context.t('review.errors.reason') }];
        res.status(400).send(reviewListPage(context, await reviewItems(person), errors));
        return;
      }
      throw error;
    }
    const startup = reviewed.value;
    const rejected = startup.status === 'rejected';
    for (const speaker of await repositories.people.listOfStartup(startup.id)) {
      await send(
        speaker.email,
        renderReviewEmail({
          language: speaker.language,
          name: speaker.name,
          company: startup.name,
          publicUrl: deps.publicUrl,
          ...(rejected ? { rejectionReason: startup.registration?.reviewReason ?? reason } : {}),
        }),
      );
    }
    req.session.flash = context.t(rejected ? 'review.rejected' : 'review.approved', { name: startup.name });
    res.redirect(303, '/app/registrations');
  });

  return router;
}
