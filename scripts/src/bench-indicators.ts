// `npm run bench:indicators -- [--participants 100000] [--server postgres://…] [--requests 40] [--concurrency 1] [--cached] [--fresh]`
// The regional dashboard query — the region and its four ambits, one year, every indicator, by
// gender — on a generated population in real PostgreSQL, through the gateway. Prints the median
// and p95 latency and how much of each request the databases spent executing SQL (summed over
// the partners' databases, which work in parallel, so the share can pass 100%), four times: with
// an edit of a reference row (a site, a service point, an office) at every partner that serves
// people before each request, so that every partner computes its facts afresh; with a write about
// one person at each of them, so that each re-reads that person (kit facts-version.ts); with a
// write about a thousand people at the largest partner alone (as after its daily load); and without, when they serve the facts
// they kept of the period (kit people-facts.ts). The writes themselves are not timed or counted
// (exactly so at concurrency 1).
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startFederation } from './federation.ts';
import { prepareBenchData } from './bench/data.ts';
import { percentile } from './bench/stats.ts';
import { OPERATIONS_DIR } from './operations.ts';

/** The registered dashboard operation (schema/operations/RegionalDashboard.graphql). */
export const DASHBOARD = readFileSync(path.join(OPERATIONS_DIR, 'RegionalDashboard.graphql'), 'utf8');

