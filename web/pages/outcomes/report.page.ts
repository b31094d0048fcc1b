import type { EventReport } from '../../../services/outcomes';
import { html, type SafeHtml } from '../../html';
import { formatCalendarDate, type PageLanguage } from '../../i18n';
import { layout, type PageContext } from '../layout';
import { barChart } from './bar-chart';

const LOCALES: Record<PageLanguage, string> = { sv: 'sv-SE', en: 'en-GB' };

type Figures = EventReport['totals'];

/** "55 %" / "55%", or a dash when there is nothing to divide. */
function percent(context: PageContext, share: number | null): string {
  if (share === null) return context.t('outcomes.report.notApplicable');
  return new Intl.NumberFormat(LOCALES[context.language], {
    style: 'percent',
    maximumFractionDigits: 0,
  }).format(share);
}

function number(context: PageContext, value: number, fractionDigits = 1): string {
  return new Intl.NumberFormat(LOCALES[context.language], { maximumFractionDigits: fractionDigits }).format(
    value,
  );
}

/** A match score or a measure in [0, 1] with two decimals ("0,50"). */
function twoDecimals(context: PageContext, value: number): string {
  return new Intl.NumberFormat(LOCALES[context.language], {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(value);
}

/** How well the scores foretold which held meetings led somewhere, in words, beside a random order. */
function prediction(context: PageContext, report: EventReport): SafeHtml {
  const { t } = context;
  const { auc, ndcg10, random } = report.scorePrediction;
  if (auc === null || random.auc === null)
    return html`<p id="prediction-words">${t('outcomes.report.predictionTooFew')}</p>`;
  return html`<p id="prediction-words">
    ${t('outcomes.report.predictionWords', {
      auc: percent(context, auc),
      randomAuc: percent(context, random.auc),
    })}
    ${
      ndcg10 !== null && random.ndcg10 !== null
        ? t('outcomes.report.predictionNdcg', {
            ndcg: twoDecimals(context, ndcg10),
            randomNdcg: twoDecimals(context, random.ndcg10),
          })
        : ''
    }
  </p>`;
}

/** The columns every table behind a follow-up chart has: planned, held, with a next step, rate, pilots started. */
function figureColumns(context: PageContext, rows: readonly Figures[]) {
  const { t } = context;
  return [
    { heading: t('outcomes.report.planned'), cells: rows.map((r) => String(r.planned)) },
    { heading: t('outcomes.report.held'), cells: rows.map((r) => String(r.held)) },
    { heading: t('outcomes.report.withNextStep'), cells: rows.map((r) => String(r.withNextStep)) },
    { heading: t('outcomes.report.followUpRate'), cells: rows.map((r) => percent(context, r.followUpRate)) },
    { heading: t('outcomes.report.pilotsStarted'), cells: rows.map((r) => String(r.pilots.started)) },
  ];
}

function keyFigures(context: PageContext, totals: Figures): SafeHtml {
  const { t } = context;
  const rows: [string, string][] = [
    [t('outcomes.report.planned'), String(totals.planned)],
    [t('outcomes.report.held'), String(totals.held)],
    [t('outcomes.report.noShows'), String(totals.noShows)],
    [t('outcomes.report.cancelledLate'), String(totals.cancelledLate)],
    [t('outcomes.report.recorded'), String(totals.recorded)],
    [t('outcomes.report.followUpRate'), percent(context, totals.followUpRate)],
    [
      t('outcomes.report.pilots'),
      t('outcomes.report.pilotsValue', {
        proposed: totals.pilots.proposed,
        started: totals.pilots.started,
        done: totals.pilots.done,
      }),
    ],
    [
      t('outcomes.report.kSek'),
      t('outcomes.report.kSekValue', {
        proposed: number(context, totals.pilots.kSekProposed),
        started: number(context, totals.pilots.kSekStarted),
        done: number(context, totals.pilots.kSekDone),
      }),
    ],
  ];
  return html`<h2 id="key-figures">${t('outcomes.report.keyFigures')}</h2>
    <dl class="figures" aria-labelledby="key-figures">
      ${rows.map(
        ([term, value]) =>
          html`<div class="figures__item">
            <dt>${term}</dt>
            <dd>${value}</dd>
          </div>`,
      )}
    </dl>`;
}

/** The score-quarter comparison in words, then as a chart with its table. */
function quartiles(context: PageContext, report: EventReport): SafeHtml {
  const { t } = context;
  const q = report.byScoreQuartile;
  const top = q[0];
  const bottom = q[q.length - 1];
  const words =
    top && bottom
      ? t('outcomes.report.quartilesWords', {
          top: percent(context, top.followUpRate),
          bottom: percent(context, bottom.followUpRate),
        })
      : t('outcomes.report.quartilesTooFew');
  const labels = q.map((quartile) =>
    t('outcomes.report.quartileLabel', {
      quartile: quartile.quartile,
      min: twoDecimals(context, quartile.minScore),
      max: twoDecimals(context, quartile.maxScore),
    }),
  );
  return html`<p class="lead" id="quartiles-words">${words}</p>
    ${prediction(context, report)}
    ${
      q.length > 0 &&
      barChart(
        {
          id: 'by-quartile',
          title: t('outcomes.report.quartilesTitle'),
          labelHeading: t('outcomes.report.quartileHeading'),
          columns: [
            { heading: t('outcomes.report.held'), cells: q.map((r) => String(r.held)) },
            { heading: t('outcomes.report.withNextStep'), cells: q.map((r) => String(r.withNextStep)) },
            {
              heading: t('outcomes.report.followUpRate'),
              cells: q.map((r) => percent(context, r.followUpRate)),
            },
          ],
          empty: t('outcomes.report.quartilesTooFew'),
        },
        q.map((r, index) => ({
          label: labels[index] ?? '',
          share: r.followUpRate,
          valueText: percent(context, r.followUpRate),
        })),
      )
    }`;
}

function noShows(context: PageContext, report: EventReport): SafeHtml {
  const { t } = context;
  return html`<h2 id="no-shows">${t('outcomes.report.noShowsTitle')}</h2>
    ${
      report.noShowsByPerson.length === 0
        ? html`<p>${t('outcomes.report.noShowsNone')}</p>`
        : html`<div class="table-box" role="region" tabindex="0" aria-labelledby="no-shows">
            <table aria-labelledby="no-shows">
              <thead>
                <tr>
                  <th scope="col">${t('outcomes.report.person')}</th>
                  <th scope="col">${t('outcomes.report.personKind')}</th>
                  <th scope="col" class="number">${t('outcomes.report.count')}</th>
                </tr>
              </thead>
              <tbody>
                ${report.noShowsByPerson.map(
                  (row) =>
                    html`<tr>
                      <th scope="row">${row.name}</th>
                      <td>${t(`outcomes.report.side.${row.side}`)}</td>
                      <td class="number">${row.count}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
    }`;
}

/**
 * The facilitator's report of one event (`/app/events/:id/report`): key figures, the follow-up
 * rate defined in words, the score quarters in a sentence, charts by need priority, organisation
 * and over time (each an SVG with its title and the table behind it), no-shows per person, and the
 * CSV. Printable: the print stylesheet drops the header, links and backgrounds.
 */
export function outcomesReportPage(context: PageContext, report: EventReport): string {
  const { t, language } = context;
  const dates =
    report.event.firstDate === report.event.lastDate
      ? formatCalendarDate(report.event.firstDate, language)
      : `${formatCalendarDate(report.event.firstDate, language)} – ${formatCalendarDate(report.event.lastDate, language)}`;
  const empty = t('outcomes.report.noMeetings');
  const title = t('outcomes.report.title', { event: report.event.name });
  return layout(context, {
    title,
    stylesheets: ['/assets/outcomes.css'],
    body: html`<h1>${title}</h1>
      <p class="lead">${t('outcomes.report.lead', { dates })}</p>
      <p class="no-print">
        <a href="/app/events/${report.event.id}">${t('outcomes.report.backToEvent')}</a>
      </p>
      <p class="no-print">
        <a href="/app/events/${report.event.id}/outcomes">${t('outcomes.meetings.fromEvent')}</a>
      </p>
      <p class="no-print">
        <a href="/app/events/${report.event.id}/pilots">${t('outcomes.meetings.pilotsLink')}</a>
      </p>
      <p class="no-print">
        <a href="/events/${report.event.id}/report?format=csv" download>${t('outcomes.report.csv')}</a>
      </p>
      ${keyFigures(context, report.totals)}
      <h2>${t('outcomes.report.definitionTitle')}</h2>
      <p id="follow-up-definition">${t('outcomes.report.definition')}</p>
      <p>${t('outcomes.report.definitionHeld')}</p>
      ${quartiles(context, report)}
      ${barChart(
        {
          id: 'by-priority',
          title: t('outcomes.report.byPriorityTitle'),
          labelHeading: t('outcomes.report.priorityHeading'),
          columns: figureColumns(context, report.byPriority),
          empty,
        },
        report.byPriority.map((row) => ({
          label: t('outcomes.report.priorityLabel', { priority: row.priority }),
          share: row.followUpRate,
          valueText: percent(context, row.followUpRate),
        })),
      )}
      ${barChart(
        {
          id: 'by-organisation',
          title: t('outcomes.report.byOrganisationTitle'),
          labelHeading: t('outcomes.report.organisationHeading'),
          columns: figureColumns(context, report.byOrganisation),
          empty,
        },
        report.byOrganisation.map((row) => ({
          label: row.name,
          share: row.followUpRate,
          valueText: percent(context, row.followUpRate),
        })),
      )}
      ${barChart(
        {
          id: 'trend',
          title: t('outcomes.report.trendTitle'),
          labelHeading: t('outcomes.report.eventHeading'),
          columns: figureColumns(context, report.trend),
          empty,
        },
        report.trend.map((row) => ({
          label: `${row.name} (${row.firstDate})`,
          share: row.followUpRate,
          valueText: percent(context, row.followUpRate),
        })),
      )}
      ${noShows(context, report)}`,
  });
}
