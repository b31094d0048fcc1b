import { html } from '../html';
import type { MessageKey } from '../i18n';
import { errorSummary, notice, textField, type FieldError } from './components';
import { csrfField, layout, type PageContext } from './layout';

/** "Logga in": one field, the e-mail address. */
export function signInPage(
  context: PageContext,
  form: { email?: string; errors?: FieldError[]; signedOut?: boolean } = {},
): string {
  const { t } = context;
  const errors = form.errors ?? [];
  const emailError = errors.find((error) => error.field === 'email')?.message;
  return layout(context, {
    title: t('signIn.title'),
    body: html`${form.signedOut ? notice(t('signIn.signedOut')) : ''} ${errorSummary(t, errors)}
      <h1>${t('signIn.title')}</h1>
      <p class="lead">${t('signIn.lead')}</p>
      <form method="post" action="/sign-in" novalidate>
        ${csrfField(context)}
        ${textField({
          id: 'email',
          label: t('signIn.emailLabel'),
          hint: t('signIn.emailHint'),
          type: 'email',
          autocomplete: 'email',
          ...(form.email === undefined ? {} : { value: form.email }),
          ...(emailError === undefined ? {} : { error: emailError }),
        })}
        <button type="submit" class="button">${t('signIn.submit')}</button>
      </form>`,
  });
}

/** "Kolla din e-post": said whether or not the address is known, so nobody can probe for accounts. */
export function checkEmailPage(context: PageContext, email: string): string {
  const { t } = context;
  return layout(context, {
    title: t('sent.title'),
    body: html`<h1>${t('sent.title')}</h1>
      <p class="lead">${t('sent.lead', { email })}</p>
      <p>${t('sent.validity')}</p>
      <p>${t('sent.notArrived')} <a href="/sign-in">${t('sent.tryAgain')}</a>.</p>`,
  });
}

/** The page a sign-in link opens: one button that signs in (mail scanners follow links, they do not press buttons). */
export function confirmSignInPage(context: PageContext, token: string, name: string): string {
  const { t } = context;
  return layout(context, {
    title: t('link.title'),
    body: html`<h1>${t('link.title')}</h1>
      <p class="lead">${t('link.lead', { name })}</p>
      <form method="post" action="/sign-in/link">
        ${csrfField(context)}
        <input type="hidden" name="token" value="${token}" />
        <button type="submit" class="button">${t('link.submit')}</button>
      </form>`,
  });
}

const REFUSALS: Record<'unknown' | 'expired' | 'used', { title: MessageKey; body: MessageKey }> = {
  unknown: { title: 'link.unknownTitle', body: 'link.unknown' },
  expired: { title: 'link.expiredTitle', body: 'link.expired' },
  used: { title: 'link.usedTitle', body: 'link.used' },
};

/** A link that cannot sign anyone in: what happened, and how to get a new one. */
export function refusedLinkPage(context: PageContext, reason: 'unknown' | 'expired' | 'used'): string {
  const { t } = context;
  const texts = REFUSALS[reason];
  return layout(context, {
    title: t(texts.title),
    body: html`<h1>${t(texts.title)}</h1>
      <p class="lead">${t(texts.body)}</p>
      <p><a class="button" href="/sign-in">${t('link.requestNew')}</a></p>`,
  });
}

/** A plain message page (expired form, mail unavailable, not allowed, not found). */
export function messagePage(context: PageContext, title: MessageKey, body: MessageKey): string {
  const { t } = context;
  return layout(context, {
    title: t(title),
    body: html`<h1>${t(title)}</h1>
      <p class="lead">${t(body)}</p>
      <p><a href="${context.person ? '/app/' : '/sign-in'}">${t('errors.toStart')}</a></p>`,
  });
}

/** Tillgänglighetsredogörelse. */
export function accessibilityPage(context: PageContext, contactEmail: string): string {
  const { t } = context;
  return layout(context, {
    title: t('accessibility.title'),
    body: html`<h1>${t('accessibility.title')}</h1>
      <p>${t('accessibility.body')}</p>
      <p>${t('accessibility.contact', { email: contactEmail })}</p>`,
  });
}
