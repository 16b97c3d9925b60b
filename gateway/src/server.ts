// The gateway: Apollo Gateway over the supergraph, served by Apollo Server. A request goes through
// the stages in this order: HTTP front and caller (auth/), admission (input bounds, limits,
// safelist), the caller's contract (contracts/), personal-data policy (policy/), identity and the
// internal token (identity/), the response cache (cache/), and the subgraph fetches (subgraphs/).
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { createLogger, serveHttp, type RunningHttpServer } from '@pleiadi/kit';
import { initialContext, type GatewayContext } from './context.ts';
import { viewerOfRequest } from './auth/caller.ts';
import type { GatewayConfig } from './config.ts';
import { contractsStore, createContractPlugin } from './contracts/contracts.ts';
import { tagsOf } from './contracts/tags.ts';
import { createInputBoundsPlugin } from './admission/input-bounds.ts';
import { createLimitsPlugin, DEFAULT_LIMITS } from './admission/limits.ts';
import { createSafelistPlugin, loadSafelist, persistedQueryOptions } from './admission/safelist.ts';
import { registeredGets } from './admission/registered-get.ts';
import { AUDITED_TAGS, createPersonalDataPlugin, personalFieldsOf, taggedFieldsOf } from './policy/personal-data.ts';
import { createIdentityPlugin } from './identity/plugin.ts';
import { createResponseCache, DEFAULT_RESPONSE_CACHE_TTL_SECONDS } from './cache/response-cache.ts';
import { SubgraphWrites } from './cache/subgraph-writes.ts';
import { subgraphHealth } from './subgraphs/health.ts';
import { SubgraphRegistry } from './subgraphs/registry.ts';
import { rateLimitRoute } from './admission/rate-limit.ts';
import { joinReplicas } from './cache/replicas.ts';
import { createGatewayMetrics } from './telemetry/metrics.ts';
import { createTelemetryPlugin, registeredOperationNames } from './telemetry/plugin.ts';
import { readiness, startGatewayTracing } from './telemetry/setup.ts';
import { webRoute } from './web/route.ts';
import { feedRoutes } from './bi/feeds.ts';
import { importRoute } from './import/route.ts';

export { subgraphsOfSupergraph } from './subgraphs/registry.ts';

export interface RunningGateway extends RunningHttpServer {
  /** Drains (stops accepting, lets requests in flight finish for up to `graceMs`), then stops. */
  stop(graceMs?: number): Promise<void>;
}

const log = createLogger('gateway');

