// Bulk insertion in chunks: a large generated dataset in few round trips, within Postgres'
// 65,535-parameter limit per statement.
import type { Kysely } from 'kysely';

export async function insertInChunks<DB, T extends keyof DB & string>(
  db: Kysely<DB>,
  table: T,
  rows: readonly Record<string, unknown>[],
  chunkRows = 1000,
): Promise<void> {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]).length || 1;
  const size = Math.max(1, Math.min(chunkRows, Math.floor(60_000 / columns)));
  for (let i = 0; i < rows.length; i += size) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await db.insertInto(table).values(rows.slice(i, i + size) as any).execute();
  }
}
