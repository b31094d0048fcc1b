import { html } from '../../html';
import { errorSummary, type FieldError } from '../components';
import { csrfField, layout, type PageContext } from '../layout';

/** What "Mina uppgifter" sums up of a person's export. */
export interface MyDataView {
  email: string;
  /** Needs whose meetings the person sits in as a host (absent: not a host). */
  hostedNeeds?: number;
  /** Startups whose contact person they are. */
  startups: readonly string[];
  meetings: number;
  links: number;
  changes: number;
}

/** "Mina uppgifter": what is held, a download, and the way to erasure (which asks again first). */
export function myDataPage(context: PageContext, view: MyDataView): string {
  const { t } = context;
  return layout(context, {
    title: t('myData.title'),
    body: html`<h1>${t('myData.title')}</h1>
      <p class="lead">${t('myData.lead')}</p>
      <section aria-labelledby="held-title">
        <h2 id="held-title">${t('myData.held.title')}</h2>
        <ul>
          <li>${t('myData.held.person', { email: view.email })}</li>
          ${
            view.hostedNeeds !== undefined &&
            html`<li>${t('myData.held.host', { count: String(view.hostedNeeds) })}</li>`
          }
          ${view.startups.map((startup) => html`<li>${t('myData.held.startup', { startup })}</li>`)}
          <li>${t('myData.held.meetings', { count: String(view.meetings) })}</li>
          <li>${t('myData.held.links', { count: String(view.links) })}</li>
          <li>${t('myData.held.changes', { count: String(view.changes) })}</li>
        </ul>
      </section>
      <section aria-labelledby="download-title">
        <h2 id="download-title">${t('myData.download.title')}</h2>
        <p>${t('myData.download.lead')}</p>
        <p><a class="button" href="/app/my-data/download" download>${t('myData.download.button')}</a></p>
      </section>
      <section aria-labelledby="erase-title">
        <h2 id="erase-title">${t('myData.erase.title')}</h2>
        <p>${t('myData.erase.lead')}</p>
        <p><a class="button button--secondary" href="/app/my-data/erase">${t('myData.erase.start')}</a></p>
      </section>`,
  });
}

/** The confirm step of an erasure: what will happen, a box to tick, and the button. */
export function confirmErasurePage(context: PageContext, errors: readonly FieldError[] = []): string {
  const { t } = context;
  const error = errors[0]?.message;
  return layout(context, {
    title: t('myData.confirm.title'),
    body: html`${errorSummary(t, errors)}
      <h1>${t('myData.confirm.title')}</h1>
      <p>${t('myData.confirm.lead')}</p>
      <ul>
        <li>${t('myData.confirm.contact')}</li>
        <li>${t('myData.confirm.signIn')}</li>
        <li>${t('myData.confirm.kept')}</li>
      </ul>
      <form method="post" action="/app/my-data/erase" novalidate>
        ${csrfField(context)}
        <div class="field${error ? ' field--error' : ''}">
          <fieldset id="confirm" ${error ? html`aria-describedby="confirm-error"` : ''}>
            <legend>${t('myData.confirm.legend')}</legend>
            ${error && html`<p class="field-error" id="confirm-error">${error}</p>`}
            <div class="radio">
              <input type="checkbox" id="confirm-yes" name="confirm" value="yes" />
              <label for="confirm-yes">${t('myData.confirm.checkbox')}</label>
            </div>
          </fieldset>
        </div>
        <p>
          <button type="submit" class="button">${t('myData.confirm.button')}</button>
          <a href="/app/my-data">${t('myData.confirm.cancel')}</a>
        </p>
      </form>`,
  });
}

/** After an erasure: the person is signed out. */
export function erasedPage(context: PageContext): string {
  const { t } = context;
  return layout(context, {
    title: t('myData.erased.title'),
    body: html`<h1>${t('myData.erased.title')}</h1>
      <p>${t('myData.erased.lead')}</p>
      <p><a href="/">${t('myData.erased.home')}</a></p>`,
  });
}
