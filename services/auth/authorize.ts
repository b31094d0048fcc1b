import { AppError } from '../app-error';
import type { Principal, Role } from './principal';

/** 403 unless the principal has one of `roles`. */
export function assertRole(principal: Principal, ...roles: Role[]): void {
  if (!roles.includes(principal.role)) {
    throw new AppError(
      'forbidden',
      `This needs the role ${roles.join(' or ')}; the key has ${principal.role}.`,
      { httpStatus: 403 },
    );
  }
}

/** A 403 with a reason, for checks that depend on the record. */
export function forbidden(detail: string): AppError {
  return new AppError('forbidden', detail, { httpStatus: 403 });
}
