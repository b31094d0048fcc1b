import type { VersionedRepository } from '../models';
import { invalidFields } from './validation';

/** 400 naming every id in `ids` (at `path.<index>`) that `repository` does not hold. */
export async function assertAllExist<T>(
  repository: Pick<VersionedRepository<T, object, object>, 'existingIds'>,
  ids: readonly string[],
  path: string,
  what: string,
): Promise<void> {
  if (ids.length === 0) return;
  const existing = await repository.existingIds(ids);
  const missing = ids.flatMap((id, index) =>
    existing.has(id) ? [] : [{ path: `${path}.${index}`, message: `no ${what} with id ${id}` }],
  );
  if (missing.length > 0) throw invalidFields(missing);
}
