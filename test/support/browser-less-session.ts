/** A response of {@link CookieClient}: status, headers, text. */
export interface PageResponse {
  status: number;
  headers: Headers;
  text: string;
  /** Where a redirect points (relative to the app), if it is one. */
  location: string | null;
}

/**
 * A plain HTTP client that keeps cookies like a browser and does not follow redirects, for
 * integration tests of the pages (the browser tests use Chromium).
 */
export class CookieClient {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  /** The cookie header this client sends. */
  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** Copies another client's cookies (e.g. a stolen session cookie). */
  copyCookiesFrom(other: CookieClient): void {
    for (const [name, value] of other.cookies) this.cookies.set(name, value);
  }

  async request(
    method: string,
    path: string,
    init: { form?: Record<string, string>; json?: unknown; headers?: Record<string, string> } = {},
  ): Promise<PageResponse> {
    const headers: Record<string, string> = { ...init.headers };
    const cookie = this.cookieHeader();
    if (cookie !== '') headers.cookie = cookie;
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    } else if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    const url = path.startsWith('http') ? path : `${this.baseUrl}${path}`;
    const response = await fetch(url, { method, headers, redirect: 'manual', ...(body ? { body } : {}) });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return {
      status: response.status,
      headers: response.headers,
      text: await response.text(),
      location: response.headers.get('location'),
    };
  }

  get(path: string): Promise<PageResponse> {
    return this.request('GET', path);
  }

  /** Posts a form with the CSRF token of `page` (its `_csrf` field) added. */
  postForm(path: string, page: PageResponse, fields: Record<string, string>): Promise<PageResponse> {
    return this.request('POST', path, { form: { _csrf: csrfTokenIn(page), ...fields } });
  }
}

/** The CSRF token a page carries (its meta tag). */
export function csrfTokenIn(page: PageResponse): string {
  const token = /<meta name="csrf-token" content="([^"]+)"/.exec(page.text)?.[1];
  if (!token) throw new Error(`no CSRF token on the page (status ${page.status})`);
  return token;
}
