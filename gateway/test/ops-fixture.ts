// For the production tests: a small subgraph in this process (a slow field, a counted one, a
// mutation), its supergraph in a temporary file, and gateways in processes of their own
// (`src/main.ts`, as deployed), each started from the environment and stopped by its pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';

const GATEWAY_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const counts = { counted: 0, paced: 0 };
let stamp = 0;
const schemaText = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  enum CacheControlScope { PUBLIC PRIVATE }
  directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION
  type Query {
    counted(tag: String): Int @cacheControl(maxAge: 60)
    slow(ms: Int!): Int
    paced(ms: Int!): Int @cacheControl(maxAge: 60)
    stamp: Int @cacheControl(maxAge: 60)
  }
  type Mutation { bump: Int }
`;
// The subgraph serves `version` from the start; the first supergraph does not route it yet.
const typeDefs = parse(schemaText.replace('type Mutation', 'extend type Query { version: Int }\n  type Mutation'));
const firstTypeDefs = parse(schemaText);
const resolvers = {
  Query: {
    counted: () => ++counts.counted,
    slow: async (_: unknown, { ms }: { ms: number }) => new Promise((resolve) => setTimeout(() => resolve(ms), ms)),
    paced: async (_: unknown, { ms }: { ms: number }) => new Promise((resolve) => setTimeout(() => resolve(++counts.paced), ms)),
    stamp: () => stamp,
    version: () => 2,
  },
  Mutation: { bump: () => ++stamp },
};

export interface TestSubgraph {
  supergraphPath: string;
  /** The first supergraph (written at supergraphPath) and a second that also routes `version`. */
  supergraphs: [string, string];
  stop(): Promise<void>;
}

export async function startTestSubgraph(): Promise<TestSubgraph> {
  const server = new ApolloServer({ schema: buildSubgraphSchema({ typeDefs, resolvers }), stopOnTerminationSignals: false });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  const [first, second] = [firstTypeDefs, typeDefs].map((defs) => {
    const composed = composeServices([{ name: 'things', url, typeDefs: defs }]);
    if (composed.errors) throw composed.errors[0];
    return composed.supergraphSdl;
  });
  const supergraphPath = path.join(mkdtempSync(path.join(tmpdir(), 'pleiadi-ops-')), 'supergraph.graphql');
  writeFileSync(supergraphPath, first);
  return { supergraphPath, supergraphs: [first, second], stop: () => server.stop() };
}

export interface GatewayProcess {
  child: ChildProcess;
  url: string;
  /** Every log line so far, parsed. */
  logs: Record<string, unknown>[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

/** `src/main.ts` in its own process on a free port, with `env` added; resolves once it serves. */
export async function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: GATEWAY_DIR,
    env: { ...process.env, PORT: '0', NODE_ENV: 'production', PLEIADI_LOG_FORMAT: 'json', PLEIADI_LOG: 'info', PLEIADI_CONTRACTS: 'off', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  const logs: Record<string, unknown>[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the gateway did not start within 60 s')), 60_000);
    void exited.then(({ code }) => reject(new Error(`the gateway exited (${code}) before serving: ${JSON.stringify(logs)}`)));
    createInterface({ input: child.stderr! }).on('line', (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      logs.push(entry);
      const serving = /^serving (\S+)/.exec(String(entry.msg ?? ''));
      if (serving) {
        clearTimeout(timer);
        resolve(serving[1]);
      }
    });
  });
  return {
    child,
    url,
    logs,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] } }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as never };
}
