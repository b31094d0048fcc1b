import type { NeedDocument, StartupDocument } from './types';

/**
 * 53-bit string hash (cyrb53): stable across processes, used for model versions and document
 * fingerprints, not for security.
 * @returns 14 hex digits.
 */
export function hashString(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const value = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return value.toString(16).padStart(14, '0');
}

/** Fingerprint of the parts of a need that affect its scores. */
export function fingerprintNeed(doc: Omit<NeedDocument, 'id'>): string {
  return hashString(JSON.stringify([doc.title, doc.description, doc.tags ?? [], doc.language ?? null]));
}

/** Fingerprint of the parts of a profile that affect its scores. */
export function fingerprintStartup(doc: Omit<StartupDocument, 'id'>): string {
  return hashString(
    JSON.stringify([
      doc.name,
      doc.description,
      doc.oneLiner ?? '',
      doc.offering ?? '',
      doc.tags ?? [],
      doc.references ?? [],
      doc.language ?? null,
    ]),
  );
}
