// The gateway: Apollo Gateway over the committed supergraph, served by Apollo Server.
import { createHash } from 'node:crypto';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { createLogger, serveHttp, signInternalToken, type RunningHttpServer } from '@pleiadi/kit';
import { initialContext, type GatewayContext } from './context.ts';
import { viewerOf } from './auth/caller.ts';
import type { GatewayConfig } from './config.ts';
import { contractsStore, createContractPlugin } from './contracts/contracts.ts';
import { createLimitsPlugin, DEFAULT_LIMITS } from './admission/limits.ts';
import { createSafelistPlugin, loadSafelist, persistedQueryOptions } from './admission/safelist.ts';
import { createPersonalDataPlugin, personalFieldsOf, taggedFieldsOf } from './policy/personal-data.ts';
import { createResponseCache, DEFAULT_RESPONSE_CACHE_TTL_SECONDS, UNCACHEABLE_TAGS } from './cache/response-cache.ts';
import { SubgraphDataSource } from './subgraphs/data-source.ts';

export interface RunningGateway extends RunningHttpServer {
  stop(): Promise<void>;
}

const log = createLogger('gateway');

/** Subgraph names and URLs as written in the supergraph's join__Graph enum. */
export function subgraphsOfSupergraph(supergraphSdl: string): Record<string, string> {
  const graphs: Record<string, string> = {};
  for (const match of supergraphSdl.matchAll(/@join__graph\(name:\s*"([^"]+)",\s*url:\s*"([^"]*)"\)/g)) {
    graphs[match[1]] = match[2];
  }
  return graphs;
}

/**
 * After the operation is resolved (and every refusal plugin has had its say), signs the internal
 * token the subgraphs will trust, naming the operation and its SHA-256 for their audit trails.
 */
function vouchForCaller(secret: string): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operationName, source }) {
          contextValue.viewer = {
            ...contextValue.viewer,
            operationName: operationName?.slice(0, 100) ?? undefined,
            operationHash: createHash('sha256').update(source).digest('hex'),
          };
          contextValue.internalToken = signInternalToken(contextValue.viewer, secret);
        },
      };
    },
  };
}

export async function startGateway(config: GatewayConfig): Promise<RunningGateway> {
  let urls = { ...subgraphsOfSupergraph(config.supergraphSdl), ...config.subgraphUrls };
  // @apollo/gateway otherwise reports usage metrics to Apollo and probes cloud metadata
  // endpoints at start: nothing about this graph's use leaves the deployment.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const gateway = new ApolloGateway({
    __exposeQueryPlanExperimental: false,
    // A watched file or polled URL when configured (hot reload), else the static text.
    supergraphSdl: config.supergraphSource?.hook ?? config.supergraphSdl,
    logger: { debug: () => {}, info: (m) => log.info(String(m)), warn: (m) => log.warn(String(m)), error: (m) => log.error(String(m)) },
    buildService: ({ name, url }) => new SubgraphDataSource(name, urls[name] ?? url ?? '', config.subgraphFetch),
  });
  // Hostile input is refused before planning: limits on size, depth, aliases, root fields and
  // cost; in safelist mode only registered operations run; personal fields only for partners.
  const safelist = loadSafelist(config.operationsDir);
  // Everything derived from the supergraph follows it when it is reloaded.
  const contracts = contractsStore();
  const personalFields = new Set<string>();
  const uncacheableFields = new Set<string>();
  const responseCache = createResponseCache(uncacheableFields, { ttlSeconds: config.responseCacheTtlSeconds ?? DEFAULT_RESPONSE_CACHE_TTL_SECONDS });
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
    personalFields.clear();
    for (const field of personalFieldsOf(coreSupergraphSdl)) personalFields.add(field);
    uncacheableFields.clear();
    for (const field of taggedFieldsOf(coreSupergraphSdl, UNCACHEABLE_TAGS)) uncacheableFields.add(field);
    responseCache.clear();
    urls = { ...subgraphsOfSupergraph(coreSupergraphSdl), ...config.subgraphUrls };
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    includeStacktraceInErrorResponses: false,
    introspection: config.introspection ?? false,
    persistedQueries: persistedQueryOptions(safelist, config.operationsMode ?? 'off'),
    plugins: [
      createLimitsPlugin(config.limits ?? DEFAULT_LIMITS),
      createSafelistPlugin(safelist, { mode: config.operationsMode ?? 'off' }),
      createContractPlugin(contracts),
      createPersonalDataPlugin(personalFields),
      vouchForCaller(config.internalSecret),
      // Last: a cached answer only once every refusal above has had its say.
      responseCache.plugin,
    ],
  });
  await apollo.start();

  const http = await serveHttp({
    apollo,
    port: config.port,
    host: config.host,
    // The internal token is signed once the operation is known (see vouchForCaller), so the
    // subgraphs' audit trails can name it.
    context: async (request) => initialContext(await viewerOf(request.headers.authorization, config.auth)),
    health: async () => {
      const subgraphs = await Promise.all(
        Object.entries(urls).map(async ([name, url]) => {
          const healthUrl = new URL('/health', url);
          const ok = await fetch(healthUrl, { signal: AbortSignal.timeout(2000) })
            .then((r) => r.ok)
            .catch(() => false);
          return [name, ok ? 'up' : 'down'] as const;
        }),
      );
      return { ok: true, subgraphs: Object.fromEntries(subgraphs), ...(config.supergraphSource && { supergraph: config.supergraphSource.status() }) };
    },
  });
  log.info(`serving ${http.url} over ${Object.keys(urls).join(', ')}`);
  return {
    ...http,
    stop: async () => {
      await http.close();
      await apollo.stop();
      config.supergraphSource?.stop();
    },
  };
}
