import type { z } from 'zod';
import { AppError } from './app-error';

/** Per-field problems of a zod error, one entry per unknown key so each is named. */
export function fieldsOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key].join('.'), message: 'unknown field' }));
    }
    return [{ path: path.join('.') || '(root)', message: issue.message }];
  });
}

/**
 * Parses `input` with `schema` or throws a 400 AppError naming every bad field.
 * @param where what was parsed, for the message: "body" or "query"
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  where: 'body' | 'query' = 'body',
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields = fieldsOf(result.error);
  throw new AppError(
    'validation_failed',
    `The request ${where} is invalid: ${fields.map((field) => field.path).join(', ')}.`,
    {
      httpStatus: 400,
      fields,
    },
  );
}

/** A 400 for problems found after parsing (e.g. a referenced id that does not exist). */
export function invalidFields(fields: { path: string; message: string }[]): AppError {
  return new AppError(
    'validation_failed',
    `The request body is invalid: ${fields.map((field) => field.path).join(', ')}.`,
    {
      httpStatus: 400,
      fields,
    },
  );
}
