// Hot reload of the supergraph, end to end: a real ApolloGateway + ApolloServer behind the kit's
// HTTP front, fed by createSupergraphSource, over a local stub subgraph. Supergraphs are composed
// here: v1 has Query.hello, v2 adds Query.world.
import { createHash } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { serveHttp } from '@pleiadi/kit';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSupergraphSource, supergraphSourceFromEnvironment, type SupergraphSource, type SupergraphStatus } from '../src/supergraph/source.ts';

// fs.watch can be made to fail, to prove the stat-polling fallback on its own.
const fsControl = vi.hoisted(() => ({ watchFails: false }));
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return {
    ...actual,
    watch: ((...args: Parameters<typeof actual.watch>) => {
      if (fsControl.watchFails) throw Object.assign(new Error('watch not supported here'), { code: 'ENOSYS' });
      return actual.watch(...args);
    }) as typeof actual.watch,
  };
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

async function until(what: string, predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};
const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

/** Answers each root field it is asked with the field's own name; `delayMs` holds every answer. */
async function startStubSubgraph() {
  const stub = { url: '', requests: 0, delayMs: 0, close: async () => {} };
  const server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      stub.requests += 1;
      const operation = parse((JSON.parse(raw) as { query: string }).query).definitions.find(
        (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
      );
      const data: Record<string, string> = {};
      for (const selection of operation?.selectionSet.selections ?? []) {
        if (selection.kind === Kind.FIELD) data[selection.alias?.value ?? selection.name.value] = selection.name.value === '__typename' ? 'Query' : selection.name.value;
      }
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ data }));
      }, stub.delayMs);
    });
  });
  stub.url = `http://127.0.0.1:${await listen(server)}/graphql`;
  stub.close = () => closeServer(server);
  return stub;
}

function supergraphOf(typeDefs: string, url: string): string {
  const result = composeServices([
    {
      name: 'hello',
      url,
      typeDefs: parse(`extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@inaccessible"]) ${typeDefs}`),
    },
  ]);
  if (result.errors) throw result.errors[0];
  return result.supergraphSdl;
}

interface TestGateway {
  url: string;
  /** What the gateway's /health would add: the source's status, as served over HTTP. */
  health(): Promise<{ ok: boolean; supergraph: SupergraphStatus }>;
  /** Holds the next requests after validation and before planning, until released. */
  holdBeforePlanning(): () => void;
  stop(): Promise<void>;
}

/** Built as gateway.ts builds it (ApolloGateway + ApolloServer + kit serveHttp), fed by `source`. */
async function startTestGateway(source: SupergraphSource): Promise<TestGateway> {
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const gateway = new ApolloGateway({ supergraphSdl: source.hook, logger: quiet });
  let hold: Promise<void> | undefined;
  const apollo = new ApolloServer({
    gateway,
    logger: quiet,
    includeStacktraceInErrorResponses: false,
    plugins: [
      {
        // Like gateway.ts's vouchForCaller, which signs a token here: an asynchronous step
        // between validation (on the schema of the request's start) and planning.
        async requestDidStart() {
          return {
            async didResolveOperation() {
              await new Promise((resolve) => setImmediate(resolve));
              if (hold) await hold;
            },
          };
        },
      },
    ],
  });
  await apollo.start();
  const http = await serveHttp({ apollo, context: async () => ({}), health: async () => ({ ok: true, supergraph: source.status() }) });
  return {
    url: http.url,
    health: async () => (await fetch(new URL('/health', http.url))).json() as Promise<{ ok: boolean; supergraph: SupergraphStatus }>,
    holdBeforePlanning: () => {
      let release!: () => void;
      hold = new Promise<void>((resolve) => (release = resolve));
      return () => {
        hold = undefined;
        release();
      };
    },
    stop: async () => {
      await http.close();
      await apollo.stop();
    },
  };
}

interface Answer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function post(url: string, query: string): Promise<Answer> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const codes = (answer: Answer) => (answer.body.errors ?? []).map((e) => e.extensions?.code);

let stub: Awaited<ReturnType<typeof startStubSubgraph>>;
let v1: string;
let v2: string;
let dir: string;
beforeAll(async () => {
  stub = await startStubSubgraph();
  v1 = supergraphOf('type Query { hello: String }', stub.url);
  v2 = supergraphOf('type Query { hello: String world: String }', stub.url);
  dir = mkdtempSync(path.join(os.tmpdir(), 'pleiadi-supergraph-'));
});
afterAll(async () => {
  await stub.close();
  rmSync(dir, { recursive: true, force: true });
});

