import type { Need, NeedStatus } from '../../../models';
import { html, type SafeHtml } from '../../html';
import { formatCalendarDate, type PageLanguage } from '../../i18n';
import { errorSummary, notice, radioField, selectField, textAreaField, type FieldError } from '../components';
import { csrfField, layout, type PageContext } from '../layout';
import { errorOf, fieldGroup, inputField, valueOf } from './fields';
import { matchReasons, scoreInWords } from './match-reasons';

/** Every status of a need, in the order of its life (models' needStatusSchema). */
export const NEED_STATUSES: readonly NeedStatus[] = ['draft', 'open', 'matched', 'closed'];

/** The value of the owner menu that means "a new person" (host ids are 24 hex characters). */
export const NEW_HOST = 'new';

/** A host of the organisation, as the owner menu offers it. */
export interface HostChoice {
  id: string;
  name: string;
  email: string;
}

/** What the need form holds (kept on error): the form's own field names, all as typed. */
export type NeedForm = Partial<
  Record<
    | 'title'
    | 'description'
    | 'department'
    | 'priority'
    | 'status'
    | 'hostId'
    | 'ownerName'
    | 'ownerEmail'
    | 'ownerPhone'
    | 'budgetMin'
    | 'budgetMax'
    | 'timeframeStart'
    | 'timeframeEnd'
    | 'language'
    | 'version',
    string
  >
>;

/** The form's fields, in the order the form shows them (the error summary follows it). */
export const NEED_FORM_FIELDS = [
  'title',
  'description',
  'department',
  'priority',
  'status',
  'hostId',
  'ownerName',
  'ownerEmail',
  'ownerPhone',
  'budgetMin',
  'budgetMax',
  'timeframeStart',
  'timeframeEnd',
  'language',
] as const satisfies readonly (keyof NeedForm)[];

/** The form's values of a stored need. */
export function needFormOf(need: Need): NeedForm {
  return {
    title: need.title,
    description: need.description,
    department: need.department,
    priority: String(need.priority),
    status: need.status,
    ...(need.hostId === null ? {} : { hostId: need.hostId }),
    budgetMin: String(need.budgetSek.min),
    budgetMax: String(need.budgetSek.max),
    timeframeStart: need.timeframe.start,
    timeframeEnd: need.timeframe.end,
    language: need.language,
    version: String(need.version),
  };
}

function kronor(amount: number, language: PageLanguage): string {
  return new Intl.NumberFormat(language === 'sv' ? 'sv-SE' : 'en-GB').format(amount);
}

function backLink(href: string, text: string): SafeHtml {
  return html`<p><a href="${href}">${text}</a></p>`;
}

/** "Mina behov" in full: the organisation's needs with status, priority and host, a page at a time. */
export function needsListPage(
  context: PageContext,
  organisationName: string,
  page: { items: readonly Need[]; page: number; limit: number; total: number },
): string {
  const { t } = context;
  const pages = Math.max(1, Math.ceil(page.total / page.limit));
  return layout(context, {
    title: t('host.needs.title'),
    body: html`${backLink('/app/', t('host.back.home'))}
      <h1>${t('host.needs.title')}</h1>
      <p class="lead">${t('host.needs.lead', { organisation: organisationName })}</p>
      <p><a class="button" href="/app/needs/new">${t('host.home.newNeed')}</a></p>
      ${
        page.items.length === 0
          ? html`<p>${t('host.needs.none')}</p>`
          : html`<ul class="card-list">
              ${page.items.map((need) => needCard(context, need))}
            </ul>`
      }
      ${
        pages > 1 &&
        html`<nav aria-label="${t('host.needs.pagination')}">
          <p>${t('host.needs.pageOf', { page: page.page, pages })}</p>
          <p>
            ${page.page > 1 && html`<a href="/app/needs?page=${page.page - 1}">${t('host.needs.previous')}</a>`}
            ${page.page < pages && html`<a href="/app/needs?page=${page.page + 1}">${t('host.needs.next')}</a>`}
          </p>
        </nav>`
      }`,
  });
}

/** One need on a list: its title (a link to it), status, priority and host. */
export function needCard(context: PageContext, need: Need): SafeHtml {
  const { t } = context;
  return html`<li class="card">
    <h2 class="card__title"><a href="/app/needs/${need.id}" lang="${need.language}">${need.title}</a></h2>
    <p class="card__meta">
      <span class="tag">${t(`need.status.${need.status}`)}</span>
      ${t('need.priority', { priority: need.priority })} · ${need.owner.name}
    </p>
  </li>`;
}

