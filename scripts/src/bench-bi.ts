// `npm run bench:bi [-- --courses 120000] [--server postgres://postgres@127.0.0.1:5432/postgres]`
// A streamed pull of /bi/CpiaCourses.csv with at least 100,000 rows on PostgreSQL: the subgraphs on
// fresh databases (demo data, plus generated courses: each demo course copied to new ids and dates
// until the table holds --courses), the gateway alone in a child process as `npm start -w
// @pleiadi/gateway` runs it; prints rows/s, time to first byte and the gateway's peak RSS growth.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPOSITORY_ROOT } from '@pleiadi/kit';
import { sql, type Kysely } from 'kysely';
import { startFederation } from './federation.ts';

const { values } = parseArgs({
  options: {
    courses: { type: 'string', default: '120000' },
    server: { type: 'string', default: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const wanted = Number(values.courses);
process.env.TEST_DATABASE_URL = values.server;
process.env.PLEIADI_LOG ??= 'warn';

const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

const federation = await startFederation({ databases: 'test', demo: true, responseCacheTtlSeconds: 0 });
let gateway: ReturnType<typeof spawn> | undefined;
try {
  // Generated courses: copies of the demo courses (same sites, kinds, hours), new ids, dates shifted.
  const cpia = federation.databases.cpia.db as Kysely<unknown>;
  const started = Date.now();
  await sql`insert into course (site_id, kind, action_code, starts_on, ends_on, hours, capacity, cefr_target)
    select c.site_id, c.kind, c.action_code, c.starts_on + (g % 90)::int, c.ends_on + (g % 90)::int, c.hours, c.capacity, c.cefr_target
    from generate_series(1, greatest(0, ${wanted} - (select count(*) from course))) g
    join lateral (select * from course order by id offset (g % (select count(*) from course)) limit 1) c on true`.execute(cpia);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from course`.execute(cpia);
  const total = rows[0].n;
  console.log(`cpia.course holds ${total.toLocaleString('en')} courses (generated in ${((Date.now() - started) / 1000).toFixed(1)} s)`);

  // The gateway alone in its process, configured from the environment as in production.
  const port = 4290;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    PLEIADI_JWT_SECRET: federation.secrets.jwt,
    PLEIADI_INTERNAL_SECRET: federation.secrets.internal,
    PLEIADI_RESPONSE_CACHE_TTL: '0',
    PLEIADI_LOG: 'warn',
  };
  for (const [name, subgraph] of Object.entries(federation.subgraphs)) env[`${name.toUpperCase()}_SUBGRAPH_URL`] = subgraph.url;
  gateway = spawn(process.execPath, ['--import', 'tsx', path.join(REPOSITORY_ROOT, 'gateway/src/main.ts')], { env, stdio: ['ignore', 'inherit', 'inherit'], cwd: REPOSITORY_ROOT });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (await fetch(`${base}/health`).then((r) => r.ok, () => false)) break;
    if (i > 300) throw new Error('the gateway did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  const token = await federation.token({ role: 'region', purpose: 'reporting' });
  const headers = { authorization: `Bearer ${token}` };
  // Warm up (schema, plans, connections) on a small pull, then take the baseline.
  await (await fetch(`${base}/bi/CpiaCourses.csv?limit=2000`, { headers })).text();
  const pid = gateway.pid!;
  const baseline = rssOf(pid);
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 50);

  const t0 = performance.now();
  const response = await fetch(`${base}/bi/CpiaCourses.csv`, { headers });
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  const reader = response.body!.getReader();
  let firstByte = 0;
  let lines = 0;
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!firstByte) firstByte = performance.now() - t0;
    bytes += value.length;
    for (const byte of value) if (byte === 10) lines += 1;
  }
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, rssOf(pid));
  const dataRows = lines - 1;
  console.log(`\n/bi/CpiaCourses.csv, streamed, role region (response cache off)`);
  console.log(`rows               ${dataRows.toLocaleString('en')} of ${total.toLocaleString('en')} (${mb(bytes)})`);
  console.log(`time to first byte ${firstByte.toFixed(0)} ms   (target < 1000 ms)`);
  console.log(`total              ${seconds.toFixed(1)} s`);
  console.log(`rows/s             ${Math.round(dataRows / seconds).toLocaleString('en')}`);
  console.log(`gateway RSS        ${mb(baseline)} before, ${mb(peak)} peak: growth ${mb(peak - baseline)}   (target < 200 MB)`);
  if (dataRows !== total) {
    console.error(`row count mismatch: ${dataRows} rows for ${total} courses`);
    process.exitCode = 1;
  }
} finally {
  gateway?.kill('SIGTERM');
  await federation.stop();
}
