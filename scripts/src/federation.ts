// Starts the whole federation in this process, each subgraph on its own database and a free
// port, then the gateway: for end-to-end tests and benchmarks.
import { readFileSync } from 'node:fs';
import { authConfigFromEnvironment, mintToken, startGateway, type GatewayConfig, type RunningGateway, type TokenRequest } from '@pleiadi/gateway';
import { randomSecret, startSubgraph, storesOf, type Database, type DatabaseOptions, type StartedSubgraph, type SubgraphDefinition } from '@pleiadi/kit';
import { createTestDatabase, type TestDatabase } from '@pleiadi/kit/testing';
import { readRegistry, SUPERGRAPH_PATH } from './registry.ts';

export interface Federation {
  gateway: RunningGateway;
  subgraphs: Record<string, StartedSubgraph<unknown>>;
  /** Every database of every subgraph, by store name (a subgraph's own name, or e.g. ats_romagna). */
  databases: Record<string, Database<unknown>>;
  /** POSTs an operation to the gateway and returns the parsed response. */
  query(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse>;
  /** A caller's bearer token for this federation. */
  token(request: TokenRequest): Promise<string>;
  /** POSTs an operation as the caller of `request`. */
  queryAs(request: TokenRequest, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse>;
  /** The secrets of this run: the internal one (gateway↔subgraphs) and the callers' token secret. */
  secrets: { internal: string; jwt: string };
  stop(): Promise<void>;
}

export interface GraphQLResponse {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data?: Record<string, any> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface FederationOptions {
  /** Fresh test databases (dropped on stop), or connection strings per store name. */
  databases: 'test' | Record<string, string>;
  demo: boolean;
  /** Whether the gateway answers introspection (default off, as in production). */
  introspection?: boolean;
  /** The gateway's response cache TTL (default as in production; 0 off). */
  responseCacheTtlSeconds?: number;
  /** Subgraphs served elsewhere (another process), by name: their URL; they are not started here. */
  external?: Record<string, string>;
  /** The secrets to use (an external subgraph must share the internal one); fresh ones by default. */
  secrets?: { internal: string; jwt: string };
  /** More gateway settings, e.g. resilience. */
  gateway?: Partial<GatewayConfig>;
}

export async function startFederation(options: FederationOptions): Promise<Federation> {
  const subgraphs: Record<string, StartedSubgraph<unknown>> = {};
  const owned: TestDatabase<unknown>[] = [];
  const secrets = options.secrets ?? { internal: randomSecret(), jwt: randomSecret() };
  try {
    for (const entry of readRegistry()) {
      if (options.external?.[entry.name]) continue;
      const { definition } = (await import(entry.package)) as { definition: SubgraphDefinition<unknown> };
      const databases: Record<string, Database<unknown> | DatabaseOptions> = {};
      for (const store of storesOf(definition)) {
        if (options.databases === 'test') {
          const test = await createTestDatabase<unknown>(store);
          owned.push(test);
          databases[store] = test;
        } else {
          const url = options.databases[store];
          if (!url) throw new Error(`No connection string given for store ${store}`);
          databases[store] = { url };
        }
      }
      subgraphs[entry.name] = await startSubgraph(definition, { databases, demo: options.demo, port: 0, internalSecret: secrets.internal });
    }
    const gateway = await startGateway({
      auth: authConfigFromEnvironment({ PLEIADI_JWT_SECRET: secrets.jwt }),
      internalSecret: secrets.internal,
      port: 0,
      supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
      introspection: options.introspection,
      responseCacheTtlSeconds: options.responseCacheTtlSeconds,
      subgraphUrls: { ...Object.fromEntries(Object.entries(subgraphs).map(([name, s]) => [name, s.url])), ...options.external },
      ...options.gateway,
    });
    const query: Federation['query'] = async (text, variables, headers = {}) => {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: text, variables }),
      });
      return (await response.json()) as GraphQLResponse;
    };
    const token = (request: TokenRequest) => mintToken(request, secrets.jwt);
    return {
      gateway,
      secrets,
      token,
      queryAs: async (request, text, variables) => query(text, variables, { authorization: `Bearer ${await token(request)}` }),
      subgraphs,
      databases: Object.assign({}, ...Object.values(subgraphs).map((s) => s.databases)),
      query,
      stop: async () => {
        await gateway.stop();
        for (const s of Object.values(subgraphs)) await s.stop();
        for (const d of owned) await d.drop();
      },
    };
  } catch (error) {
    for (const s of Object.values(subgraphs)) await s.stop().catch(() => {});
    for (const d of owned) await d.drop().catch(() => {});
    throw error;
  }
}
