// A small node:http front for Apollo Server: /graphql, /health, /live, /ready, /metrics, a request
// body limit, and a drain on shutdown. Used by every subgraph and by the gateway, so they behave the
// same on the wire. Each request runs in its request scope (request id, trace id: every log line
// and outgoing call of the request sees them) and, when tracing is on, in a server span.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLRequest } from '@apollo/server';
import { context as otelContext, SpanStatusCode } from '@opentelemetry/api';
import { Counter, Gauge, type Registry } from 'prom-client';
import { portProblem } from './env.ts';
import { parseJsonBody, textOf } from './spliced-json.ts';
import { metricsPage } from './telemetry/metrics.ts';
import { runInRequest, scopeFromHeaders, type RequestScope } from './telemetry/request-scope.ts';
import { startServerSpan, tracingOn } from './telemetry/tracing.ts';

export const DEFAULT_BODY_LIMIT_BYTES = 1_000_000;

/**
 * A door beside /graphql (BI feeds, the web page, uploads): handles the request and returns
 * true, or returns false to let the next route (and finally /graphql) have it. `scope` is the
 * request's id and trace, for what the route logs or asks onward.
 */
export type HttpRoute = (request: IncomingMessage, response: ServerResponse, url: URL, scope?: RequestScope) => Promise<boolean> | boolean;

export interface HttpOptions<Ctx extends BaseContext> {
  apollo: ApolloServer<Ctx>;
  /** Builds the request context; may throw a GraphQLError (e.g. UNAUTHENTICATED) to refuse the request. */
  context: (request: IncomingMessage, body: unknown, scope: RequestScope) => Promise<Ctx>;
  health: () => Promise<{ ok: boolean } & Record<string, unknown>>;
  /** `/ready`: whether a load balancer should send traffic here (default: as /health). Always 503 while draining. */
  ready?: () => Promise<{ ok: boolean } & Record<string, unknown>>;
  /** The service's name, for logs, spans and metric labels: `gateway`, or the subgraph's. */
  service?: string;
  /** The service's metrics, served at /metrics with the process metrics. */
  metrics?: Registry;
  /** Tried in order before `routes` and /graphql, on every door (the gateway's rate limit). */
  before?: readonly HttpRoute[];
  bodyLimitBytes?: number;
  /** The body limit of one request, decided from its headers before the body is read (overrides bodyLimitBytes). */
  bodyLimitOf?: (request: IncomingMessage) => Promise<number>;
  /** Whether a request's JSON body was written by a trusted writer (the gateway), so its long strings may skip the parser (spliced-json.ts). */
  wellFormedBody?: (request: IncomingMessage) => Promise<boolean>;
  /** The bytes of a GraphQL answer, when they are not simply its text's (a subgraph's held-back strings). */
  answerBytes?: (request: IncomingMessage, text: string) => Buffer | undefined;
  /** Adjusts the request before Apollo Server sees it (e.g. the gateway's registered GETs). */
  prepareRequest?: (request: HTTPGraphQLRequest) => HTTPGraphQLRequest;
  /** Tried in order after /health and before /graphql. */
  routes?: readonly HttpRoute[];
  port?: number;
  host?: string;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  server: Server;
  /**
   * Stops accepting connections, answers requests arriving on open ones 503 SHUTTING_DOWN, lets
   * those in flight finish for up to `graceMs` (default 10 s), then closes.
   */
  close(graceMs?: number): Promise<void>;
  /** Requests being answered now. */
  inFlight(): number;
}

/** The route label of a path, from a fixed set (a metric label must never be free text). */
function routeOf(pathname: string): string {
  if (pathname === '/graphql' || pathname === '/') return 'graphql';
  const known = ['/health', '/live', '/ready', '/metrics'];
  if (known.includes(pathname)) return pathname.slice(1);
  return 'other';
}

class BodyTooLarge extends Error {}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  endWithText(response, JSON.stringify(body));
}

