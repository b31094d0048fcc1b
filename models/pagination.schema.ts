import { z } from 'zod';

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
