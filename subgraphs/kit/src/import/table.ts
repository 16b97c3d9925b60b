// An import format: one table of a partner's database as its operators send it. Declared once per
// table (columns, row checks, how to load a batch) and used by the CLI, the upload endpoint, the
// docs generator and the round-trip tests alike.
import type { Kysely } from 'kysely';

/** Any partner's database: the import engine works on whatever tables the partner declares. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDatabase = Kysely<any>;
import type { Viewer } from '../context.ts';
import { z } from 'zod';
import type { Column } from './columns.ts';
import type { RejectCode } from './codes.ts';
import type { ImportFormat } from './readers/index.ts';

export type Columns = Record<string, Column<unknown>>;
export type RowOf<C extends Columns> = { [K in keyof C]: C[K] extends Column<infer T> ? T : never };

/** What is wrong with one value of a row. */
export interface Problem {
  column: string;
  code: RejectCode;
  message: string;
}

/** One line of the rejects report. `value` is already masked for personal columns. */
export interface Reject extends Problem {
  row: number;
  value: string;
}

export type Outcome = 'inserted' | 'updated' | 'unchanged';

export interface LoadContext {
  /** The project's linkage key: participants are pseudonymised at the door. */
  linkageKey: string;
  /** The store being loaded (for ats, the ambit's). */
  store: string;
}

/** A valid row, with where it came from in the file. */
export interface Numbered<R> {
  row: number;
  values: R;
}

export interface ImportTable<C extends Columns = Columns> {
  /** As typed on the command line and in the upload URL: `enrolments`. */
  name: string;
  title: string;
  /** What a row is, for the docs. */
  description: string;
  columns: C;
  /** Columns no two rows of one file may share (the source id always; the fiscal code for people). */
  unique: readonly (keyof C & string)[];
  /** Checks across a row's values (dates in order, a level only with a status…). */
  check?: (row: RowOf<C>) => Problem[];
  /** Tables whose rows this one names: load those first. */
  after?: readonly string[];
  /**
   * Writes valid rows in the given transaction, each inserted, updated in place (by its source
   * id) or left unchanged; a row it cannot take (a reference not found) gets its problems instead.
   */
  load: (tx: AnyDatabase, rows: readonly Numbered<RowOf<C>>[], context: LoadContext) => Promise<(Outcome | Problem[])[]>;
  /** The table's rows as the format writes them, for the round trip and exports (source ids kept). */
  export?: (db: AnyDatabase) => AsyncIterable<Record<string, unknown>>;
}

/** Typed rows while declaring; any table afterwards (a partner lists tables of different columns). */
export function defineImportTable<C extends Columns>(table: ImportTable<C>): ImportTable {
  return table as unknown as ImportTable;
}

/** The zod object of a table's row (built once per import). */
export function rowSchema(columns: Columns) {
  return z.object(Object.fromEntries(Object.entries(columns).map(([name, c]) => [name, c.schema])));
}

/** A partner's imports: its tables in loading order, and how a person is erased. */
export interface PartnerImports {
  /** The subgraph: `cpia`. */
  subgraph: string;
  /** Who the partner is, for docs and messages: "CPIA network". */
  title: string;
  /**
   * The store an operator may load into: only the owning partner's own operators get one (for
   * ats, the database of their ambit); anyone else gets undefined.
   */
  storeFor: (viewer: Viewer) => string | undefined;
  /** The partner registry id that owns a store (the audit trail names it for command-line runs). */
  ownerOf: (store: string) => string;
  tables: readonly ImportTable[];
  /** Whether the partner's database keeps an audit trail (it holds personal data). */
  audited: boolean;
  /** Arguments the command line needs besides the table and file (ats: `--store ats_bologna`). */
  cliArgs?: string;
  /** What the docs say about who uploads (the token), when more than the partner id is needed. */
  uploadNote?: string;
  /** Removes a person and what hangs off them; undefined for partners that hold no people. */
  erase?: (tx: AnyDatabase, who: { participantId: number }) => Promise<Record<string, number>>;
}

export interface ImportReport {
  table: string;
  format: ImportFormat;
  dryRun: boolean;
  allOrNothing: boolean;
  /** Data rows read (header excluded). */
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows refused (a row with several problems counts once). */
  rejected: number;
  /** Lines of the rejects report, the first `keepRejects` of them. */
  rejects: Reject[];
  rejectCount: number;
  /** Whether the changes are stored: false after a dry run, or an all-or-nothing run with rejects. */
  committed: boolean;
  /** The whole file was refused (bad header, unreadable): nothing was loaded. */
  fileRefused: boolean;
}

