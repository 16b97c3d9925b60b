// Gateway settings from the environment, with the embedded default's values.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { envPort, internalSecret, portProblem, REPOSITORY_ROOT } from '@pleiadi/kit';
import { authConfigFromEnvironment, type AuthConfig } from './auth/caller.ts';
import { introspectionAllowed } from './admission/introspection.ts';
import { limitsFromEnvironment, type RequestLimits } from './admission/limits.ts';
import { contractsEnabledFromEnvironment, contractsStore, type ContractsStore } from './contracts/contracts.ts';
import { DEFAULT_OPERATIONS_DIR, operationsModeFromEnvironment, type OperationsMode } from './admission/safelist.ts';
import { responseCacheTtlFromEnvironment } from './cache/response-cache.ts';
import type { SubgraphFetchOptions } from './subgraphs/data-source.ts';
import { resilienceFromEnvironment, type ResilienceOptions } from './subgraphs/resilience.ts';
import { supergraphSourceFromEnvironment, type SupergraphSource } from './supergraph/source.ts';
import { productionFromEnvironment, type ProductionOptions } from './telemetry/setup.ts';
import type { WebOptions } from './web/route.ts';

export interface GatewayConfig {
  port: number;
  host?: string;
  /** The composed supergraph SDL. */
  supergraphSdl: string;
  /** Subgraph URL by subgraph name, overriding the URLs written in the supergraph. */
  subgraphUrls: Record<string, string>;
  /** How callers' tokens are verified. */
  auth: AuthConfig;
  /** Secret of the internal tokens the subgraphs accept. */
  internalSecret: string;
  limits?: RequestLimits;
  introspection?: boolean;
  /** API contracts per audience (default on; see contracts/); off: every caller is served the whole API schema. */
  contracts?: boolean;
  /** Where the contracts being served are kept; the supergraph check prepares them there, so they are built once per supergraph. */
  contractsStore?: ContractsStore;
  operationsMode?: OperationsMode;
  /** Where registered (persisted) operations live. */
  operationsDir?: string;
  /** The subgraph fetch optimisations (all on unless turned off here; see subgraph-data-source.ts). */
  subgraphFetch?: SubgraphFetchOptions;
  /** Seconds a cacheable response is reused (0: no response cache); see response-cache.ts. */
  responseCacheTtlSeconds?: number;
  /** Timeouts, retries and circuit breakers of subgraph fetches, for all and per subgraph name; see subgraphs/resilience.ts. */
  resilience?: { defaults?: Partial<ResilienceOptions>; bySubgraph?: Record<string, Partial<ResilienceOptions>> };
  /** Hot reload: the watched file or polled URL the supergraph comes from (static when absent). */
  supergraphSource?: SupergraphSource;
  /** Redis for replicas, rate limits, readiness, shutdown grace (telemetry/setup.ts; docs/operations.md). */
  production?: ProductionOptions;
  /** The web page and explorer (web/route.ts): where the built page is, and the embedded default's demo tokens. */
  web?: WebOptions;
}

export const DEFAULT_SUPERGRAPH_PATH = path.join(REPOSITORY_ROOT, 'schema', 'supergraph.graphql');

/**
 * `<NAME>_SUBGRAPH_URL` for each subgraph that has one set, e.g. ANCI_SUBGRAPH_URL. One the
 * gateway could never fetch (not http(s), or a port fetch refuses) fails the start, named.
 */
export function subgraphUrlsFromEnvironment(env = process.env): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    const match = /^([A-Z0-9_]+)_SUBGRAPH_URL$/.exec(key);
    if (!match || !value) continue;
    const url = URL.canParse(value) ? new URL(value) : undefined;
    if (!url || !/^https?:$/.test(url.protocol)) throw new Error(`${key} is not an http(s) URL.`);
    const problem = url.port ? portProblem(Number(url.port), key) : undefined;
    if (problem) throw new Error(problem);
    urls[match[1].toLowerCase()] = value;
  }
  return urls;
}

export function configFromEnvironment(env = process.env): GatewayConfig {
  const supergraphPath = env.PLEIADI_SUPERGRAPH_PATH ?? DEFAULT_SUPERGRAPH_PATH;
  const contracts = contractsEnabledFromEnvironment(env);
  const store = contractsStore();
  const subgraphUrls = subgraphUrlsFromEnvironment(env);
  const secret = internalSecret(env);
  return {
    port: envPort('PORT', 4000),
    host: env.HOST,
    supergraphSdl: readFileSync(supergraphPath, 'utf8'),
    subgraphUrls,
    auth: authConfigFromEnvironment(env),
    internalSecret: secret,
    limits: limitsFromEnvironment(env),
    introspection: introspectionAllowed(env),
    contracts,
    operationsMode: operationsModeFromEnvironment(env),
    operationsDir: env.PLEIADI_OPERATIONS_DIR ?? DEFAULT_OPERATIONS_DIR,
    responseCacheTtlSeconds: responseCacheTtlFromEnvironment(env),
    production: productionFromEnvironment(env),
    resilience: resilienceFromEnvironment(env),
    // A supergraph the contracts cannot read is refused like one that does not compose (a contract it
    // cannot build is only not offered), and so is one that routes to a running subgraph something it
    // does not have.
    contractsStore: store,
    supergraphSource: supergraphSourceFromEnvironment(env, supergraphPath, {
      validate: (sdl) => void (contracts && store.prepare(sdl)),
      subgraphCheck: { internalSecret: secret, subgraphUrls },
    }),
  };
}
