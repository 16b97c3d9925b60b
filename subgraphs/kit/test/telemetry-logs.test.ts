// Structured logs: JSON lines with the service, and inside a request its request id and trace id;
// levels per service; the terminal format; SQL statement spans without values.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { prettyLine } from '../src/log.ts';
import { scopeFromHeaders } from '../src/telemetry/request-scope.ts';
import { statementSpanOf } from '../src/telemetry/sql.ts';

const SCRIPT = `
import { createLogger } from './src/log.ts';
import { runInRequest, scopeFromHeaders } from './src/telemetry/request-scope.ts';
const gateway = createLogger('gateway');
const ats = createLogger('ats');
gateway.info('outside');
runInRequest(scopeFromHeaders('gateway', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', 'req-1'), () => {
  gateway.info('inside', { subgraph: 'ats' });
  gateway.debug('not shown');
  ats.debug('shown');
});`;

async function run(env: Record<string, string>): Promise<Record<string, unknown>[]> {
  const { stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
    cwd: new URL('..', import.meta.url).pathname,
    env: { ...process.env, PLEIADI_LOG: '', PLEIADI_LOG_FORMAT: 'json', ...env },
  });
  return stderr.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

// A subgraph served with tracing off: a resolver fails unexpectedly inside a request that came
// with a trace and a request id.
const SERVED = `
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { currentRequest } from './src/telemetry/request-scope.ts';
import { startTestSubgraphServer } from './src/testing/index.ts';
const schema = new GraphQLSchema({ query: new GraphQLObjectType({ name: 'Query', fields: {
  broken: { type: GraphQLString, resolve: async () => { await null; throw new Error('stored scope: ' + (currentRequest() ? 'yes' : 'none')); } },
} }) });
const server = await startTestSubgraphServer('request_scope_logs', schema);
try {
  const response = await server.postAs({ role: 'region', purpose: 'reporting', subject: 'r' }, '{ broken }', {
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', 'x-request-id': 'req-served-1' });
  await response.json();
} finally { await server.stop(); }`;

describe('logs', () => {
  it('of a request served with tracing off carry its request and trace ids, with no AsyncLocalStorage entered', async () => {
    const { stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SERVED], {
      cwd: new URL('..', import.meta.url).pathname,
      env: { ...process.env, PLEIADI_LOG: 'error', PLEIADI_LOG_FORMAT: 'json', OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '' },
    });
    const lines = stderr.trim().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
    const failure = lines.find((line) => String(line.msg).startsWith('error at broken'));
    expect(failure).toMatchObject({ level: 50, service: 'test', reqId: 'req-served-1', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' });
    // The scope reached the line through the request's context: none was stored for the process.
    expect(String(failure?.msg)).toContain('stored scope: none');
  });

  it('are JSON lines naming the service, with the request and trace ids inside a request, levels per service', async () => {
    const lines = await run({ PLEIADI_LOG: 'info', PLEIADI_LOG_ATS: 'debug' });
    expect(lines.map((l) => l.msg)).toEqual(['outside', 'inside', 'shown']);
    expect(lines[0]).toMatchObject({ level: 30, service: 'gateway' });
    expect(lines[0]).not.toHaveProperty('reqId');
    expect(lines[1]).toMatchObject({ service: 'gateway', reqId: 'req-1', traceId: '0af7651916cd43dd8448eb211c80319c', subgraph: 'ats' });
    expect(lines[2]).toMatchObject({ level: 20, service: 'ats', traceId: '0af7651916cd43dd8448eb211c80319c' });
  });

  it('can be silenced for one service', async () => {
    const lines = await run({ PLEIADI_LOG_GATEWAY: 'silent', PLEIADI_LOG_ATS: 'debug' });
    expect(lines.map((l) => l.msg)).toEqual(['shown']);
  });

  it('read well in a terminal', () => {
    const line = prettyLine(JSON.stringify({ level: 40, time: Date.UTC(2026, 0, 1, 9, 5, 3, 7), service: 'gateway', msg: 'subgraph ats down', code: 'SUBGRAPH_TIMEOUT', reqId: 'r1', traceId: 't' }));
    expect(line).toBe('09:05:03.007 warn  [gateway] subgraph ats down code=SUBGRAPH_TIMEOUT (req r1)\n');
  });
});

describe('request scope', () => {
  it('keeps a well-formed caller trace and replaces a malformed one', () => {
    expect(scopeFromHeaders('x', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c', sampled: true });
    const fresh = scopeFromHeaders('x', 'garbage', 'bad id with spaces');
    expect(fresh.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(fresh.requestId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('gives every new request its own ids, across refills of the random pool', () => {
    const scopes = Array.from({ length: 1000 }, () => scopeFromHeaders('x', undefined));
    const ids = scopes.flatMap((s) => [s.requestId, s.traceId, s.spanId]);
    expect(new Set(ids).size).toBe(3000);
    expect(scopes.every((s) => /^[0-9a-f]{16}$/.test(s.requestId) && /^[0-9a-f]{32}$/.test(s.traceId) && /^[0-9a-f]{16}$/.test(s.spanId))).toBe(true);
  });
});

describe('SQL statement spans', () => {
  it('name the operation and table and never carry a value', () => {
    const { name, attributes } = statementSpanOf(`select "p"."pseudonym" from "participant" as "p" where "p"."fiscal_code" = 'RSSMRA80A01H501U' and "p"."id" in ($1, $2) limit 50`, 'postgresql');
    expect(name).toBe('SELECT participant');
    expect(attributes['db.query.text']).toBe(`select "p"."pseudonym" from "participant" as "p" where "p"."fiscal_code" = ? and "p"."id" in ($1, $2) limit ?`);
    expect(JSON.stringify(attributes)).not.toContain('RSSMRA');
  });
});
