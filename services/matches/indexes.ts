import type { Connection } from 'mongoose';
import { matchModelOf } from '../../models/match.model';

/** Creates the indexes of the matches collections (connections run with `autoIndex: false`). */
export async function ensureMatchIndexes(conn: Connection): Promise<void> {
  await matchModelOf(conn).createIndexes();
}
