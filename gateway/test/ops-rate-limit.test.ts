// The rate limit's settings and its in-process token buckets (Redis's are in redis-replicas.test.ts).
import { describe, expect, it } from 'vitest';
import { memoryBuckets, rateLimitsFromEnvironment } from '../src/admission/rate-limit.ts';

describe('PLEIADI_RATE_LIMIT', () => {
  it('reads role=requests/unit[:burst]', () => {
    expect(rateLimitsFromEnvironment({ PLEIADI_RATE_LIMIT: 'anonymous=60/min:20, bi=10/s' })).toEqual({
      anonymous: { perSecond: 1, burst: 20 },
      bi: { perSecond: 10, burst: 10 },
    });
    expect(rateLimitsFromEnvironment({})).toBeUndefined();
  });

  it('refuses what it cannot read, naming it', () => {
    expect(() => rateLimitsFromEnvironment({ PLEIADI_RATE_LIMIT: 'admin=5/min' })).toThrow(/"admin=5\/min" is not role=requests\/unit/);
    expect(() => rateLimitsFromEnvironment({ PLEIADI_RATE_LIMIT: 'bi=5/day' })).toThrow(/PLEIADI_RATE_LIMIT/);
    expect(() => rateLimitsFromEnvironment({ PLEIADI_RATE_LIMIT: 'bi=0/s' })).toThrow(/PLEIADI_RATE_LIMIT/);
  });
});

describe('in-process token buckets', () => {
  it('let a burst through, then one request per refill, each caller on its own', async () => {
    let now = 0;
    const buckets = memoryBuckets(() => now);
    const limit = { perSecond: 2, burst: 3 };
    const taken = [];
    for (let i = 0; i < 4; i++) taken.push(await buckets.take('bi:a', limit));
    expect(taken).toEqual([0, 0, 0, 500]);
    expect(await buckets.take('bi:b', limit)).toBe(0);
    now += 500;
    expect(await buckets.take('bi:a', limit)).toBe(0);
    expect(await buckets.take('bi:a', limit)).toBe(500);
    now += 10_000;
    for (let i = 0; i < 3; i++) expect(await buckets.take('bi:a', limit)).toBe(0); // never more than the burst
    expect(await buckets.take('bi:a', limit)).toBeGreaterThan(0);
  });
});

describe('the rate limit at the front', () => {
  it('counts requests with a BI key as a BI tool by address, whatever key id they make up', async () => {
    const { createServer } = await import('node:http');
    const { authConfigFromEnvironment } = await import('../src/auth/caller.ts');
    const { rateLimitRoute } = await import('../src/admission/rate-limit.ts');
    const route = rateLimitRoute({
      limits: { bi: { perSecond: 0.001, burst: 2 }, anonymous: { perSecond: 0.001, burst: 100 } },
      buckets: memoryBuckets(),
      auth: authConfigFromEnvironment({ PLEIADI_JWT_SECRET: 'x'.repeat(32) }),
    });
    const server = createServer((request, response) => {
      void Promise.resolve(route(request, response, new URL(request.url ?? '/', 'http://localhost'))).then((handled) => {
        if (!handled) response.end('passed');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const key = (id: string) => `Bearer pbk_${id}_${'a'.repeat(43)}`;
      const statuses = [];
      for (const id of ['000000000001', '000000000002', '000000000003']) {
        statuses.push((await fetch(`http://127.0.0.1:${port}/bi/CpiaCourses.csv`, { headers: { authorization: key(id) } })).status);
      }
      // The third is over the bi burst of 2, though each carried another key id; anonymous callers
      // from the same address keep their own, larger bucket.
      expect(statuses).toEqual([200, 200, 429]);
      expect((await fetch(`http://127.0.0.1:${port}/graphql`)).status).toBe(200);
    } finally {
      server.close();
    }
  });
});
