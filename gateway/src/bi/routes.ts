// GET /bi/<Operation>.csv|.ndjson|.json and /bi/openapi.json: every registered query as a table,
// pulled to the end (or `limit`) page by page and streamed as it comes, with backpressure.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { sendJson, type HttpRoute, type RequestScope, type Viewer } from '@pleiadi/kit';
import type { GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../context.ts';
import { FeedError, feedViewerOf, type BiKeyVerifier } from '../auth/bi-keys.ts';
import { canonicalJson, scopeOf } from '../identity/request-identity.ts';
import { digestOf, notModified, validatorHeaders, Validators } from './etag.ts';
import { encoder, FORMATS, type Format } from './formats.ts';
import type { BiOperation } from './operations.ts';
import { openApiDocument } from './openapi.ts';
import { tableRequest } from './parameters.ts';
import { GraphError, pullPages } from './pull.ts';
import { flattenRow } from './table-shape.ts';

export interface FeedDeps {
  apollo: ApolloServer<GatewayContext>;
  verifier: BiKeyVerifier;
  /** The API schema and the registered tables, read from the current supergraph. */
  tables: () => { schema: GraphQLSchema; operations: Map<string, BiOperation> };
}

/**
 * Answers a refusal; a GraphQL refusal keeps the graph's own errors (and codes). `odata`: the body
 * also carries OData's own error object, which OData clients show.
 */
export function sendFeedError(response: ServerResponse, error: unknown, odata = false) {
  if (!(error instanceof FeedError)) throw error;
  const errors = error instanceof GraphError ? error.errors : [{ message: error.message, extensions: { code: error.code } }];
  sendJson(response, error.status, { ...(odata && { error: { code: error.code, message: error.message } }), errors }, { ...error.headers, ...(odata && { 'odata-version': '4.0' }) });
}

/**
 * An anonymous caller refused because the data is not public is asked for credentials (401 with
 * a Basic challenge), which is what makes Power BI and Excel prompt for a BI key.
 */
export function anonymousChallenge(error: unknown, viewer: Viewer | undefined): unknown {
  const refused = error instanceof GraphError && ['GRAPHQL_VALIDATION_FAILED', 'FORBIDDEN', 'UNAUTHENTICATED'].includes(error.code);
  if (refused && viewer?.role === 'anonymous') {
    return new FeedError(401, 'UNAUTHENTICATED', 'This feed is not public: send a BI key (Bearer, or as the password of HTTP Basic) or a bearer token.', {
      'www-authenticate': 'Basic realm="PLEIADI BI feeds", charset="UTF-8"',
    });
  }
  return error;
}

/** Writes a chunk, waiting while the client is slower than the graph (bounded memory). */
export async function write(response: ServerResponse, chunk: string) {
  if (!chunk || response.destroyed || response.write(chunk)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}

export function biRoute(deps: FeedDeps): HttpRoute {
  const validators = new Validators();
  return async (request, response, url, requestScope) => {
    if (!url.pathname.startsWith('/bi/')) return false;
    let viewer: Viewer | undefined;
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD') throw new FeedError(405, 'METHOD_NOT_ALLOWED', 'BI feeds answer GET only.', { allow: 'GET' });
      const { schema, operations } = deps.tables();
      if (url.pathname === '/bi/openapi.json') {
        sendJson(response, 200, openApiDocument(schema, operations, `${url.protocol}//${request.headers.host ?? 'localhost'}`));
        return true;
      }
      const match = /^\/bi\/([A-Za-z_][A-Za-z0-9_]*)\.(csv|ndjson|json)$/.exec(url.pathname);
      const table = match ? operations.get(match[1]) : undefined;
      if (!match || !table) throw new FeedError(404, 'NOT_FOUND', `No such feed: /bi/<Operation>.csv|.ndjson|.json serves ${[...operations.keys()].join(', ')} (see /bi/openapi.json).`);
      viewer = await feedViewerOf(request.headers.authorization, `bi:${table.name}`, deps.verifier);
      const { variables, limit } = tableRequest(schema, table, url.searchParams);
      await serveTable(deps, validators, { request, response, viewer, requestScope, table, variables, limit, format: match[2] as Format });
    } catch (error) {
      if (response.headersSent) response.destroy();
      else sendFeedError(response, anonymousChallenge(error, viewer));
    }
    return true;
  };
}

interface TableCall {
  request: IncomingMessage;
  response: ServerResponse;
  viewer: Viewer;
  requestScope?: RequestScope;
  table: BiOperation;
  variables: Record<string, unknown>;
  limit?: number;
  format: Format;
}

/** Produces the body's chunks; the first page is fetched before anything is written. */
async function* chunksOf(deps: FeedDeps, call: TableCall): AsyncGenerator<string> {
  const encode = encoder(call.format, call.table.shape.columns);
  const pages = pullPages({ apollo: deps.apollo, viewer: call.viewer, requestScope: call.requestScope, table: call.table, variables: call.variables, limit: call.limit });
  const first = await pages.next();
  yield encode.head();
  if (!first.done) yield encode.rows(first.value.map((node) => flattenRow(node, call.table.shape.columns)));
  for await (const page of pages) yield encode.rows(page.map((node) => flattenRow(node, call.table.shape.columns)));
  yield encode.tail();
}

async function serveTable(deps: FeedDeps, validators: Validators, call: TableCall) {
  const { request, response } = call;
  const key = createHash('sha256')
    .update(canonicalJson([call.table.name, call.table.text, call.format, call.variables, call.limit ?? null, scopeOf(call.viewer)]))
    .digest('hex');
  const conditional = request.headers['if-none-match'] || request.headers['if-modified-since'];
  if (conditional) {
    // Produce the body unsent, to learn its digest: nothing crosses the network if it is unchanged.
    const hash = createHash('sha256');
    for await (const chunk of chunksOf(deps, call)) hash.update(chunk);
    const current = validators.saw(key, digestOf(hash));
    if (notModified(request.headers, current)) {
      response.writeHead(304, { ...validatorHeaders(current), 'cache-control': 'private, no-cache' });
      response.end();
      return;
    }
  }
  const announced = validators.get(key);
  const hash = createHash('sha256');
  const chunks = chunksOf(deps, call);
  const head = await chunks.next(); // the first page: refusals are still proper HTTP errors here
  response.writeHead(200, {
    'content-type': FORMATS[call.format],
    'cache-control': 'private, no-cache',
    vary: 'authorization',
    ...(call.format === 'csv' ? { 'content-disposition': `inline; filename="${call.table.name}.csv"` } : {}),
    ...validatorHeaders(announced),
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  if (!head.done) {
    hash.update(head.value);
    await write(response, head.value);
  }
  for await (const chunk of chunks) {
    if (response.destroyed) return;
    hash.update(chunk);
    await write(response, chunk);
  }
  const digest = digestOf(hash);
  validators.saw(key, digest);
  // A body that does not match the ETag announced for it must not complete (see etag.ts).
  if (announced && announced.etag !== digest) response.destroy();
  else response.end();
}
