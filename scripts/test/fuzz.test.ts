// Property-based fuzzing of the gateway as shipped (response cache on, automatic persisted queries,
// the real federation behind it): thousands of generated requests — bodies, variables (deep to
// 50,000 levels, wide, odd types, NUL, lone surrogates), raw bytes (invalid JSON and UTF-8),
// headers, hashes, methods — sent a few at a time so that requests interleave in the cache and in
// in-flight sharing. Properties: no answer is a 5xx, and no answer carries another request's data
// (every probe asks for fields under its own alias and with its own variables, so an answer
// meant for another request shows).
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDashboard } from '../../dashboard/build.mjs';
import { startFederation, type Federation } from '../src/federation.ts';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_522);
const BATCHES = Number(process.env.FUZZ_BATCHES ?? 300);
const CONCURRENCY = 8;

// Probes whose right answer follows from the request itself.
const PROBES = 12;
const municipalityProbe = (n: number) => `query Probe($code: String!) { m${n}: municipality(istatCode: $code) { istatCode } }`;
const typenameProbe = (n: number) => `query Probe { t${n}: __typename }`;
const catalogue = 'query Probe { indicatorDefinitions { code } reportingPeriods(kind: YEAR) { code } }';
const CODES = ['037006', '037001', '034027', '036023', '099014', '000000', '12345', ''];

interface Probe {
  text: string;
  /** The keys `data` may have, and a check of their values against the request's variables. */
  keys: string[];
  check(data: Record<string, unknown>, variables: Record<string, unknown>): boolean;
}
const probes: Probe[] = [
  ...Array.from({ length: PROBES }, (_, n): Probe => ({
    text: municipalityProbe(n),
    keys: [`m${n}`],
    check: (data, variables) => {
      const value = data[`m${n}`] as { istatCode?: unknown } | null;
      return value === null || value === undefined || value.istatCode === variables.code;
    },
  })),
  ...Array.from({ length: PROBES }, (_, n): Probe => ({ text: typenameProbe(n), keys: [`t${n}`], check: (data) => data[`t${n}`] === 'Query' })),
  { text: catalogue, keys: ['indicatorDefinitions', 'reportingPeriods'], check: (data) => Array.isArray(data.indicatorDefinitions) },
  { text: '{ __typename }', keys: ['__typename'], check: (data) => data.__typename === 'Query' },
];
/** A body whose variables hold invalid UTF-8 (the query is the last probe's). */
const INVALID_UTF8 = Buffer.concat([Buffer.from('{"query":"{ __typename }","variables":{"code":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}}')]);

/** JSON text nested `depth` levels (objects or arrays), built as text: no generator recursion. */
const deep = (depth: number, kind: 'object' | 'array') => (kind === 'object' ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : '['.repeat(depth) + ']'.repeat(depth));

const oddValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }), // lone surrogates included
  fc.constant('\u0000'),
  fc.constant('a\u0000b'),
  fc.integer(),
  fc.double({ noNaN: true }).map((d) => (Number.isFinite(d) ? d : 1e308)),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 5 }),
);

/** Variables as JSON text: the probe's own, plus junk the query never uses (or in place of it). */
const variablesText = fc.oneof(
  { weight: 5, arbitrary: fc.record({ code: fc.constantFrom(...CODES) }).map((v) => JSON.stringify(v)) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...CODES), fc.integer({ min: 1, max: 50_000 }), fc.constantFrom('object', 'array') as fc.Arbitrary<'object' | 'array'>).map(([code, d, k]) => `{"code":${JSON.stringify(code)},"junk":${deep(d, k)}}`) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...CODES), fc.integer({ min: 1, max: 20_000 })).map(([code, n]) => JSON.stringify({ code, wide: Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])) })) },
  { weight: 3, arbitrary: fc.record({ code: oddValue, other: oddValue }, { requiredKeys: [] }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.oneof(fc.constant('null'), fc.constant('"string"'), fc.constant('[1,2]'), fc.constant('7')) },
);

const hash = fc.oneof(
  fc.constantFrom(...probes.map((p) => sha256(p.text))),
  fc.stringMatching(/^[0-9a-f]{64}$/),
  fc.string({ maxLength: 80 }),
);
const extensionsText = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: hash.map((h) => JSON.stringify({ persistedQuery: { version: 1, sha256Hash: h } })) },
  { weight: 1, arbitrary: fc.tuple(oddValue, oddValue).map(([version, h]) => JSON.stringify({ persistedQuery: { version, sha256Hash: h } })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 50_000 }).map((d) => `{"persistedQuery":{"version":1,"sha256Hash":"x"},"deep":${deep(d, 'object')}}`) },
);

