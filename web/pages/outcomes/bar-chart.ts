import { html, type SafeHtml } from '../../html';

/** One bar: its label, its value as a share in [0, 1] (null: nothing to show), and the text beside it. */
export interface Bar {
  label: string;
  share: number | null;
  valueText: string;
}

/** A chart's words: its title (also the table's caption), and the headings of the table behind it. */
export interface BarChartText {
  id: string;
  title: string;
  labelHeading: string;
  /** Columns of the table behind the chart, after the label: heading and the cells of each bar's row. */
  columns: { heading: string; cells: readonly string[] }[];
  /** Shown instead of the chart when there are no bars. */
  empty: string;
}

/** Width of the drawing in SVG units; the chart scales to its box, so this sets text size against bars. */
const WIDTH = 400;
const ROW_HEIGHT = 46;
const BAR_HEIGHT = 16;
const LABEL_SIZE = 14;
/** Room after the longest bar for its value text. */
const VALUE_ROOM = 70;

/**
 * A horizontal bar chart drawn on the server as SVG (no script), each bar's label above it and its
 * value beside it, so it reads at 375 px as at desktop width. Accessible: a figure whose caption is
 * the title, an SVG with role="img" named by the same title, and the table of every value behind
 * it (screen readers read the table; print shows both).
 */
export function barChart(text: BarChartText, bars: readonly Bar[]): SafeHtml {
  if (bars.length === 0)
    return html`<h2 id="${text.id}">${text.title}</h2>
      <p>${text.empty}</p>`;
  const height = bars.length * ROW_HEIGHT + 4;
  const scale = WIDTH - VALUE_ROOM;
  const titleId = `${text.id}-svg-title`;
  return html`<figure class="chart" aria-labelledby="${text.id}">
    <figcaption><h2 id="${text.id}">${text.title}</h2></figcaption>
    <svg
      class="chart__svg"
      viewBox="0 0 ${WIDTH} ${height}"
      role="img"
      aria-labelledby="${titleId}"
      preserveAspectRatio="xMinYMin meet"
    >
      <title id="${titleId}">${text.title}</title>
      ${bars.map((bar, index) => {
        const top = index * ROW_HEIGHT;
        const length = bar.share === null ? 0 : Math.max(0, Math.min(1, bar.share)) * scale;
        return html`<g>
          <text x="0" y="${top + LABEL_SIZE + 2}" font-size="${LABEL_SIZE}" fill="#1b1f24">${bar.label}</text>
          <rect x="0" y="${top + 22}" width="${scale}" height="${BAR_HEIGHT}" fill="#e8ecf0" />
          <rect x="0" y="${top + 22}" width="${length.toFixed(1)}" height="${BAR_HEIGHT}" fill="#1b3a57" />
          <text
            x="${(length + 6).toFixed(1)}"
            y="${top + 22 + BAR_HEIGHT - 3}"
            font-size="${LABEL_SIZE}"
            fill="#1b1f24"
          >
            ${bar.valueText}
          </text>
        </g>`;
      })}
    </svg>
    <div class="table-box" role="region" tabindex="0" aria-labelledby="${text.id}">
      <table>
        <caption>
          ${text.title}
        </caption>
        <thead>
          <tr>
            <th scope="col">${text.labelHeading}</th>
            ${text.columns.map((column) => html`<th scope="col" class="number">${column.heading}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${bars.map(
            (bar, row) =>
              html`<tr>
                <th scope="row">${bar.label}</th>
                ${text.columns.map((column) => html`<td class="number">${column.cells[row] ?? ''}</td>`)}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </figure>`;
}
