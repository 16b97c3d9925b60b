// The audit trail's maintenance commands, run by the partner that owns the database:
//   npm run audit:verify -- <cpia|ats|ial> [--store <store>]
//     walks each store's hash chain; prints the first broken link (store, record id, which hash
//     differs from which) and exits 1 if there is one, else the head (id and hash) to keep aside.
//   npm run audit:retention -- <cpia|ats|ial> [--store <store>] [--days <n>]
//     removes records older than --days (default PLEIADI_AUDIT_RETENTION_DAYS) behind an anchor
//     record, so that what remains still verifies.
// Each store is the one the subgraph would use: <STORE>_DATABASE_URL, or the embedded database
// under PLEIADI_DATA_DIR (stop `npm start` first: an embedded database has one process at a time).
// Output holds store names, record ids, counts and hashes: nothing personal.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { definition as ats } from '@pleiadi/ats';
import { definition as cpia } from '@pleiadi/cpia';
import { definition as ial } from '@pleiadi/ial';
import {
  applyAuditRetention, databaseUrl, databaseUrlVariable, dataDir, describeError, openDatabase, storesOf, verifyAuditChain,
  type Database, type SubgraphDefinition,
} from '@pleiadi/kit';
import { sql } from 'kysely';

/** The subgraphs that hold personal data, and so keep a per-person, chained audit trail. */
const SUBGRAPHS: Record<string, SubgraphDefinition<unknown>> = { cpia, ats, ial } as never;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const USAGE = 'usage: audit.ts verify|retention <subgraph> [--store <store>] [--days <n>]';
let parsed: ReturnType<typeof parseArgs<{ allowPositionals: true; options: { store: { type: 'string' }; days: { type: 'string' } } }>>;
try {
  parsed = parseArgs({ allowPositionals: true, options: { store: { type: 'string' }, days: { type: 'string' } } });
} catch (error) {
  // Exit 1 means a broken chain: a mistyped command line must not look like one.
  fail(`${(error as Error).message}\n${USAGE}`);
}
const { positionals, values } = parsed;
const [command, name] = positionals;
if (command !== 'verify' && command !== 'retention') fail(USAGE);
const definition = SUBGRAPHS[name ?? ''];
if (!definition) fail(`Name a subgraph that keeps a per-person audit trail: ${Object.keys(SUBGRAPHS).join(', ')}.`);
const stores = storesOf(definition);
if (values.store && !stores.includes(values.store)) fail(`${name} has no store ${values.store}; its stores: ${stores.join(', ')}.`);

let days = Number.NaN;
if (command === 'retention') {
  const given = values.days ?? process.env.PLEIADI_AUDIT_RETENTION_DAYS;
  if (!given) fail('Set the retention: --days <n> or PLEIADI_AUDIT_RETENTION_DAYS.');
  days = Number(given);
  if (!Number.isFinite(days) || days < 0) fail(`The retention must be a number of days, 0 or more (got ${given.slice(0, 20)}).`);
}

async function open(store: string): Promise<Database<unknown>> {
  const url = databaseUrl(store);
  if (url) return openDatabase({ url, maxConnections: 2 });
  if (!existsSync(dataDir(store))) fail(`No database for ${store}: set ${databaseUrlVariable(store)}, or start the graph once (npm start).`);
  return openDatabase({ dataDir: dataDir(store) });
}

let broken = false;
for (const store of values.store ? [values.store] : stores) {
  const database = await open(store);
  try {
    const chained = await sql`select 1 from information_schema.columns where table_name = 'audit_record' and column_name = 'hash'`.execute(database.db);
    if (!chained.rows.length) fail(`${name} / ${store}: the audit trail has no hash chain yet; start the subgraph once to migrate it.`);
    if (command === 'verify') {
      const report = await verifyAuditChain(database.db);
      if (report.broken) {
        broken = true;
        console.log(`${name} / ${store}: BROKEN at record ${report.broken.id}: ${report.broken.problem} (${report.records} records read)`);
      } else {
        const head = report.head ? `head record ${report.head.id}, hash ${report.head.hash}` : 'empty';
        console.log(`${name} / ${store}: ${report.records} records, chain intact; ${head}`);
      }
    } else {
      const result = await applyAuditRetention(database.db, { days, subgraph: name!, store });
      console.log(
        result.removedThrough
          ? `${name} / ${store}: removed ${result.removed} records older than ${days} days (through record ${result.removedThrough}); anchor record ${result.anchorId}`
          : `${name} / ${store}: nothing older than ${days} days`,
      );
    }
  } catch (error) {
    fail(`${name} / ${store}: ${describeError(error)}`);
  } finally {
    await database.close();
  }
}
process.exit(broken ? 1 : 0);