interface FuzzRequest {
  method: 'GET' | 'POST';
  probe: number;
  /** What `query` carries: the probe's text, nothing (hash only), or something else. */
  query: 'text' | 'none' | { other: string };
  operationName: unknown;
  variables: string;
  extensions: string | undefined;
  headers: Record<string, string>;
  /** Replaces the body with raw bytes (invalid JSON, invalid UTF-8). */
  raw: Buffer | undefined;
}

const tokenKind = fc.constantFrom('none', 'none', 'region', 'bi', 'partner', 'region', 'forged', 'garbage');
const fuzzRequest = (tokens: Record<string, string>): fc.Arbitrary<FuzzRequest> =>
  fc.record({
    method: fc.constantFrom('POST', 'POST', 'POST', 'GET') as fc.Arbitrary<'GET' | 'POST'>,
    probe: fc.integer({ min: 0, max: probes.length - 1 }),
    query: fc.oneof(
      { weight: 5, arbitrary: fc.constant('text' as const) },
      { weight: 4, arbitrary: fc.constant('none' as const) },
      { weight: 2, arbitrary: fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constant('{ '.repeat(5000))).map((other) => ({ other })) },
    ),
    operationName: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: fc.constant('Probe') }, { weight: 1, arbitrary: oddValue }),
    variables: variablesText,
    extensions: extensionsText,
    headers: fc.record(
      {
        'content-type': fc.oneof(
          { weight: 6, arbitrary: fc.constant('application/json') },
          { weight: 1, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'application/json; charset=latin1', 'text/plain', 'application/graphql-response+json', 'garbage/?', '') },
        ),
        accept: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('application/json', 'application/graphql-response+json', '*/*') }, { weight: 1, arbitrary: fc.constantFrom('text/html', ';;;') }),
        authorization: tokenKind.map((kind) => (kind === 'none' ? '' : kind === 'garbage' ? 'Bearer \u00ff' : `Bearer ${tokens[kind]}`)),
        'apollo-require-preflight': fc.constantFrom('true', 'true', ''),
        'x-odd': fc.string({ maxLength: 200 }).map((s) => s.replace(/[^\t\x20-\x7e]/g, '?')),
      },
      { requiredKeys: ['content-type'] },
    ),
    raw: fc.oneof(
      { weight: 12, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)) },
      { weight: 1, arbitrary: fc.constant(INVALID_UTF8) },
    ),
  });

let federation: Federation;
beforeAll(async () => {
  // The gateway serves the page from dashboard/dist; without it, its URL answers 503 by design.
  await ensureDashboard();
  federation = await startFederation({ databases: 'test', demo: false });
}, 600_000);
afterAll(async () => federation?.stop(), 120_000);

/** Sends one generated request; returns the answer and what it may contain. */
async function send(url: string, request: FuzzRequest) {
  const probe = probes[request.probe];
  const query = request.raw === INVALID_UTF8 ? '{ __typename }' : request.query === 'text' ? probe.text : request.query === 'none' ? undefined : request.query.other;
  const headers = Object.fromEntries(Object.entries(request.headers).filter(([, v]) => v !== ''));
  let target = url;
  let body: string | Buffer | undefined;
  if (request.method === 'GET') {
    const params = new URLSearchParams();
    if (query !== undefined) params.set('query', query);
    if (typeof request.operationName === 'string') params.set('operationName', request.operationName);
    params.set('variables', request.variables);
    if (request.extensions) params.set('extensions', request.extensions);
    // Past a URL size any server refuses (431/414 answers are fine, but Node's client refuses to send).
    target = `${url}?${params}`.slice(0, 60_000);
  } else {
    body = request.raw ?? `{${[query === undefined ? '' : `"query":${JSON.stringify(query)}`, request.operationName === undefined ? '' : `"operationName":${JSON.stringify(request.operationName)}`, `"variables":${request.variables}`, request.extensions ? `"extensions":${request.extensions}` : ''].filter(Boolean).join(',')}}`;
  }
  let variables: Record<string, unknown> = {};
  try {
    variables = (JSON.parse(request.variables) as Record<string, unknown>) ?? {};
  } catch {
    // not an object: no variable to check against
  }
  const response = await fetch(target, { method: request.method, headers, body: typeof body === 'string' ? body : body && new Uint8Array(body) });
  return { status: response.status, text: await response.text(), probe, variables, query, hashOnly: query === undefined };
}

