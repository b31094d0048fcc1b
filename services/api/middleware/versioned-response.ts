import type { Request, Response } from 'express';
import { AppError } from '../../app-error';
import type { Published } from '../../service-deps';

/**
 * The version a write expects, from `If-Match` (`"3"`, `W/"3"` or `3`). Missing → 428, so a
 * client cannot overwrite without having read.
 */
export function expectedVersion(req: Request): number {
  const header = req.get('if-match');
  if (header === undefined) {
    throw new AppError(
      'version_required',
      'Send the version you read in an If-Match header, e.g. If-Match: "3".',
      { httpStatus: 428 },
    );
  }
  const match = header.trim().match(/^(?:W\/)?"?(\d{1,15})"?$/);
  if (!match?.[1]) {
    throw new AppError('validation_failed', 'If-Match must be a version such as "3".', {
      httpStatus: 400,
      fields: [{ path: 'If-Match', message: 'must be a version number such as "3"' }],
    });
  }
  return Number(match[1]);
}

/** Sets `ETag: "<version>"`, the value to send back in `If-Match`. */
export function setVersionTag(res: Response, version: number): void {
  res.set('ETag', `"${version}"`);
}

/** Header that tells the client the write committed but the match recompute was not queued. */
export const CHANGE_NOT_PUBLISHED_WARNING =
  '199 matchmaker "change stored but not published; matches may be stale"';

/** Sends a committed write: ETag, a Warning header when its change was not published, and the body. */
export function sendWritten<T extends { version: number }>(
  res: Response,
  status: number,
  written: Published<T>,
): void {
  setVersionTag(res, written.value.version);
  if (!written.changePublished) res.set('Warning', CHANGE_NOT_PUBLISHED_WARNING);
  if (status === 204) res.status(204).end();
  else res.status(status).json(written.value);
}
