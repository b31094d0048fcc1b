import { html } from '../../html';
import { layout, type PageContext } from '../layout';
import { MATCHES_PATH } from './home.page';
import { scoreInWords, whyInWords } from './match-words';
import { needFacts } from './need-facts';
import type { NeedPageView } from './views';

/**
 * One open need for a startup: title, description, organisation, budget range, timeframe, how
 * well and why it matches, and the host as the contact rule lets the startup see them: the name,
 * and the e-mail and phone once a published schedule holds a meeting with the host (otherwise a
 * line saying when they will be shown).
 */
export function startupNeedPage(context: PageContext, view: NeedPageView): string {
  const { t, language } = context;
  const { need, match, contact } = view;
  return layout(context, {
    title: need.title,
    body: html`<p><a href="${MATCHES_PATH}">${t('startup.need.back')}</a></p>
      <h1 lang="${need.language}">${need.title}</h1>
      ${
        match &&
        html`<p class="card__meta">
          <span class="tag">${scoreInWords(t, match.score, language)}</span>
        </p>`
      }
      ${needFacts(t, language, need, view.organisationName)}
      <h2>${t('startup.need.description')}</h2>
      ${need.description
        .split(/\n\s*\n/)
        .map((paragraph) => html`<p lang="${need.language}">${paragraph}</p>`)}
      <h2>${t('startup.match.why')}</h2>
      ${
        match
          ? html`<ul>
              ${whyInWords(t, match.explanation, language).map((sentence) => html`<li>${sentence}</li>`)}
            </ul>`
          : html`<p>${t('startup.need.notAMatch')}</p>`
      }
      <h2>${t('startup.need.contact')}</h2>
      ${contact.name && html`<p>${contact.name}</p>`}
      ${
        contact.email
          ? html`<p>${t('startup.need.contactPublished')}</p>
              <ul class="facts">
                <li>
                  <strong>${t('startup.need.email')}:</strong>
                  <a href="mailto:${contact.email}">${contact.email}</a>
                </li>
                ${
                  contact.phone &&
                  html`<li>
                    <strong>${t('startup.need.phone')}:</strong>
                    <a href="tel:${contact.phone.replace(/[^+\d]/g, '')}">${contact.phone}</a>
                  </li>`
                }
              </ul>`
          : html`<p>${t('startup.need.noContact')}</p>`
      }`,
  });
}