/**
 * Ends a response with `text` encoded once. Handed a string, Node measures its UTF-8 length, joins
 * it to the headers and encodes the joined string again: a 1.7 MB answer (a partner's facts for the
 * region) took ~8.7 ms of CPU that way and ~2.3 ms as one buffer; small answers cost the same.
 */
export function endWithText(response: ServerResponse, text: string): void {
  response.end(Buffer.from(text, 'utf8'));
}

/** The error shape of every door: GraphQL's, so clients read one format with one stable code. */
export function errorBody(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}

export function sendError(response: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) {
  sendJson(response, status, errorBody(message, code), headers);
}

/** Listens, or throws at once a message that names the port and why (never a bare EADDRINUSE). */
export async function listen(server: Server, port: number, host: string): Promise<void> {
  const problem = portProblem(port);
  if (problem) throw new Error(problem);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const where = `port ${port} on ${host}`;
      if (error.code === 'EADDRINUSE') reject(new Error(`${where} is already in use by another process; stop it or choose another port (PORT).`, { cause: error }));
      else if (error.code === 'EACCES') reject(new Error(`${where} may not be opened by this user (ports below 1024 need privileges); choose another port (PORT).`, { cause: error }));
      else if (error.code === 'EADDRNOTAVAIL') reject(new Error(`${host} is not an address of this machine (HOST); cannot listen on ${where}.`, { cause: error }));
      else reject(error);
    });
    server.listen(port, host, () => resolve());
  });
}

/** Throws as `listen` would if `port` cannot be listened on now: to fail before slow start-up work. */
export async function assertPortAvailable(port: number, host = '127.0.0.1'): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  await listen(probe, port, host);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}

