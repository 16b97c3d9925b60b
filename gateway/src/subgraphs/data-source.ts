// How the gateway calls a subgraph. Besides vouching for the caller with the internal token:
//  - each fetch runs under the subgraph's resilience policies (resilience.ts): a partner that is
//    down, hung or failing costs its own fields, with an error naming it, never the whole answer;
//  - undici's request API on one keep-alive pool, aborted at the timeout, body included (not
//    fetch: its WHATWG layer — Response, Headers, web streams — was ~19% of the gateway's CPU);
//  - distinct entity representations only (representations.ts);
//  - identical query fetches in flight at the same moment share one request, but only when
//    everything the subgraph authorises and audits by is equal (the same request identity scope
//    and subject, the same subgraph query and variables). Mutations are never shared, and every
//    mutation fetch is reported to the response cache (SubgraphWrites) before and after it runs;
//  - entity fetches that could share but for their representations go as one request when they
//    leave at about the same moment (entity-batches.ts), unless the operation reads what the
//    subgraphs audit (each such request keeps its own audit record);
//  - the subgraph's Cache-Control hint restricts the request's cache policy, for every request a
//    shared fetch answers.
import { setMaxListeners } from 'node:events';
import { STATUS_CODES } from 'node:http';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { SpanKind } from '@opentelemetry/api';
import { annotate, createLogger, injectTraceContext, inSpan, longStringsVerbatim, scopeFields, textOf, traceparentOf, tracingOn } from '@pleiadi/kit';
import type { SubgraphWrites } from '../cache/subgraph-writes.ts';
import type { GatewayContext } from '../context.ts';
import type { GatewayMetrics } from '../telemetry/metrics.ts';
import { Agent, request as httpRequest } from 'undici';
import { EntityBatches } from './entity-batches.ts';
import { distinctRepresentations, spreadable, spreadEntities, type SubgraphResponse } from './representations.ts';
import { jsonWithVerbatim, noteVerbatimStrings, sameStrings } from './verbatim.ts';
import { describeFailure, isFailureStatus, SubgraphHttpFailure, type SubgraphPolicies } from './resilience.ts';

const log = createLogger('gateway');
// Every subgraph call of this process goes through one keep-alive pool.
const pool = new Agent({ keepAliveTimeout: 10_000 });
// cockatiel ties each run's own abort controller to the signal it is given, by default one shared
// never-aborted signal: with more than ten fetches in flight Node warned of a listener leak that
// is not one (each listener leaves with its fetch). Ours says so.
const NOT_CANCELLED = new AbortController().signal;
setMaxListeners(0, NOT_CANCELLED);
const headerOf = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value);

type Options = GraphQLDataSourceProcessOptions<GatewayContext>;
/** The request's id and trace, from its context (with tracing on, log lines also find it stored). */
const scopeOf = (options: Options) => (options.context as Partial<GatewayContext> | undefined)?.requestScope;
type IncomingOptions = Extract<Options, { incomingRequestContext: unknown }>;
// The value of GraphQLDataSourceRequestKind.INCOMING_OPERATION (the enum is not exported).
const isIncoming = (options: Options): options is IncomingOptions => options.kind === ('incoming operation' as Options['kind']);

/** What is sent to the subgraph: the request without its HTTP part. */
const sentPart = (request: Options['request']) => {
  const { http: _http, ...rest } = request;
  return rest;
};

/** The request as sent, serialised once (the region's facts request is megabytes). */
export function requestBody(request: Options['request']): string {
  return JSON.stringify(sentPart(request));
}

/**
 * Fetches that may share one request: same caller scope and subject, same operation (the subgraphs'
 * audit trails name it), same body to the subgraph — query, variables and all.
 */
export function sharingKey(context: Pick<GatewayContext, 'identity' | 'viewer'>, body: string): string | undefined {
  if (!context.identity) return undefined;
  const { scope, documentHash, operationName } = context.identity;
  return `${JSON.stringify([scope, context.viewer.subject ?? null, documentHash, operationName])}\n${body}`;
}

/**
 * Entity fetches that may go as one request: what sharing requires, but for their representations;
 * never for an operation that reads audited data (or when that is not known).
 */
export function batchKey(context: Pick<GatewayContext, 'identity' | 'viewer' | 'readsAuditedData'>, request: Options['request']): string | undefined {
  const representations = request.variables?.representations;
  if (context.readsAuditedData !== false || !Array.isArray(representations)) return undefined;
  // Everything sent but the representations; the query as it is (the body already escaped it once).
  const rest = JSON.stringify([request.operationName ?? null, { ...request.variables, representations: null }, request.extensions ?? null]);
  return sharingKey(context, `${rest}\n${request.query ?? ''}`);
}
type Response = Awaited<ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']>>;
interface Fetched {
  response: SubgraphResponse;
  cacheControl: string | null;
  /** The body as the subgraph sent it, for fetches that join this one to parse afresh. */
  text?: string;
  /** Whether its long strings may be carried as they are (kit longStringsVerbatim): true of any part of it too. */
  verbatim?: boolean;
  /** The partner failed to answer (resilience.ts): the error says so, naming the subgraph. */
  failed?: boolean;
}

