// Most import formats are one database table, column for column, whose rows name other records by
// their source id (a job path, a campaign) or by a code of reference data (an office, an ATECO
// division). This declares such a format in one place: columns, references, lookups, the stored
// columns, and the export for round trips.
import { sql, type RawBuilder } from 'kysely';
import { exportRows } from './participants.ts';
import { defineImportTable, type AnyDatabase, type Columns, type ImportTable, type Problem, type RowOf } from './table.ts';
import { idsBySourceId, loadWithReferences, unknownReference, upsertBySourceId } from './upsert.ts';

export interface SimpleTable<C extends Columns> {
  name: string;
  title: string;
  description: string;
  /** The database table the rows go to. */
  table: string;
  columns: C;
  /** Columns naming another record by its source id: the stored id column and the table it is in. */
  references?: Partial<Record<keyof C & string, { table: string; column: string; what: string }>>;
  /** Columns holding a code of reference data that must exist: the table and its key column. */
  lookups?: Partial<Record<keyof C & string, { table: string; key: string; what: string }>>;
  /** Further stored values computed from a row (defaults of empty optional columns…). */
  computed?: (row: RowOf<C>) => Record<string, unknown>;
  check?: (row: RowOf<C>) => Problem[];
  unique?: readonly (keyof C & string)[];
  after?: readonly string[];
  /** The stored rows as the format writes them (source ids of references included). */
  exportSql?: RawBuilder<unknown>;
}

export function simpleTable<C extends Columns>(spec: SimpleTable<C>): ImportTable {
  const references = Object.entries(spec.references ?? {}) as [string, { table: string; column: string; what: string }][];
  const lookups = Object.entries(spec.lookups ?? {}) as [string, { table: string; key: string; what: string }][];
  const refColumns = new Set(references.map(([c]) => c));
  return defineImportTable({
    name: spec.name,
    title: spec.title,
    description: spec.description,
    columns: spec.columns,
    unique: spec.unique ?? (['source_id'] as never),
    after: spec.after ?? [...new Set(references.map(([, r]) => r.table))],
    check: spec.check,
    load: async (tx: AnyDatabase, rows) => {
      const ids = new Map<string, Map<string, number>>();
      for (const [column, ref] of references) ids.set(column, await idsBySourceId(tx, ref.table, rows.map((r) => (r.values as Record<string, string>)[column])));
      const known = new Map<string, Set<string>>();
      for (const [column, lookup] of lookups) {
        const wanted = [...new Set(rows.map((r) => (r.values as Record<string, unknown>)[column]).filter((v): v is string => typeof v === 'string'))];
        const found = wanted.length ? await tx.selectFrom(lookup.table).select(sql<string>`${sql.ref(lookup.key)}::text`.as('key')).where(sql.ref(lookup.key), '=', sql<string>`any(${wanted}::text[])`).execute() : [];
        known.set(column, new Set(found.map((f: { key: string }) => f.key.trim())));
      }
      let stored: string[] | undefined;
      return loadWithReferences(
        rows,
        (r) => {
          const values = r as Record<string, unknown>;
          const problems: Problem[] = [];
          const out: Record<string, unknown> = {};
          for (const [column, value] of Object.entries(values)) if (!refColumns.has(column)) out[column] = value;
          for (const [column, ref] of references) {
            // An optional reference left empty stays empty.
            if (values[column] === null) {
              out[ref.column] = null;
              continue;
            }
            const id = ids.get(column)!.get(values[column] as string);
            if (id === undefined) problems.push(unknownReference(column, ref.what));
            else out[ref.column] = id;
          }
          for (const [column, lookup] of lookups) {
            const value = values[column];
            if (value !== null && !known.get(column)!.has(String(value))) problems.push({ column, code: 'UNKNOWN_REFERENCE', message: `not a known ${lookup.what}` });
          }
          if (problems.length) return problems;
          Object.assign(out, spec.computed?.(values as RowOf<C>));
          stored ??= Object.keys(out).filter((c) => c !== 'source_id');
          return out;
        },
        (ready) => upsertBySourceId(tx, spec.table, ready, stored ?? []),
      );
    },
    export: spec.exportSql ? (db) => exportRows(db, spec.exportSql!) : undefined,
  });
}
