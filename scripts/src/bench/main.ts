// `npm run bench [-- --quick] [--participants 100000] [--fresh] [--tracing] [--profile <dir>] …`: our gateway, stock Apollo
// Gateway and Hive Gateway side by side on the same real subgraphs, PostgreSQL data and supergraph.
// Each gateway, the subgraphs and the load generator run in processes of their own; every query
// class is checked on every gateway, then timed in interleaved rounds. Prints a table and writes
// markdown + JSON under bench-results/. `--tracing` turns OpenTelemetry on in our gateways and the
// subgraphs, every span exported over OTLP/HTTP to a receiver in this process; the gateway
// variants `ours-traced` and `ours-nocache-traced` turn it on in that gateway alone, timed in the
// same interleaved rounds as `ours` and `ours-nocache`: the fairest weighing of tracing's cost, e.g.
//   npm run bench -- --gateways ours-nocache,ours-nocache-traced --classes municipality,partner-search
import { execSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import pg from 'pg';
import { mintToken } from '@pleiadi/gateway';
import { randomSecret, REPOSITORY_ROOT } from '@pleiadi/kit';
import { QUERY_CLASSES, variantsOf, type QueryClass, type StoreQuery } from './classes.ts';
import { prepareBenchData } from './data.ts';
import { startChild, stopAllChildren, type Child, type ProcessStats } from './ipc.ts';
import { startSubgraphProcesses, SUBGRAPH_LAYOUTS, type SubgraphLayout, type SubgraphProcesses, type SubgraphTotals } from './subgraph-processes.ts';
import { startOtlpSink } from './otlp-sink.ts';
import { cpuMicrosBetween, postgresCpu } from './postgres-cpu.ts';
import type { LoadRequest, LoadResult, LoadRun } from './load-process.ts';
import type { ClassResult } from './report.ts';
import { writeResults, type RunMeta } from './results.ts';
import { GATEWAYS, OPTIONAL_GATEWAYS, schedule, summarise, type RoundMeasure } from './stats.ts';

const { values: args } = parseArgs({
  options: {
    participants: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    server: { type: 'string', default: process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    fresh: { type: 'boolean', default: false },
    tracing: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    seconds: { type: 'string' },
    warmup: { type: 'string' },
    connections: { type: 'string', default: '10' },
    classes: { type: 'string' },
    gateways: { type: 'string' },
    out: { type: 'string', default: path.join(REPOSITORY_ROOT, 'bench-results') },
    profile: { type: 'string' },
    'subgraph-processes': { type: 'string', default: 'one' },
  },
});
// A CPU profile of every child process (subgraphs, gateways, load generator), for chrome://inspect or speedscope.
if (args.profile) process.env.BENCH_PROFILE_DIR = path.resolve(args.profile);
const number = (value: string | undefined, fallback: number) => (value === undefined ? fallback : Number(value));
const settings = {
  participants: number(args.participants, 100_000),
  seed: number(args.seed, 1),
  rounds: number(args.rounds, args.quick ? 1 : 3),
  seconds: number(args.seconds, args.quick ? 3 : 10),
  warmupSeconds: number(args.warmup, args.quick ? 2 : 5),
  connections: number(args.connections, 10),
};
for (const [name, value] of Object.entries(settings)) {
  if (!Number.isInteger(value) || value < (name === 'seed' ? 0 : 1)) {
    console.error(`--${name} must be a positive whole number`);
    process.exit(2);
  }
}
const layout = args['subgraph-processes'] as SubgraphLayout;
if (!SUBGRAPH_LAYOUTS.includes(layout)) {
  console.error(`--subgraph-processes is ${SUBGRAPH_LAYOUTS.join(' or ')}`);
  process.exit(2);
}
const classes = args.classes ? QUERY_CLASSES.filter((c) => args.classes!.split(',').includes(c.id)) : QUERY_CLASSES;
const gateways: string[] = args.gateways ? [...GATEWAYS, ...OPTIONAL_GATEWAYS].filter((g) => args.gateways!.split(',').includes(g)) : [...GATEWAYS];
if (!classes.length || !gateways.length) {
  console.error(`Nothing to run: classes are ${QUERY_CLASSES.map((c) => c.id).join(', ')}; gateways ${[...GATEWAYS, ...OPTIONAL_GATEWAYS].join(', ')}.`);
  process.exit(2);
}

process.env.PLEIADI_LOG ??= 'warn';
const secrets = { internal: randomSecret(), jwt: randomSecret() };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pools = new Map<string, pg.Pool>();

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    console.error(`\n${signal}: stopping…`);
    void stopAllChildren().finally(() => process.exit(130));
  });
}

interface Gateway {
  name: string;
  url: string;
  child: Child;
}

interface Prepared {
  queryClass: QueryClass;
  requests: LoadRequest[];
  /** Per gateway, the exact bodies the timed responses must have (when every answer is stable). */
  expected: Record<string, string[] | undefined>;
  single: ClassResult['single'];
  /** The gateways that answered right, hence are timed. */
  gateways: string[];
  problems: string[];
}

