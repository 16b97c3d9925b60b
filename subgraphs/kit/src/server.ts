// Starts one subgraph: Apollo Server over its Pothos schema, on its own database(s).
import type { IncomingMessage } from 'node:http';
import { ApolloServer, type GraphQLResponse } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { sql, type Kysely } from 'kysely';
import { AuditCollector, writeAuditTrail } from './audit.ts';
import { cacheControlPluginOff, setCacheControl } from './cache-hint.ts';
import type { SubgraphContext, Viewer } from './context.ts';
import { participantGrants } from './grant.ts';
import { verifyInternalToken } from './identity.ts';
import type { Database } from './database.ts';
import { dataSourceUnavailable, ErrorCode, isConnectionError } from './errors.ts';
import { DEFAULT_BODY_LIMIT_BYTES, serveHttp, type HttpRoute, type RunningHttpServer } from './http.ts';
import { LongStrings } from './spliced-json.ts';

/** Request body limit for calls the gateway signed (see serveHttp's bodyLimitOf below). */
export const INTERNAL_BODY_LIMIT_BYTES = 64 * 1024 * 1024;
import { createLogger, describeError } from './log.ts';
import { refuseNulInput } from './text-input.ts';
import { cacheMaxAgeSeconds, wholeNumberFromEnv } from './env.ts';
import { createRegistry } from './telemetry/metrics.ts';
import { traceRootFields } from './telemetry/resolver-spans.ts';
import { subgraphMetrics } from './telemetry/subgraph-metrics.ts';
import { scopeFields, type RequestScope } from './telemetry/request-scope.ts';
import { startTracing } from './telemetry/tracing.ts';

/** PLEIADI_SHUTDOWN_GRACE_MS: how long a stopping server lets requests in flight finish (default 10 s). */
export function shutdownGraceMs(env: NodeJS.ProcessEnv = process.env): number {
  return wholeNumberFromEnv(env, 'PLEIADI_SHUTDOWN_GRACE_MS', { min: 0, max: 600_000, default: 10_000 }) ?? 10_000;
}

export interface SubgraphServerOptions<DB> {
  name: string;
  /** Who owns the data, for messages: "CPIA network". */
  owner: string;
  schema: GraphQLSchema;
  /** The subgraph's databases by store name, the main one first. */
  databases: Record<string, Database<DB>>;
  /** The secret of the gateway's internal tokens: requests without a valid one are refused. */
  internalSecret: string;
  /** `signed-in` refuses anonymous callers before anything runs. */
  access?: 'public' | 'signed-in';
  /** Doors beside /graphql, e.g. the partner's upload route (import/route.ts). */
  routes?: readonly HttpRoute[];
  port?: number;
  host?: string;
}

export interface RunningSubgraph extends RunningHttpServer {
  name: string;
  /** Drains (see RunningHttpServer.close) for up to `graceMs` (default PLEIADI_SHUTDOWN_GRACE_MS), then stops. */
  stop(graceMs?: number): Promise<void>;
}

