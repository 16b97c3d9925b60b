// `npm run bench:start`: how long `npm start` takes to the first answered query, cold (fresh data
// directory, fresh build directory: a fresh clone after `npm install`) and warm (both reused), and
// what the whole federation holds in memory once it answers. It runs `npm start` itself, in its own
// process group on ports off 4000-4006, and stops it as Ctrl-C would.
//
//   npm run bench:start -- [--runs 3] [--port 4100] [--by-process]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { mintToken } from '@pleiadi/gateway';
import { randomSecret, REPOSITORY_ROOT } from '@pleiadi/kit';
import { median } from '../bench/stats.ts';
import { readRegistry } from '../registry.ts';
import { treeUsage, type TreeUsage } from './process-tree.ts';

// The targets of issue 18, on the 2-core development machine.
const TARGETS = { coldSeconds: 30, warmSeconds: 5, rssMegabytes: 1500 };

// The README's first example, anonymous: the newcomer's first query (anci and region).
const FIRST_QUERY = '{ municipality(istatCode: "037006") { name province { name } ambit { code partners { name } } } }';
// Every subgraph and every database: Bologna's fields from all six partners, and a region-wide
// ats list that reads all four ambit databases. The target is on this one.
const FULL_QUERY = `{
  municipality(istatCode: "037006") {
    name ambit { code partners { name } }
    cpiaSites { name }
    atsServicePoints(first: 1) { totalCount }
    commsCampaigns(first: 1) { totalCount }
    ialOffice { name }
  }
  atsServicePoints(first: 1) { totalCount }
}`;

interface Boot {
  firstSeconds: number;
  fullSeconds: number;
  /** The tree's footprint when the full query first answered. */
  atFull: TreeUsage;
  peakRssBytes: number;
}

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '1' }, port: { type: 'string', default: '4100' }, 'by-process': { type: 'boolean', default: false } },
});
const runs = Number(args.runs);
const basePort = Number(args.port);
const jwtSecret = randomSecret();
const token = await mintToken({ role: 'region', purpose: 'reporting' }, jwtSecret);
const subgraphUrls = Object.fromEntries(
  readRegistry().map((entry, i) => [`${entry.name.toUpperCase()}_SUBGRAPH_URL`, `http://127.0.0.1:${basePort + 1 + i}/graphql`]),
);
const gatewayUrl = `http://127.0.0.1:${basePort}/graphql`;

async function answers(query: string, check: (data: Record<string, unknown>) => boolean, signedIn: boolean): Promise<boolean> {
  try {
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signedIn ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    return !body.errors?.length && !!body.data && check(body.data);
  } catch {
    return false;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const bologna = (data: any) => data.municipality?.name === 'Bologna';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const everyPartner = (data: any) =>
  bologna(data) &&
  data.municipality.ambit.partners.length > 0 &&
  data.municipality.cpiaSites?.length > 0 &&
  data.municipality.atsServicePoints?.totalCount > 0 &&
  data.municipality.commsCampaigns?.totalCount >= 0 &&
  data.municipality.ialOffice?.name &&
  data.atsServicePoints?.totalCount > data.municipality.atsServicePoints.totalCount;

/** Ctrl-C in a terminal signals the whole foreground group: so does this. */
async function interrupt(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // the group is gone already
    }
  };
  signal('SIGINT');
  const timer = setTimeout(() => {
    console.error('npm start did not stop within 30 s of Ctrl-C; killing it');
    signal('SIGKILL');
  }, 30_000);
  await exited;
  clearTimeout(timer);
}

