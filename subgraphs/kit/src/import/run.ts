// The import engine: reads a file as a stream, validates each row, and loads the valid ones in
// batches, each batch in one transaction (or the whole file in one, for --all-or-nothing and
// --dry-run, which then rolls back). A batch the database refuses is retried row by row so that
// only the offending rows are rejected; nothing stored is ever half-changed.
import type { Readable } from 'node:stream';
import { sql, type Transaction } from 'kysely';
import { readRecords, FileError, type CsvEncoding, type ImportFormat } from './readers/index.ts';
import { maskedValue } from './report.ts';
import type { AnyDatabase, ImportReport, ImportTable, LoadContext, Numbered, Outcome, Problem, Reject } from './table.ts';

export type { ImportReport } from './table.ts';
import { rowValidator } from './validate.ts';

export interface ImportOptions {
  format: ImportFormat;
  encoding?: CsvEncoding;
  dryRun?: boolean;
  allOrNothing?: boolean;
  /** Rows per transaction (default DEFAULT_BATCH_ROWS, fewer for wide tables). */
  batchSize?: number;
  /** Called with every reject as it is found (the CLI streams them to the rejects CSV). */
  onReject?: (reject: Reject) => void;
  /** How many rejects the report keeps (default 1000); all are counted and passed to onReject. */
  keepRejects?: number;
}

/** Rows per batch (one transaction each) unless a table is too wide for it. */
export const DEFAULT_BATCH_ROWS = 2000;

class Rollback extends Error {}

