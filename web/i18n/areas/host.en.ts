import type { HostKey } from './keys';

/** English texts of the host pages; the same keys as `host.sv.ts` (the compiler checks). */
export const hostEn: Record<HostKey, string> = {};
