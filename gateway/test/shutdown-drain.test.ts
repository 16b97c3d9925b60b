// SIGTERM while a slow request is in flight: the request completes, new ones are refused, and the
// process exits 0 within PLEIADI_SHUTDOWN_GRACE_MS.
import { randomSecret } from '@pleiadi/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, startGatewayProcess, startTestSubgraph, type GatewayProcess, type TestSubgraph } from './ops-fixture.ts';

const GRACE_MS = 8000;
let subgraph: TestSubgraph;
let gateway: GatewayProcess;

beforeAll(async () => {
  subgraph = await startTestSubgraph();
  gateway = await startGatewayProcess({
    PLEIADI_SUPERGRAPH_PATH: subgraph.supergraphPath,
    PLEIADI_JWT_SECRET: randomSecret(),
    PLEIADI_INTERNAL_SECRET: randomSecret(),
    PLEIADI_SHUTDOWN_GRACE_MS: String(GRACE_MS),
  });
}, 90_000);

afterAll(async () => {
  await gateway?.stop();
  await subgraph?.stop();
});

describe('a gateway told to stop', () => {
  it('is live and ready before', async () => {
    expect((await fetch(new URL('/live', gateway.url))).status).toBe(200);
    expect((await fetch(new URL('/ready', gateway.url))).status).toBe(200);
  });

  it('finishes the request in flight, refuses new ones, and exits 0 within the bound', async () => {
    const slow = post(gateway.url, { query: '{ slow(ms: 2500) }' });
    await new Promise((resolve) => setTimeout(resolve, 500)); // the request is in flight
    const signalled = performance.now();
    gateway.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // No new connection is accepted once draining.
    const refused = await fetch(new URL('/live', gateway.url)).then(
      (response) => `HTTP ${response.status}`,
      (error: Error & { cause?: { code?: string } }) => error.cause?.code ?? error.message,
    );
    expect(refused).toBe('ECONNREFUSED');
    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { slow: 2500 } });
    const { code, signal } = await gateway.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(performance.now() - signalled).toBeLessThan(GRACE_MS);
    expect(gateway.logs.some((entry) => /^SIGTERM: draining 1 request/.test(String(entry.msg)))).toBe(true);
  }, 30_000);
});
