export { myAgendaPage, printableAgendaPage, type CalendarLinkView } from './agenda.pages';
export { agendaSections } from './agenda-list';
export type { AgendaEventView, AgendaMeetingView, ContactView } from './agenda-view';
