/** True when `error` is MongoDB's duplicate key error (code 11000), as both servers report it. */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/**
 * True when a bulk insert failed only on duplicate keys (every write error is code 11000): the
 * documents already there are kept, the others were inserted (`ordered: false`).
 */
export function isOnlyDuplicateKeys(error: unknown): boolean {
  const writeErrors = (error as { writeErrors?: { code?: number }[] | { code?: number } }).writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  return isDuplicateKey(error) || (list.length > 0 && list.every((item) => item.code === 11000));
}