/** SQLSTATE classes of a row the database refuses (data exception, integrity violation). */
function isRowRefusal(error: unknown): error is { code: string; constraint?: string } {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

type AnyDb = AnyDatabase;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Tx = Transaction<any>;

export async function runImport(db: AnyDb, table: ImportTable, input: Readable, options: ImportOptions, context: LoadContext): Promise<ImportReport> {
  const single = Boolean(options.dryRun || options.allOrNothing);
  // Large batches amortise round trips and commits; PostgreSQL takes at most 65,535 parameters per
  // statement, so wide tables get fewer rows (each row binds about one parameter per column).
  const batchSize = options.batchSize ?? Math.min(DEFAULT_BATCH_ROWS, Math.floor(50_000 / (Object.keys(table.columns).length + 2)));
  const keep = options.keepRejects ?? 1000;
  const report: ImportReport = {
    table: table.name, format: options.format, dryRun: Boolean(options.dryRun), allOrNothing: Boolean(options.allOrNothing),
    rows: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, rejects: [], rejectCount: 0, committed: false, fileRefused: false,
  };
  const reject = (row: number, problem: Problem, value: unknown) => {
    const line: Reject = { row, ...problem, value: maskedValue(table, problem.column, value) };
    report.rejectCount += 1;
    if (report.rejects.length < keep) report.rejects.push(line);
    options.onReject?.(line);
  };
  const refuseRow = (row: number, problems: Problem[], values: Record<string, unknown>) => {
    report.rejected += 1;
    for (const p of problems) reject(row, p, values[p.column]);
  };

  const validator = rowValidator(table);
  const seen = new Map<string, Map<unknown, number>>(table.unique.map((c) => [c, new Map()]));

  const loadBatch = async (tx: Tx, batch: Numbered<never>[]) => {
    const outcomes = await table.load(tx, batch, context);
    outcomes.forEach((outcome, i) => {
      if (Array.isArray(outcome)) refuseRow(batch[i].row, outcome, batch[i].values);
      else report[outcome as Outcome] += 1;
    });
  };
  // A batch in its own transaction, or under a savepoint of the file's one transaction.
  const attempt = async (outer: Tx | undefined, fn: (tx: Tx) => Promise<void>) => {
    if (!outer) return db.transaction().execute((tx) => fn(tx));
    await sql`savepoint import_batch`.execute(outer);
    try {
      await fn(outer);
      await sql`release savepoint import_batch`.execute(outer);
    } catch (error) {
      await sql`rollback to savepoint import_batch`.execute(outer);
      throw error;
    }
  };
  const flush = async (outer: Tx | undefined, batch: Numbered<never>[]) => {
    if (!batch.length) return;
    // Counters move only once a batch is stored (or, in one transaction, kept).
    const saved = { ...report, rejects: [...report.rejects] };
    try {
      await attempt(outer, (tx) => loadBatch(tx, batch));
    } catch (error) {
      if (!isRowRefusal(error)) throw error;
      Object.assign(report, saved);
      for (const one of batch) {
        try {
          await attempt(outer, (tx) => loadBatch(tx, [one]));
        } catch (rowError) {
          if (!isRowRefusal(rowError)) throw rowError;
          const constraint = rowError.constraint ? ` (${rowError.constraint})` : '';
          refuseRow(one.row, [{ column: '', code: 'DATABASE_CONSTRAINT', message: `the database refused the row${constraint}` }], {});
        }
      }
    }
  };

  const readAndLoad = async (outer: Tx | undefined) => {
    let batch: Numbered<never>[] = [];
    for await (const event of readRecords(input, options.format, { encoding: options.encoding })) {
      if (event.kind === 'header') {
        const problems = headerProblems(event.columns, table);
        if (problems.length) {
          report.fileRefused = true;
          for (const p of problems) reject(1, p, p.column);
          return;
        }
        continue;
      }
      report.rows += 1;
      if (event.kind === 'bad') {
        refuseRow(event.row, [{ column: '', code: 'INVALID_JSON', message: event.message }], {});
        continue;
      }
      const unknown = Object.keys(event.values).filter((k) => !table.columns[k]);
      if (unknown.length) {
        refuseRow(event.row, unknown.map((column) => ({ column, code: 'UNKNOWN_COLUMN' as const, message: `${column} is not a column of ${table.name}` })), {});
        continue;
      }
      const result = validator.validate(event.values);
      if ('problems' in result) {
        refuseRow(event.row, result.problems, event.values);
        continue;
      }
      const values = result.row as Record<string, unknown>;
      const duplicates = duplicatesOf(values, seen, event.row);
      if (duplicates.length) {
        refuseRow(event.row, duplicates, event.values);
        continue;
      }
      batch.push({ row: event.row, values: values as never });
      if (batch.length >= batchSize) {
        await flush(outer, batch);
        batch = [];
      }
    }
    await flush(outer, batch);
  };

  try {
    if (single) {
      await db
        .transaction()
        .execute(async (tx) => {
          await readAndLoad(tx);
          if (options.dryRun || report.rejected || report.fileRefused) throw new Rollback();
        })
        .then(() => (report.committed = true))
        .catch((error: unknown) => {
          if (!(error instanceof Rollback)) throw error;
        });
    } else {
      await readAndLoad(undefined);
      report.committed = !report.fileRefused;
    }
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    report.fileRefused = !report.rows || single;
    reject(0, { column: error.column, code: error.code, message: error.message }, '');
    if (single) report.committed = false;
  }
  return report;
}

function headerProblems(header: string[], table: ImportTable): Problem[] {
  const problems: Problem[] = [];
  const counted = new Map<string, number>();
  for (const name of header) counted.set(name, (counted.get(name) ?? 0) + 1);
  for (const [name, count] of counted) {
    if (!name) continue;
    if (!table.columns[name]) problems.push({ column: name, code: 'UNKNOWN_COLUMN', message: `${name} is not a column of ${table.name}` });
    else if (count > 1) problems.push({ column: name, code: 'DUPLICATE_COLUMN', message: `${name} appears ${count} times in the header` });
  }
  for (const [name, column] of Object.entries(table.columns)) {
    if (column.doc.required && !counted.has(name)) problems.push({ column: name, code: 'MISSING_COLUMN', message: `the header has no ${name} column` });
  }
  return problems;
}

function duplicatesOf(values: Record<string, unknown>, seen: Map<string, Map<unknown, number>>, row: number): Problem[] {
  const problems: Problem[] = [];
  for (const [column, rows] of seen) {
    const value = values[column];
    if (value === null || value === undefined) continue;
    const first = rows.get(value);
    if (first !== undefined) problems.push({ column, code: 'DUPLICATE_IN_FILE', message: `the same ${column} as row ${first}` });
  }
  if (!problems.length) for (const [column, rows] of seen) if (values[column] != null) rows.set(values[column], row);
  return problems;
}
