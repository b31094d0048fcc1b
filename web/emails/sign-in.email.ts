import type { Role } from '../../models';
import { html } from '../html';
import { formatDate, formatTime, translator, type PageLanguage } from '../i18n';

/** A rendered message: subject, plain text and HTML, in the recipient's language. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** What a sign-in (or invitation) e-mail says. */
export interface SignInEmailInput {
  language: PageLanguage;
  /** The recipient's name. */
  name: string;
  link: string;
  expiresAt: Date;
  /** The product's address, for "later, sign in at …". */
  publicUrl: string;
  /** Set for an invitation: who invited, and as what. */
  invitation?: { inviterName: string; role: Role };
}

/** The sign-in link e-mail; with `invitation`, worded as an invitation. */
export function renderSignInEmail(input: SignInEmailInput): RenderedEmail {
  const t = translator(input.language);
  const until = t('time.dateAtTime', {
    date: formatDate(input.expiresAt, input.language),
    time: formatTime(input.expiresAt, input.language),
  });
  const { invitation } = input;
  const subject = invitation
    ? t('mail.invite.subject', { inviter: invitation.inviterName })
    : t('mail.signIn.subject');
  const intro = invitation
    ? t('mail.invite.body', {
        inviter: invitation.inviterName,
        role: t(`role.${invitation.role}`).toLowerCase(),
      })
    : t('mail.signIn.body');
  const paragraphs = [
    t('mail.signIn.validity', { until }),
    invitation ? t('mail.invite.later', { url: `${input.publicUrl}/sign-in` }) : t('mail.signIn.ignore'),
  ];
  const text = [
    t('mail.signIn.greeting', { name: input.name }),
    '',
    intro,
    input.link,
    '',
    ...paragraphs,
  ].join('\n');
  const body = html`<!doctype html>
    <html lang="${input.language}">
      <head>
        <meta charset="utf-8" />
        <title>${subject}</title>
      </head>
      <body style="font-family: system-ui, sans-serif; color: #1b1f24; line-height: 1.5; max-width: 36rem">
        <p>${t('mail.signIn.greeting', { name: input.name })}</p>
        <p>${intro}</p>
        <p>
          <a
            href="${input.link}"
            style="display: inline-block; background: #00703c; color: #ffffff; padding: 0.6rem 1rem; text-decoration: none; font-weight: bold"
            >${t('mail.button')}</a
          >
        </p>
        <p style="word-break: break-all"><a href="${input.link}">${input.link}</a></p>
        ${paragraphs.map((paragraph) => html`<p>${paragraph}</p>`)}
      </body>
    </html>`;
  return { subject, text, html: body.value };
}
