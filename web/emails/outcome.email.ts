import { html, type SafeHtml } from '../html';
import { formatCalendarDate, formatDate, formatTime, translator, type PageLanguage } from '../i18n';
import type { RenderedEmail } from './sign-in.email';

/** One meeting as an e-mail about it names it. */
export interface MeetingDetails {
  eventName: string;
  /** `YYYY-MM-DD`, wall-clock `HH:MM` in the event's zone. */
  date: string;
  start: string;
  end: string;
  room: string;
  needTitle: string;
  hostName: string;
  startupName: string;
}

/** Who the message goes to, in which language. */
export interface MeetingRecipient {
  language: PageLanguage;
  name: string;
}

function frame(language: PageLanguage, subject: string, body: SafeHtml): string {
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

function detailLines(recipient: MeetingRecipient, meeting: MeetingDetails): string[] {
  const t = translator(recipient.language);
  return [
    t('outcomes.mail.when', {
      date: formatCalendarDate(meeting.date, recipient.language),
      start: meeting.start,
      end: meeting.end,
    }),
    t('outcomes.mail.where', { room: meeting.room }),
    t('outcomes.mail.need', { need: meeting.needTitle, host: meeting.hostName }),
    t('outcomes.mail.startup', { startup: meeting.startupName }),
  ];
}

/** The reminder sent the day before a meeting; the calendar entry goes with it as an attachment. */
export function renderMeetingReminderEmail(
  recipient: MeetingRecipient,
  meeting: MeetingDetails,
): RenderedEmail {
  const t = translator(recipient.language);
  const subject = t('outcomes.mail.reminderSubject', {
    date: formatCalendarDate(meeting.date, recipient.language),
    time: meeting.start,
  });
  const intro = t('outcomes.mail.reminderBody', { event: meeting.eventName });
  const details = detailLines(recipient, meeting);
  const text = [
    t('outcomes.mail.greeting', { name: recipient.name }),
    '',
    intro,
    ...details,
    '',
    t('outcomes.mail.calendar'),
  ].join('\n');
  const body = html`<p>${t('outcomes.mail.greeting', { name: recipient.name })}</p>
    <p>${intro}</p>
    <ul>
      ${details.map((line) => html`<li>${line}</li>`)}
    </ul>
    <p>${t('outcomes.mail.calendar')}</p>`;
  return { subject, text, html: frame(recipient.language, subject, body) };
}

/** The e-mail after the day: a link (no sign-in) to tell what the meeting led to. */
export function renderOutcomeRequestEmail(
  recipient: MeetingRecipient,
  meeting: MeetingDetails,
  link: string,
  expiresAt: Date,
): RenderedEmail {
  const t = translator(recipient.language);
  const subject = t('outcomes.mail.requestSubject', {
    need: meeting.needTitle,
    startup: meeting.startupName,
  });
  const intro = t('outcomes.mail.requestBody', {
    date: formatCalendarDate(meeting.date, recipient.language),
  });
  const validity = t('outcomes.mail.requestValidity', {
    until: t('time.dateAtTime', {
      date: formatDate(expiresAt, recipient.language),
      time: formatTime(expiresAt, recipient.language),
    }),
  });
  const details = detailLines(recipient, meeting);
  const text = [
    t('outcomes.mail.greeting', { name: recipient.name }),
    '',
    intro,
    link,
    '',
    ...details,
    '',
    validity,
  ].join('\n');
  const body = html`<p>${t('outcomes.mail.greeting', { name: recipient.name })}</p>
    <p>${intro}</p>
    <p>
      <a
        href="${link}"
        style="display: inline-block; background: #00703c; color: #ffffff; padding: 0.6rem 1rem; text-decoration: none; font-weight: bold"
        >${t('outcomes.mail.requestButton')}</a
      >
    </p>
    <p style="word-break: break-all"><a href="${link}">${link}</a></p>
    <ul>
      ${details.map((line) => html`<li>${line}</li>`)}
    </ul>
    <p>${validity}</p>`;
  return { subject, text, html: frame(recipient.language, subject, body) };
}
