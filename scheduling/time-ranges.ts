/** Minutes since midnight for `HH:MM`; throws on a malformed time (a programmer error after parsing). */
export function parseClock(hhmm: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!match) throw new Error(`not a HH:MM time: ${hhmm}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** `HH:MM` for minutes since midnight (0 ≤ minutes ≤ 1440). */
export function formatClock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** A half-open interval [startMinute, endMinute) on one date. */
export interface TimeRange {
  readonly date: string;
  readonly startMinute: number;
  readonly endMinute: number;
}

export function toRange(window: {
  readonly date: string;
  readonly start: string;
  readonly end: string;
}): TimeRange {
  return { date: window.date, startMinute: parseClock(window.start), endMinute: parseClock(window.end) };
}

/** True when the two ranges share at least one minute. */
export function overlaps(a: TimeRange, b: TimeRange): boolean {
  return a.date === b.date && a.startMinute < b.endMinute && b.startMinute < a.endMinute;
}

/** Sorted, merged copy: overlapping or touching ranges on a date become one. Inputs are not mutated. */
export function mergeRanges(ranges: readonly TimeRange[]): TimeRange[] {
  const sorted = [...ranges]
    .filter((r) => r.endMinute > r.startMinute)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.startMinute - b.startMinute));
  const out: TimeRange[] = [];
  for (const range of sorted) {
    const last = out[out.length - 1];
    if (last && last.date === range.date && range.startMinute <= last.endMinute) {
      out[out.length - 1] = { ...last, endMinute: Math.max(last.endMinute, range.endMinute) };
    } else {
      out.push({ ...range });
    }
  }
  return out;
}

/** Intersection of two sets of ranges, merged. */
export function intersectRanges(a: readonly TimeRange[], b: readonly TimeRange[]): TimeRange[] {
  const out: TimeRange[] = [];
  for (const x of mergeRanges(a)) {
    for (const y of mergeRanges(b)) {
      if (x.date !== y.date) continue;
      const start = Math.max(x.startMinute, y.startMinute);
      const end = Math.min(x.endMinute, y.endMinute);
      if (start < end) out.push({ date: x.date, startMinute: start, endMinute: end });
    }
  }
  return mergeRanges(out);
}

/** `from` minus every range in `remove`, merged. */
export function subtractRanges(from: readonly TimeRange[], remove: readonly TimeRange[]): TimeRange[] {
  let pieces = mergeRanges(from);
  for (const cut of mergeRanges(remove)) {
    const next: TimeRange[] = [];
    for (const piece of pieces) {
      if (!overlaps(piece, cut)) {
        next.push(piece);
        continue;
      }
      if (piece.startMinute < cut.startMinute) next.push({ ...piece, endMinute: cut.startMinute });
      if (cut.endMinute < piece.endMinute) next.push({ ...piece, startMinute: cut.endMinute });
    }
    pieces = next;
  }
  return pieces;
}

/** True when `inner` lies entirely inside one range of `outer` after merging. */
export function containedIn(inner: TimeRange, outer: readonly TimeRange[]): boolean {
  return mergeRanges(outer).some(
    (r) => r.date === inner.date && r.startMinute <= inner.startMinute && inner.endMinute <= r.endMinute,
  );
}