export async function startGateway(config: GatewayConfig): Promise<RunningGateway> {
  const writes = new SubgraphWrites();
  // Production: traces, metrics, and what replicas share through Redis (telemetry/, cache/replicas.ts).
  await startGatewayTracing();
  const metrics = createGatewayMetrics();
  const production = config.production ?? {};
  const replicas = await joinReplicas({ redis: production.redis, reload: () => void config.supergraphSource?.reload(), onSharedWait: () => metrics.cache('shared_wait') });
  const subgraphs = new SubgraphRegistry({ urlOverrides: config.subgraphUrls, resilience: config.resilience, fetch: config.subgraphFetch, writes, metrics });
  subgraphs.follow(config.supergraphSdl);
  // @apollo/gateway otherwise reports usage metrics to Apollo and probes cloud metadata
  // endpoints at start: nothing about this graph's use leaves the deployment.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const gateway = new ApolloGateway({
    __exposeQueryPlanExperimental: false,
    // A watched file or polled URL when configured (hot reload), else the static text.
    supergraphSdl: config.supergraphSource?.hook ?? config.supergraphSdl,
    logger: { debug: () => {}, info: (m) => log.info(String(m)), warn: (m) => log.warn(String(m)), error: (m) => log.error(String(m)) },
    buildService: ({ name, url }) => subgraphs.dataSource(name, url),
  });
  // Hostile input is refused before planning: limits on size, depth, aliases, root fields and
  // cost; in safelist mode only registered operations run; personal fields only for partners.
  const safelist = loadSafelist(config.operationsDir);
  // Everything derived from the supergraph follows it when it is reloaded.
  const contracts = config.contractsStore ?? contractsStore();
  const personalFields = new Set<string>();
  const auditedFields = new Set<string>();
  const responseCache = createResponseCache(writes, {
    ttlSeconds: config.responseCacheTtlSeconds ?? DEFAULT_RESPONSE_CACHE_TTL_SECONDS,
    store: replicas.cacheStore,
    onEvent: (event) => metrics.cache(event),
  });
  metrics.observe({ breakers: () => subgraphs.breakerStates(), cache: () => responseCache.store.size() });
  let servedSdl = config.supergraphSdl;
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
    servedSdl = coreSupergraphSdl;
    const tags = tagsOf(coreSupergraphSdl);
    personalFields.clear();
    for (const field of personalFieldsOf(tags)) personalFields.add(field);
    auditedFields.clear();
    for (const field of taggedFieldsOf(tags, AUDITED_TAGS)) auditedFields.add(field);
    responseCache.schemaChanged(replicas.supergraphLoaded(coreSupergraphSdl));
    subgraphs.follow(coreSupergraphSdl);
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    // SIGTERM is the process's own to handle (drain, then exit 0): Apollo's handler would re-raise it.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    introspection: config.introspection ?? false,
    persistedQueries: persistedQueryOptions(safelist, config.operationsMode ?? 'off'),
    plugins: [
      createTelemetryPlugin(metrics, registeredOperationNames(safelist)),
      // The gateway's own cache is the one that counts; no Cache-Control header for shared HTTP
      // caches, which cannot tell callers apart (answers depend on the bearer token).
      ApolloServerPluginCacheControl({ calculateHttpHeaders: false }),
      // Browsers opening /graphql get the bundled explorer (web/), never Apollo's CDN landing page.
      ApolloServerPluginLandingPageDisabled(),
      createInputBoundsPlugin(),
      createLimitsPlugin(config.limits ?? DEFAULT_LIMITS),
      createSafelistPlugin(safelist, { mode: config.operationsMode ?? 'off' }),
      // Contracts off: every caller is served the whole API schema, as by stock @apollo/gateway.
      ...(config.contracts === false ? [] : [createContractPlugin(contracts)]),
      createPersonalDataPlugin(personalFields, auditedFields),
      createIdentityPlugin(config.internalSecret),
      // Last: a cached answer only once every refusal above has had its say.
      responseCache.plugin,
    ],
  });
  await apollo.start();

  const http = await serveHttp({
    apollo,
    service: 'gateway',
    metrics: metrics.registry,
    ready: readiness(subgraphs, production.readyRequires),
    // Before every door: callers over their rate limit are refused before their request is read.
    before: production.rateLimits
      ? [rateLimitRoute({ limits: production.rateLimits, buckets: replicas.buckets, auth: config.auth, trustProxy: production.trustProxy, onLimited: (role) => metrics.rateLimited(role) })]
      : [],
    port: config.port,
    host: config.host,
    // A GET of a registered query needs no CSRF preflight header (see registered-get.ts).
    prepareRequest: registeredGets(safelist),
    // Doors beside /graphql, each its own module; each goes through the same caller, contract
    // and policy stages as /graphql does.
    routes: [...feedRoutes(apollo, config, { supergraphSdl: () => servedSdl, regionUrl: () => subgraphs.url('region') }), webRoute(config.web), importRoute({ auth: config.auth, internalSecret: config.internalSecret, subgraphUrl: (name) => subgraphs.url(name), onImported: (name) => writes.wrote(name) })],
    // The internal token is signed once the operation is known (identity/plugin.ts), so the
    // subgraphs' audit trails can name it.
    context: async (request, _body, scope) => initialContext(await viewerOfRequest(request, config.auth), scope),
    health: async () => ({
      ok: true,
      subgraphs: await subgraphHealth(subgraphs),
      ...(config.supergraphSource && { supergraph: config.supergraphSource.status() }),
    }),
  });
  log.info(`serving ${http.url} over ${subgraphs.names().join(', ')}`);
  return {
    ...http,
    stop: async (graceMs = production.shutdownGraceMs) => {
      await http.close(graceMs);
      await apollo.stop();
      config.supergraphSource?.stop();
      await replicas.close();
    },
  };
}
