// `npm run generate -- --participants 100000 [--seed 1] [--server postgres://…] [--fresh]`
// Generates one synthetic population and writes each partner's part into that partner's own
// database(s) only. Each store's database comes from `<STORE>_DATABASE_URL`, or, with --server,
// is a database named pleiadi_<store> on that server (created when missing; --fresh recreates it).
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
  databaseUrl,
  linkageKey,
  openDatabase,
  prepareSubgraphDatabase,
  redactUrl,
  storesOf,
  type Database,
  type SubgraphDefinition,
} from '@pleiadi/kit';
import type { GenerateOptions } from '@pleiadi/kit/synthetic';
import { sql, type Kysely } from 'kysely';
import { readRegistry } from './registry.ts';

type Generate = (db: Kysely<unknown>, options: GenerateOptions) => Promise<Record<string, number>>;

export interface StoreReport {
  subgraph: string;
  store: string;
  seconds: number;
  rows: Record<string, number>;
  bytes: number;
}

async function ensureDatabase(serverUrl: string, name: string, fresh: boolean): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    if (fresh) await client.query(`drop database if exists "${name}" with (force)`);
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!exists.rowCount) await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function generateAll(options: { participants: number; seed: number; server?: string; fresh: boolean; key: string }): Promise<StoreReport[]> {
  const jobs: Promise<StoreReport>[] = [];
  for (const entry of readRegistry()) {
    const module = (await import(entry.package)) as { definition: SubgraphDefinition<unknown>; generate?: Generate };
    if (!module.generate) continue;
    for (const store of storesOf(module.definition)) {
      jobs.push(
        (async () => {
          const url = options.server ? await ensureDatabase(options.server, `pleiadi_${store}`, options.fresh) : databaseUrl(store);
          if (!url) throw new Error(`No database for store ${store}: set ${store.toUpperCase()}_DATABASE_URL or pass --server.`);
          const database: Database<unknown> = await openDatabase({ url, maxConnections: 2 });
          try {
            const started = performance.now();
            await prepareSubgraphDatabase(module.definition, database.db, { demo: false, store });
            const rows = await module.generate!(database.db, { seed: options.seed, participants: options.participants, linkageKey: options.key, store });
            // Planner statistics for the bulk load: without them PostgreSQL plans the first
            // queries (the indicator facts above all) as if the tables were nearly empty.
            await sql`analyze`.execute(database.db);
            const seconds = (performance.now() - started) / 1000;
            const { rows: size } = await sql<{ bytes: number }>`select pg_database_size(current_database())::bigint as bytes`.execute(database.db);
            console.log(`  ${store.padEnd(28)} ${seconds.toFixed(1).padStart(6)} s  ${redactUrl(url)}`);
            return { subgraph: entry.name, store, seconds, rows, bytes: size[0].bytes };
          } finally {
            await database.close();
          }
        })(),
      );
    }
  }
  return Promise.all(jobs);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      participants: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '1' },
      server: { type: 'string' },
      fresh: { type: 'boolean', default: false },
    },
  });
  const participants = Number(values.participants);
  const seed = Number(values.seed);
  if (!Number.isInteger(participants) || participants < 1 || participants > 2_000_000) {
    console.error('--participants must be a whole number from 1 to 2,000,000');
    process.exit(2);
  }
  process.env.PLEIADI_LOG ??= 'warn';
  const key = linkageKey({ embedded: false }, { PLEIADI_LINKAGE_KEY: process.env.PLEIADI_LINKAGE_KEY ?? 'synthetic-data-linkage-key-for-generated-people-only' });
  console.log(`Generating ${participants.toLocaleString('en')} synthetic participants (seed ${seed})…`);
  const started = performance.now();
  const reports = await generateAll({ participants, seed, server: values.server, fresh: values.fresh ?? false, key });
  const total = (performance.now() - started) / 1000;
  console.log('\n| store | seconds | database size | rows |\n|---|---:|---:|---|');
  for (const r of reports) {
    const rows = Object.entries(r.rows).map(([table, n]) => `${table} ${n.toLocaleString('en')}`).join(', ');
    console.log(`| ${r.store} | ${r.seconds.toFixed(1)} | ${(r.bytes / 1024 / 1024).toFixed(1)} MiB | ${rows} |`);
  }
  console.log(`\nAll stores in ${total.toFixed(1)} s (stores fill in parallel).`);
}
