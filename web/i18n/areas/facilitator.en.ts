import type { FacilitatorKey } from './keys';

/** English texts of the facilitator pages; the same keys as `facilitator.sv.ts` (the compiler checks). */
export const facilitatorEn: Record<FacilitatorKey, string> = {};
