/** Human names for the ids inside meetings, shared by the CSV, iCalendar and HTML exports. */
export interface ScheduleLabels {
  /** Need id → title and the host (owner) who sits in the meeting. */
  readonly needs: ReadonlyMap<
    string,
    { readonly title: string; readonly hostName?: string; readonly hostEmail?: string }
  >;
  /** Startup id → name. */
  readonly startups: ReadonlyMap<string, { readonly name: string }>;
  /** Room id → name. */
  readonly rooms: ReadonlyMap<string, string>;
}

/** The event fields the exports need. */
export interface ExportEvent {
  readonly id: string;
  readonly name: string;
  /** IANA zone of every wall-clock time. */
  readonly timezone: string;
}

/** Need title, falling back to the id so nothing shows blank. */
export function needTitle(labels: ScheduleLabels, needId: string): string {
  return labels.needs.get(needId)?.title ?? needId;
}

/** Host name (or e-mail, or the host id). */
export function hostLabel(labels: ScheduleLabels, needId: string, hostId: string): string {
  const need = labels.needs.get(needId);
  return need?.hostName ?? need?.hostEmail ?? hostId;
}

/** Startup name, falling back to the id. */
export function startupName(labels: ScheduleLabels, startupId: string): string {
  return labels.startups.get(startupId)?.name ?? startupId;
}

/** Room name, falling back to the id. */
export function roomName(labels: ScheduleLabels, roomId: string): string {
  return labels.rooms.get(roomId) ?? roomId;
}
