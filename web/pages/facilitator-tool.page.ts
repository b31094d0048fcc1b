import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MatchmakingEvent } from '../../models';
import { html, SafeHtml } from '../html';
import { SCRIPT_MESSAGE_KEYS, translator, type Translate } from '../i18n';
import { layout, type PageContext } from './layout';

/**
 * The facilitator's schedule and matches for one event: the markup `web/app/app.js` drives (the
 * same element ids as `web/app/index.html`), in the person's language, signed in: the script sends
 * the session's CSRF token instead of an API key. Each need's matches load when it is opened.
 */
export function facilitatorToolPage(context: PageContext, event: MatchmakingEvent): string {
  const { t } = context;
  return layout(context, {
    title: `${event.name} – ${t('tool.title')}`,
    scripts: ['/app/jobs.js', '/app/app.js'],
    stylesheets: ['/app/app.css'],
    body: html`<p><a href="/app/">${t('tool.back')}</a></p>
      <h1>${event.name}</h1>
      <p><a id="report-link" href="/app/events/${event.id}/report">${t('outcomes.report.fromEvent')}</a></p>
      <p>
        <a id="outcomes-link" href="/app/events/${event.id}/outcomes">${t('outcomes.meetings.fromEvent')}</a>
      </p>
      <p id="message" role="status" aria-live="polite"></p>
      <script type="application/json" id="page-messages">
        ${scriptMessages(context.t)}
      </script>
      <div id="tool" data-event-id="${event.id}" data-lazy-matches="true">
        <section>
          <label for="event-select">${t('tool.event')}</label>
          <select id="event-select"></select>
          <p id="event-summary" class="muted"></p>
        </section>
        <section id="schedule-section">
          <h2>${t('tool.schedule')}</h2>
          <form id="build-form" class="row">
            <label
              >${t('tool.minScore')}
              <input id="min-score" type="number" min="0" max="1" step="0.05" value="0.3"
            /></label>
            <label
              >${t('tool.topK')} <input id="top-k" type="number" min="1" max="500" step="1" value="20"
            /></label>
            <label
              >${t('tool.relevanceFloor')}
              <input
                id="relevance-floor"
                type="number"
                min="0"
                max="1"
                step="0.01"
                placeholder="${t('tool.relevanceFloorPlaceholder')}"
            /></label>
            <button type="submit">${t('tool.build')}</button>
            <button type="button" id="publish">${t('tool.publish')}</button>
            <button type="button" data-download="csv">${t('tool.csv')}</button>
            <button type="button" data-download="ics">${t('tool.ics')}</button>
            <button type="button" data-download="html">${t('tool.printable')}</button>
          </form>
          <p id="schedule-status" class="muted"></p>
          <div id="shortfalls"></div>
          <div id="scouting"></div>
          <div id="grid" class="scroll-x"></div>
          <section id="meeting-panel" class="panel" aria-labelledby="meeting-title" hidden>
            <h3 id="meeting-title"></h3>
            <form id="meeting-cancel-form" class="row">
              <label>${t('tool.meetingReason')} <input id="meeting-reason" maxlength="500" required /></label>
              <button type="submit">${t('tool.meetingCancel')}</button>
            </form>
            <form id="meeting-move-form" class="row">
              <label
                >${t('tool.moveSlot')}
                <select id="move-slot"></select
              ></label>
              <label
                >${t('tool.moveRoom')}
                <select id="move-room"></select
              ></label>
              <button type="submit">${t('tool.moveSubmit')}</button>
            </form>
            <button type="button" id="meeting-close">${t('tool.meetingClose')}</button>
          </section>
          <div id="cancelled-meetings"></div>
          <form id="cancel-form" class="row">
            <h3>${t('tool.cancellation')}</h3>
            <label
              >${t('tool.cancelKind')}
              <select id="cancel-kind">
                <option value="startup">${t('tool.cancel.startup')}</option>
                <option value="host">${t('tool.cancel.host')}</option>
                <option value="room">${t('tool.cancel.room')}</option>
              </select></label
            >
            <label
              >${t('tool.cancelTarget')}
              <select id="cancel-target"></select
            ></label>
            <button type="submit">${t('tool.cancelSubmit')}</button>
          </form>
          <p id="repair-report" class="muted"></p>
        </section>
        <section>
          <h2>${t('tool.needs')}</h2>
          <p class="muted">${t('tool.needsHint')}</p>
          <div id="needs"></div>
        </section>
      </div>`,
  });
}

/** The texts app.js shows, as JSON for its `msg()` (`<` escaped, so the JSON cannot end the script element). */
function scriptMessages(t: Translate): SafeHtml {
  const messages = Object.fromEntries(SCRIPT_MESSAGE_KEYS.map((key) => [key, t(key)]));
  return new SafeHtml(JSON.stringify(messages).replace(/</g, '\\u003c'));
}

const KEY_TOOL_FILE = path.join(__dirname, '..', 'app', 'index.html');
const EMPTY_MESSAGES = '<script type="application/json" id="page-messages"></script>';
let keyTool: string | undefined;

/**
 * `/app/index.html`, the same tool for integrators with an API key (English): the static file with
 * the catalogue's English texts of app.js filled in, so that the script has one source of words.
 */
export function keyToolPage(): string {
  if (keyTool === undefined) {
    const file = readFileSync(KEY_TOOL_FILE, 'utf8');
    if (!file.includes(EMPTY_MESSAGES)) throw new Error(`${KEY_TOOL_FILE} has no ${EMPTY_MESSAGES}`);
    keyTool = file.replace(
      EMPTY_MESSAGES,
      () =>
        `<script type="application/json" id="page-messages">${scriptMessages(translator('en')).value}</script>`,
    );
  }
  return keyTool;
}
