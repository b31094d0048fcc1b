/**
 * Human names for the ids inside meetings, shared by the CSV, iCalendar and HTML exports. The
 * contact fields hold only what the reader may see (services/visibility builds them); an export
 * prints what it is given.
 */
export interface ScheduleLabels {
  /** Need id → title, its organisation and the host (owner) who sits in the meeting. */
  readonly needs: ReadonlyMap<
    string,
    {
      readonly title: string;
      readonly organisation?: string;
      readonly hostName?: string;
      readonly hostEmail?: string;
      readonly hostPhone?: string;
    }
  >;
  /** Startup id → name and, when the reader may see it, its contact person. */
  readonly startups: ReadonlyMap<
    string,
    { readonly name: string; readonly contact?: { name?: string; email?: string; phone?: string } }
  >;
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

/**
 * Host name (or its e-mail when that is all the labels hold). Never the meeting's `hostId`: that is
 * the host's e-mail, which not every reader may see.
 */
export function hostLabel(labels: ScheduleLabels, needId: string): string {
  const need = labels.needs.get(needId);
  return need?.hostName ?? need?.hostEmail ?? '';
}

/** The host's e-mail and phone the labels hold, joined ("" when the reader may see neither). */
export function hostContactText(labels: ScheduleLabels, needId: string): string {
  const need = labels.needs.get(needId);
  return [need?.hostEmail, need?.hostPhone].filter(Boolean).join(', ');
}

/** The startup's contact person the labels hold: name, e-mail, phone ("" when the reader may see none). */
export function startupContactText(labels: ScheduleLabels, startupId: string): string {
  const contact = labels.startups.get(startupId)?.contact;
  return contact ? [contact.name, contact.email, contact.phone].filter(Boolean).join(', ') : '';
}

/** Startup name, falling back to the id. */
export function startupName(labels: ScheduleLabels, startupId: string): string {
  return labels.startups.get(startupId)?.name ?? startupId;
}

/** Room name, falling back to the id. */
export function roomName(labels: ScheduleLabels, roomId: string): string {
  return labels.rooms.get(roomId) ?? roomId;
}
