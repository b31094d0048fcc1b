import type { Match } from '../../../models';

/**
 * A match list's JSON with each match's JSON kept per match record: the read models hold one
 * record per match until its ranking is replaced (a ranking is never changed in place: a new one
 * brings new records), and turning a list's explained matches into JSON again on every request
 * was the largest share of the API's CPU on the match list routes. The text is what `res.json`
 * gives for the same list (its items last).
 */
export function createMatchListJson(): (list: { items: readonly Match[] }) => string {
  const byMatch = new WeakMap<Match, string>();
  const jsonOf = (match: Match): string => {
    let json = byMatch.get(match);
    if (json === undefined) byMatch.set(match, (json = JSON.stringify(match)));
    return json;
  };
  return (list) => {
    const { items, ...rest } = list;
    const fields = JSON.stringify(rest).slice(1, -1);
    return `{${fields}${fields === '' ? '' : ','}"items":[${items.map(jsonOf).join(',')}]}`;
  };
}
