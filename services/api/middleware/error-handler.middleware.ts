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

/** Seconds a client is asked to wait (`Retry-After`) after a 503. */
const RETRY_AFTER_SECONDS = 5;

/** Errors of the MongoDB driver and mongoose that mean the database cannot be reached right now. */
const DATABASE_OUTAGE_NAMES = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MongoWaitQueueTimeoutError',
]);

/** True when `error` (or an error it was caused by) says the database is unreachable. */
function isDatabaseOutage(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if (DATABASE_OUTAGE_NAMES.has(current.name)) return true;
    // mongoose queues commands while disconnected and gives up after bufferTimeoutMS.
    if (current.name === 'MongooseError' && /buffering timed out/.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}

/**
 * Client errors raised by Express and its body reading (http-errors: a 4xx `status`): a path
 * parameter that is not valid percent-encoding (a URIError), a body whose Content-Encoding does
 * not decode (a zlib error), anything else 4xx.
 */
function fromClientError(error: unknown): AppError | undefined {
  if (!(error instanceof Error)) return undefined;
  const { status, code } = error as { status?: unknown; code?: unknown };
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  if (error instanceof URIError)
    return new AppError('malformed_url', 'The request path is not valid percent-encoded UTF-8.', {
      httpStatus: 400,
      cause: error,
    });
  if (typeof code === 'string' && code.startsWith('Z_'))
    return new AppError('malformed_body', 'The request body does not decode with its Content-Encoding.', {
      httpStatus: 400,
      cause: error,
    });
  return new AppError('bad_request', 'The request could not be read.', { httpStatus: status, cause: error });
}

/** Sends `error` as problem+json (a 503 with `Retry-After`). */
export function sendProblem(res: Parameters<RequestHandler>[1], error: AppError): void {
  if (error.httpStatus === 503 && !res.get('Retry-After'))
    res.set('Retry-After', String(RETRY_AFTER_SECONDS));
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

function fromOutage(error: unknown): AppError | undefined {
  if (!isDatabaseOutage(error)) return undefined;
  return new AppError('database_unavailable', 'The database cannot be reached; retry shortly.', {
    httpStatus: 503,
    cause: error,
  });
}

/**
 * Last middleware: AppError, body-parser and other 4xx client errors, and database outages (503)
 * become problem+json; anything else a bare 500, logged.
 */
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
          : (fromBodyParser(error) ?? fromClientError(error) ?? fromOutage(error));
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
