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
