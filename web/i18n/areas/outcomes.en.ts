import type { OutcomesKey } from './keys';

/** English texts of the outcomes pages; the same keys as `outcomes.sv.ts` (the compiler checks). */
export const outcomesEn: Record<OutcomesKey, string> = {};
