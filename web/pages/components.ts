import { html, type SafeHtml } from '../html';
import type { Translate } from '../i18n';

/** A problem with one field: `field` is the id of its input. */
export interface FieldError {
  field: string;
  message: string;
}

/** The error summary at the top of a form: a heading and a link to each field with a problem. */
export function errorSummary(t: Translate, errors: readonly FieldError[]): SafeHtml {
  if (errors.length === 0) return html``;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
    <h2 id="error-summary-title">${t('errors.summaryTitle')}</h2>
    <ul>
      ${errors.map((error) => html`<li><a href="#${error.field}">${error.message}</a></li>`)}
    </ul>
  </div>`;
}

/**
 * The frame every labelled control shares: label, hint and error above it, tied to the control by
 * `aria-describedby`; `control` gets those attributes to put on the control it renders.
 */
export function labelledField(
  options: { id: string; label: string; hint?: string | undefined; error?: string | undefined },
  control: (ariaAttributes: SafeHtml) => SafeHtml,
): SafeHtml {
  const { id, error, hint } = options;
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const ariaAttributes = html`${describedBy ? html`aria-describedby="${describedBy}"` : ''}
  ${error ? html`aria-invalid="true"` : ''}`;
  return html`<div class="field${error ? ' field--error' : ''}">
    <label for="${id}">${options.label}</label>
    ${hint && html`<p class="hint" id="${id}-hint">${hint}</p>`}
    ${error && html`<p class="field-error" id="${id}-error">${error}</p>`} ${control(ariaAttributes)}
  </div>`;
}

/** A labelled text input with an optional hint and its error tied to it (aria-describedby). */
export function textField(options: {
  id: string;
  label: string;
  value?: string;
  hint?: string;
  error?: string;
  type?: 'text' | 'email';
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
        ${options.autocomplete ? html`autocomplete="${options.autocomplete}"` : ''}
        ${ariaAttributes}
        spellcheck="false"
      />`,
  );
}

/** A labelled text area with an optional hint and its error tied to it (aria-describedby). */
export function textAreaField(options: {
  id: string;
  label: string;
  value?: string | undefined;
  hint?: string | undefined;
  error?: string | undefined;
  rows: number;
}): SafeHtml {
  const { id } = options;
  // The line break after the opening tag is dropped by the HTML parser, so a text starting with one keeps it.
  return labelledField(
    options,
    (ariaAttributes) =>
      html`<textarea id="${id}" name="${id}" rows="${options.rows}" ${ariaAttributes}>
${options.value ?? ''}</textarea>`,
  );
}

/** A group of radio buttons in a fieldset with its legend and error. */
export function radioField(options: {
  id: string;
  legend: string;
  choices: readonly { value: string; label: string }[];
  value?: string;
  error?: string;
}): SafeHtml {
  const { id, error } = options;
  return html`<div class="field${error ? ' field--error' : ''}">
    <fieldset id="${id}" ${error ? html`aria-describedby="${id}-error"` : ''}>
      <legend>${options.legend}</legend>
      ${error && html`<p class="field-error" id="${id}-error">${error}</p>`}
      ${options.choices.map(
        (choice, index) =>
          html`<div class="radio">
            <input
              type="radio"
              id="${id}-${index}"
              name="${id}"
              value="${choice.value}"
              ${choice.value === options.value ? 'checked' : ''}
            />
            <label for="${id}-${index}">${choice.label}</label>
          </div>`,
      )}
    </fieldset>
  </div>`;
}

/** A labelled select with a first, empty choice. */
export function selectField(options: {
  id: string;
  label: string;
  hint?: string;
  placeholder: string;
  choices: readonly { value: string; label: string }[];
  value?: string;
  error?: string;
}): SafeHtml {
  const { id } = options;
  return labelledField(
    options,
    (ariaAttributes) =>
      html`<select id="${id}" name="${id}" ${ariaAttributes}>
        <option value="">${options.placeholder}</option>
        ${options.choices.map(
          (choice) =>
            html`<option value="${choice.value}" ${choice.value === options.value ? 'selected' : ''}>
              ${choice.label}
            </option>`,
        )}
      </select>`,
  );
}

/** A message that confirms what just happened. */
export function notice(text: string | undefined): SafeHtml {
  return text ? html`<div class="notice" role="status">${text}</div>` : html``;
}