/** Each of the optimisations, on by default; the benchmark turns them off one by one to weigh them. */
export interface SubgraphFetchOptions {
  distinctRepresentations?: boolean;
  shareInFlight?: boolean;
  batchEntities?: boolean;
}

/** A fetch as it joins a batch: the first member's is the request the batch is sent with. */
interface BatchMember {
  options: Options;
  body: string | Buffer;
  representations: readonly unknown[];
}

export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly inFlight = new Map<string, { fetched: Promise<Fetched>; carried: readonly string[] }>();
  /** Requests to the subgraph under way (one per fetchOnce, retries included). */
  private fetching = 0;
  private readonly batches = new EntityBatches<BatchMember, Fetched>(
    (member, representations) => this.fetchOnce(...withRepresentations(member, representations), true),
    // The partner's failure (down, hung, refusing) is every member's; an answer can be divided when each error names its entity.
    (fetched) => fetched.failed === true || spreadable(fetched.response),
    () => this.fetching > 0,
    (members) => {
      this.metrics?.batchedFetch(this.name, members);
      annotate({ 'pleiadi.fetch.batched': members });
    },
  );

  constructor(
    private readonly name: string,
    url: string,
    readonly policies: SubgraphPolicies,
    private readonly writes: SubgraphWrites,
    private readonly optimise: SubgraphFetchOptions = {},
    private readonly metrics?: GatewayMetrics,
  ) {
    super({ url });
    // Applied below, to the leader and to every request that joins a shared fetch alike.
    this.honorSubgraphCacheControlHeader = false;
  }

  override async process(options: Options): Promise<Response> {
    if (!isIncoming(options)) return super.process(options);
    const context = options.context as Partial<GatewayContext>;
    context.fetchedSubgraphs?.add(this.name);
    const mutation = options.incomingRequestContext.operation?.operation === 'mutation';
    if (mutation) this.writes.wrote(this.name);
    try {
      const { response, cacheControl, verbatim } = await this.representationsOnce(options, !mutation);
      if (verbatim) noteVerbatimStrings(context, response.data);
      options.incomingRequestContext.overallCachePolicy?.restrict(cacheHint(cacheControl));
      return response as Response;
    } finally {
      if (mutation) this.writes.wrote(this.name);
    }
  }

  private async representationsOnce(options: IncomingOptions, mayShare: boolean): Promise<Fetched> {
    const representations = options.request.variables?.representations;
    if (this.optimise.distinctRepresentations !== false && Array.isArray(representations) && representations.length > 1) {
      const { distinct, positions } = distinctRepresentations(representations);
      if (distinct.length < representations.length) {
        const request = { ...options.request, variables: { ...options.request.variables, representations: distinct } };
        const fetched = await this.fetch({ ...options, request } as Options, mayShare);
        // An error without an entity path cannot be spread: ask as a plain gateway would, to report what it would.
        if (spreadable(fetched.response)) return { ...fetched, response: spreadEntities(fetched.response, positions) };
      }
    }
    return this.fetch(options, mayShare);
  }

  private fetch(options: Options, mayShare: boolean): Promise<Fetched> {
    const carrying = jsonWithVerbatim(sentPart(options.request), (options.context as Partial<GatewayContext>).verbatimStrings);
    const body = carrying?.bytes ?? requestBody(options.request);
    const key = mayShare ? sharingKey(options.context as GatewayContext, carrying?.fingerprint ?? (body as string)) : undefined;
    if (key === undefined || this.optimise.shareInFlight === false) return this.fetchOnce(options, body, mayShare);
    const carried = carrying?.strings ?? [];
    const pending = this.inFlight.get(key);
    // Whoever joins gets its own copy: the gateway merges later fetches into what it receives.
    // Parsing the body again is about twice as fast as cloning what the leader parsed.
    if (pending && sameStrings(pending.carried, carried)) {
      this.metrics?.sharedFetch(this.name);
      annotate({ 'pleiadi.fetch.shared': true });
      return pending.fetched.then((fetched) =>
        fetched.text === undefined ? structuredClone(fetched) : { ...fetched, response: JSON.parse(fetched.text) as SubgraphResponse },
      );
    }
    // The same fingerprint over other strings (never seen): fetched alone.
    if (pending) return this.fetchOnce(options, body, true);
    const batch = carrying || this.optimise.batchEntities === false ? undefined : batchKey(options.context as GatewayContext, options.request);
    const representations = options.request.variables?.representations as unknown[];
    const fetched = (batch === undefined ? this.fetchOnce(options, body, true) : this.batches.join(batch, { options, body, representations }, representations)).finally(() =>
      this.inFlight.delete(key),
    );
    this.inFlight.set(key, { fetched, carried });
    return fetched;
  }

  /** One logical fetch under the policies; a failure on the partner's side becomes an error naming it. */
  private fetchOnce(options: Options, body: string | Buffer, idempotent: boolean): Promise<Fetched> {
    const policy = idempotent ? this.policies.query : this.policies.mutation;
    const started = performance.now();
    return inSpan(`subgraph ${this.name}`, { 'pleiadi.subgraph': this.name, 'graphql.operation.type': idempotent ? 'query' : 'mutation' }, async (span) => {
      this.fetching++;
      try {
        const fetched = await policy.execute(({ signal }) => this.send(options, body, signal), NOT_CANCELLED);
        this.metrics?.subgraphFetch(this.name, (performance.now() - started) / 1000, undefined);
        return fetched;
      } catch (error) {
        const failure = describeFailure(this.name, error, this.policies.options);
        this.metrics?.subgraphFetch(this.name, (performance.now() - started) / 1000, failure?.code ?? 'ERROR');
        if (!failure) throw error;
        span?.setAttribute('pleiadi.fetch.failure', failure.code);
        log.warn(`subgraph ${this.name}: ${failure.code} (${(error as Error).message})`, { ...scopeFields(scopeOf(options)), subgraph: this.name, code: failure.code });
        return { response: { errors: [{ message: failure.message, extensions: { code: failure.code, serviceName: this.name } }] }, cacheControl: null, failed: true };
      } finally {
        this.fetching--;
      }
    }, SpanKind.CLIENT);
  }

  /** What RemoteGraphQLDataSource sends, with the internal token and an abort signal. */
  private async send(options: Options, body: string | Buffer, signal: AbortSignal): Promise<Fetched> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    // Subgraphs trust only the gateway's own short-lived token, never the caller's.
    const token = (options.context as Partial<GatewayContext>).internalToken;
    if (token) headers.authorization = `Bearer ${token}`;
    // The trace goes on to the subgraph (its spans, or at least its log lines, name the same trace).
    if (tracingOn()) injectTraceContext(headers);
    else {
      const scope = scopeOf(options);
      if (scope) headers.traceparent = traceparentOf(scope);
    }
    const answer = await httpRequest(this.url, { method: 'POST', headers, body, signal, dispatcher: pool });
    const contentType = headerOf(answer.headers['content-type']);
    if (answer.statusCode < 200 || answer.statusCode > 299) {
      if (isFailureStatus(answer.statusCode)) {
        await answer.body.dump();
        throw new SubgraphHttpFailure(answer.statusCode);
      }
      // A request the subgraph refused: reported as Apollo's own data source reports it.
      const refused = new Response(await answer.body.text(), {
        status: answer.statusCode,
        statusText: STATUS_CODES[answer.statusCode],
        headers: contentType ? { 'content-type': contentType } : {},
      });
      throw await this.errorFromResponse(refused as never);
    }
    const bytes = Buffer.from(await answer.body.arrayBuffer());
    const text = textOf(bytes);
    // As Apollo's parseBody: JSON by its content type, anything else is text (and refused below).
    const parsed: unknown = contentType && /^application\/(graphql-response\+)?json/.test(contentType) ? JSON.parse(text) : text;
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`Expected JSON response body, but received: ${String(parsed).slice(0, 200)}`);
    return { response: parsed as SubgraphResponse, cacheControl: headerOf(answer.headers['cache-control']) ?? null, text, verbatim: longStringsVerbatim(bytes) };
  }
}

/** A member's request with a batch's representations (its own body when they are its own). */
function withRepresentations(member: BatchMember, representations: readonly unknown[]): [Options, string | Buffer] {
  if (representations === member.representations) return [member.options, member.body];
  const request = { ...member.options.request, variables: { ...member.options.request.variables, representations } };
  return [{ ...member.options, request } as Options, requestBody(request)];
}

/** A Cache-Control header as a cache hint, the way Apollo's own data source reads it: no max-age, no caching. */
export function cacheHint(header: string | null): { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' } {
  const directives = new Map<string, string | true>();
  for (const part of (header ?? '').split(',')) {
    const [name, value] = part.trim().split('=');
    if (name) directives.set(name.toLowerCase(), value?.trim() ?? true);
  }
  const maxAge = directives.get('max-age');
  const hint: { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' } = { maxAge: typeof maxAge === 'string' && /^\d+$/.test(maxAge) ? Number(maxAge) : 0 };
  if (directives.has('no-store')) hint.maxAge = 0;
  if (directives.get('private') === true) hint.scope = 'PRIVATE';
  if (directives.get('public') === true) hint.scope = 'PUBLIC';
  return hint;
}