describe('fuzzing the gateway', () => {
  it('answers thousands of generated requests with no 5xx and never with another request\'s data', { timeout: 1_800_000 }, async () => {
    const url = federation.gateway.url;
    const tokens = {
      region: await federation.token({ role: 'region', purpose: 'reporting' }),
      bi: await federation.token({ role: 'bi', purpose: 'reporting' }),
      partner: await federation.token({ role: 'partner', partnerId: 'ial-er', purpose: 'case-coordination' }),
      forged: `${(await federation.token({ role: 'region' })).slice(0, -4)}AAAA`,
    };
    // Every probe's text registered once (automatic persisted queries), so hash-only probes run.
    for (const probe of probes) {
      await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: probe.text, variables: { code: '037006' }, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(probe.text) } } }) });
    }
    const batches = fc.sample(fc.array(fuzzRequest(tokens), { minLength: CONCURRENCY, maxLength: CONCURRENCY }), { numRuns: BATCHES, seed: SEED });
    const tally = { requests: 0, byStatus: new Map<number, number>(), withData: 0, fiveXX: [] as string[], mismatches: [] as string[], clientErrors: 0 };
    for (const batch of batches) {
      const answers = await Promise.all(batch.map((request) => send(url, request).catch((error: Error) => ({ error, request }))));
      for (const [i, answer] of answers.entries()) {
        tally.requests += 1;
        if ('error' in answer) {
          tally.clientErrors += 1; // the client itself refused to send it (e.g. a header value)
          continue;
        }
        tally.byStatus.set(answer.status, (tally.byStatus.get(answer.status) ?? 0) + 1);
        const summary = () => `${batch[i].method} ${answer.hashOnly ? 'hash-only' : 'text'} variables ${batch[i].variables.slice(0, 60)}… → ${answer.status} ${answer.text.slice(0, 200)}`;
        if (answer.status >= 500) tally.fiveXX.push(summary());
        let data: unknown;
        try {
          data = (JSON.parse(answer.text) as { data?: unknown }).data;
        } catch {
          continue;
        }
        if (!data || typeof data !== 'object') continue;
        tally.withData += 1;
        // Data answers only the probe sent (as text, or by a hash that names a probe's text).
        const sentHash = /"sha256Hash":"([0-9a-f]{64})"/.exec(batch[i].extensions ?? '')?.[1];
        const expected = answer.query === undefined ? probes.find((p) => sha256(p.text) === sentHash) : probes.find((p) => p.text === answer.query);
        const keys = Object.keys(data);
        const ok = expected !== undefined && keys.every((k) => expected.keys.includes(k)) && expected.check(data as Record<string, unknown>, answer.variables);
        if (!ok) tally.mismatches.push(summary());
      }
    }
    const statuses = [...tally.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ');
    console.log(
      `[fuzz] seed ${SEED}: ${tally.requests} requests (${tally.clientErrors} not sendable by the client), statuses ${statuses}; ` +
        `${tally.withData} answers with data checked; ${tally.fiveXX.length} 5xx; ${tally.mismatches.length} mismatches`,
    );
    // Distinct causes first (the error message without the request's own values), then examples.
    const causes = new Map<string, number>();
    for (const line of tally.fiveXX) {
      const cause = (/"message":"((?:[^"\\]|\\.)*)"/.exec(line)?.[1] ?? line.slice(-80)).replace(/\\"[^"]*\\"/g, '"…"');
      causes.set(cause, (causes.get(cause) ?? 0) + 1);
    }
    for (const [cause, n] of causes) console.log(`  5xx cause (${n}×): ${cause}`);
    for (const line of [...new Set(tally.fiveXX)].slice(0, 5)) console.log(`  5xx: ${line}`);
    for (const line of [...new Set(tally.mismatches)].slice(0, 8)) console.log(`  mismatch: ${line}`);
    expect(tally.requests).toBe(BATCHES * CONCURRENCY);
    expect(tally.withData).toBeGreaterThan(tally.requests / 10); // the oracle had something to check
    expect(tally.fiveXX).toEqual([]);
    expect(tally.mismatches).toEqual([]);
  });
});
