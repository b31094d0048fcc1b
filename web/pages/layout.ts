import type { Role } from '../../models';
import { html, type SafeHtml } from '../html';
import type { PageLanguage, Translate } from '../i18n';

/** What every page is rendered with. */
export interface PageContext {
  language: PageLanguage;
  t: Translate;
  /** Path and query of this page, for the language switch (which keeps the person here). */
  path: string;
  /** Goes into every form that changes something (and `X-CSRF-Token` of scripts). */
  csrfToken: string;
  /** The signed-in person, if any. */
  person?: { name: string; role: Role };
}

/** The same path with `lang=<language>` in its query. */
export function pathInLanguage(path: string, language: PageLanguage): string {
  const url = new URL(path, 'http://page.invalid');
  url.searchParams.set('lang', language);
  return `${url.pathname}${url.search}`;
}

/** The hidden CSRF field of a form that changes something. */
export function csrfField(context: PageContext): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${context.csrfToken}" />`;
}

/**
 * The page frame: skip link, header (name, language switch, who is signed in and "Logga ut"),
 * the main content, and a footer linking the accessibility statement.
 */
export function layout(
  context: PageContext,
  page: { title: string; body: SafeHtml; scripts?: string[]; stylesheets?: string[] },
): string {
  const { t, language, person } = context;
  const other: PageLanguage = language === 'sv' ? 'en' : 'sv';
  return `<!doctype html>${
    html`<html lang="${language}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="csrf-token" content="${context.csrfToken}" />
        <title>${page.title} – ${t('site.name')}</title>
        ${(page.stylesheets ?? []).map((href) => html`<link rel="stylesheet" href="${href}" />`)}
        <link rel="stylesheet" href="/assets/site.css" />
        ${(page.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
      </head>
      <body>
        <a class="skip-link" href="#main">${t('site.skipToContent')}</a>
        <header class="site-header">
          <div class="site-header__inner">
            <a class="site-name" href="${person ? '/app/' : '/'}">${t('site.name')}</a>
            <nav class="site-tools" aria-label="${t('site.menu')}">
              <a href="${pathInLanguage(context.path, other)}" lang="${other}" hreflang="${other}"
                >${t('site.otherLanguage')}</a
              >
              ${
                person &&
                html`<span class="who"
                    >${t('site.signedInAs', { name: person.name })} (${t(`role.${person.role}`)})</span
                  >
                  <a href="/app/my-data">${t('myData.nav')}</a>
                  <form method="post" action="/sign-out" class="inline-form">
                    ${csrfField(context)}
                    <button type="submit" class="button button--secondary">${t('site.signOut')}</button>
                  </form>`
              }
            </nav>
          </div>
        </header>
        <main id="main" tabindex="-1">${page.body}</main>
        <footer class="site-footer">
          <a href="/accessibility">${t('site.accessibility')}</a>
        </footer>
      </body>
    </html>`.value
  }`;
}
