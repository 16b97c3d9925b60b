// Bulk insertion in chunks: a large generated dataset in few round trips, within Postgres'
// 65,535-parameter limit per statement.
import type { Kysely } from 'kysely';

export async function insertInChunks<DB>(db: Kysely<DB>, table: keyof DB & string, rows: readonly object[], chunkRows = 1000): Promise<void> {
  // Rows are typed where they are built; here they are only sliced, so the query is untyped.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const untyped = db as unknown as Kysely<any>;
  if (!rows.length) return;
  const columns = Object.keys(rows[0]).length || 1;
  const size = Math.max(1, Math.min(chunkRows, Math.floor(60_000 / columns)));
  for (let i = 0; i < rows.length; i += size) {
    await untyped.insertInto(table).values(rows.slice(i, i + size)).execute();
  }
}

/** What a generator wrote: rows per table. */
export type GenerateReport = Record<string, number>;
