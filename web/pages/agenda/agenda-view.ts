/** A contact as the reader may see it (services/visibility decided which fields are here). */
export interface ContactView {
  name?: string;
  email?: string;
  phone?: string;
}

/** One meeting of an agenda, ready to show: instants (shown in Stockholm time) and names. */
export interface AgendaMeetingView {
  startsAt: Date;
  endsAt: Date;
  room: string;
  needTitle: string;
  organisation: string;
  host: ContactView;
  startup: { name: string; contact?: ContactView };
}

/** One event's meetings in an agenda. */
export interface AgendaEventView {
  id: string;
  name: string;
  meetings: AgendaMeetingView[];
}
