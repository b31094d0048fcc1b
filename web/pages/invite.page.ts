import type { Organisation } from '../../models';
import { html } from '../html';
import { errorSummary, radioField, selectField, textField, type FieldError } from './components';
import { csrfField, layout, type PageContext } from './layout';

/** What the invitation form holds (kept on error). */
export interface InviteForm {
  name?: string;
  email?: string;
  role?: string;
  organisationId?: string;
  language?: string;
}

/** "Bjud in en person": a development head of one organisation, or another facilitator. */
export function invitePage(
  context: PageContext,
  organisations: readonly Pick<Organisation, 'id' | 'name'>[],
  form: InviteForm = {},
  errors: readonly FieldError[] = [],
): string {
  const { t } = context;
  const errorOf = (field: string) => {
    const message = errors.find((error) => error.field === field)?.message;
    return message === undefined ? {} : { error: message };
  };
  const valueOf = (value: string | undefined) => (value === undefined ? {} : { value });
  return layout(context, {
    title: t('invite.title'),
    body: html`${errorSummary(t, errors)}
      <h1>${t('invite.title')}</h1>
      <p class="lead">${t('invite.lead')}</p>
      <form method="post" action="/app/people/invite" novalidate>
        ${csrfField(context)}
        ${textField({ id: 'name', label: t('invite.nameLabel'), autocomplete: 'off', ...valueOf(form.name), ...errorOf('name') })}
        ${textField({
          id: 'email',
          label: t('invite.emailLabel'),
          type: 'email',
          autocomplete: 'off',
          ...valueOf(form.email),
          ...errorOf('email'),
        })}
        ${radioField({
          id: 'role',
          legend: t('invite.roleLegend'),
          choices: [
            { value: 'development_head', label: t('invite.role.development_head') },
            { value: 'facilitator', label: t('invite.role.facilitator') },
          ],
          ...valueOf(form.role),
          ...errorOf('role'),
        })}
        ${selectField({
          id: 'organisationId',
          label: t('invite.organisationLabel'),
          hint: t('invite.organisationHint'),
          placeholder: t('invite.organisationChoose'),
          choices: organisations.map((organisation) => ({
            value: organisation.id,
            label: organisation.name,
          })),
          ...valueOf(form.organisationId),
          ...errorOf('organisationId'),
        })}
        ${radioField({
          id: 'language',
          legend: t('invite.languageLegend'),
          choices: [
            { value: 'sv', label: t('language.sv') },
            { value: 'en', label: t('language.en') },
          ],
          value: form.language ?? context.language,
          ...errorOf('language'),
        })}
        <button type="submit" class="button">${t('invite.submit')}</button>
      </form>
      <p><a href="/app/">${t('invite.back')}</a></p>`,
  });
}
