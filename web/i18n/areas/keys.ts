import type { agendaSv } from './agenda.sv';
import type { apidocsSv } from './apidocs.sv';
import type { facilitatorSv } from './facilitator.sv';
import type { hostSv } from './host.sv';
import type { outcomesSv } from './outcomes.sv';
import type { privacySv } from './privacy.sv';
import type { startupSv } from './startup.sv';

// One catalogue file per area of pages, so that work on different pages never edits the same file.
export type HostKey = keyof typeof hostSv;
export type StartupKey = keyof typeof startupSv;
export type AgendaKey = keyof typeof agendaSv;
export type OutcomesKey = keyof typeof outcomesSv;
export type FacilitatorKey = keyof typeof facilitatorSv;
export type ApidocsKey = keyof typeof apidocsSv;
export type PrivacyKey = keyof typeof privacySv;
