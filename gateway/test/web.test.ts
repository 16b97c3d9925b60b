// The web door (src/web/): the built page under /app/ with its settings inline, the explorer for a
// browser opening /graphql, operations by GET left to GraphQL, nothing outside the page's folder,
// and a clear 503 when the page is not built.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webRoute } from '../src/web/route.ts';

let dir: string;
let server: Server;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pleiadi-web-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html><head><title>page</title></head><body></body></html>');
  writeFileSync(path.join(dir, 'explorer.html'), '<!doctype html><html><head><title>explorer</title></head><body></body></html>');
  writeFileSync(path.join(dir, 'assets', 'main-abc123.js'), 'console.log(1)');
  writeFileSync(path.join(tmpdir(), 'pleiadi-web-secret.txt'), 'secret');
  const route = webRoute({ dir, demoTokens: async () => [{ label: 'region (demo)', role: 'region', token: 'a.b.c</script>' }] });
  server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!(await route(request, response, url))) response.writeHead(418).end('not the web door');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(path.join(tmpdir(), 'pleiadi-web-secret.txt'), { force: true });
});

describe('the web door', () => {
  it('serves the page with its settings inline, escaped, never stored by a cache', async () => {
    const response = await fetch(`${base}/app/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await response.text();
    const inline = /<script type="application\/json" id="pleiadi-config">(.*)<\/script>/.exec(html)?.[1];
    expect(JSON.parse(inline!)).toEqual({ graphqlUrl: '/graphql', healthUrl: '/health', explorerUrl: '/graphql', demoTokens: [{ label: 'region (demo)', role: 'region', token: 'a.b.c</script>' }] });
    expect(inline).not.toContain('</script>');
    const asset = await fetch(`${base}/app/assets/main-abc123.js`);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('opens the explorer for a browser at /graphql, and leaves operations by GET to GraphQL', async () => {
    const explorer = await fetch(`${base}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(await explorer.text()).toContain('<base href="/app/" />');
    expect((await fetch(`${base}/graphql?operationName=IndicatorCatalogue`, { headers: { accept: 'text/html' } })).status).toBe(418);
    expect((await fetch(`${base}/graphql`, { headers: { accept: 'application/json' } })).status).toBe(418);
    expect((await fetch(`${base}/graphql`, { method: 'POST', headers: { accept: 'text/html' } })).status).toBe(418);
    const root = await fetch(`${base}/`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(root.headers.get('location')).toBe('/app/');
  });

  it('serves nothing outside the page folder, and says when the page is not built', async () => {
    for (const probe of ['/app/../pleiadi-web-secret.txt', '/app/%2e%2e/pleiadi-web-secret.txt', '/app/..%2fpleiadi-web-secret.txt']) {
      const response = await fetch(`${base}${probe}`);
      expect(await response.text()).not.toBe('secret');
    }
    expect((await fetch(`${base}/app/missing.js`)).status).toBe(404);
    const unbuilt = webRoute({ dir: path.join(dir, 'nothing') });
    const lone = createServer(async (request, response) => void (await unbuilt(request, response, new URL(request.url ?? '/', 'http://localhost'))));
    await new Promise<void>((resolve) => lone.listen(0, '127.0.0.1', resolve));
    const response = await fetch(`http://127.0.0.1:${(lone.address() as AddressInfo).port}/app/`);
    lone.close();
    expect(response.status).toBe(503);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('PAGE_NOT_BUILT');
  });
});
