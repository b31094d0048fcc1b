import type { Need } from '../../../models';
import { needAsSeenBy, type PublishedTies, type Reader } from '../../visibility';

/**
 * The JSON of a need as a reader sees it, kept per need record and published ties: a page of
 * `GET /needs` is mostly the same twenty needs sent again and again, and turning them into JSON
 * was the largest share of the API's CPU on that route. The needs come from the read model, whose
 * records are never changed in place (a write replaces the record), and a reader's ties are one
 * object per request (`NO_TIES` for every facilitator), so a kept text is exactly what
 * `needAsSeenBy` gives for that record, reader and ties; a changed need is a new record and a new text.
 */
export function createNeedJsonCache(): (reader: Reader, need: Need, ties: PublishedTies) => string {
  const byNeed = new WeakMap<Need, WeakMap<PublishedTies, Map<string, string>>>();
  return (reader, need, ties) => {
    let byTies = byNeed.get(need);
    if (byTies === undefined) byNeed.set(need, (byTies = new WeakMap()));
    let byReader = byTies.get(ties);
    if (byReader === undefined) byTies.set(ties, (byReader = new Map()));
    const readerKey = JSON.stringify(reader);
    let json = byReader.get(readerKey);
    if (json === undefined)
      byReader.set(readerKey, (json = JSON.stringify(needAsSeenBy(reader, need, ties))));
    return json;
  };
}

/** A page's JSON with its items given as JSON texts (the rest of the page serialised as usual). */
export function pageJson(
  page: { items: unknown[] } & Record<string, unknown>,
  items: readonly string[],
): string {
  const { items: _items, ...rest } = page;
  const fields = JSON.stringify(rest).slice(1, -1);
  return `{"items":[${items.join(',')}]${fields === '' ? '' : `,${fields}`}}`;
}

/** A page's body as sent, with its ETag. */
export interface SentBody {
  body: Buffer;
  etag: string | undefined;
}

/** Pages kept at once; past it the cache starts again. */
const MAX_PAGES = 1_000;

/**
 * The body of a `GET /needs` page kept per query and reader, with its ETag: the same page was
 * joined, turned into bytes and hashed for its ETag on every request, which with the joined text
 * was most of the garbage behind the route's slowest answers (old-space collections every few
 * seconds at 1,500 requests a second). A kept body is used only while the page holds the very
 * same need records (the read model replaces a record on every change, never changes one in
 * place), the same published ties object and the same other fields, so it is the body `build`
 * would give now.
 */
export function createNeedPageCache(
  etagOf: (body: Buffer) => string | undefined,
): (key: string, page: { items: readonly Need[] }, ties: PublishedTies, build: () => string) => SentBody {
  const pages = new Map<string, { items: readonly Need[]; rest: string; ties: PublishedTies } & SentBody>();
  return (key, page, ties, build) => {
    const { items, ...fields } = page;
    const rest = JSON.stringify(fields);
    const kept = pages.get(key);
    if (
      kept !== undefined &&
      kept.ties === ties &&
      kept.rest === rest &&
      kept.items.length === items.length &&
      kept.items.every((need, position) => need === items[position])
    )
      return kept;
    const body = Buffer.from(build());
    const sent = { items, rest, ties, body, etag: etagOf(body) };
    if (pages.size >= MAX_PAGES) pages.clear();
    pages.set(key, sent);
    return sent;
  };
}
