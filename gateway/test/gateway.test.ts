import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SUPERGRAPH_PATH, subgraphUrlsFromEnvironment } from '../src/config.ts';
import { startGateway, subgraphsOfSupergraph } from '../src/server.ts';
import { authConfigFromEnvironment } from '../src/auth/caller.ts';

const secrets = { auth: authConfigFromEnvironment({ PLEIADI_JWT_SECRET: 'x'.repeat(32) }), internalSecret: 'y'.repeat(32) };

const supergraphSdl = readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8');

describe('configuration', () => {
  it('reads each subgraph URL override from <NAME>_SUBGRAPH_URL', () => {
    expect(subgraphUrlsFromEnvironment({ ANCI_SUBGRAPH_URL: 'http://anci:4000/graphql', REGION_SUBGRAPH_URL: '', OTHER: 'x' })).toEqual({
      anci: 'http://anci:4000/graphql',
    });
  });

  it('finds the subgraphs and their default URLs in the committed supergraph', () => {
    expect(subgraphsOfSupergraph(supergraphSdl)).toMatchObject({
      anci: 'http://127.0.0.1:4002/graphql',
      region: 'http://127.0.0.1:4001/graphql',
    });
  });
});

describe('a subgraph that is down', () => {
  it('fails only that subgraph\'s fields, naming it, and reports it on /health', async () => {
    // Nothing listens on port 9 (discard) on this machine: every subgraph is unreachable.
    const names = Object.keys(subgraphsOfSupergraph(supergraphSdl));
    const gateway = await startGateway({
      ...secrets,
      port: 0,
      supergraphSdl,
      subgraphUrls: Object.fromEntries(names.map((name) => [name, 'http://127.0.0.1:9/graphql'])),
    });
    try {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ ambits { code } }' }),
      });
      const body = (await response.json()) as { data: unknown; errors: { message: string; extensions: { code: string; serviceName?: string } }[] };
      expect(body.data).toBeNull();
      expect(body.errors[0].extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'anci' });
      expect(body.errors[0].message).not.toMatch(/127\.0\.0\.1/);
      const health = await (await fetch(new URL('/health', gateway.url))).json();
      expect(health).toEqual({ ok: true, subgraphs: Object.fromEntries(names.map((name) => [name, { status: 'down', breaker: 'closed' }])) });
    } finally {
      await gateway.stop();
    }
  });
});
