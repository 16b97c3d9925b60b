// Two gateway replicas (processes of their own) sharing one Redis: an answer cached through one is
// served by the other, replicas asking for the same missing answer at once compute it once, a
// mutation through one evicts the other's answers, a caller's rate limit counts on both, and a
// supergraph reloaded by one is reloaded by the other at once.
// Uses the redis-server on 127.0.0.1:6379 (DB 5, a key prefix of its own), or REDIS_TEST_URL.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomSecret } from '@pleiadi/kit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintToken } from '../src/auth/tokens.ts';
import { counts, post, startGatewayProcess, startTestSubgraph, type GatewayProcess, type TestSubgraph } from './ops-fixture.ts';

const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379/5';
const PREFIX = `pleiadi-test-${randomBytes(4).toString('hex')}:`;
const JWT_SECRET = randomSecret();
let redis: Redis;
let subgraph: TestSubgraph;
let a: GatewayProcess;
let b: GatewayProcess;
// The supergraph, served over HTTP and polled rarely: only a replica event makes B reload soon.
let supergraphServer: Server;
let served = '';

beforeAll(async () => {
  redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect(); // no Redis: the test fails here, saying so
  subgraph = await startTestSubgraph();
  served = subgraph.supergraphs[0];
  supergraphServer = createServer((_request, response) => response.end(served));
  await new Promise<void>((resolve) => supergraphServer.listen(0, '127.0.0.1', resolve));
  const env = {
    PLEIADI_SUPERGRAPH_URL: `http://127.0.0.1:${(supergraphServer.address() as AddressInfo).port}/supergraph.graphql`,
    PLEIADI_SUPERGRAPH_POLL_MS: '600000',
    PLEIADI_JWT_SECRET: JWT_SECRET,
    PLEIADI_INTERNAL_SECRET: randomSecret(),
    REDIS_URL,
    PLEIADI_REDIS_PREFIX: PREFIX,
    PLEIADI_RATE_LIMIT: 'bi=3/min',
  };
  [a, b] = await Promise.all([startGatewayProcess(env), startGatewayProcess(env)]);
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await subgraph?.stop();
  await new Promise((resolve) => supergraphServer?.close(resolve));
  if (redis?.status === 'ready') {
    const keys = await redis.keys(`${PREFIX}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  }
});

describe('gateway replicas sharing Redis', () => {
  it('serve an answer cached through one from the other', async () => {
    const query = { query: '{ counted(tag: "shared") }' };
    const before = counts.counted;
    const first = await post(a.url, query);
    const second = await post(b.url, query);
    expect(first.body).toEqual({ data: { counted: before + 1 } });
    expect(second.body).toEqual(first.body);
    expect(counts.counted).toBe(before + 1);
  });

  it('compute an answer asked of both at the same moment once', async () => {
    const query = { query: '{ paced(ms: 600) }' };
    const before = counts.paced;
    const [fromA, fromB] = await Promise.all([post(a.url, query), post(b.url, query)]);
    expect(fromA.body).toEqual({ data: { paced: before + 1 } });
    expect(fromB.body).toEqual(fromA.body);
    expect(counts.paced).toBe(before + 1);
  });

  it('evict every replica\u2019s answers on a mutation through one', async () => {
    const read = async (url: string) => (await post(url, { query: '{ stamp }' })).body.data?.stamp as number;
    const stamp = await read(a.url);
    expect(await read(b.url)).toBe(stamp); // cached now
    const bumped = await post(a.url, { query: 'mutation { bump }' });
    expect(bumped.body.data?.bump).toBe(stamp + 1);
    expect(await read(b.url)).toBe(stamp + 1);
    expect(await read(a.url)).toBe(stamp + 1);
  });

  it('count a caller\u2019s requests on both against one limit', async () => {
    const headers = { authorization: `Bearer ${await mintToken({ role: 'bi', subject: `limited-${PREFIX}` }, JWT_SECRET)}` };
    const query = { query: '{ counted(tag: "limited") }' };
    const statuses = [];
    for (const url of [a.url, b.url, a.url]) statuses.push((await post(url, query, headers)).status);
    expect(statuses).toEqual([200, 200, 200]);
    const refused = await post(b.url, query, headers);
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another caller of the same role has a bucket of its own.
    const other = { authorization: `Bearer ${await mintToken({ role: 'bi', subject: `other-${PREFIX}` }, JWT_SECRET)}` };
    expect((await post(a.url, query, other)).status).toBe(200);
    // The refusal is counted.
    const metrics = await (await fetch(new URL('/metrics', b.url))).text();
    expect(metrics).toMatch(/pleiadi_gateway_rate_limited_total\{role="bi"\} 1/);
  });

  it('reload a supergraph on every replica when one of them loads it', async () => {
    expect((await post(b.url, { query: '{ version }' })).body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    served = subgraph.supergraphs[1];
    a.child.kill('SIGHUP'); // A reloads now; B would only at its next poll, ten minutes away
    const deadline = Date.now() + 15_000;
    let answer = await post(b.url, { query: '{ version }' });
    while (answer.body.errors && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      answer = await post(b.url, { query: '{ version }' });
    }
    expect(answer.body).toEqual({ data: { version: 2 } });
    expect(b.logs.some((entry) => /another replica loaded supergraph/.test(String(entry.msg)))).toBe(true);
  }, 30_000);
});