const { values: args } = parseArgs({
  options: {
    participants: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    server: { type: 'string', default: process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres' },
    requests: { type: 'string', default: '40' },
    concurrency: { type: 'string', default: '1' },
    year: { type: 'string', default: '2026' },
    fresh: { type: 'boolean', default: false },
    cached: { type: 'boolean', default: false, description: "Keep the gateway's response cache on (off: every request computes the report)." },
  },
});

async function main() {
  const participants = Number(args.participants);
  // The benchmark databases (pleiadi_bench_<store>), generated once and reused while the
  // generator's code and the size are the same; --fresh regenerates.
  const urls = await prepareBenchData({ server: args.server, participants, seed: Number(args.seed), fresh: args.fresh });
  const federation = await startFederation({ databases: urls, demo: false, responseCacheTtlSeconds: args.cached ? undefined : 0 });
  try {
    const caller = { role: 'region', subject: 'bench@art-er' } as const;
    const token = await federation.token(caller);
    const run = async () => {
      const started = performance.now();
      const response = await fetch(federation.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: DASHBOARD, variables: { period: args.year } }),
      });
      const body = (await response.json()) as { data?: { indicatorReport: { scopes: { figures: { indicator: { code: string }; value: number | null }[] }[] } }; errors?: unknown[] };
      if (body.errors || !body.data) throw new Error(`The dashboard query failed: ${JSON.stringify(body.errors).slice(0, 500)}`);
      return { ms: performance.now() - started, body };
    };
    const first = await run();
    const o23 = first.body.data!.indicatorReport.scopes[0].figures.find((f) => f.indicator.code === 'O.2.3');
    console.log(`O.2.3 for the region in ${args.year}: ${o23?.value} people`);
    for (let i = 0; i < 3; i++) await run(); // warm-up: plans, pools, JIT

    // SQL so far per database: milliseconds and statements, as its handle counted them.
    const sqlSoFar = () => new Map(Object.entries(federation.databases).map(([store, d]) => [store, { ms: d.stats.milliseconds, statements: d.stats.statements }]));
    const requests = Number(args.requests);
    const concurrency = Number(args.concurrency);
    // The partners whose facts are kept until a write: a write that changes nothing still counts.
    const keeping: string[] = [];
    // And at each, a reference table: one whose edits may move anyone's facts (kit facts-version.ts).
    const referenceTables = new Map<string, string>();
    for (const [store, d] of Object.entries(federation.databases)) {
      const { rows } = await sql<{ kept: boolean }>`select to_regclass('facts_version') is not null as kept`.execute(d.db);
      if (!rows[0].kept) continue;
      keeping.push(store);
      const { rows: tables } = await sql<{ name: string }>`select c.relname as name from pg_trigger t join pg_class c on c.oid = t.tgrelid
        where t.tgname = 'facts_anyone_update' order by 1 limit 1`.execute(d.db);
      referenceTables.set(store, tables[0].name);
    }
    // About `people` people, others each time: the partner re-reads those people's facts.
    let written = 0;
    const writeAt = (stores: readonly string[], people = 1) => () => {
      const from = written;
      written += people;
      return Promise.all(
        stores.map((store) =>
          sql`update participant set gender = gender where id in (select id from participant order by id offset ${from} limit ${people})`.execute(federation.databases[store].db),
        ),
      );
    };
    // An edited reference row may move anyone's facts: the partner reads them all again.
    const editReferenceAt = (stores: readonly string[]) => () =>
      Promise.all(
        stores.map((store) => {
          const table = sql.table(referenceTables.get(store)!);
          return sql`update ${table} set id = id where id = (select min(id) from ${table})`.execute(federation.databases[store].db);
        }),
      );
    // The largest partner, as after its daily load of a thousand people: the others' facts stay kept.
    const largest = keeping.includes('cpia') ? ['cpia'] : keeping.slice(0, 1);
    const LOADED = 1000;

    const measure = async (label: string, beforeEach?: () => Promise<unknown>) => {
      const latencies: number[] = [];
      // What the writes before each request ran, per database: taken out of the request's share.
      const spent = new Map([...sqlSoFar().keys()].map((store) => [store, { ms: 0, statements: 0 }]));
      const started = sqlSoFar();
      let wall = 0;
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < requests) {
            next++;
            if (beforeEach) {
              const before = sqlSoFar();
              await beforeEach();
              for (const [store, now] of sqlSoFar()) {
                spent.get(store)!.ms += now.ms - before.get(store)!.ms;
                spent.get(store)!.statements += now.statements - before.get(store)!.statements;
              }
            }
            const { ms } = await run();
            wall += ms / concurrency;
            latencies.push(ms);
          }
        }),
      );
      const perStore = [...sqlSoFar()].map(([store, now]) => {
        const [from, writes] = [started.get(store)!, spent.get(store)!];
        return { store, ms: (now.ms - from.ms - writes.ms) / latencies.length, statements: (now.statements - from.statements - writes.statements) / latencies.length };
      });
      latencies.sort((a, b) => a - b);
      const mean = latencies.reduce((a, b) => a + b, 0) / latencies.length;
      const sqlPerRequest = perStore.reduce((sum, s) => sum + s.ms, 0);
      console.log(`\n${label}`);
      console.log(`requests ${latencies.length}, concurrency ${concurrency}, ${(latencies.length / (wall / 1000)).toFixed(1)} req/s`);
      console.log(`latency ms: median ${percentile(latencies, 50).toFixed(1)}  p95 ${percentile(latencies, 95).toFixed(1)}  max ${latencies[latencies.length - 1].toFixed(1)}  mean ${mean.toFixed(1)}`);
      console.log(`SQL per request: ${perStore.reduce((sum, s) => sum + s.statements, 0).toFixed(1)} statements, ${sqlPerRequest.toFixed(1)} ms summed over the databases = ${((100 * sqlPerRequest) / mean).toFixed(0)}% of the mean latency`);
      console.log(`SQL ms per request by database: ${perStore.map((s) => `${s.store} ${s.ms.toFixed(0)}`).join(', ')}`);
    };

    console.log(`\nRegional dashboard (region + 4 ambits, ${args.year}, every indicator, by gender), ${participants} participants, PostgreSQL${args.cached ? ', response cache on' : ''}`);
    await measure(`Each request after an edited reference row at every partner that serves people (${keeping.join(', ')}): facts computed afresh`, editReferenceAt(keeping));
    await measure(`Each request after a write about one person at every partner that serves people: each re-reads that person`, writeAt(keeping));
    await measure(`Each request after a write about ${LOADED} people at ${largest.join(', ')} alone: it re-reads them, the others' facts kept`, writeAt(largest, LOADED));
    await run(); // the partners keep this period's facts again
    await measure('Facts kept by the partners since the last write (each request a new report: new salt, subjects, counts, noise)');
    console.log(`response: ${(JSON.stringify(first.body).length / 1024).toFixed(1)} KiB`);
  } finally {
    await federation.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