async function boot(label: string, dirs: { data: string; build: string }, extraEnv: Record<string, string> = {}): Promise<Boot> {
  const started = performance.now();
  const child = spawn('npm', ['start'], {
    cwd: REPOSITORY_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.endsWith('_DATABASE_URL'))),
      ...subgraphUrls,
      ...extraEnv,
      PORT: String(basePort),
      PLEIADI_DATA_DIR: dirs.data,
      PLEIADI_BUILD_DIR: dirs.build,
      PLEIADI_JWT_SECRET: jwtSecret,
      PLEIADI_LOG: 'warn',
    },
  });
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  let peakRssBytes = 0;
  const sampler = setInterval(() => (peakRssBytes = Math.max(peakRssBytes, treeUsage(child.pid!).rssBytes)), 250);
  const elapsed = () => (performance.now() - started) / 1000;
  try {
    // Queried once npm start says it is up, as a user would: queries sent while subgraphs are
    // still starting would trip the gateway's circuit breakers and time those instead.
    let upSeconds = NaN;
    let firstSeconds = NaN;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${stderr}`);
      if (elapsed() > 300) throw new Error(`no answer within 300 s:\n${stderr}`);
      if (Number.isNaN(upSeconds) && stdout.includes('The PLEIADI graph is up')) upSeconds = elapsed();
      if (!Number.isNaN(upSeconds) && Number.isNaN(firstSeconds) && (await answers(FIRST_QUERY, bologna, false))) firstSeconds = elapsed();
      if (!Number.isNaN(firstSeconds) && (await answers(FULL_QUERY, everyPartner, true))) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const fullSeconds = elapsed();
    const atFull = treeUsage(child.pid!);
    peakRssBytes = Math.max(peakRssBytes, atFull.rssBytes);
    const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
    console.log(
      `${label.padEnd(5)} up ${upSeconds.toFixed(1)} s, first answer ${firstSeconds.toFixed(1)} s, every partner ${fullSeconds.toFixed(1)} s; ` +
        `${atFull.processes} processes, RSS ${mb(atFull.rssBytes)} (peak ${mb(peakRssBytes)}), ${atFull.cpuSeconds.toFixed(1)} CPU s`,
    );
    if (args['by-process']) {
      for (const p of atFull.each) console.log(`      ${mb(p.rssBytes).padStart(7)} ${p.cpuSeconds.toFixed(1).padStart(5)} CPU s  ${p.command.slice(0, 90)}`);
    }
    return { firstSeconds, fullSeconds, atFull, peakRssBytes };
  } finally {
    clearInterval(sampler);
    await interrupt(child);
  }
}

const cold: Boot[] = [];
const warm: Boot[] = [];
console.log(`bench:start: ${runs} run(s) of npm start on ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}; gateway on :${basePort}`);
for (let run = 1; run <= runs; run += 1) {
  // The build directory must be inside the repository (node resolves the bundles' packages there).
  mkdirSync(path.join(REPOSITORY_ROOT, 'dist'), { recursive: true });
  const dirs = { data: mkdtempSync(path.join(os.tmpdir(), 'pleiadi-bench-data-')), build: mkdtempSync(path.join(REPOSITORY_ROOT, 'dist', 'bench-start-')) };
  try {
    // A fresh clone has neither a build nor tsx's transform cache.
    cold.push(await boot('cold', dirs, { TSX_DISABLE_CACHE: '1' }));
    warm.push(await boot('warm', dirs));
  } finally {
    rmSync(dirs.data, { recursive: true, force: true });
    rmSync(dirs.build, { recursive: true, force: true });
  }
}

const worstRss = Math.max(...[...cold, ...warm].map((b) => b.atFull.rssBytes)) / 2 ** 20;
const lines: [string, number, number, string][] = [
  ['cold, to the first answer of every partner', median(cold.map((b) => b.fullSeconds)), TARGETS.coldSeconds, 's'],
  ['warm, to the first answer of every partner', median(warm.map((b) => b.fullSeconds)), TARGETS.warmSeconds, 's'],
  ['RSS of the whole federation when it answers (largest)', worstRss, TARGETS.rssMegabytes, 'MB'],
];
console.log(`\nmedian of ${runs} run(s)          value   target`);
for (const [what, value, target, unit] of lines) {
  const shown = unit === 's' ? value.toFixed(1) : String(Math.round(value));
  console.log(`  ${what.padEnd(54)} ${shown.padStart(6)} ${unit.padEnd(2)} ≤ ${target} ${unit}  ${value <= target ? 'met' : 'MISSED'}`);
}
console.log(`  (first answer, anonymous Bologna query: cold ${median(cold.map((b) => b.firstSeconds)).toFixed(1)} s, warm ${median(warm.map((b) => b.firstSeconds)).toFixed(1)} s)`);
// Keep-alive sockets to the stopped gateway would otherwise hold the process open.
process.exit(0);