/** A ranked startup as the need page shows it: who they are and why they fit. */
export interface RankedStartup {
  rank: number;
  score: number;
  explanation: unknown;
  name: string;
  oneLiner: string;
  website: string;
  language: 'sv' | 'en';
}

/** The need's ranking as far as the page shows it. */
export interface NeedMatchesView {
  items: readonly RankedStartup[];
  /** How many approved startups the stored ranking holds. */
  total: number;
  /** True while a recompute is pending (the list may change). */
  stale: boolean;
  /** False before the need's first ranking was written. */
  computed: boolean;
  /** The address that shows more of the ranking, when there is more. */
  moreHref?: string;
}

function rankedStartupCard(context: PageContext, startup: RankedStartup): SafeHtml {
  const { t, language } = context;
  const headingId = `startup-${startup.rank}`;
  return html`<li class="card">
    <h3 class="card__title" id="${headingId}">${startup.name}</h3>
    <p class="card__meta">
      ${t('host.matches.rank', { rank: startup.rank })} ·
      <strong>${scoreInWords(startup.score, t, language)}</strong>
    </p>
    <p lang="${startup.language}">${startup.oneLiner}</p>
    <p>
      <a href="${startup.website}" rel="noopener noreferrer"
        >${t('host.matches.website', { website: startup.website.replace(/^https?:\/\//, '') })}</a
      >
    </p>
    <h4 class="card__subtitle">${t('host.matches.why')}</h4>
    <ul>
      ${matchReasons(startup.explanation, t, language).map((sentence) => html`<li>${sentence}</li>`)}
    </ul>
  </li>`;
}

/** One need: its facts, "Ändra behovet", and the startups that fit it best, with why. */
export function needPage(context: PageContext, need: Need, matches: NeedMatchesView, flash?: string): string {
  const { t, language } = context;
  return layout(context, {
    title: need.title,
    body: html`${notice(flash)} ${backLink('/app/', t('host.back.home'))}
      <h1 lang="${need.language}">${need.title}</h1>
      <p class="status-line">
        <span class="tag">${t(`need.status.${need.status}`)}</span>
        ${t(`host.status.${need.status}.hint`)}
      </p>
      <p>${t('need.priority', { priority: need.priority })}</p>
      <p lang="${need.language}">${need.description}</p>
      <dl>
        <dt>${t('host.need.department')}</dt>
        <dd lang="${need.language}">${need.department}</dd>
        <dt>${t('host.need.owner')}</dt>
        <dd>${need.owner.name} (${need.owner.email})</dd>
        <dt>${t('host.need.budget')}</dt>
        <dd>
          ${t('host.need.budgetRange', {
            min: kronor(need.budgetSek.min, language),
            max: kronor(need.budgetSek.max, language),
          })}
        </dd>
        <dt>${t('host.need.timeframe')}</dt>
        <dd>
          ${t('host.need.timeframeRange', {
            start: formatCalendarDate(need.timeframe.start, language),
            end: formatCalendarDate(need.timeframe.end, language),
          })}
        </dd>
        <dt>${t('host.need.language')}</dt>
        <dd>${t(`language.${need.language}`)}</dd>
      </dl>
      <p><a class="button button--secondary" href="/app/needs/${need.id}/edit">${t('host.need.edit')}</a></p>
      <h2>${t('host.matches.title')}</h2>
      <p>${t('host.matches.lead')}</p>
      ${
        !matches.computed
          ? html`<p class="notice" role="status">${t('host.matches.computing')}</p>`
          : matches.stale && html`<p class="notice" role="status">${t('host.matches.stale')}</p>`
      }
      ${
        matches.items.length === 0
          ? matches.computed && html`<p>${t('host.matches.none')}</p>`
          : html`<ol class="card-list">
                ${matches.items.map((startup) => rankedStartupCard(context, startup))}
              </ol>
              <p>${t('host.matches.shown', { shown: matches.items.length, total: matches.total })}</p>
              ${
                matches.moreHref &&
                html`<p>
                  <a class="button button--secondary" href="${matches.moreHref}"
                    >${t('host.matches.showMore')}</a
                  >
                </p>`
              }`
      }`,
  });
}

/** The need form's mode: a new need, or a change of one stored at `version`. */
export type NeedFormMode = { kind: 'new' } | { kind: 'edit'; needId: string };

