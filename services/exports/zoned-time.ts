/**
 * Wall-clock time in an IANA zone → the UTC instant, with `Intl` only (no zone database of our own).
 * Two passes of "guess the offset, correct it" settle on the right instant on both sides of a DST
 * change; a wall-clock time that does not exist (the skipped spring hour) lands one hour later.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Offset of `timeZone` from UTC at the instant `epochMs`, in milliseconds (Stockholm: +1 h or +2 h). */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterOf(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return wall - Math.floor(epochMs / 1000) * 1000;
}

/**
 * The UTC instant of a wall-clock `date` (`YYYY-MM-DD`) and `time` (`HH:MM`) in `timeZone`.
 * @throws RangeError on a malformed date or time (a programmer error: inputs are validated upstream)
 */
export function zonedTimeToUtc(date: string, time: string, timeZone: string): Date {
  const dateMatch = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const timeMatch = /^(\d{2}):(\d{2})$/.exec(time);
  if (!dateMatch || !timeMatch) throw new RangeError(`not a wall-clock date and time: ${date} ${time}`);
  const asIfUtc = Date.UTC(
    Number(dateMatch[1]),
    Number(dateMatch[2]) - 1,
    Number(dateMatch[3]),
    Number(timeMatch[1]),
    Number(timeMatch[2]),
  );
  const first = asIfUtc - zoneOffsetMs(asIfUtc, timeZone);
  return new Date(asIfUtc - zoneOffsetMs(first, timeZone));
}

/** An instant as iCalendar UTC DATE-TIME: `20270316T080000Z`. */
export function icsUtc(instant: Date): string {
  return instant
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
