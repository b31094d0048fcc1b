import { html } from '../html';
import { formatDate, formatTime, translator, type PageLanguage } from '../i18n';
import type { RenderedEmail } from './sign-in.email';

/** What the e-mail that confirms a startup's sign-up says. */
export interface RegistrationEmailInput {
  language: PageLanguage;
  /** The contact person's name. */
  name: string;
  company: string;
  event: string;
  link: string;
  expiresAt: Date;
}

function page(language: PageLanguage, subject: string, body: ReturnType<typeof html>): string {
  return html`<!doctype html>
    <html lang="${language}">
      <head>
        <meta charset="utf-8" />
        <title>${subject}</title>
      </head>
      <body style="font-family: system-ui, sans-serif; color: #1b1f24; line-height: 1.5; max-width: 36rem">
        ${body}
      </body>
    </html>`.value;
}

/** The link that confirms the address of a sign-up (and only then creates the account). */
export function renderRegistrationEmail(input: RegistrationEmailInput): RenderedEmail {
  const t = translator(input.language);
  const until = t('time.dateAtTime', {
    date: formatDate(input.expiresAt, input.language),
    time: formatTime(input.expiresAt, input.language),
  });
  const subject = t('mail.registration.subject', { event: input.event });
  const greeting = t('mail.registration.greeting', { name: input.name });
  const intro = t('mail.registration.body', { company: input.company });
  const after = [t('mail.registration.validity', { until }), t('mail.registration.ignore')];
  const text = [greeting, '', intro, input.link, '', ...after].join('\n');
  const body = html`<p>${greeting}</p>
    <p>${intro}</p>
    <p>
      <a
        href="${input.link}"
        style="display: inline-block; background: #00703c; color: #ffffff; padding: 0.6rem 1rem; text-decoration: none; font-weight: bold"
        >${t('mail.registration.button')}</a
      >
    </p>
    <p style="word-break: break-all"><a href="${input.link}">${input.link}</a></p>
    ${after.map((paragraph) => html`<p>${paragraph}</p>`)}`;
  return { subject, text, html: page(input.language, subject, body) };
}

/** What a facilitator's decision on a registered profile tells the startup. */
export interface ReviewEmailInput {
  language: PageLanguage;
  name: string;
  company: string;
  /** Absent for an approval. */
  rejectionReason?: string;
  /** The product's address, where the startup signs in. */
  publicUrl: string;
}

/** "Approved" or "not approved, because …", in the startup's language. */
export function renderReviewEmail(input: ReviewEmailInput): RenderedEmail {
  const t = translator(input.language);
  const rejected = input.rejectionReason !== undefined;
  const subject = rejected
    ? t('mail.review.rejectedSubject', { company: input.company })
    : t('mail.review.approvedSubject', { company: input.company });
  const greeting = t('mail.registration.greeting', { name: input.name });
  const paragraphs = rejected
    ? [t('mail.review.rejected', { company: input.company }), input.rejectionReason ?? '']
    : [t('mail.review.approved', { company: input.company, url: `${input.publicUrl}/sign-in` })];
  const text = [greeting, '', ...paragraphs, '', t('mail.review.contact')].join('\n');
  const body = html`<p>${greeting}</p>
    ${paragraphs.map((paragraph) => html`<p>${paragraph}</p>`)}
    <p>${t('mail.review.contact')}</p>`;
  return { subject, text, html: page(input.language, subject, body) };
}
