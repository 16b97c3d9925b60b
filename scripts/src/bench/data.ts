// Generated data for the benchmark, in databases of its own (pleiadi_bench_<store>) so that a
// `npm run generate` elsewhere on the same server never clobbers them. Generated once: each
// database carries a comment naming the size, seed and a hash of the generator's code, and a run
// with the same comment on every database reuses them.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { databaseUrlVariable, REPOSITORY_ROOT, storesOf, type SubgraphDefinition } from '@pleiadi/kit';
import { generateAll } from '../generate.ts';
import { readRegistry } from '../registry.ts';

export const BENCH_LINKAGE_KEY = 'synthetic-data-linkage-key-for-generated-people-only';
const PREFIX = 'pleiadi_bench_';

function filesUnder(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

/** What the generated data depends on: its size, its seed, and the code that generates it. */
export function dataFingerprint(participants: number, seed: number): string {
  const hash = createHash('sha256').update(`participants=${participants};seed=${seed}`);
  const sources = [
    path.join(REPOSITORY_ROOT, 'subgraphs/kit/src/synthetic'),
    ...readRegistry().map((entry) => path.join(REPOSITORY_ROOT, entry.dir, 'src/db/seed')),
  ];
  for (const file of sources.flatMap(filesUnder)) hash.update(path.relative(REPOSITORY_ROOT, file)).update(readFileSync(file));
  return `pleiadi-bench participants=${participants} seed=${seed} code=${hash.digest('hex').slice(0, 16)}`;
}

async function allStores(): Promise<string[]> {
  const stores: string[] = [];
  for (const entry of readRegistry()) {
    const { definition } = (await import(entry.package)) as { definition: SubgraphDefinition<unknown> };
    stores.push(...storesOf(definition));
  }
  return stores;
}

function urlOf(server: string, database: string): string {
  const url = new URL(server);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Makes sure every store has its benchmark database with the data asked for, generating it when
 * missing, different or `fresh`; returns the connection string of each store.
 */
export async function prepareBenchData(options: { server: string; participants: number; seed: number; fresh: boolean }): Promise<Record<string, string>> {
  const stores = await allStores();
  const marker = dataFingerprint(options.participants, options.seed);
  const client = new pg.Client({ connectionString: options.server });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string; comment: string | null }>(
      `select datname, shobj_description(oid, 'pg_database') as comment from pg_database where datname like 'pleiadi\\_bench\\_%'`,
    );
    const comments = new Map(rows.map((r) => [r.datname, r.comment]));
    const urls = Object.fromEntries(stores.map((store) => [store, urlOf(options.server, PREFIX + store)]));
    if (!options.fresh && stores.every((store) => comments.get(PREFIX + store) === marker)) {
      console.log(`Reusing the generated data (${marker}).`);
      return urls;
    }
    console.log(`Generating ${options.participants.toLocaleString('en')} participants (seed ${options.seed}) into ${PREFIX}<store>…`);
    for (const store of stores) {
      await client.query(`drop database if exists "${PREFIX + store}" with (force)`);
      await client.query(`create database "${PREFIX + store}"`);
    }
    // The generator writes each store through its <STORE>_DATABASE_URL.
    for (const store of stores) process.env[databaseUrlVariable(store)] = urls[store];
    const started = performance.now();
    await generateAll({ participants: options.participants, seed: options.seed, fresh: false, key: BENCH_LINKAGE_KEY });
    console.log(`Generated in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
    // Marked only once everything is in: an interrupted generation is redone next time.
    for (const store of stores) await client.query(`comment on database "${PREFIX + store}" is '${marker}'`);
    return urls;
  } finally {
    await client.end();
  }
}