// What a deployment does to a file: rewrite it in place, or write aside and rename over it.
const writeInPlace = (file: string, sdl: string) => writeFileSync(file, sdl);
const writeAtomically = (file: string, sdl: string) => {
  writeFileSync(`${file}.tmp`, sdl);
  renameSync(`${file}.tmp`, file);
};

let fileCount = 0;
function supergraphFile(sdl: string): string {
  const file = path.join(dir, `supergraph-${++fileCount}.graphql`);
  writeFileSync(file, sdl);
  return file;
}

describe('a watched supergraph file', () => {
  let source: SupergraphSource | undefined;
  let gateway: TestGateway | undefined;
  afterEach(async () => {
    await gateway?.stop();
    source?.stop();
    gateway = source = undefined;
    fsControl.watchFails = false;
  });

  it('swaps v1→v2→v1→v2 under continuous load with zero failed requests', async () => {
    const file = supergraphFile(v1);
    // A poll this slow cannot be what sees the changes: fs.watch does.
    source = createSupergraphSource({ file, pollMs: 60_000 });
    gateway = await startTestGateway(source);
    const url = gateway.url;

    const load = { stop: false, total: 0, failures: 0, samples: [] as string[] };
    const observed = { withWorld: 0, refusedWorld: 0, other: 0, samples: [] as string[] };
    const client = async () => {
      while (!load.stop) {
        try {
          const answer = await post(url, '{ hello }');
          load.total += 1;
          if (answer.status !== 200 || answer.body.errors || answer.body.data?.hello !== 'hello') {
            load.failures += 1;
            load.samples.push(JSON.stringify(answer));
          }
        } catch (error) {
          load.total += 1;
          load.failures += 1;
          load.samples.push(String(error));
        }
      }
    };
    // Asks the field that comes and goes: answered under v2, refused (400) under v1, and
    // anything else is a request caught by a swap between validation and planning.
    const observer = async () => {
      while (!load.stop) {
        const answer = await post(url, '{ hello world }');
        if (answer.status === 200 && answer.body.data?.world === 'world') observed.withWorld += 1;
        else if (answer.status === 400 && codes(answer).includes('GRAPHQL_VALIDATION_FAILED')) observed.refusedWorld += 1;
        else {
          observed.other += 1;
          observed.samples.push(`${answer.status} ${JSON.stringify(answer.body.errors?.[0])}`);
        }
      }
    };

    const started = Date.now();
    const running = [client(), client(), client(), client(), observer()];
    const latencies: number[] = [];
    const sequence = [v2, v1, v2, v1, v2];
    for (const [i, sdl] of sequence.entries()) {
      await sleep(300);
      const written = Date.now();
      (i % 2 ? writeAtomically : writeInPlace)(file, sdl);
      await until(`swap ${i + 1}`, () => source!.status().hash === sha256(sdl));
      latencies.push(Date.now() - written);
    }
    await sleep(Math.max(300, 3_000 - (Date.now() - started)));
    load.stop = true;
    await Promise.all(running);
    const seconds = (Date.now() - started) / 1000;

    const swaps = source.status().updates;
    console.log(
      `[hot reload under load] ${seconds.toFixed(1)} s, 4 clients: ${load.total} requests, ${load.failures} failed; ` +
        `${swaps} swaps (file written ${sequence.length} times, in place and by rename), swap latency ${latencies.join('/')} ms; ` +
        `observer asking the changing field: ${observed.withWorld} answered (v2), ${observed.refusedWorld} refused (v1), ${observed.other} caught mid-swap`,
    );
    if (observed.samples.length) console.log(`[hot reload under load] caught mid-swap: ${[...new Set(observed.samples)].join(' | ')}`);
    expect(load.samples).toEqual([]);
    expect(load.failures).toBe(0);
    expect(load.total).toBeGreaterThan(50);
    expect(swaps).toBe(sequence.length);
    expect(observed.withWorld).toBeGreaterThan(0);
    expect(observed.refusedWorld).toBeGreaterThan(0);

    const after = await post(url, '{ hello world }');
    expect(after).toEqual({ status: 200, body: { data: { hello: 'hello', world: 'world' } } });
    const health = await gateway.health();
    expect(health.supergraph).toMatchObject({ source: pathToFileURL(file).href, hash: sha256(v2), updates: sequence.length });
    expect(health.supergraph.lastError).toBeUndefined();
  });

  it('keeps the last good supergraph serving when a broken one is written, says why, and recovers', async () => {
    const file = supergraphFile(v1);
    source = createSupergraphSource({ file, pollMs: 60_000 });
    gateway = await startTestGateway(source);
    const s = source;
    const expectServingV1 = async () => {
      expect(await post(gateway!.url, '{ hello }')).toEqual({ status: 200, body: { data: { hello: 'hello' } } });
      expect(s.status()).toMatchObject({ hash: sha256(v1), updates: 0 });
    };
    const refusedWith = async (broken: string, reason: RegExp) => {
      writeInPlace(file, broken);
      await until('the refusal', () => s.status().lastError?.hash === sha256(broken));
      expect(s.status().lastError?.message).toMatch(reason);
      await expectServingV1();
    };

    await refusedWith('this is not a supergraph {', /^invalid supergraph: Syntax Error/);
    // v2 with a typo: its new field must not appear.
    await refusedWith(v2.replace('world: String', 'world: Strin'), /Unknown type "?Strin"?/);
    expect(codes(await post(gateway.url, '{ world }'))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    // Builds as a supergraph but has no API schema: the case Apollo's update() would half-apply.
    const noApiSchema = supergraphOf('type Query { hello: String @inaccessible other: String }', stub.url).replace(/\n\s*other: String[^\n]*/, '');
    await refusedWith(noApiSchema, /failed to produce a valid API schema.*all of its fields are @inaccessible\. \(line \d+, column \d+\)/);

    const health = await gateway.health();
    expect(health.ok).toBe(true);
    expect(health.supergraph.lastError).toEqual({ at: expect.any(String), message: expect.stringMatching(/API schema/), hash: sha256(noApiSchema) });

    unlinkSync(file);
    await until('the missing file to be noticed', () => /ENOENT/.test(s.status().lastError?.message ?? ''));
    expect(s.status().lastError).toEqual({ at: expect.any(String), message: expect.stringMatching(/^cannot read the supergraph: ENOENT/) });
    await expectServingV1();

    // Back to the content already serving: the error clears, nothing is swapped.
    writeAtomically(file, v1);
    await until('the error to clear', () => s.status().lastError === undefined);
    await expectServingV1();

    writeAtomically(file, 'garbage');
    await until('the refusal', () => s.status().lastError?.hash === sha256('garbage'));
    writeAtomically(file, v2);
    await until('v2', () => s.status().hash === sha256(v2));
    expect(s.status().lastError).toBeUndefined();
    expect(s.status().updates).toBe(1);
    expect(await post(gateway.url, '{ world }')).toEqual({ status: 200, body: { data: { world: 'world' } } });
  });

  it('refuses a supergraph that fails the extra checks it is given (such as building the API contracts)', async () => {
    const file = supergraphFile(v1);
    const validate = (sdl: string) => {
      if (sdl.includes('world')) throw new Error('contracts: Query.world has no audience tag');
    };
    source = createSupergraphSource({ file, pollMs: 60_000, validate });
    gateway = await startTestGateway(source);
    writeAtomically(file, v2);
    await until('the refusal', () => source!.status().lastError?.hash === sha256(v2));
    expect(source.status()).toMatchObject({ hash: sha256(v1), lastError: { message: 'invalid supergraph: contracts: Query.world has no audience tag' } });
    expect(codes(await post(gateway.url, '{ world }'))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    await gateway.stop();
    gateway = undefined;
    // At start there is nothing to keep serving: the start fails.
    await expect(startTestGateway(createSupergraphSource({ file, validate }))).rejects.toThrow(/is refused: contracts: Query\.world/);
  });

  it('falls back to polling the file\'s mtime where fs.watch does not work', async () => {
    fsControl.watchFails = true;
    const file = supergraphFile(v1);
    source = createSupergraphSource({ file, pollMs: 100 });
    gateway = await startTestGateway(source);
    writeInPlace(file, v2);
    await until('v2 by polling', () => source!.status().hash === sha256(v2));
    expect(await post(gateway.url, '{ world }')).toEqual({ status: 200, body: { data: { world: 'world' } } });
  });

  it('fails the start when the file cannot be read: there is no last good supergraph yet', async () => {
    source = createSupergraphSource({ file: path.join(dir, 'missing.graphql') });
    await expect(startTestGateway(source)).rejects.toThrow(/cannot read the supergraph from file:.*missing\.graphql: ENOENT/);
  });
});

describe('a polled supergraph URL', () => {
  it('picks up a new version, answers 304s with ETags, and survives the URL being down or serving garbage', async () => {
    const served = { sdl: v1, mode: 'ok' as 'ok' | 'unavailable' | 'reset', full: 0, notModified: 0, authorization: new Set<string | undefined>() };
    const server = createServer((request, response) => {
      served.authorization.add(request.headers.authorization);
      if (served.mode === 'reset') return void request.socket.destroy();
      if (served.mode === 'unavailable') {
        response.writeHead(503).end('down for maintenance');
        return;
      }
      const etag = `"${sha256(served.sdl)}"`;
      if (request.headers['if-none-match'] === etag) {
        served.notModified += 1;
        response.writeHead(304, { etag }).end();
        return;
      }
      served.full += 1;
      response.writeHead(200, { 'content-type': 'text/plain', etag }).end(served.sdl);
    });
    const port = await listen(server);
    const source = createSupergraphSource({ url: `http://user:secret@127.0.0.1:${port}/supergraph.graphql?token=x`, pollMs: 50 });
    const gateway = await startTestGateway(source);
    try {
      // Credentials in the URL go as Basic authentication, and never into the status.
      expect(source.status().source).toBe(`http://127.0.0.1:${port}/supergraph.graphql`);
      expect([...served.authorization]).toEqual([`Basic ${Buffer.from('user:secret').toString('base64')}`]);
      await until('a few polls', () => served.notModified >= 3);
      expect(served.full).toBe(1);

      served.sdl = v2;
      await until('v2', () => source.status().hash === sha256(v2));
      expect(await post(gateway.url, '{ world }')).toEqual({ status: 200, body: { data: { world: 'world' } } });

      served.sdl = '<html>Bad gateway</html>';
      await until('the refusal', () => source.status().lastError?.hash === sha256(served.sdl));
      const refusal = source.status().lastError;
      expect(refusal?.message).toMatch(/^invalid supergraph: Syntax Error/);
      const full = served.full;
      await sleep(300);
      expect(served.full).toBe(full); // the refused version is not downloaded again: 304s
      expect(await post(gateway.url, '{ world }')).toEqual({ status: 200, body: { data: { world: 'world' } } });
      expect((await gateway.health()).supergraph).toMatchObject({ hash: sha256(v2), updates: 1, lastError: refusal });

      served.mode = 'unavailable';
      await until('the 503', () => /HTTP 503/.test(source.status().lastError?.message ?? ''));
      expect(source.status().lastError).toEqual({ at: expect.any(String), message: 'cannot read the supergraph: HTTP 503 Service Unavailable' });
      served.mode = 'reset';
      await until('the reset', () => /fetch failed/.test(source.status().lastError?.message ?? ''));
      expect(await post(gateway.url, '{ world }')).toEqual({ status: 200, body: { data: { world: 'world' } } });
      // Back up, still serving the refused version (304): that refusal is the error again.
      served.mode = 'ok';
      await until('the refusal again', () => source.status().lastError?.hash === sha256(served.sdl));
      expect(source.status().lastError).toEqual(refusal);
      expect(served.full).toBe(full);

      served.sdl = v1;
      await until('v1', () => source.status().hash === sha256(v1));
      expect(source.status().lastError).toBeUndefined();
      expect(codes(await post(gateway.url, '{ world }'))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    } finally {
      await gateway.stop();
      await closeServer(server);
    }
    // The gateway's stop ran the hook's cleanup: no more polling.
    const requests = served.full + served.notModified;
    await sleep(200);
    expect(served.full + served.notModified).toBe(requests);
  });
});

describe('Apollo\'s swap semantics, which the reload relies on', () => {
  it('update() throws on a supergraph without an API schema after taking it as current (why the source checks first)', async () => {
    process.env.APOLLO_TELEMETRY_DISABLED = 'true';
    let update!: (sdl: string) => void;
    const gateway = new ApolloGateway({ logger: quiet, supergraphSdl: async (options) => ((update = options.update), { supergraphSdl: v1 }) });
    await gateway.load();
    const noApiSchema = supergraphOf('type Query { hello: String @inaccessible other: String }', stub.url).replace(/\n\s*other: String[^\n]*/, '');
    expect(() => update(noApiSchema)).toThrow(/API schema/);
    // The schema served is still v1's, but the gateway now believes it serves the broken one
    // (and would ignore the same SDL given again).
    expect(gateway.__testing().compositionId).toBe(sha256(noApiSchema));
    expect(Object.keys(gateway.schema!.getQueryType()!.getFields())).toEqual(['hello']);
    expect(() => update(noApiSchema)).not.toThrow();
    await gateway.stop();
  });

  it('a request already planned finishes on the old schema; one swapped between validation and planning fails if its field is gone', async () => {
    const file = supergraphFile(v2);
    const source = createSupergraphSource({ file, pollMs: 60_000 });
    const gateway = await startTestGateway(source);
    try {
      // In a subgraph fetch (planned on v2) while v1 comes in: answered on v2.
      stub.delayMs = 300;
      const before = stub.requests;
      const planned = post(gateway.url, '{ world }');
      await until('the subgraph fetch', () => stub.requests > before);
      writeAtomically(file, v1);
      await source.reload();
      expect(source.status().hash).toBe(sha256(v1));
      expect(await planned).toEqual({ status: 200, body: { data: { world: 'world' } } });
      stub.delayMs = 0;

      // Validated on v2, held before planning while v1 comes in: the gateway plans on v1.
      writeAtomically(file, v2);
      await source.reload();
      const release = gateway.holdBeforePlanning();
      const held = post(gateway.url, '{ world }');
      await sleep(100);
      writeAtomically(file, v1);
      await source.reload();
      release();
      const answer = await held;
      expect(answer.status).toBe(500);
      expect(answer.body.errors?.[0]).toMatchObject({ message: 'Cannot query field "world" on type "Query".', extensions: { code: 'INVALID_GRAPHQL' } });
    } finally {
      stub.delayMs = 0;
      await gateway.stop();
    }
  });
});

describe('configuration from the environment', () => {
  it('watches PLEIADI_SUPERGRAPH_PATH, or the default file, or polls PLEIADI_SUPERGRAPH_URL', () => {
    const fallback = path.join(dir, 'default.graphql');
    expect(supergraphSourceFromEnvironment({}, fallback).status()).toEqual({ source: pathToFileURL(fallback).href, hash: null, loadedAt: null, checkedAt: null, updates: 0 });
    expect(supergraphSourceFromEnvironment({ PLEIADI_SUPERGRAPH_PATH: '/srv/supergraph.graphql' }, fallback).status().source).toBe('file:///srv/supergraph.graphql');
    expect(supergraphSourceFromEnvironment({ PLEIADI_SUPERGRAPH_URL: 'https://registry.example/graphs/pleiadi?key=s3cret', PLEIADI_SUPERGRAPH_POLL_MS: '30000' }, fallback).status().source).toBe(
      'https://registry.example/graphs/pleiadi',
    );
  });

  it('refuses both sources at once, a URL that is not http(s), and a poll interval out of range', () => {
    const fallback = path.join(dir, 'default.graphql');
    expect(() => supergraphSourceFromEnvironment({ PLEIADI_SUPERGRAPH_URL: 'https://x.example/s', PLEIADI_SUPERGRAPH_PATH: '/s.graphql' }, fallback)).toThrow(/not both/);
    expect(() => supergraphSourceFromEnvironment({ PLEIADI_SUPERGRAPH_URL: 'ftp://user:pw@x.example/s' }, fallback)).toThrow(/^PLEIADI_SUPERGRAPH_URL is not an http\(s\) URL\.$/);
    for (const poll of ['5', '10s', '-1', '1e4']) {
      expect(() => supergraphSourceFromEnvironment({ PLEIADI_SUPERGRAPH_POLL_MS: poll }, fallback)).toThrow(/PLEIADI_SUPERGRAPH_POLL_MS/);
    }
  });
});