export async function startSubgraphServer<DB>(options: SubgraphServerOptions<DB>): Promise<RunningSubgraph> {
  const log = createLogger(options.name);
  const storeNames = Object.keys(options.databases);
  if (await startTracing()) traceRootFields(options.schema, options.name);
  const metrics = createRegistry();
  const stores = Object.fromEntries(storeNames.map((store) => [store, options.databases[store].db])) as Record<string, Kysely<DB>>;
  const cacheMaxAge = cacheMaxAgeSeconds();
  const auditTrailOf = async (contextValue: SubgraphContext<DB> | undefined, response: GraphQLResponse) => {
    if (!contextValue?.audit || contextValue.audit.isEmpty || response.body.kind !== 'single') return;
    const result = response.body.singleResult;
    try {
      await writeAuditTrail(contextValue, (result.errors ?? []).map((e) => e.extensions?.code));
    } catch (error) {
      log.error(`audit trail unavailable: ${describeError(error)}`, scopeFields(contextValue.requestScope));
      result.data = null;
      result.errors = [new GraphQLError(`The ${options.name} subgraph could not write its audit trail; no data was returned.`, { extensions: { code: 'AUDIT_UNAVAILABLE' } })];
    }
  };
  const scopeOfError = new WeakMap<object, RequestScope>();
  const apollo = new ApolloServer<SubgraphContext<DB>>({
    schema: options.schema,
    // SIGTERM is the process's own to handle (drain, then exit 0): Apollo's handler would re-raise it.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    // Traces would ship resolver timings and error text to whoever asks for them.
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      subgraphMetrics(metrics, options.name, options.databases),
      refuseNulInput(),
      cacheControlPluginOff(),
      {
        async requestDidStart() {
          return {
            // formatError sees no context: each error is told its request's scope first, for its log line.
            async didEncounterErrors({ contextValue, errors }) {
              if (contextValue.requestScope) for (const error of errors) scopeOfError.set(error, contextValue.requestScope);
            },
            // The audit record is written before the response leaves; if it cannot be written, the
            // personal data does not leave either. Then the answer, final, gets its cache hint.
            async willSendResponse({ contextValue, response }) {
              await auditTrailOf(contextValue, response);
              setCacheControl(cacheMaxAge, contextValue, response);
            },
          };
        },
      },
    ],
    // Unexpected errors (a driver failure, a bug) leave the subgraph as a generic message: their
    // text may quote data. Errors raised on purpose keep their code and message.
    formatError: (formatted, error) => {
      if (formatted.extensions?.code !== ErrorCode.INTERNAL_SERVER_ERROR) return formatted;
      const original = unwrapResolverError(error);
      log.error(`error at ${formatted.path?.join('.') ?? 'request'}: ${describeError(original)}`, scopeFields(scopeOfError.get(error as object)));
      if (isConnectionError(original)) {
        const unavailable = dataSourceUnavailable(options.owner);
        return { message: unavailable.message, path: formatted.path, extensions: unavailable.extensions };
      }
      return {
        message: `Internal error in the ${options.name} subgraph.`,
        path: formatted.path,
        extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
      };
    },
  });
  await apollo.start();

  // Only the gateway holds the secret: a request without its token gets nothing, _entities included.
  const viewerOf = async (authorization: string | undefined): Promise<Viewer> => {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    try {
      if (!token) throw new Error('missing');
      return await verifyInternalToken(token, options.internalSecret);
    } catch {
      throw new GraphQLError(`The ${options.name} subgraph answers the PLEIADI gateway only.`, {
        extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
      });
    }
  };

  // The strings each answer holds back, by request, for the door to copy in as it writes the answer.
  const longStrings = new WeakMap<IncomingMessage, LongStrings>();

  // Verified once per request: first to choose the body limit, then for the context.
  const viewers = new WeakMap<IncomingMessage, Promise<Viewer>>();
  const verifiedViewer = (request: IncomingMessage) => {
    let viewer = viewers.get(request);
    if (!viewer) viewers.set(request, (viewer = viewerOf(request.headers.authorization)));
    return viewer;
  };

  const storeStates = () =>
    Promise.all(
      storeNames.map(async (store) => {
        const ok = await sql`select 1`.execute(stores[store]).then(() => true, () => false);
        return [store, ok ? ('up' as const) : ('down' as const)] as const;
      }),
    );
  const http = await serveHttp<SubgraphContext<DB>>({
    apollo,
    service: options.name,
    metrics,
    routes: options.routes,
    port: options.port,
    host: options.host,
    // The gateway's own requests may carry the partners' indicator facts to the region (megabytes
    // at 100,000 people); anyone else keeps the front's usual limit.
    bodyLimitOf: (request) => verifiedViewer(request).then(() => INTERNAL_BODY_LIMIT_BYTES, () => DEFAULT_BODY_LIMIT_BYTES),
    answerBytes: (request, text) => longStrings.get(request)?.bytesOf(text),
    // What the gateway signed, the gateway wrote: JSON.stringify's, or its facts spliced in.
    wellFormedBody: (request) => verifiedViewer(request).then(() => true, () => false),
    context: async (request, _body, requestScope) => {
      const viewer = await verifiedViewer(request);
      if (options.access === 'signed-in' && viewer.role === 'anonymous') {
        throw new GraphQLError(`The ${options.name} subgraph serves signed-in callers only.`, {
          extensions: { code: ErrorCode.FORBIDDEN, http: { status: 403 } },
        });
      }
      const held = new LongStrings();
      longStrings.set(request, held);
      return {
        subgraph: options.name,
        db: stores[storeNames[0]],
        stores,
        viewer,
        audit: new AuditCollector(),
        grants: participantGrants(viewer, options.internalSecret),
        longStrings: held,
        requestScope,
      };
    },
    health: async () => {
      const checks = await storeStates();
      return { ok: checks.every(([, state]) => state === 'up'), subgraph: options.name, databases: Object.fromEntries(checks) };
    },
    // Ready while any store answers: ats with one ambit's database down still serves the other
    // three (the missing one's data with DATA_SOURCE_UNAVAILABLE), so it stays in rotation.
    ready: async () => {
      const checks = await storeStates();
      return { ok: checks.some(([, state]) => state === 'up'), subgraph: options.name, databases: Object.fromEntries(checks) };
    },
  });
  log.info(`serving ${http.url} on ${storeNames.map((s) => options.databases[s].description).join(', ')}`);

  return {
    ...http,
    name: options.name,
    stop: async (graceMs = shutdownGraceMs()) => {
      await http.close(graceMs);
      await apollo.stop();
    },
  };
}
