// Starts the whole federation in this process, each subgraph on its own database and a free
// port, then the gateway: for end-to-end tests and benchmarks.
import { readFileSync } from 'node:fs';
import { startGateway, type RunningGateway } from '@pleiadi/gateway';
import { startSubgraph, storesOf, type Database, type DatabaseOptions, type StartedSubgraph, type SubgraphDefinition } from '@pleiadi/kit';
import { createTestDatabase, type TestDatabase } from '@pleiadi/kit/testing';
import { readRegistry, SUPERGRAPH_PATH } from './registry.ts';

export interface Federation {
  gateway: RunningGateway;
  subgraphs: Record<string, StartedSubgraph<unknown>>;
  /** Every database of every subgraph, by store name (a subgraph's own name, or e.g. ats_romagna). */
  databases: Record<string, Database<unknown>>;
  /** POSTs an operation to the gateway and returns the parsed response. */
  query(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse>;
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
}

export async function startFederation(options: FederationOptions): Promise<Federation> {
  const subgraphs: Record<string, StartedSubgraph<unknown>> = {};
  const owned: TestDatabase<unknown>[] = [];
  try {
    for (const entry of readRegistry()) {
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
      subgraphs[entry.name] = await startSubgraph(definition, { databases, demo: options.demo, port: 0 });
    }
    const gateway = await startGateway({
      port: 0,
      supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
      subgraphUrls: Object.fromEntries(Object.entries(subgraphs).map(([name, s]) => [name, s.url])),
    });
    return {
      gateway,
      subgraphs,
      databases: Object.assign({}, ...Object.values(subgraphs).map((s) => s.databases)),
      query: async (query, variables, headers = {}) => {
        const response = await fetch(gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query, variables }),
        });
        return (await response.json()) as GraphQLResponse;
      },
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
