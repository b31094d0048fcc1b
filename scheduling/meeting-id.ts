/**
 * The stable id of the meeting between a need and a startup at an event: a pair meets at most once,
 * so the three ids identify it across re-runs and repairs (calendar UIDs rely on this). Each part is
 * URI-encoded so that ids containing ':' cannot collide.
 */
export function meetingId(eventId: string, needId: string, startupId: string): string {
  return [eventId, needId, startupId].map(encodeURIComponent).join(':');
}

/** Key of a (need, startup) pair for maps. */
export function pairKey(needId: string, startupId: string): string {
  return `${encodeURIComponent(needId)}|${encodeURIComponent(startupId)}`;
}
