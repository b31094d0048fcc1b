import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ClaimExpiredError } from '../../../models';
import { AppError } from '../../app-error';
import { VersionConflictError } from '../../versioning';

/** The `application/problem+json` body (RFC 9457) of every error response. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors: { path: string; message: string }[];
  /** Only on 409 version conflicts. */
  currentVersion?: number;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function problemOf(error: AppError): Problem {
  return {
    type: `https://matchmaker.example/problems/${error.code}`,
    title: TITLES[error.httpStatus] ?? 'Error',
    status: error.httpStatus,
    detail: error.message,
    code: error.code,
    errors: [...error.fields],
    ...(error instanceof VersionConflictError ? { currentVersion: error.currentVersion } : {}),
  };
}

/** body-parser errors carry `type` and a 4xx `status`. */
function fromBodyParser(error: unknown): AppError | undefined {
  if (typeof error !== 'object' || error === null || !('type' in error) || !('status' in error))
    return undefined;
  const { type, status } = error as { type: unknown; status: unknown };
  if (type === 'entity.parse.failed')
    return new AppError('malformed_json', 'The request body is not valid JSON.', {
      httpStatus: 400,
      cause: error,
    });
  if (type === 'entity.too.large')
    return new AppError('body_too_large', 'The request body is larger than the limit.', {
      httpStatus: 413,
      cause: error,
    });
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new AppError('bad_request', `The request body could not be read (${String(type)}).`, {
      httpStatus: status,
      cause: error,
    });
  }
  return undefined;
}

/** Sends `error` as problem+json. */
export function sendProblem(res: Parameters<RequestHandler>[1], error: AppError): void {
  res
    .status(error.httpStatus)
    .type('application/problem+json')
    .send(JSON.stringify(problemOf(error)));
}

/** A versioned write given up before it was sent (the server was too slow to answer in time): nothing changed, retry. */
function writeNotSent(error: ClaimExpiredError): AppError {
  return new AppError(
    'write_not_sent',
    'The server was too slow to make this change safely; nothing was changed. Retry with the same If-Match.',
    { httpStatus: 503, cause: error },
  );
}

/** Last middleware: AppError and body-parser errors become problem+json; anything else a bare 500, logged. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const known =
      error instanceof AppError
        ? error
        : error instanceof ClaimExpiredError
          ? writeNotSent(error)
          : fromBodyParser(error);
    if (known) {
      if (known.httpStatus >= 500) logger.error({ err: error, url: req.originalUrl }, 'request failed');
      sendProblem(res, known);
      return;
    }
    logger.error({ err: error, url: req.originalUrl }, 'unexpected error');
    sendProblem(res, new AppError('internal', 'Something went wrong on our side.', { httpStatus: 500 }));
  };
}

/** 404 problem for paths no router handles. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('route_not_found', `No route ${req.method} ${req.path}.`, { httpStatus: 404 }));
};
