// The BI doors follow a hot reload: /bi/openapi.json and the tables behind it are read from the
// supergraph being served now, not the one the gateway started with.
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPERATIONS_DIR } from '../src/admission/safelist.ts';
import { DEFAULT_SUPERGRAPH_PATH, type GatewayConfig } from '../src/config.ts';
import { feedRoutes } from '../src/bi/feeds.ts';

const started = readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8');

async function openApi(sdl: () => string, route = feedRoutes(undefined as never, { internalSecret: 's'.repeat(32), operationsDir: DEFAULT_OPERATIONS_DIR } as GatewayConfig, { supergraphSdl: sdl, regionUrl: () => undefined })[0]) {
  let body = '';
  const response = { writeHead: () => response, setHeader: () => undefined, end: (text: string) => void (body = text) } as unknown as ServerResponse;
  const request = { method: 'GET', headers: { host: '127.0.0.1' } } as IncomingMessage;
  expect(await route(request, response, new URL('http://127.0.0.1/bi/openapi.json'))).toBe(true);
  return { document: JSON.parse(body) as object, route };
}

/** The OpenAPI schema of one column of a feed's rows, wherever the document keeps it. */
function columnSchema(document: object, column: string): unknown {
  const found: unknown[] = [];
  JSON.stringify(document, (key, value: unknown) => {
    if (key === 'properties' && value && typeof value === 'object' && column in value) found.push((value as Record<string, unknown>)[column]);
    return value;
  });
  return found[0];
}

describe('BI feeds after a supergraph reload', () => {
  it('describe the tables of the supergraph served now', async () => {
    let sdl = started;
    const { document, route } = await openApi(() => sdl);
    expect(columnSchema(document, 'capacity')).toMatchObject({ type: 'integer' });

    // A partner's subgraph now reports course capacity as a decimal.
    sdl = started.replace(/^(\s+)capacity: Int!$/m, '$1capacity: Float!');
    expect(sdl).not.toBe(started);
    const reloaded = await openApi(() => sdl, route);
    expect(columnSchema(reloaded.document, 'capacity')).toMatchObject({ type: 'number' });
  });
});