async function post(url: string, request: LoadRequest): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { method: 'POST', headers: request.headers, body: request.body });
  return { status: response.status, text: await response.text() };
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/**
 * Sends each request of the class once per gateway (then once more, counted) and checks each
 * answer: known values, and the same data as the first gateway answering right. Gateways that
 * fail on any request of the class are not timed on it.
 */
async function prepare(queryClass: QueryClass, targets: Gateway[], subgraphs: SubgraphProcesses, sql: StoreQuery): Promise<Prepared> {
  const variants = await variantsOf(queryClass, sql);
  const requests: LoadRequest[] = [];
  for (const variant of variants) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (variant.caller) headers.authorization = `Bearer ${await mintToken({ ...variant.caller, expiresIn: '12h' }, secrets.jwt)}`;
    requests.push({ body: JSON.stringify({ query: variant.query, variables: variant.variables ?? {} }), headers });
  }
  const prepared: Prepared = { queryClass, requests, expected: {}, single: {}, gateways: [], problems: [] };
  const reference: unknown[] = [];
  let referenceGateway: string | undefined;
  for (const gateway of targets) {
    const problems: string[] = [];
    const single = { subgraphRequests: 0, subgraphRequestBytes: 0, statements: 0 };
    const stable: string[] = [];
    for (const [i, request] of requests.entries()) {
      const first = await post(gateway.url, request);
      const before = await subgraphs.stats();
      const second = await post(gateway.url, request);
      const after = await subgraphs.stats();
      single.subgraphRequests += total(after.requests) - total(before.requests);
      single.subgraphRequestBytes += total(after.requestBytes) - total(before.requestBytes);
      single.statements += total(after.statements) - total(before.statements);
      let parsed: { data?: unknown; errors?: unknown[] } = {};
      try {
        parsed = JSON.parse(second.text) as typeof parsed;
      } catch {
        // reported below
      }
      const label = requests.length > 1 ? `request ${i + 1}/${requests.length}: ` : '';
      if (second.status !== 200 || parsed.errors?.length || !parsed.data) problems.push(`${label}HTTP ${second.status} ${second.text.slice(0, 500)}`);
      else problems.push(...(await variants[i].check(parsed.data, sql)).map((p) => label + p));
      if (!problems.length && referenceGateway && !isDeepStrictEqual(parsed.data, reference[i])) problems.push(`${label}its data differs from ${referenceGateway}'s`);
      if (problems.length) break;
      reference[i] ??= parsed.data;
      if (first.text === second.text) stable.push(second.text);
    }
    // Counts of one request alone: the mean over the class's requests.
    prepared.single[gateway.name] = Object.fromEntries(Object.entries(single).map(([k, v]) => [k, v / requests.length])) as typeof single;
    if (problems.length) {
      prepared.problems.push(...problems.map((p) => `${queryClass.id} on ${gateway.name}: ${p}`));
      continue;
    }
    referenceGateway ??= gateway.name;
    prepared.gateways.push(gateway.name);
    // An answer that is the same text every time is required of every timed response.
    prepared.expected[gateway.name] = stable.length === requests.length ? stable : undefined;
  }
  return prepared;
}

/** Waits until the subgraphs have been idle for a second: what the load left in flight is done. */
async function settle(subgraphs: SubgraphProcesses): Promise<SubgraphTotals> {
  let last = await subgraphs.stats();
  for (let stable = 0, i = 0; stable < 4 && i < 240; i += 1) {
    await sleep(250);
    const now = await subgraphs.stats();
    stable = total(now.requests) === total(last.requests) && total(now.statements) === total(last.statements) ? stable + 1 : 0;
    last = now;
  }
  return last;
}

async function measure(prepared: Prepared, gateway: Gateway, load: Child, subgraphs: SubgraphProcesses, sql: StoreQuery, seconds: number): Promise<RoundMeasure> {
  const gatewayBefore = await gateway.child.call<ProcessStats>('stats');
  const subgraphsBefore = await subgraphs.stats();
  const postgresBefore = await postgresCpu(sql, 'anci');
  const run: LoadRun = {
    url: gateway.url,
    requests: prepared.requests,
    seconds,
    connections: settings.connections,
    expectBodies: prepared.expected[gateway.name],
  };
  const result = await load.call<LoadResult>('run', { ...run });
  const subgraphsAfter = await settle(subgraphs);
  const postgresAfter = await postgresCpu(sql, 'anci');
  const gatewayAfter = await gateway.child.call<ProcessStats>('stats');
  return {
    ...result,
    gatewayRequests: gatewayAfter.requests - gatewayBefore.requests,
    cpuMicros: gatewayAfter.cpuMicros - gatewayBefore.cpuMicros,
    peakRssBytes: gatewayAfter.peakRss,
    subgraphRequests: total(subgraphsAfter.requests) - total(subgraphsBefore.requests),
    statements: total(subgraphsAfter.statements) - total(subgraphsBefore.statements),
    subgraphCpuMicros: subgraphsAfter.cpuMicros - subgraphsBefore.cpuMicros,
    busiestSubgraphCpuMicros: Math.max(...Object.entries(subgraphsAfter.cpuMicrosByProcess).map(([name, micros]) => micros - subgraphsBefore.cpuMicrosByProcess[name])),
    postgresCpuMicros: cpuMicrosBetween(postgresBefore, postgresAfter),
  };
}

