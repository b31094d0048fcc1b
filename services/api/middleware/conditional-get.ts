import type { Express, Request } from 'express';

/** The entity tags an `If-None-Match` header lists, weak or strong (`W/"x"` and `"x"` both as `"x"`). */
function tagsOf(header: string): string[] {
  return header.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
}

/**
 * Answers a GET or HEAD whose `If-None-Match` names the ETag of its answer with 304 and no body,
 * whatever `Cache-Control` the request carries. Express's own check (the `fresh` package) treats
 * `Cache-Control: no-cache` as "never fresh", and `fetch` adds that header to every request with
 * `If-None-Match`, so fetch clients never got a 304; an origin server evaluates the precondition
 * anyway (RFC 9110, 13.1.2). Only weak ETags count: express derives them from the answer's bytes,
 * so a match means the same answer. The strong `"<version>"` of a record read (the `If-Match`
 * value) keeps express's own check: it does not change with what else the answer shows.
 */
export function answerConditionalGets(app: Express): void {
  const expressFresh = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(app.request) as object, 'fresh')
    ?.get as ((this: Request) => boolean) | undefined;
  Object.defineProperty(app.request, 'fresh', {
    configurable: true,
    enumerable: true,
    get(this: Request): boolean {
      const etag = this.res?.get('ETag');
      if (etag === undefined || !etag.startsWith('W/')) return expressFresh?.call(this) ?? false;
      if (this.method !== 'GET' && this.method !== 'HEAD') return false;
      const status = this.res?.statusCode ?? 0;
      if (!((status >= 200 && status < 300) || status === 304)) return false;
      const header = this.get('if-none-match');
      if (header === undefined) return false;
      return header.trim() === '*' || tagsOf(header).includes(etag.slice(2));
    },
  });
}
