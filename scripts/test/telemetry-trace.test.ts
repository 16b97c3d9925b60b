// One dashboard request, one trace: the gateway's spans (HTTP, parse, validate, plan, execute,
// each subgraph fetch), then in every subgraph it reached — one of them a process of its own — a
// server span whose parent is the gateway's fetch span for it (W3C traceparent), under it the root
// fields' resolver spans and the subgraph's SQL statements, without bind parameters. Spans arrive at a small OTLP/HTTP (JSON)
// receiver started here, as at any collector.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { flushTracing, randomSecret, REPOSITORY_ROOT, stopTracing } from '@pleiadi/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFederation, type Federation } from '../src/federation.ts';

interface Span {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: Record<string, unknown>;
}

const DASHBOARD = readFileSync(path.join(REPOSITORY_ROOT, 'schema/operations/RegionalDashboard.graphql'), 'utf8');
const EXTERNAL = 'ial';
const spans: Span[] = [];
let receiver: Server;
let external: ChildProcess;
let federation: Federation;

type OtlpValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
const valueOf = (v: OtlpValue) => v.stringValue ?? v.intValue ?? v.boolValue ?? v.doubleValue;
const attributesOf = (list: { key: string; value: OtlpValue }[] = []) => Object.fromEntries(list.map((a) => [a.key, valueOf(a.value)]));

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans: { resource: { attributes: { key: string; value: OtlpValue }[] }; scopeSpans: { spans: (Omit<Span, 'service' | 'attributes'> & { attributes: { key: string; value: OtlpValue }[] })[] }[] }[];
      };
      for (const resourceSpans of body.resourceSpans) {
        const service = String(attributesOf(resourceSpans.resource.attributes)['service.name']);
        for (const scope of resourceSpans.scopeSpans) {
          for (const span of scope.spans) spans.push({ ...span, parentSpanId: span.parentSpanId || undefined, service, attributes: attributesOf(span.attributes) });
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const secrets = { internal: randomSecret(), jwt: randomSecret() };
  external = spawn(process.execPath, ['--import', 'tsx', path.join(REPOSITORY_ROOT, 'scripts/test/fixtures/subgraph-process.ts'), EXTERNAL], {
    cwd: REPOSITORY_ROOT,
    env: { ...process.env, PLEIADI_INTERNAL_SECRET: secrets.internal, PLEIADI_LOG: 'error', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_BSP_SCHEDULE_DELAY: '500' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: external.stdout! }), 'line')) as [string];
  // The gateway and the other subgraphs in this process, tracing to the same receiver.
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = endpoint;
  federation = await startFederation({ databases: 'test', demo: true, secrets, external: { [EXTERNAL]: (JSON.parse(line) as { url: string }).url }, responseCacheTtlSeconds: 0 });
}, 240_000);

afterAll(async () => {
  external?.kill('SIGTERM');
  await federation?.stop();
  await stopTracing();
  delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (external && external.exitCode === null) await once(external, 'exit');
  await new Promise((resolve) => receiver?.close(resolve));
});

describe('a trace of one dashboard request', () => {
  it('runs from the gateway through each subgraph it reached down to their SQL statements', async () => {
    const result = await federation.queryAs({ role: 'region', purpose: 'reporting' }, DASHBOARD, { period: '2026' });
    expect(result.errors).toBeUndefined();
    await flushTracing();

    const byId = new Map<string, Span>();
    const root = () => spans.find((s) => s.service === 'pleiadi-gateway' && s.name === 'POST /graphql' && !s.parentSpanId);
    // The external subgraph sends its batch within half a second (OTEL_BSP_SCHEDULE_DELAY): wait for its SQL spans.
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !(root() && spans.some((s) => s.service === `pleiadi-${EXTERNAL}` && s.attributes['db.operation.name'] && s.traceId === root()!.traceId))) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const gatewayRoot = root();
    expect(gatewayRoot, 'the gateway\u2019s server span').toBeDefined();
    const trace = spans.filter((s) => s.traceId === gatewayRoot!.traceId);
    for (const span of trace) byId.set(span.spanId, span);

    // Every span but the root has its parent in the same trace: the links are intact.
    const orphans = trace.filter((s) => s !== gatewayRoot && !byId.has(s.parentSpanId ?? ''));
    expect(orphans.map((s) => `${s.service} ${s.name}`)).toEqual([]);
    const ancestors = (span: Span): Span[] => (span.parentSpanId && byId.has(span.parentSpanId) ? [byId.get(span.parentSpanId)!, ...ancestors(byId.get(span.parentSpanId)!)] : []);

    const gatewayNames = new Set(trace.filter((s) => s.service === 'pleiadi-gateway').map((s) => s.name));
    for (const name of ['graphql.parse', 'graphql.validate', 'gateway.plan', 'gateway.execute', 'gateway.fetch']) expect(gatewayNames).toContain(name);

    // Each subgraph fetch of the gateway is the parent of that subgraph's server span, which has SQL below it.
    const fetches = trace.filter((s) => s.service === 'pleiadi-gateway' && s.name.startsWith('subgraph '));
    const reached = new Set(fetches.map((s) => String(s.attributes['pleiadi.subgraph'])));
    expect([...reached].sort()).toEqual(expect.arrayContaining(['region', 'cpia', 'ats', EXTERNAL]));
    for (const subgraph of reached) {
      const servers = trace.filter((s) => s.service === `pleiadi-${subgraph}` && s.name === 'POST /graphql');
      expect(servers.length, `${subgraph} server spans`).toBeGreaterThan(0);
      for (const server of servers) expect(byId.get(server.parentSpanId!)?.attributes['pleiadi.subgraph']).toBe(subgraph);
      const statements = trace.filter((s) => s.service === `pleiadi-${subgraph}` && s.attributes['db.operation.name']);
      expect(statements.length, `${subgraph} SQL spans`).toBeGreaterThan(0);
      for (const statement of statements) expect(ancestors(statement)).toContain(gatewayRoot);
      for (const statement of statements) expect(servers).toContain(ancestors(statement).find((s) => s.name === 'POST /graphql'));
    }
    // Root fields have spans of their own; what their resolvers run hangs under them.
    const resolvers = trace.filter((s) => s.name.startsWith('resolve Query.'));
    expect(resolvers.map((s) => `${s.service} ${s.name}`)).toContain('pleiadi-region resolve Query.indicatorReport');
    for (const resolver of resolvers) expect(byId.get(resolver.parentSpanId!)?.name).toBe('POST /graphql');
    const sql = trace.filter((s) => s.attributes['db.operation.name']);
    expect(sql.some((statement) => ancestors(statement).some((s) => s.name.startsWith('resolve Query.')))).toBe(true);

    // No bind parameter, no literal value: statement text has placeholders only.
    const texts = trace.map((s) => s.attributes['db.query.text']).filter((t): t is string => typeof t === 'string');
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) expect(text).not.toMatch(/'[^']+'/);
    expect(JSON.stringify(trace)).not.toContain('"variables"');
  }, 60_000);
});
