import { z } from 'zod';
import { objectIdSchema } from './common.schema';

/** Largest page a list endpoint returns. */
export const MAX_PAGE_LIMIT = 100;
/** Page size when `?limit` is absent. */
export const DEFAULT_PAGE_LIMIT = 20;

/** `?limit` (1–100, default 20) and `?page` (1-based, default 1) of every list endpoint. */
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(DEFAULT_PAGE_LIMIT),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

/**
 * The list query of an endpoint that pages by cursor: `?limit`, `?cursor` (the `nextCursor` of the
 * page before: the records after it, in id order) or `?page` (from 1; kept for existing clients),
 * and `fields` (its filters). `page` and `cursor` together → 400 naming `cursor`. A list in another
 * order gives its own `cursor` schema (the audit log's names an instant and an id).
 */
export function listQuerySchema<
  Fields extends z.ZodRawShape,
  Cursor extends z.ZodType<string> = typeof objectIdSchema,
>(fields: Fields, cursor: Cursor = objectIdSchema as unknown as Cursor) {
  return z
    .object({
      limit: pageQuerySchema.shape.limit,
      /** A page number (from 1); kept for existing clients, `cursor` is the way to page. */
      page: pageQuerySchema.shape.page.unwrap().optional(),
      /** The `nextCursor` of the page before: the records after it. */
      cursor: cursor.optional(),
      ...fields,
    })
    .refine(
      (query: { page?: unknown; cursor?: unknown }) => query.page === undefined || query.cursor === undefined,
      {
        path: ['cursor'],
        message: 'send cursor or page, not both',
      },
    );
}

/** Which page of a list to read: after `cursor`, or page number `page` (1 when neither). */
export interface ListPageQuery {
  limit: number;
  page?: number | undefined;
  cursor?: string | undefined;
}

/**
 * A page of a list endpoint that pages by cursor: `nextCursor` (the last item's id, null on the
 * last page) asks for the next one as `?cursor=`. Paged by number (`?page=`, or neither), it also
 * has `page` and `nextPage`.
 */
export interface ListPage<T> {
  items: T[];
  limit: number;
  /** How many records pass the filters. */
  total: number;
  nextCursor: string | null;
  page?: number;
  nextPage?: number | null;
}

/** The page of `query` when nothing can match (a filter the reader may not use). */
export function emptyListPage<T>({ limit, page, cursor }: ListPageQuery): ListPage<T> {
  const numbered = cursor === undefined ? { page: page ?? 1, nextPage: null } : {};
  return { items: [], limit, total: 0, nextCursor: null, ...numbered };
}

/** One page of a list: `nextPage` is null on the last page; `total` counts every match of the filter. */
export interface Page<T> {
  items: T[];
  page: number;
  limit: number;
  total: number;
  nextPage: number | null;
}

/** Escapes a user string for use inside a RegExp, so `q` is matched literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
