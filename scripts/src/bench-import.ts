// `npm run bench:import -- [--population 200000] [--server postgres://…] [--batch <rows>] [--fresh]`
// Imports one partner's records at scale: the cpia generator's records for a synthetic population
// (about half of whom are CPIA learners: 200,000 people give ~100,000 participants with their
// enrolments and survey answers) are exported to the documented CSV format, then imported into an
// empty PostgreSQL database by a separate process through the same engine the CLI uses, streaming.
// Prints rows/s per table and overall, and the importing process's peak RSS.
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cpiaImports } from '@pleiadi/cpia/import';
import { exportCsvStream, runImport } from '@pleiadi/kit/import';
import pg from 'pg';

// The subgraph itself (schema, generator, server) is loaded only where needed, not in the measured
// import process: its peak RSS is the import engine's and the migrations'.
const subgraph = async () => {
  const [{ definition, generate }, kit] = await Promise.all([import('@pleiadi/cpia'), import('@pleiadi/kit')]);
  return { definition, generate, kit };
};

const KEY = 'synthetic-data-linkage-key-for-generated-people-only';
const { values: args } = parseArgs({
  options: {
    population: { type: 'string', default: '200000' },
    seed: { type: 'string', default: '1' },
    server: { type: 'string', default: process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres' },
    batch: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    child: { type: 'string' },
    prepare: { type: 'string' },
  },
});

/* eslint-disable @typescript-eslint/no-explicit-any -- databases of whichever partner is benchmarked */
const urlOf = (database: string) => Object.assign(new URL(args.server), { pathname: `/${database}` }).toString();

async function admin(statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: args.server });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The CSV files of the generated records, made once per population and seed. */
async function prepareFiles(dir: string): Promise<void> {
  const marker = path.join(dir, 'READY');
  if (!args.fresh && existsSync(marker) && readFileSync(marker, 'utf8') === `${args.population}/${args.seed}`) {
    console.log(`Reusing the exported files in ${dir}.`);
    return;
  }
  mkdirSync(dir, { recursive: true });
  const source = 'pleiadi_bench_import_source';
  await admin([`drop database if exists ${source} with (force)`, `create database ${source}`]);
  const { definition, generate, kit } = await subgraph();
  const database = await kit.openDatabase<any>({ url: urlOf(source), maxConnections: 2 });
  try {
    await kit.prepareSubgraphDatabase(definition as never, database.db, { demo: false, store: 'cpia' });
    console.log(`Generating the CPIA records of ${Number(args.population).toLocaleString('en')} people…`);
    await generate(database.db, { seed: Number(args.seed), participants: Number(args.population), linkageKey: KEY, store: 'cpia' });
    for (const table of cpiaImports.tables) await pipeline(exportCsvStream(database.db, table), createWriteStream(path.join(dir, `${table.name}.csv`)));
  } finally {
    await database.close();
    await admin([`drop database if exists ${source} with (force)`]);
  }
  writeFileSync(marker, `${args.population}/${args.seed}`);
}

/**
 * The empty target database, migrated and with the network's reference data (sites, kinds of
 * course), prepared in a process of its own so the measured one loads no subgraph code.
 */
async function emptyTarget(url: string) {
  const prepared = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--prepare', url], { stdio: 'inherit' });
  if (prepared.status !== 0) throw new Error('Could not prepare the target database.');
  const { Kysely, PostgresDialect } = await import('kysely');
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  return { database: { db, close: () => db.destroy() }, ready: Promise.resolve() };
}

/** The measured part, in a process of its own so that its peak RSS is the import's alone. */
async function importFiles(dir: string): Promise<void> {
  const target = 'pleiadi_bench_import_target';
  await admin([`drop database if exists ${target} with (force)`, `create database ${target}`]);
  const { database, ready } = await emptyTarget(urlOf(target));
  const results: { table: string; rows: number; seconds: number }[] = [];
  try {
    await ready;
    for (const table of cpiaImports.tables) {
      const started = performance.now();
      const report = await runImport(database.db, table, createReadStream(path.join(dir, `${table.name}.csv`)), { format: 'csv', batchSize: args.batch ? Number(args.batch) : undefined }, { linkageKey: KEY, store: 'cpia' });
      if (report.rejectCount) throw new Error(`${table.name}: ${report.rejectCount} rejects, e.g. ${JSON.stringify(report.rejects[0])}`);
      results.push({ table: table.name, rows: report.inserted, seconds: (performance.now() - started) / 1000 });
    }
  } finally {
    await database.close();
    await admin([`drop database if exists ${target} with (force)`]);
  }
  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ results, peakMb }));
}

async function main() {
  const dir = path.join(tmpdir(), `pleiadi-bench-import-${args.population}-${args.seed}`);
  if (args.child) return importFiles(args.child);
  if (args.prepare) {
    const { definition, kit } = await subgraph();
    const database = await kit.openDatabase<any>({ url: args.prepare, maxConnections: 2 });
    await kit.prepareSubgraphDatabase(definition as never, database.db, { demo: false, store: 'cpia' });
    return database.close();
  }
  await prepareFiles(dir);
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2), '--child', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (child.status !== 0) throw new Error(`The import process failed (exit ${child.status}).`);
  const { results, peakMb } = JSON.parse(child.stdout.trim().split('\n').pop()!) as { results: { table: string; rows: number; seconds: number }[]; peakMb: number };
  for (const r of results) console.log(`${r.table.padEnd(20)} ${String(r.rows).padStart(8)} rows in ${r.seconds.toFixed(1).padStart(5)} s = ${Math.round(r.rows / r.seconds).toLocaleString('en').padStart(7)} rows/s`);
  const rows = results.reduce((s, r) => s + r.rows, 0);
  const seconds = results.reduce((s, r) => s + r.seconds, 0);
  console.log(`${'all'.padEnd(20)} ${String(rows).padStart(8)} rows in ${seconds.toFixed(1).padStart(5)} s = ${Math.round(rows / seconds).toLocaleString('en').padStart(7)} rows/s`);
  console.log(`peak RSS of the importing process: ${Math.round(peakMb)} MB (batches of ${args.batch ?? 'up to 2000'} rows, one transaction each)`);
}

await main();