export async function serveHttp<Ctx extends BaseContext>(options: HttpOptions<Ctx>): Promise<RunningHttpServer> {
  const defaultLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;

  const service = options.service ?? 'http';
  let draining = false;
  let inFlight = 0;
  const responses = options.metrics && new Counter({ name: 'pleiadi_http_responses_total', help: 'HTTP responses by route and status class.', labelNames: ['service', 'route', 'status_class'], registers: [options.metrics] });
  if (options.metrics) {
    new Gauge({ name: 'pleiadi_http_requests_in_flight', help: 'HTTP requests being answered.', labelNames: ['service'], registers: [options.metrics], collect() { this.set({ service }, inFlight); } });
  }

  const handle = async (request: IncomingMessage, response: ServerResponse, url: URL, scope: RequestScope) => {
    if (url.pathname === '/live') return sendJson(response, 200, { ok: true, service });
    if (url.pathname === '/ready') {
      if (draining) return sendJson(response, 503, { ok: false, service, draining: true });
      const ready = await (options.ready ?? options.health)().catch((error: unknown) => ({ ok: false, error: String(error) }));
      return sendJson(response, ready.ok ? 200 : 503, { ...ready, service });
    }
    if (url.pathname === '/metrics' && options.metrics) {
      const page = await metricsPage(options.metrics);
      response.writeHead(200, { 'content-type': page.contentType });
      return response.end(page.text);
    }
    if (url.pathname === '/health') {
      const health = await options.health().catch((error: unknown) => ({ ok: false, error: String(error) }));
      return sendJson(response, health.ok ? 200 : 503, health);
    }
    for (const route of options.before ?? []) {
      if (await route(request, response, url, scope)) return;
    }
    for (const route of options.routes ?? []) {
      if (await route(request, response, url, scope)) return;
    }
    if (url.pathname !== '/graphql' && url.pathname !== '/') {
      return sendJson(response, 404, errorBody('Not found: the graph is served at /graphql.', 'NOT_FOUND'));
    }
    const limit = options.bodyLimitOf ? await options.bodyLimitOf(request) : defaultLimit;
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > limit) {
      return sendJson(response, 413, errorBody(`Request body over ${limit} bytes.`, 'PAYLOAD_TOO_LARGE'));
    }
    let raw: Buffer;
    try {
      raw = await readBody(request, limit);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        return sendJson(response, 413, errorBody(`Request body over ${limit} bytes.`, 'PAYLOAD_TOO_LARGE'));
      }
      throw error;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const json = raw.length > 0 && (headers.get('content-type') ?? '').includes('application/json');
    let body: unknown = json ? undefined : textOf(raw);
    if (json) {
      try {
        body = parseJsonBody(raw, (await options.wellFormedBody?.(request)) ?? false);
      } catch {
        return sendJson(response, 400, errorBody('The request body is not valid JSON.', 'BAD_REQUEST'));
      }
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = { method: request.method ?? 'GET', headers, search: url.search, body };
    const result = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: options.prepareRequest ? options.prepareRequest(httpGraphQLRequest) : httpGraphQLRequest,
      context: () => options.context(request, body, scope),
    });
    for (const [key, value] of result.headers) response.setHeader(key, value);
    response.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      const bytes = options.answerBytes?.(request, result.body.string);
      if (bytes) response.end(bytes);
      else endWithText(response, result.body.string);
    } else {
      for await (const chunk of result.body.asyncIterator) response.write(chunk);
      response.end();
    }
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const route = routeOf(url.pathname);
    if (draining) {
      // A request on a connection opened before the drain: refused, and the connection closed.
      response.shouldKeepAlive = false;
      return sendError(response, 503, 'SHUTTING_DOWN', `The ${service} is shutting down; retry on another instance.`, { 'retry-after': '1', connection: 'close' });
    }
    const scope = scopeFromHeaders(service, request.headers.traceparent, request.headers['x-request-id']);
    // Probes and scrapes are not traced: they would bury the requests in spans.
    const traced = route === 'graphql' || route === 'other' ? startServerSpan(service, `${request.method ?? 'GET'} ${route === 'graphql' ? '/graphql' : 'route'}`, request.headers, { 'http.request.method': request.method ?? 'GET', 'url.path': route === 'graphql' ? '/graphql' : url.pathname.slice(0, 100), 'pleiadi.service': service }) : undefined;
    if (traced) {
      const { traceId, spanId, traceFlags } = traced.span.spanContext();
      Object.assign(scope, { traceId, spanId, sampled: (traceFlags & 1) === 1 });
    }
    inFlight += 1;
    response.setHeader('x-request-id', scope.requestId);
    response.once('close', () => {
      inFlight -= 1;
      responses?.inc({ service, route, status_class: `${Math.floor(response.statusCode / 100)}xx` });
      if (traced) {
        traced.span.setAttribute('http.response.status_code', response.statusCode);
        if (response.statusCode >= 500) traced.span.setStatus({ code: SpanStatusCode.ERROR });
        traced.span.end();
      }
      if (draining) {
        server.closeIdleConnections();
        if (inFlight === 0) drained?.();
      }
    });
    const serve = () =>
      handle(request, response, url, scope).catch(() => {
        if (!response.headersSent) sendJson(response, 500, errorBody('Internal server error.', 'INTERNAL_SERVER_ERROR'));
        else response.end();
      });
    // The scope goes to the request's context; stored for every log line only while tracing is on
    // (request-scope.ts says why).
    const inScope = () => (tracingOn() ? runInRequest(scope, serve) : serve());
    void (traced ? otelContext.with(traced.context, inScope) : inScope());
  });
  server.keepAliveTimeout = 65_000;
  let drained: (() => void) | undefined;
  let closing: Promise<void> | undefined;

  await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/graphql`,
    port,
    server,
    inFlight: () => inFlight,
    close: (graceMs = 10_000) =>
      (closing ??= (async () => {
        draining = true;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        if (inFlight > 0 && graceMs > 0) {
          const finished = new Promise<void>((resolve) => (drained = resolve));
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([finished, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
          clearTimeout(timer);
        }
        // Past the bound, or nothing to wait for: whatever is still open is cut.
        server.closeAllConnections();
        await closed;
      })()),
  };
}
