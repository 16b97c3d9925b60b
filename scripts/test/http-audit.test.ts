// The GraphQL-over-HTTP audit (graphql-http's serverAudits) against the gateway as shipped —
// anonymous and with a token — and against stock @apollo/server + @apollo/gateway on the same
// supergraph and subgraphs: every MUST passes, and no SHOULD is worse than stock's. "As shipped"
// is as `npm start` runs it (NODE_ENV=development: introspection on, like stock outside
// production): several audits query `__type`. The production default (introspection off) is
// audited too and shown, not held to the MUSTs: it refuses those `__type` queries on purpose.
import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { authConfigFromEnvironment, startGateway, type RunningGateway } from '@pleiadi/gateway';
import { signInternalToken } from '@pleiadi/kit';
import { serverAudits, type AuditResult } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFederation, type Federation } from '../src/federation.ts';
import { SUPERGRAPH_PATH } from '../src/registry.ts';

let federation: Federation;
let stock: { url: string; server: ApolloServer };
let production: RunningGateway;

beforeAll(async () => {
  federation = await startFederation({ databases: 'test', demo: false, introspection: true });
  const urls = Object.fromEntries(Object.entries(federation.subgraphs).map(([name, s]) => [name, s.url]));
  const secret = federation.secrets.internal;
  const supergraphSdl = readFileSync(SUPERGRAPH_PATH, 'utf8');
  production = await startGateway({ port: 0, supergraphSdl, subgraphUrls: urls, internalSecret: secret, auth: authConfigFromEnvironment({ PLEIADI_JWT_SECRET: federation.secrets.jwt }) });
  // Stock, but able to reach our subgraphs: they answer only a request carrying the internal token.
  class Vouching extends RemoteGraphQLDataSource {
    override willSendRequest({ request }: Parameters<RemoteGraphQLDataSource['willSendRequest'] & object>[0]) {
      request.http?.headers.set('authorization', `Bearer ${signInternalToken({ role: 'anonymous' }, secret)}`);
    }
  }
  const gateway = new ApolloGateway({ supergraphSdl, buildService: ({ name }) => new Vouching({ url: urls[name] }) });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  stock = { url, server };
}, 600_000);

afterAll(async () => {
  await stock?.server.stop();
  await production?.stop();
  await federation?.stop();
}, 120_000);

/** Runs every audit in order (they are independent requests; one at a time keeps the machine calm). */
async function audit(url: string, headers: Record<string, string> = {}): Promise<Map<string, AuditResult>> {
  const fetchFn = (input: RequestInfo | URL, init: RequestInit = {}) => {
    const merged = new Headers(init.headers);
    for (const [key, value] of Object.entries(headers)) merged.set(key, value);
    return fetch(input, { ...init, headers: merged });
  };
  const results = new Map<string, AuditResult>();
  for (const { id, fn } of serverAudits({ url, fetchFn })) results.set(id, await fn());
  return results;
}

const mark = (result: AuditResult | undefined) => (result ? ({ ok: 'pass', warn: 'warn', error: 'FAIL' } as Record<string, string>)[result.status] ?? result.status : '—');
const level = (result: AuditResult) => result.name.split(' ')[0] as 'MUST' | 'SHOULD' | 'MAY';

describe('GraphQL over HTTP audit (graphql-http serverAudits)', () => {
  it('every MUST passes, anonymous and with a token, and no SHOULD is worse than stock Apollo', { timeout: 600_000 }, async () => {
    const token = await federation.token({ role: 'region', purpose: 'reporting' });
    const runs = {
      stock: await audit(stock.url),
      ours: await audit(federation.gateway.url),
      'ours+token': await audit(federation.gateway.url, { authorization: `Bearer ${token}` }),
      production: await audit(production.url),
    };
    const rows = [...runs.stock.values()].map((stockResult) => {
      const id = stockResult.id;
      return {
        id,
        level: level(stockResult),
        name: stockResult.name.slice(level(stockResult).length + 1),
        stock: stockResult,
        ours: runs.ours.get(id)!,
        token: runs['ours+token'].get(id)!,
        production: runs.production.get(id)!,
      };
    });
    const width = Math.max(...rows.map((r) => r.name.length));
    const line = (cells: string[]) => cells.join(' | ');
    const table = [
      line(['id  ', 'level ', 'audit'.padEnd(width), 'stock ', 'ours  ', 'ours+token', 'ours, introspection off']),
      ...rows.map((r) => line([r.id, r.level.padEnd(6), r.name.padEnd(width), mark(r.stock).padEnd(6), mark(r.ours).padEnd(6), mark(r.token).padEnd(10), mark(r.production)])),
    ];
    const tally = (run: Map<string, AuditResult>, lvl: string) =>
      ['ok', 'notice', 'warn', 'error'].map((s) => [...run.values()].filter((r) => level(r) === lvl && r.status === s).length).join('/');
    for (const lvl of ['MUST', 'SHOULD', 'MAY']) {
      table.push(`${lvl} pass/notice/warn/fail: ${Object.entries(runs).map(([run, results]) => `${run} ${tally(results, lvl)}`).join(', ')}`);
    }
    for (const r of rows.filter((r) => [r.stock, r.ours, r.token, r.production].some((result) => result.status !== 'ok'))) {
      const reason = (result: AuditResult) => (result.status === 'ok' ? 'pass' : result.reason);
      table.push(`  ${r.id} ${r.level} ${r.name}: stock: ${reason(r.stock)}; ours: ${reason(r.ours)}; ours+token: ${reason(r.token)}; introspection off: ${reason(r.production)}`);
    }
    console.log(`[GraphQL over HTTP audit]\n${table.join('\n')}`);

    expect(rows.length).toBeGreaterThan(30);
    const failures: string[] = [];
    for (const r of rows) {
      for (const [run, result] of [['ours', r.ours], ['ours+token', r.token]] as const) {
        if (r.level === 'MUST' && result.status !== 'ok') failures.push(`${run} fails MUST ${r.id} ${r.name}`);
        if (r.level === 'SHOULD' && r.stock.status === 'ok' && result.status !== 'ok') failures.push(`${run} worse than stock on SHOULD ${r.id} ${r.name}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
