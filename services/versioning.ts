import type { VersionedWriteResult } from '../models';
import { AppError } from './app-error';

/**
 * The value of a versioned write, or the AppError for its failure: 404 when the record is gone,
 * 409 `version_conflict` (with the current version in the detail) when someone else wrote first.
 */
export function unwrapVersioned<T>(result: VersionedWriteResult<T>, what: string, id: string): T {
  if (result.ok) return result.value;
  if (result.reason === 'not_found') throw notFound(what, id);
  throw versionConflict(what, result.currentVersion);
}

/** 404 for a record that does not exist (or that the caller may not know exists). */
export function notFound(what: string, id: string): AppError {
  return new AppError('not_found', `No ${what} with id ${id}.`, { httpStatus: 404 });
}

/** 409: the client's version is not the stored one. */
export function versionConflict(what: string, currentVersion: number): VersionConflictError {
  return new VersionConflictError(what, currentVersion);
}

/** A 409 that carries the stored version, so the client can re-read and retry. */
export class VersionConflictError extends AppError {
  readonly currentVersion: number;
  constructor(what: string, currentVersion: number) {
    super(
      'version_conflict',
      `The ${what} was changed by someone else; the current version is ${currentVersion}. Read it again and retry.`,
      {
        httpStatus: 409,
      },
    );
    this.currentVersion = currentVersion;
  }
}
