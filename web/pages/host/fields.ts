import { html, type SafeHtml } from '../../html';
import { labelledField, type FieldError } from '../components';

/** The `error` option of a field, when `errors` names it. */
export function errorOf(errors: readonly FieldError[], field: string): { error?: string } {
  const message = errors.find((error) => error.field === field)?.message;
  return message === undefined ? {} : { error: message };
}

/** The `value` option of a field, when there is one. */
export function valueOf(value: string | undefined): { value?: string } {
  return value === undefined ? {} : { value };
}

/**
 * A labelled one-line input. Numbers, dates and times are text inputs with `inputmode` (as the
 * GOV.UK Design System does): they look alike in every browser and keep what was typed on error.
 */
export function inputField(options: {
  id: string;
  label: string;
  value?: string;
  hint?: string;
  error?: string;
  type?: 'text' | 'email';
  inputMode?: 'numeric' | 'decimal' | 'tel' | 'email';
  autocomplete?: string;
}): SafeHtml {
  const { id } = options;
  return labelledField(
    options,
    (ariaAttributes) =>
      html`<input
        id="${id}"
        name="${id}"
        type="${options.type ?? 'text'}"
        value="${options.value ?? ''}"
        ${options.inputMode ? html`inputmode="${options.inputMode}"` : ''}
        autocomplete="${options.autocomplete ?? 'off'}"
        ${ariaAttributes}
        spellcheck="false"
      />`,
  );
}

/** A fieldset grouping related fields under a legend, with an optional hint. */
export function fieldGroup(options: { id: string; legend: string; hint?: string }, body: SafeHtml): SafeHtml {
  const { id, hint } = options;
  return html`<fieldset class="group" ${hint ? html`aria-describedby="${id}-hint"` : ''}>
    <legend class="group__legend">${options.legend}</legend>
    ${hint && html`<p class="hint" id="${id}-hint">${hint}</p>`} ${body}
  </fieldset>`;
}
