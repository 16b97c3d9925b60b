// Upsert by the partner's source id in one statement per batch: new source ids are inserted, known
// ones updated in place only when a value differs, the rest left untouched — and the database says
// which was which (xmax = 0 marks a fresh insert; rows not returned were unchanged).
import { sql, type Kysely } from 'kysely';
import type { Numbered, Outcome, Problem } from './table.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** Rows keyed by `source_id`, to be written to `table`; `columns` are those a re-import may change. */
export async function upsertBySourceId(
  tx: AnyDb,
  table: string,
  rows: readonly Record<string, unknown>[],
  columns: readonly string[],
): Promise<Outcome[]> {
  if (!rows.length) return [];
  const changed = sql<boolean>`(${sql.join(columns.map((c) => sql`${sql.ref(`${table}.${c}`)}`))}) is distinct from (${sql.join(columns.map((c) => sql.ref(`excluded.${c}`)))})`;
  const written = await tx
    .insertInto(table)
    .values(rows as never)
    .onConflict((oc) =>
      oc
        .column('source_id')
        .doUpdateSet(Object.fromEntries(columns.map((c) => [c, sql.ref(`excluded.${c}`)])) as never)
        .where(() => changed),
    )
    .returning([sql<string>`${sql.ref(`${table}.source_id`)}`.as('source_id'), sql<boolean>`xmax = 0`.as('inserted')])
    .execute();
  const outcome = new Map(written.map((w: { source_id: string; inserted: boolean }) => [w.source_id, w.inserted ? 'inserted' : 'updated'] as const));
  return rows.map((r) => outcome.get(r.source_id as string) ?? 'unchanged');
}

/** Ids by source id of the rows of `table` that exist, for references (a course, a participant). */
export async function idsBySourceId(tx: AnyDb, table: string, sourceIds: readonly string[]): Promise<Map<string, number>> {
  const unique = [...new Set(sourceIds)];
  if (!unique.length) return new Map();
  const found = await tx.selectFrom(table).select(['id', 'source_id']).where('source_id', '=', sql<string>`any(${unique}::text[])`).execute();
  return new Map(found.map((r: { id: number; source_id: string }) => [r.source_id, r.id]));
}

/** The problem of a row naming a record of `what` that is not stored. */
export function unknownReference(column: string, what: string): Problem {
  return { column, code: 'UNKNOWN_REFERENCE', message: `no ${what} with this ${column} is stored: import it first` };
}

/**
 * Loads a batch whose rows name other records by source id: resolves them, rejects the rows whose
 * references are unknown, upserts the rest.
 */
export async function loadWithReferences<R>(
  rows: readonly Numbered<R>[],
  resolve: (row: R) => Record<string, unknown> | Problem[],
  write: (resolved: Record<string, unknown>[]) => Promise<Outcome[]>,
): Promise<(Outcome | Problem[])[]> {
  const results: (Outcome | Problem[])[] = new Array(rows.length);
  const ready: Record<string, unknown>[] = [];
  const where: number[] = [];
  rows.forEach((r, i) => {
    const resolved = resolve(r.values);
    if (Array.isArray(resolved)) results[i] = resolved;
    else {
      ready.push(resolved);
      where.push(i);
    }
  });
  const outcomes = await write(ready);
  outcomes.forEach((o, k) => (results[where[k]] = o));
  return results;
}
