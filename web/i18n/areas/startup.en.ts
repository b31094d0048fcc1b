import type { StartupKey } from './keys';

/** English texts of the startup pages; the same keys as `startup.sv.ts` (the compiler checks). */
export const startupEn: Record<StartupKey, string> = {};
