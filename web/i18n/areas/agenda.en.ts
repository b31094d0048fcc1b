import type { AgendaKey } from './keys';

/** English texts of the agenda pages; the same keys as `agenda.sv.ts` (the compiler checks). */
export const agendaEn: Record<AgendaKey, string> = {};
