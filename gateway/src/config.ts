// Gateway settings from the environment, with the embedded default's values.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { envPort, internalSecret, REPOSITORY_ROOT } from '@pleiadi/kit';
import { authConfigFromEnvironment, type AuthConfig } from './auth/caller.ts';
import { introspectionAllowed } from './admission/introspection.ts';
import { limitsFromEnvironment, type RequestLimits } from './admission/limits.ts';
import { buildContracts } from './contracts/contracts.ts';
import { DEFAULT_OPERATIONS_DIR, operationsModeFromEnvironment, type OperationsMode } from './admission/safelist.ts';
import { responseCacheTtlFromEnvironment } from './cache/response-cache.ts';
import type { SubgraphFetchOptions } from './subgraphs/data-source.ts';
import { supergraphSourceFromEnvironment, type SupergraphSource } from './supergraph/source.ts';

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
  operationsMode?: OperationsMode;
  /** Where registered (persisted) operations live. */
  operationsDir?: string;
  /** The subgraph fetch optimisations (all on unless turned off here; see subgraph-data-source.ts). */
  subgraphFetch?: SubgraphFetchOptions;
  /** Seconds a cacheable response is reused (0: no response cache); see response-cache.ts. */
  responseCacheTtlSeconds?: number;
  /** Hot reload: the watched file or polled URL the supergraph comes from (static when absent). */
  supergraphSource?: SupergraphSource;
}

export const DEFAULT_SUPERGRAPH_PATH = path.join(REPOSITORY_ROOT, 'schema', 'supergraph.graphql');

/** `<NAME>_SUBGRAPH_URL` for each subgraph that has one set, e.g. ANCI_SUBGRAPH_URL. */
export function subgraphUrlsFromEnvironment(env = process.env): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    const match = /^([A-Z0-9_]+)_SUBGRAPH_URL$/.exec(key);
    if (match && value) urls[match[1].toLowerCase()] = value;
  }
  return urls;
}

export function configFromEnvironment(env = process.env): GatewayConfig {
  const supergraphPath = env.PLEIADI_SUPERGRAPH_PATH ?? DEFAULT_SUPERGRAPH_PATH;
  return {
    port: envPort('PORT', 4000),
    host: env.HOST,
    supergraphSdl: readFileSync(supergraphPath, 'utf8'),
    subgraphUrls: subgraphUrlsFromEnvironment(env),
    auth: authConfigFromEnvironment(env),
    internalSecret: internalSecret(env),
    limits: limitsFromEnvironment(env),
    introspection: introspectionAllowed(env),
    operationsMode: operationsModeFromEnvironment(env),
    operationsDir: env.PLEIADI_OPERATIONS_DIR ?? DEFAULT_OPERATIONS_DIR,
    responseCacheTtlSeconds: responseCacheTtlFromEnvironment(env),
    // A supergraph whose contracts cannot be built is refused like one that does not compose.
    supergraphSource: supergraphSourceFromEnvironment(env, supergraphPath, { validate: (sdl) => void buildContracts(sdl) }),
  };
}