function gitDescription(): string {
  try {
    const commit = execSync('git rev-parse --short HEAD', { cwd: REPOSITORY_ROOT, encoding: 'utf8' }).trim();
    const dirty = execSync('git status --porcelain', { cwd: REPOSITORY_ROOT, encoding: 'utf8' }).trim() ? ' (with uncommitted changes)' : '';
    return commit + dirty;
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<number> {
  const databases = await prepareBenchData({ server: args.server!, participants: settings.participants, seed: settings.seed, fresh: args.fresh ?? false });
  const sql: StoreQuery = async (store, text, values) => {
    let pool = pools.get(store);
    if (!pool) pools.set(store, (pool = new pg.Pool({ connectionString: databases[store], max: 1 })));
    return (await pool.query(text, values)).rows as Record<string, unknown>[];
  };
  const sink = args.tracing || gateways.some((g) => g.endsWith('-traced')) ? await startOtlpSink() : undefined;
  const common = {
    PLEIADI_INTERNAL_SECRET: secrets.internal,
    PLEIADI_JWT_SECRET: secrets.jwt,
    NODE_ENV: 'production',
    PLEIADI_LOG: process.env.PLEIADI_LOG!,
    ...(sink && { BENCH_OTLP_ENDPOINT: sink.endpoint }),
    ...(sink && args.tracing && { OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint }),
  };
  if (sink) console.log(`Tracing on${args.tracing ? '' : ' in the -traced gateways'}: every span exported to ${sink.endpoint}`);

  console.log('Starting the subgraphs, the gateways and the load generator…');
  const subgraphs = await startSubgraphProcesses(layout, { ...common, BENCH_DATABASES: JSON.stringify(databases) });
  const targets: Gateway[] = [];
  for (const name of gateways) {
    const { child, ready: gateway } = await startChild<{ url: string }>(`gateway ${name}`, 'gateway-process.ts', [name], {
      ...common,
      BENCH_SUBGRAPH_URLS: JSON.stringify(subgraphs.urls),
    });
    targets.push({ name, url: gateway.url, child });
  }
  const { child: load } = await startChild('load generator', 'load-process.ts', [], {});

  const results: ClassResult[] = [];
  const failures: string[] = [];
  const preparedById = new Map<string, Prepared>();
  for (const queryClass of classes) {
    const prepared = await prepare(queryClass, targets, subgraphs, sql);
    preparedById.set(queryClass.id, prepared);
    failures.push(...prepared.problems);
    for (const problem of prepared.problems) console.error(`✗ ${problem}`);
    if (prepared.gateways.length) console.log(`✓ ${queryClass.id}: known values check out; same data on ${prepared.gateways.join(', ')}`);
  }

  const rounds = new Map<string, RoundMeasure[]>();
  const steps = schedule([...preparedById.keys()], targets.map((t) => t.name), settings.rounds);
  for (const step of steps) {
    if (stopping) break;
    const prepared = preparedById.get(step.classId)!;
    if (!prepared.gateways.includes(step.gateway)) continue;
    const gateway = targets.find((t) => t.name === step.gateway)!;
    const warmup = step.round === 0;
    const measured = await measure(prepared, gateway, load, subgraphs, sql, warmup ? settings.warmupSeconds : settings.seconds);
    const good = measured.latencies.length - measured.mismatches;
    const bad = measured.non2xx + measured.errors + measured.mismatches;
    console.log(
      `  ${step.classId.padEnd(15)} ${warmup ? 'warm-up ' : `round ${step.round}/${settings.rounds}`} ${step.gateway.padEnd(6)}` +
        ` ${(good / measured.seconds).toFixed(1).padStart(8)} req/s` +
        (bad ? `  ${bad} errors (non-2xx ${measured.non2xx}, socket/timeout ${measured.errors}, wrong answer ${measured.mismatches})` : ''),
    );
    if (warmup) continue;
    const key = `${step.classId}\u0000${step.gateway}`;
    rounds.set(key, [...(rounds.get(key) ?? []), measured]);
  }

  for (const [id, prepared] of preparedById) {
    const summaries = Object.fromEntries(
      targets.flatMap((t) => {
        const measured = rounds.get(`${id}\u0000${t.name}`);
        return measured?.length ? [[t.name, summarise(measured)]] : [];
      }),
    );
    results.push({ id, title: prepared.queryClass.title, single: prepared.single, summaries });
  }

  const meta: RunMeta = {
    date: new Date().toISOString(),
    commit: gitDescription(),
    node: process.version,
    cpus: os.cpus().length,
    ...settings,
    subgraphProcesses: layout,
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    tracing: sink ? { batches: sink.batches(), kilobytes: Math.round(sink.bytes() / 1024) } : undefined,
  };
  writeResults(args.out!, meta, results, targets.map((t) => t.name), failures);
  return failures.length ? 1 : 0;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
} finally {
  await stopAllChildren();
  await Promise.all([...pools.values()].map((p) => p.end()));
}
process.exit(exitCode);
