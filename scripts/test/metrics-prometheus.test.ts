// A real Prometheus scrapes the gateway and a subgraph (region) of a federation on PostgreSQL;
// after traffic its HTTP API has the gateway's request counter by registered operation and role,
// its latency histogram, and the subgraph's own request counter and histogram. Needs Debian's
// `prometheus` (/usr/bin/prometheus, or PROMETHEUS_BIN); skipped, saying so, when it is absent.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPOSITORY_ROOT } from '@pleiadi/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFederation, type Federation } from '../src/federation.ts';

const PROMETHEUS = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';
const present = existsSync(PROMETHEUS);
if (!present) console.warn(`metrics-prometheus: ${PROMETHEUS} is not installed (apt-get install prometheus); the Prometheus test is skipped.`);
const REGION = { role: 'region', purpose: 'reporting' } as const;
const DASHBOARD = readFileSync(path.join(REPOSITORY_ROOT, 'schema/operations/RegionalDashboard.graphql'), 'utf8');

let federation: Federation;
let prometheus: ChildProcess | undefined;
let storage: string;
let api: string;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const hostOf = (url: string) => new URL(url).host;

beforeAll(async () => {
  if (!present) return;
  federation = await startFederation({ databases: 'test', demo: true, responseCacheTtlSeconds: 0 });
  storage = mkdtempSync(path.join(tmpdir(), 'pleiadi-prometheus-'));
  const config = path.join(storage, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      'scrape_configs:',
      `  - { job_name: gateway, static_configs: [ { targets: ['${hostOf(federation.gateway.url)}'] } ] }`,
      `  - { job_name: region, static_configs: [ { targets: ['${hostOf(federation.subgraphs.region.url)}'] } ] }`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  api = `http://127.0.0.1:${port}/api/v1`;
  prometheus = spawn(PROMETHEUS, [`--config.file=${config}`, `--storage.tsdb.path=${path.join(storage, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], { stdio: 'ignore' });
}, 240_000);

afterAll(async () => {
  if (prometheus && prometheus.exitCode === null) {
    prometheus.kill('SIGTERM');
    await new Promise((resolve) => prometheus!.once('exit', resolve));
  }
  await federation?.stop();
  if (storage) rmSync(storage, { recursive: true, force: true });
});

/** Polls an instant query until `accept` likes its result (scrapes run every second). */
async function query(promql: string, accept: (values: { metric: Record<string, string>; value: number }[]) => boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last: { metric: Record<string, string>; value: number }[] = [];
  while (Date.now() < deadline) {
    const response = await fetch(`${api}/query?query=${encodeURIComponent(promql)}`).catch(() => undefined);
    if (response?.ok) {
      const body = (await response.json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
      last = body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
      if (accept(last)) return last;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${promql}: not as expected within ${timeoutMs} ms; last ${JSON.stringify(last)}`);
}

describe.skipIf(!present)('Prometheus scraping the gateway and a subgraph', () => {
  it('finds both targets up', async () => {
    const up = await query('up', (r) => r.length === 2 && r.every((s) => s.value === 1));
    expect(up.map((s) => s.metric.job).sort()).toEqual(['gateway', 'region']);
    // Beside /metrics, each answers the orchestrator's probes.
    for (const url of [federation.gateway.url, federation.subgraphs.region.url]) {
      expect((await fetch(new URL('/live', url))).status).toBe(200);
      expect(await (await fetch(new URL('/ready', url))).json()).toMatchObject({ ok: true });
    }
  });

  it('counts and times requests by registered operation, role and outcome, on the gateway and the subgraph', async () => {
    for (let i = 0; i < 3; i++) {
      const result = await federation.queryAs(REGION, DASHBOARD, { period: '2026' });
      expect(result.errors).toBeUndefined();
    }
    await federation.query('{ ambits { code } }');
    const counted = await query('pleiadi_gateway_requests_total{job="gateway",operation="RegionalDashboard"}', (r) => r.some((s) => s.value >= 3));
    expect(counted[0].metric).toMatchObject({ role: 'region', outcome: 'ok' });
    // An operation that is not registered is counted under a placeholder, never its own text or name.
    await query('pleiadi_gateway_requests_total{operation="unregistered",role="anonymous"}', (r) => r.some((s) => s.value >= 1));
    const p90 = await query('histogram_quantile(0.9, sum by (le) (pleiadi_gateway_request_duration_seconds_bucket{operation="RegionalDashboard"}))', (r) => r.length === 1 && r[0].value > 0);
    expect(p90[0].value).toBeLessThan(30);
    await query('sum(pleiadi_gateway_subgraph_fetch_duration_seconds_count{subgraph="region"})', (r) => r.length === 1 && r[0].value >= 3);
    await query('pleiadi_gateway_subgraph_breaker_state{subgraph="region",state="closed"}', (r) => r.length === 1 && r[0].value === 1);
    // The subgraph's own page: its requests by root field, their latency, its database.
    await query('sum(pleiadi_subgraph_requests_total{job="region",subgraph="region"})', (r) => r.length === 1 && r[0].value >= 3);
    await query('sum(pleiadi_subgraph_request_duration_seconds_count{job="region"})', (r) => r.length === 1 && r[0].value >= 3);
    if (federation.databases.region.kind === 'postgres') await query('pleiadi_db_pool_connections{job="region",state="max"}', (r) => r.length >= 1 && r[0].value > 0);
    await query('pleiadi_db_statements_total{job="region"}', (r) => r.length >= 1 && r[0].value > 0);
    await query('process_resident_memory_bytes{job="gateway"}', (r) => r.length === 1 && r[0].value > 0);
  }, 120_000);
});