/** What a person had typed when someone else's change got in first, as label and value. */
export type UnsavedAnswers = readonly { label: string; value: string }[];

/** The labels of the form's fields (for the error summary and the "what you had written" list). */
function needFieldLabel(context: PageContext, field: (typeof NEED_FORM_FIELDS)[number]): string {
  const { t } = context;
  const labels: Record<(typeof NEED_FORM_FIELDS)[number], string> = {
    title: t('host.form.title'),
    description: t('host.form.description'),
    department: t('host.form.department'),
    priority: t('host.form.priority'),
    status: t('host.form.status'),
    hostId: t('host.form.ownerLegend'),
    ownerName: t('host.form.ownerName'),
    ownerEmail: t('host.form.ownerEmail'),
    ownerPhone: t('host.form.ownerPhone'),
    budgetMin: t('host.form.budgetMin'),
    budgetMax: t('host.form.budgetMax'),
    timeframeStart: t('host.form.timeframeStart'),
    timeframeEnd: t('host.form.timeframeEnd'),
    language: t('host.form.languageLegend'),
  };
  return labels[field];
}

/** A typed answer as a person reads it (names, never ids or codes). */
function answerText(
  context: PageContext,
  form: NeedForm,
  field: (typeof NEED_FORM_FIELDS)[number],
  hosts: readonly HostChoice[],
): string {
  const { t } = context;
  const value = form[field] ?? '';
  if (field === 'hostId') return hosts.find((host) => host.id === value)?.name ?? t('host.form.ownerNew');
  if (field === 'status' && NEED_STATUSES.some((status) => status === value))
    return t(`need.status.${value as NeedStatus}`);
  if (field === 'language')
    return value === 'sv' || value === 'en' ? t(`language.${value}`) : t('host.form.languageAuto');
  return value;
}

/** What she had written that differs from what is stored now, field by field in the form's order. */
export function unsavedAnswers(
  context: PageContext,
  typed: NeedForm,
  stored: NeedForm,
  hosts: readonly HostChoice[],
): UnsavedAnswers {
  return NEED_FORM_FIELDS.filter((field) => {
    const mine = (typed[field] ?? '').trim();
    return mine !== '' && mine !== (stored[field] ?? '').trim();
  }).map((field) => ({
    label: needFieldLabel(context, field),
    value: answerText(context, typed, field, hosts),
  }));
}

/**
 * "Lämna in ett behov" / "Ändra behovet": title, description, department, priority 1–5, status,
 * who sits in the meetings (a host of the organisation or a new person), budget and timeframe,
 * language (read from the text unless chosen). An edit carries the version it was read at; a
 * conflict shows what is stored now, with what the person had written beside it.
 */
