import type { MatchmakingEvent, Startup } from '../../models';
import { html, type SafeHtml } from '../html';
import type { MessageKey, PageLanguage } from '../i18n';
import {
  errorSummary,
  textAreaField,
  notice,
  radioField,
  selectField,
  textField,
  type FieldError,
} from './components';
import { csrfField, layout, type PageContext } from './layout';

/** Countries offered first on the sign-up form (any ISO code is accepted by the API). */
const COUNTRIES = ['SE', 'NO', 'DK', 'FI', 'IS', 'EE', 'DE', 'NL', 'GB', 'US'] as const;

function countryName(code: string, language: PageLanguage): string {
  return new Intl.DisplayNames([language === 'sv' ? 'sv-SE' : 'en-GB'], { type: 'region' }).of(code) ?? code;
}

/** The `error` option of a field, when `errors` names it. */
function errorOf(errors: readonly FieldError[], field: string): { error?: string } {
  const message = errors.find((error) => error.field === field)?.message;
  return message === undefined ? {} : { error: message };
}

function valueOf(value: string | undefined): { value?: string } {
  return value === undefined ? {} : { value };
}

/** Check boxes in a fieldset; `id` is the fieldset's (the error summary links to it). */
function checkboxField(options: {
  id: string;
  name: string;
  legend: string;
  hint?: string;
  choices: readonly { value: string; label: string | SafeHtml }[];
  checked: readonly string[];
  error?: string;
}): SafeHtml {
  const { id, error, hint } = options;
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${error ? ' field--error' : ''}">
    <fieldset id="${id}" ${describedBy ? html`aria-describedby="${describedBy}"` : ''}>
      <legend>${options.legend}</legend>
      ${hint && html`<p class="hint" id="${id}-hint">${hint}</p>`}
      ${error && html`<p class="field-error" id="${id}-error">${error}</p>`}
      ${options.choices.map(
        (choice, index) =>
          html`<div class="radio">
            <input
              type="checkbox"
              id="${id}-${index}"
              name="${options.name}"
              value="${choice.value}"
              ${options.checked.includes(choice.value) ? 'checked' : ''}
            />
            <label for="${id}-${index}">${choice.label}</label>
          </div>`,
      )}
    </fieldset>
  </div>`;
}

/** What the sign-up form holds (kept on error). */
export interface SignUpForm {
  companyName?: string;
  country?: string;
  registrationNumber?: string;
  website?: string;
  contactName?: string;
  email?: string;
  consent?: string;
}

/** The sign-up page's address for `event`. */
export function signUpPath(event: Pick<MatchmakingEvent, 'signUpSlug'>): string {
  return `/e/${event.signUpSlug ?? ''}/anmalan`;
}

/**
 * "Anmäl er startup", an event's public sign-up page. The questions are few (six, in three
 * groups), so they share one page rather than one page each; every answer is kept on error.
 */
export function signUpPage(
  context: PageContext,
  event: MatchmakingEvent,
  form: SignUpForm = {},
  errors: readonly FieldError[] = [],
): string {
  const { t, language } = context;
  const action = signUpPath(event);
  const countries = [
    ...COUNTRIES,
    ...(form.country && !COUNTRIES.some((c) => c === form.country) ? [form.country] : []),
  ];
  return layout(context, {
    title: t('signUp.title'),
    body: html`${errorSummary(t, errors)}
      <h1>${t('signUp.title')}</h1>
      <p class="lead">${t('signUp.lead', { event: event.name })}</p>
      <form method="post" action="${action}" novalidate>
        ${csrfField(context)}
        <fieldset class="group">
          <legend class="group__legend">${t('signUp.companyLegend')}</legend>
          ${textField({ id: 'companyName', label: t('signUp.companyName'), autocomplete: 'organization', ...valueOf(form.companyName), ...errorOf(errors, 'companyName') })}
          ${selectField({
            id: 'country',
            label: t('signUp.country'),
            placeholder: t('signUp.countryChoose'),
            choices: countries.map((code) => ({ value: code, label: countryName(code, language) })),
            value: form.country ?? 'SE',
            ...errorOf(errors, 'country'),
          })}
          ${textField({
            id: 'registrationNumber',
            label: t('signUp.registrationNumber'),
            hint: t('signUp.registrationNumberHint'),
            autocomplete: 'off',
            ...valueOf(form.registrationNumber),
            ...errorOf(errors, 'registrationNumber'),
          })}
          ${textField({ id: 'website', label: t('signUp.website'), hint: t('signUp.websiteHint'), autocomplete: 'url', ...valueOf(form.website), ...errorOf(errors, 'website') })}
        </fieldset>
        <fieldset class="group">
          <legend class="group__legend">${t('signUp.contactLegend')}</legend>
          ${textField({ id: 'contactName', label: t('signUp.contactName'), autocomplete: 'name', ...valueOf(form.contactName), ...errorOf(errors, 'contactName') })}
          ${textField({
            id: 'email',
            label: t('signUp.email'),
            hint: t('signUp.emailHint'),
            type: 'email',
            autocomplete: 'email',
            ...valueOf(form.email),
            ...errorOf(errors, 'email'),
          })}
        </fieldset>
        <p><a href="${action.replace(/anmalan$/, 'integritet')}">${t('signUp.privacyLink')}</a></p>
        ${checkboxField({
          id: 'consent',
          name: 'consent',
          legend: t('signUp.consentLegend'),
          choices: [{ value: 'yes', label: t('signUp.consent') }],
          checked: form.consent === 'yes' ? ['yes'] : [],
          ...errorOf(errors, 'consent'),
        })}
        <button type="submit" class="button">${t('signUp.submit')}</button>
      </form>`,
  });
}

/** "Kolla er e-post": the same words whether the address is new or already has an account. */
export function signUpSentPage(context: PageContext, event: MatchmakingEvent, email: string): string {
  const { t } = context;
  return layout(context, {
    title: t('signUp.sentTitle'),
    body: html`<h1>${t('signUp.sentTitle')}</h1>
      <p class="lead">${t('signUp.sentLead', { email })}</p>
      <p>${t('signUp.sentValidity')}</p>
      <p>${t('signUp.sentNotArrived')} <a href="${signUpPath(event)}">${t('signUp.sentTryAgain')}</a>.</p>`,
  });
}

/** Integritetsmeddelande: what is stored, who sees it, how to have it erased. */
export function privacyPage(context: PageContext, event: MatchmakingEvent, contactEmail: string): string {
  const { t } = context;
  return layout(context, {
    title: t('privacy.title'),
    body: html`<h1>${t('privacy.title')}</h1>
      <p>${t('privacy.stored')}</p>
      <p>${t('privacy.why')}</p>
      <p>${t('privacy.who')}</p>
      <p>${t('privacy.erase')} <a href="/app/my-data">${t('myData.title')}</a>.</p>
      <p>${t('privacy.erased')}</p>
      <p>${t('privacy.questions', { email: contactEmail })}</p>
      <p><a href="${signUpPath(event)}">${t('privacy.back')}</a></p>`,
  });
}

/** The page a confirmation link opens: one button (mail scanners follow links, they do not press buttons). */
export function confirmRegistrationPage(context: PageContext, token: string, company: string): string {
  const { t } = context;
  return layout(context, {
    title: t('confirmRegistration.title'),
    body: html`<h1>${t('confirmRegistration.title')}</h1>
      <p class="lead">${t('confirmRegistration.lead', { company })}</p>
      <form method="post" action="/e/anmalan/bekrafta">
        ${csrfField(context)}
        <input type="hidden" name="token" value="${token}" />
        <button type="submit" class="button">${t('confirmRegistration.submit')}</button>
      </form>`,
  });
}

const CONFIRMATION_TEXTS: Record<'unknown' | 'expired' | 'used' | 'existing', [MessageKey, MessageKey]> = {
  unknown: ['confirmRegistration.unknownTitle', 'confirmRegistration.unknown'],
  expired: ['confirmRegistration.expiredTitle', 'confirmRegistration.expired'],
  used: ['confirmRegistration.usedTitle', 'confirmRegistration.used'],
  existing: ['confirmRegistration.existingTitle', 'confirmRegistration.existing'],
};

/** A confirmation link that made no account: why, and what to do. */
export function confirmationRefusedPage(
  context: PageContext,
  reason: 'unknown' | 'expired' | 'used' | 'existing',
): string {
  const { t } = context;
  const [title, body] = CONFIRMATION_TEXTS[reason];
  return layout(context, {
    title: t(title),
    body: html`<h1>${t(title)}</h1>
      <p class="lead">${t(body)}</p>
      <p><a class="button" href="/sign-in">${t('confirmRegistration.signIn')}</a></p>`,
  });
}

/** What the profile form holds (kept on error): the form's own field names. */
export type ProfileForm = Partial<
  Record<
    | 'language'
    | 'oneLiner'
    | 'description'
    | 'offering'
    | 'stage'
    | 'teamSize'
    | `reference${1 | 2 | 3}${'Customer' | 'Summary' | 'Year'}`,
    string
  >
> & { languages?: string[] };

/** Number of reference rows on the profile form. */
export const PROFILE_REFERENCE_ROWS = 3;

/** The form's values of a stored profile. */
export function profileFormOf(startup: Startup): ProfileForm {
  const form: ProfileForm = {
    language: startup.language,
    oneLiner: startup.oneLiner,
    description: startup.description,
    offering: startup.offering,
    languages: [...startup.languages],
    ...(startup.stage === undefined ? {} : { stage: startup.stage }),
    ...(startup.teamSize === undefined ? {} : { teamSize: String(startup.teamSize) }),
  };
  startup.references.slice(0, PROFILE_REFERENCE_ROWS).forEach((reference, index) => {
    const n = (index + 1) as 1 | 2 | 3;
    form[`reference${n}Customer`] = reference.customer;
    form[`reference${n}Summary`] = reference.summary;
    form[`reference${n}Year`] = String(reference.year);
  });
  return form;
}

const STAGES = ['idea', 'pre_seed', 'seed', 'series_a', 'growth'] as const;

/** "Er profil": what the startup does, for whom, references, languages; its review status on top. */
export function profilePage(
  context: PageContext,
  startup: Startup,
  form: ProfileForm,
  errors: readonly FieldError[] = [],
  flash?: string,
): string {
  const { t } = context;
  const status = startup.status ?? 'approved';
  const statusText =
    status === 'pending'
      ? t('profile.pending')
      : status === 'rejected'
        ? t('profile.rejected', { reason: startup.registration?.reviewReason ?? '' })
        : t('profile.approved');
  const referenceRows = [1, 2, 3] as const;
  return layout(context, {
    title: t('profile.title'),
    body: html`${notice(flash)} ${errorSummary(t, errors)}
      <h1>${t('profile.title')}: ${startup.name}</h1>
      <p class="status-line"><span class="tag">${statusText}</span></p>
      <p class="lead">${t('profile.lead')}</p>
      <form method="post" action="/app/profile" novalidate>
        ${csrfField(context)}
        ${radioField({
          id: 'language',
          legend: t('profile.languageLegend'),
          choices: [
            { value: 'sv', label: t('language.sv') },
            { value: 'en', label: t('language.en') },
          ],
          ...valueOf(form.language),
          ...errorOf(errors, 'language'),
        })}
        ${textField({ id: 'oneLiner', label: t('profile.oneLiner'), ...valueOf(form.oneLiner), ...errorOf(errors, 'oneLiner') })}
        ${textAreaField({
          id: 'description',
          label: t('profile.description'),
          hint: t('profile.descriptionHint'),
          rows: 5,
          ...valueOf(form.description),
          ...errorOf(errors, 'description'),
        })}
        ${textAreaField({
          id: 'offering',
          label: t('profile.offering'),
          hint: t('profile.offeringHint'),
          rows: 3,
          ...valueOf(form.offering),
          ...errorOf(errors, 'offering'),
        })}
        ${checkboxField({
          id: 'languages',
          name: 'languages',
          legend: t('profile.languagesLegend'),
          choices: [
            { value: 'sv', label: t('language.sv') },
            { value: 'en', label: t('language.en') },
          ],
          checked: form.languages ?? [],
          ...errorOf(errors, 'languages'),
        })}
        ${selectField({
          id: 'stage',
          label: t('profile.stage'),
          placeholder: t('profile.stageChoose'),
          choices: STAGES.map((stage) => ({ value: stage, label: t(`profile.stage.${stage}`) })),
          ...valueOf(form.stage),
          ...errorOf(errors, 'stage'),
        })}
        ${textField({ id: 'teamSize', label: t('profile.teamSize'), autocomplete: 'off', ...valueOf(form.teamSize), ...errorOf(errors, 'teamSize') })}
        <fieldset class="group" aria-describedby="references-hint">
          <legend class="group__legend">${t('profile.referencesLegend')}</legend>
          <p class="hint" id="references-hint">${t('profile.referencesHint')}</p>
          ${referenceRows.map(
            (n) =>
              html`${textField({
                id: `reference${n}Customer`,
                label: t('profile.referenceCustomer', { n }),
                ...valueOf(form[`reference${n}Customer`]),
                ...errorOf(errors, `reference${n}Customer`),
              })}
              ${textAreaField({
                id: `reference${n}Summary`,
                label: t('profile.referenceSummary', { n }),
                rows: 2,
                ...valueOf(form[`reference${n}Summary`]),
                ...errorOf(errors, `reference${n}Summary`),
              })}
              ${textField({
                id: `reference${n}Year`,
                label: t('profile.referenceYear', { n }),
                ...valueOf(form[`reference${n}Year`]),
                ...errorOf(errors, `reference${n}Year`),
              })}`,
          )}
        </fieldset>
        <button type="submit" class="button">${t('profile.submit')}</button>
      </form>`,
  });
}

/** One registered profile on the review list, with the needs it fits best. */
export interface ReviewItem {
  startup: Startup;
  eventName: string;
  fits: readonly { needTitle: string; score: number }[];
}

/** "Anmälningar att granska": each pending profile, where it would fit, and approve / reject with a reason. */
export function reviewListPage(
  context: PageContext,
  items: readonly ReviewItem[],
  errors: readonly (FieldError & { startupId: string })[] = [],
  flash?: string,
): string {
  const { t, language } = context;
  return layout(context, {
    title: t('review.title'),
    body: html`${notice(flash)} ${errorSummary(t, errors)}
      <h1>${t('review.title')}</h1>
      <p class="lead">${t('review.lead')}</p>
      ${
        items.length === 0
          ? html`<p>${t('review.none')}</p>`
          : html`<ul class="card-list">
              ${items.map(({ startup, eventName, fits }) => {
                const reasonId = `reason-${startup.id}`;
                const reasonError = errors.find((error) => error.startupId === startup.id)?.message;
                const registration = startup.registration;
                return html`<li class="card">
                  <h2 class="card__title">${startup.name}</h2>
                  <p class="card__meta">
                    ${t('review.registered', {
                      event: eventName,
                      country: registration ? countryName(registration.country, language) : '',
                      number: registration?.registrationNumber ?? '',
                      contact: startup.contact.name,
                      email: startup.contact.email,
                    })}
                  </p>
                  ${
                    startup.description === ''
                      ? html`<p>${t('review.noProfile')}</p>`
                      : html`<p lang="${startup.language}"><strong>${startup.oneLiner}</strong></p>
                          <p lang="${startup.language}">${startup.description}</p>`
                  }
                  <h3 class="card__subtitle">${t('review.fits')}</h3>
                  ${
                    fits.length === 0
                      ? html`<p>${t('review.noFits')}</p>`
                      : html`<ol>
                          ${fits.map(
                            (fit) =>
                              html`<li>
                                ${fit.needTitle} (${t('review.score', { score: fit.score.toFixed(2) })})
                              </li>`,
                          )}
                        </ol>`
                  }
                  <form method="post" action="/app/registrations/${startup.id}/review" class="review-form">
                    ${csrfField(context)}
                    <input type="hidden" name="version" value="${startup.version}" />
                    <button type="submit" name="decision" value="approve" class="button">
                      ${t('review.approve', { name: startup.name })}
                    </button>
                  </form>
                  <form
                    method="post"
                    action="/app/registrations/${startup.id}/review"
                    class="review-form"
                    novalidate
                  >
                    ${csrfField(context)}
                    <input type="hidden" name="version" value="${startup.version}" />
                    ${textAreaField({
                      id: reasonId,
                      label: t('review.reason', { name: startup.name }),
                      hint: t('review.reasonHint'),
                      rows: 2,
                      ...(reasonError === undefined ? {} : { error: reasonError }),
                    })}
                    <button type="submit" name="decision" value="reject" class="button button--warning">
                      ${t('review.reject', { name: startup.name })}
                    </button>
                  </form>
                </li>`;
              })}
            </ul>`
      }`,
  });
}
