// `npm run bench:page -w @pleiadi/dashboard [-- --port 4150 --runs 3]`: the page's first render, cold,
// on the embedded default. Starts `npm start` on a fresh data directory (ports port..port+6), then
// in headless Chromium with a fresh profile each time (empty cache):
//   signed-in load  — a region token already in the tab, from navigation to the 2026 overview
//                     with its table and charts on screen (the first run: nothing cached anywhere);
//   sign-in screen  — from navigation to the sign-in form;
//   sign-in → page  — from clicking the region demo token to the overview with charts;
//   trend           — until the trend's quarters are all drawn.
// Prints milliseconds per run and the median; the aim is under 2,000 ms for the first render.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser } from '../test/browser.ts';

const { values: args } = parseArgs({ options: { port: { type: 'string', default: '4150' }, runs: { type: 'string', default: '3' } } });
const port = Number(args.port);
const runs = Number(args.runs);
const root = path.resolve(import.meta.dirname, '../..');
const names = ['region', 'anci', 'cpia', 'ats', 'comms', 'ial'];
const dataDir = mkdtempSync(path.join(tmpdir(), 'pleiadi-bench-page-'));
const base = `http://127.0.0.1:${port}`;

function start(): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.endsWith('_DATABASE_URL') && k !== 'PLEIADI_JWT_SECRET')) };
  names.forEach((name, i) => (env[`${name.toUpperCase()}_SUBGRAPH_URL`] = `http://127.0.0.1:${port + 1 + i}/graphql`));
  Object.assign(env, { PORT: String(port), PLEIADI_DATA_DIR: dataDir, PLEIADI_LOG: 'warn' });
  const child = spawn('npm', ['start'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up in 240 s:\n${output}`)), 240_000);
    const read = (chunk: Buffer) => {
      output += chunk;
      if (output.includes('The PLEIADI graph is up')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGINT');
  await exited;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const started = performance.now();
const npmStart = await start();
console.log(`npm start (fresh data directory) up in ${((performance.now() - started) / 1000).toFixed(1)} s`);
const results: Record<string, number[]> = { 'signed-in load → overview with charts': [], 'load → sign-in form': [], 'sign-in click → overview with charts': [], 'trend drawn (since navigation)': [] };
try {
  const config = (await (await fetch(`${base}/app/config.json`)).json()) as { demoTokens: { role: string; purpose?: string; token: string }[] };
  const region = config.demoTokens.find((t) => t.role === 'region' && t.purpose === 'reporting')!;
  for (let run = 0; run < runs; run++) {
    const browser = await launchBrowser();
    try {
      // A tab that already holds the token: the first render of the overview.
      const page = await browser.context.newPage();
      await page.addInitScript((token) => sessionStorage.setItem('pleiadi.token', token), region.token);
      await page.goto(`${base}/app/`);
      await page.waitForSelector('table#overview');
      await page.waitForSelector('figure.chart svg');
      results['signed-in load → overview with charts'].push(await page.evaluate(() => performance.now()));
      await page.waitForSelector('section.trend[data-state="done"]', { timeout: 120_000 });
      results['trend drawn (since navigation)'].push(await page.evaluate(() => performance.now()));
      await page.close();
      // A new user: the sign-in form, then the region's demo token.
      const fresh = await browser.context.newPage();
      await fresh.evaluate(() => sessionStorage.clear()).catch(() => undefined);
      await fresh.goto(`${base}/app/`);
      await fresh.waitForSelector('form.signin');
      results['load → sign-in form'].push(await fresh.evaluate(() => performance.now()));
      const clicked = await fresh.evaluate(() => performance.now());
      await fresh.click('button[data-demo-role="region"][data-demo-purpose="reporting"]');
      await fresh.waitForSelector('figure.chart svg');
      results['sign-in click → overview with charts'].push((await fresh.evaluate(() => performance.now())) - clicked);
      if (browser.blocked.length) throw new Error(`requests beyond 127.0.0.1: ${browser.blocked.join(', ')}`);
    } finally {
      await browser.close();
    }
  }
} finally {
  await stop(npmStart);
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(`\nPage timings, ms (run 1 is cold: fresh npm start, fresh browser profile; later runs: fresh profile, warm gateway)`);
for (const [name, values] of Object.entries(results)) console.log(`  ${name.padEnd(42)} ${values.map((v) => v.toFixed(0).padStart(6)).join(' ')}   median ${median(values).toFixed(0)}`);
console.log(`first render, cold: ${results['signed-in load → overview with charts'][0].toFixed(0)} ms (aim < 2000 ms)`);
