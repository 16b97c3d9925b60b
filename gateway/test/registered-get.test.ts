// GET of a registered operation runs without CSRF prevention's preflight header; every other GET
// (and every simple POST) is still refused as a potential CSRF. The gateway as shipped, over a stub
// subgraph that counts requests: what matters here is whether the operation was let through.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authConfigFromEnvironment } from '../src/auth/caller.ts';
import { DEFAULT_SUPERGRAPH_PATH } from '../src/config.ts';
import { DEFAULT_OPERATIONS_DIR, operationHash } from '../src/admission/safelist.ts';
import { startGateway, subgraphsOfSupergraph, type RunningGateway } from '../src/server.ts';
import { startStubSubgraph, type Stub } from './stub-subgraph.ts';

const supergraphSdl = readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8');
const catalogue = readFileSync(path.join(DEFAULT_OPERATIONS_DIR, 'IndicatorCatalogue.graphql'), 'utf8');
const persisted = (hash: string) => JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } });

let stub: Stub;
let gateway: RunningGateway;
beforeAll(async () => {
  stub = await startStubSubgraph();
  const names = Object.keys(subgraphsOfSupergraph(supergraphSdl));
  gateway = await startGateway({
    port: 0,
    supergraphSdl,
    subgraphUrls: Object.fromEntries(names.map((name) => [name, stub.url])),
    auth: authConfigFromEnvironment({ PLEIADI_JWT_SECRET: 'x'.repeat(32) }),
    internalSecret: 'y'.repeat(32),
    responseCacheTtlSeconds: 0,
  });
});
afterAll(async () => {
  await gateway?.stop();
  await stub?.close();
});

/** Status, whether CSRF prevention refused it, and whether a subgraph was called. */
async function get(params: Record<string, string>, headers: Record<string, string> = {}) {
  const before = stub.requests;
  const response = await fetch(`${gateway.url}?${new URLSearchParams(params)}`, { headers });
  const text = await response.text();
  return { status: response.status, csrf: /Cross-Site Request Forgery/.test(text), ran: stub.requests > before };
}

const ran = { status: 200, csrf: false, ran: true };
const refused = { status: 400, csrf: true, ran: false };

describe('GET of a registered operation, no preflight header', () => {
  it('runs by its exact text, by its hash, and by its name alone', async () => {
    expect(await get({ query: catalogue })).toEqual(ran);
    expect(await get({ extensions: persisted(operationHash(catalogue)) })).toEqual(ran);
    expect(await get({ extensions: persisted(operationHash(catalogue)), operationName: 'IndicatorCatalogue' })).toEqual(ran);
    expect(await get({ operationName: 'IndicatorCatalogue' })).toEqual(ran);
    expect(await get({ operationName: 'MunicipalitiesOfAmbit', variables: JSON.stringify({ ambit: 'BOLOGNA', first: 2 }) })).toEqual(ran);
  });
});

describe('every other GET keeps CSRF prevention', () => {
  it('refuses other text, an unknown hash or name, text and hash that disagree, a near copy of the text', async () => {
    expect(await get({ query: '{ ambits { code } }' })).toEqual(refused);
    expect(await get({ extensions: persisted('0'.repeat(64)) })).toEqual(refused);
    expect(await get({ operationName: 'NoSuchOperation' })).toEqual(refused);
    expect(await get({ query: catalogue, extensions: persisted('0'.repeat(64)) })).toEqual(refused);
    expect(await get({ query: catalogue.trimEnd() })).toEqual(refused);
    expect(await get({ operationName: 'IndicatorCatalogue', query: '{ ambits { code } }' })).toEqual(refused);
  });

  it('lets any GET through with the preflight header, as Apollo documents', async () => {
    expect(await get({ query: '{ ambits { code } }' }, { 'apollo-require-preflight': 'true' })).toEqual(ran);
  });

  it('refuses a registered operation POSTed as a simple (form-like) request', async () => {
    const before = stub.requests;
    const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: catalogue }) });
    expect({ status: response.status, csrf: /Cross-Site Request Forgery/.test(await response.text()), ran: stub.requests > before }).toEqual(refused);
  });
});