export function needFormPage(
  context: PageContext,
  mode: NeedFormMode,
  form: NeedForm,
  hosts: readonly HostChoice[],
  errors: readonly FieldError[] = [],
  conflict?: UnsavedAnswers,
): string {
  const { t } = context;
  const title = mode.kind === 'new' ? t('host.form.newTitle') : t('host.form.editTitle');
  const action = mode.kind === 'new' ? '/app/needs' : `/app/needs/${mode.needId}`;
  const back =
    mode.kind === 'new'
      ? backLink('/app/', t('host.back.home'))
      : backLink(`/app/needs/${mode.needId}`, t('host.back.need'));
  return layout(context, {
    title,
    body: html`${errorSummary(t, errors)} ${back}
      ${
        conflict &&
        html`<div class="error-summary" role="alert" tabindex="-1">
          <h2>${t('host.form.conflict')}</h2>
          ${
            conflict.length > 0 &&
            html`<p>${t('host.form.conflictYours')}:</p>
              <dl>
                ${conflict.map(
                  (answer) =>
                    html`<dt>${answer.label}</dt>
                      <dd>${answer.value}</dd>`,
                )}
              </dl>`
          }
        </div>`
      }
      <h1>${title}</h1>
      ${mode.kind === 'new' && html`<p class="lead">${t('host.form.newLead')}</p>`}
      <form method="post" action="${action}" novalidate>
        ${csrfField(context)}
        ${mode.kind === 'edit' && html`<input type="hidden" name="version" value="${form.version ?? ''}" />`}
        ${inputField({
          id: 'title',
          label: t('host.form.title'),
          hint: t('host.form.titleHint'),
          ...valueOf(form.title),
          ...errorOf(errors, 'title'),
        })}
        ${textAreaField({
          id: 'description',
          label: t('host.form.description'),
          hint: t('host.form.descriptionHint'),
          rows: 6,
          ...valueOf(form.description),
          ...errorOf(errors, 'description'),
        })}
        ${inputField({
          id: 'department',
          label: t('host.form.department'),
          autocomplete: 'organization-title',
          ...valueOf(form.department),
          ...errorOf(errors, 'department'),
        })}
        ${selectField({
          id: 'priority',
          label: t('host.form.priority'),
          hint: t('host.form.priorityHint'),
          placeholder: t('host.form.priorityChoose'),
          choices: (['1', '2', '3', '4', '5'] as const).map((value) => ({
            value,
            label: t(`host.form.priorityChoice.${value}`),
          })),
          value: form.priority ?? '3',
          ...errorOf(errors, 'priority'),
        })}
        ${radioField({
          id: 'status',
          legend: t('host.form.status'),
          choices: NEED_STATUSES.map((status) => ({
            value: status,
            label: `${t(`need.status.${status}`)}: ${t(`host.status.${status}.hint`)}`,
          })),
          value: form.status ?? 'draft',
          ...errorOf(errors, 'status'),
        })}
        ${fieldGroup(
          { id: 'owner', legend: t('host.form.ownerLegend'), hint: t('host.form.ownerHint') },
          html`${radioField({
            id: 'hostId',
            legend: t('host.need.owner'),
            choices: [
              ...hosts.map((host) => ({ value: host.id, label: `${host.name} (${host.email})` })),
              { value: NEW_HOST, label: t('host.form.ownerNew') },
            ],
            ...valueOf(form.hostId ?? (hosts.length === 0 ? NEW_HOST : undefined)),
            ...errorOf(errors, 'hostId'),
          })}
          ${inputField({
            id: 'ownerName',
            label: t('host.form.ownerName'),
            hint: t('host.form.ownerNewHint'),
            autocomplete: 'off',
            ...valueOf(form.ownerName),
            ...errorOf(errors, 'ownerName'),
          })}
          ${inputField({
            id: 'ownerEmail',
            label: t('host.form.ownerEmail'),
            type: 'email',
            ...valueOf(form.ownerEmail),
            ...errorOf(errors, 'ownerEmail'),
          })}
          ${inputField({
            id: 'ownerPhone',
            label: t('host.form.ownerPhone'),
            inputMode: 'tel',
            ...valueOf(form.ownerPhone),
            ...errorOf(errors, 'ownerPhone'),
          })}`,
        )}
        ${fieldGroup(
          { id: 'budget', legend: t('host.form.budgetLegend'), hint: t('host.form.budgetHint') },
          html`${inputField({
            id: 'budgetMin',
            label: t('host.form.budgetMin'),
            inputMode: 'numeric',
            ...valueOf(form.budgetMin),
            ...errorOf(errors, 'budgetMin'),
          })}
          ${inputField({
            id: 'budgetMax',
            label: t('host.form.budgetMax'),
            inputMode: 'numeric',
            ...valueOf(form.budgetMax),
            ...errorOf(errors, 'budgetMax'),
          })}`,
        )}
        ${fieldGroup(
          { id: 'timeframe', legend: t('host.form.timeframeLegend'), hint: t('host.form.timeframeHint') },
          html`${inputField({
            id: 'timeframeStart',
            label: t('host.form.timeframeStart'),
            inputMode: 'numeric',
            ...valueOf(form.timeframeStart),
            ...errorOf(errors, 'timeframeStart'),
          })}
          ${inputField({
            id: 'timeframeEnd',
            label: t('host.form.timeframeEnd'),
            inputMode: 'numeric',
            ...valueOf(form.timeframeEnd),
            ...errorOf(errors, 'timeframeEnd'),
          })}`,
        )}
        ${radioField({
          id: 'language',
          legend: t('host.form.languageLegend'),
          choices: [
            { value: 'auto', label: t('host.form.languageAuto') },
            { value: 'sv', label: t('language.sv') },
            { value: 'en', label: t('language.en') },
          ],
          value: form.language ?? 'auto',
          ...errorOf(errors, 'language'),
        })}
        <button type="submit" class="button">
          ${mode.kind === 'new' ? t('host.form.submitNew') : t('host.form.submitEdit')}
        </button>
      </form>`,
  });
}
