/**
 * The one error type the application throws on purpose. The API's error middleware turns it into
 * an `application/problem+json` body with `httpStatus`; anything else becomes a bare 500.
 */
export class AppError extends Error {
  readonly code: string;
  readonly httpStatus: number;
  /** Per-field problems for validation errors: `{ path: "budget.minSek", message: "…" }`. */
  readonly fields: ReadonlyArray<{ path: string; message: string }>;

  constructor(
    code: string,
    message: string,
    options: {
      httpStatus?: number;
      cause?: unknown;
      fields?: ReadonlyArray<{ path: string; message: string }>;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.httpStatus = options.httpStatus ?? 500;
    this.fields = options.fields ?? [];
  }
}
