// Opens a subgraph's own database: real PostgreSQL from a connection string, or an embedded
// PGlite (Postgres compiled to WebAssembly) in a data directory when none is configured.
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.ts';
import { preparingPool } from './prepared-statements.ts';
import { statementSpanOf } from './telemetry/sql.ts';
import { recordSpan, tracingOn } from './telemetry/tracing.ts';

/** Postgres type OIDs whose wire text we keep as the same JS value in both drivers. */
const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

// Calendar dates stay 'YYYY-MM-DD' strings: turning them into JS Dates shifts them by time zone.
const parseDate = (value: string) => value;
const parseNumber = (value: string) => Number(value);

export interface DatabaseStats {
  /** SQL statements executed through this handle since it was opened. */
  statements: number;
  /** Their summed execution time as the client saw it (for benchmarks: the share of a request spent in SQL). */
  milliseconds: number;
}

export interface Database<DB> {
  db: Kysely<DB>;
  kind: 'postgres' | 'pglite';
  /** Where the data lives, without credentials: fit for logs. */
  description: string;
  stats: DatabaseStats;
  /** Connections of a PostgreSQL pool now (none for PGlite: one in-process connection). */
  pool?: () => { total: number; idle: number; waiting: number; max: number };
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL connection string. When absent the embedded PGlite is used. */
  url?: string;
  /** PGlite data directory; `memory://` or absent keeps the database in memory. */
  dataDir?: string;
  /** Largest number of pooled connections to a PostgreSQL server. */
  maxConnections?: number;
  /** Called with each failed statement; statements themselves are never logged (they may carry personal data). */
  onError?: (event: LogEvent) => void;
  /** Called when the server drops an idle pooled connection. */
  onIdleError?: (error: Error) => void;
  /**
   * A new embedded data directory is filled from this tarball (see `pgliteTemplate`) instead of
   * running initdb: ~1 CPU second instead of ~4, worth it where several stores start fresh at once.
   */
  template?: Promise<Blob>;
}

// PostgreSQL's default 128 MB of shared buffers is zeroed at each start and mostly resident:
// nine embedded stores held ~175 MB each. The demo data of a store is a few MB.
const PGLITE_SETTINGS = ['shared_buffers=16MB'];

// PGlite reuses a compiled module only once a first compilation has finished: stores opened side
// by side would each compile its 9 MB of WebAssembly. Compiled once per process instead.
type WasmModule = NonNullable<PGliteOptions['pgliteWasmModule']>;
// Node's WebAssembly global, which this project's TypeScript libraries (ES2023, no DOM) do not declare.
const wasm = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WasmModule> } }).WebAssembly;
const compiled = new Map<string, Promise<WasmModule>>();
function pgliteModule(file: 'pglite.wasm' | 'initdb.wasm'): Promise<WasmModule> {
  let module = compiled.get(file);
  if (!module) {
    const dist = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    compiled.set(file, (module = readFile(path.join(dist, file)).then((bytes) => wasm.compile(bytes))));
  }
  return module;
}

/** The data directory of a freshly initialised PGlite, as a tarball to start new stores from. */
export async function pgliteTemplate(): Promise<Blob> {
  const [pgliteWasmModule, initdbWasmModule] = await Promise.all([pgliteModule('pglite.wasm'), pgliteModule('initdb.wasm')]);
  const pglite = await PGlite.create({ postgresqlconf: PGLITE_SETTINGS, pgliteWasmModule, initdbWasmModule });
  try {
    return await pglite.dumpDataDir('none');
  } finally {
    await pglite.close();
  }
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable connection string)';
  }
}

export async function openDatabase<DB>(options: DatabaseOptions): Promise<Database<DB>> {
  const stats: DatabaseStats = { statements: 0, milliseconds: 0 };
  const log = (event: LogEvent) => {
    stats.statements += 1;
    stats.milliseconds += event.queryDurationMillis;
    if (event.level === 'error') options.onError?.(event);
    // A span per statement, child of the resolver or batch that ran it (never its bind parameters).
    if (tracingOn()) {
      const { name, attributes } = statementSpanOf(event.query.sql, kind);
      recordSpan(name, attributes, event.queryDurationMillis, event.level === 'error');
    }
  };
  const kind = options.url ? 'postgresql' : 'pglite';

  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.maxConnections ?? 10,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
          if (oid === DATE_OID) return parseDate;
          if (oid === INT8_OID || oid === NUMERIC_OID) return parseNumber;
          return pg.types.getTypeParser(oid, format);
        }) as typeof pg.types.getTypeParser,
      },
    });
    // An idle connection dropped by the server (restart, failover) is replaced on next use; without
    // a listener pg would turn it into an uncaught exception that kills the subgraph.
    pool.on('error', (error) => options.onIdleError?.(error));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }), log });
    return {
      db,
      kind: 'postgres',
      description: redactUrl(options.url),
      stats,
      pool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max ?? 10 }),
      close: () => db.destroy(),
    };
  }

  const dataDir = options.dataDir && options.dataDir !== 'memory://' ? options.dataDir : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const fresh = !dataDir || !existsSync(path.join(dataDir, 'PG_VERSION'));
  const loadDataDir = fresh && options.template ? await options.template : undefined;
  // One options object: PGlite ignores a second argument when the first is not a string.
  const pglite = new PGlite({
    dataDir,
    pgliteWasmModule: await pgliteModule('pglite.wasm'),
    // initdb runs only in a new data directory not loaded from a template.
    initdbWasmModule: fresh && !loadDataDir ? await pgliteModule('initdb.wasm') : undefined,
    loadDataDir,
    postgresqlconf: PGLITE_SETTINGS,
    parsers: { [DATE_OID]: parseDate, [INT8_OID]: parseNumber, [NUMERIC_OID]: parseNumber },
  });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite), log });
  return {
    db,
    kind: 'pglite',
    description: dataDir ? `embedded PGlite at ${dataDir}` : 'embedded PGlite in memory',
    stats,
    close: () => db.destroy(),
  };
}
