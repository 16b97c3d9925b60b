// A small node:http front for Apollo Server: /graphql, /health, a request body limit. Used by
// every subgraph and by the gateway, so they behave the same on the wire.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';

export const DEFAULT_BODY_LIMIT_BYTES = 1_000_000;

export interface HttpOptions<Ctx extends BaseContext> {
  apollo: ApolloServer<Ctx>;
  /** Builds the request context; may throw a GraphQLError (e.g. UNAUTHENTICATED) to refuse the request. */
  context: (request: IncomingMessage, body: unknown) => Promise<Ctx>;
  health: () => Promise<{ ok: boolean } & Record<string, unknown>>;
  bodyLimitBytes?: number;
  /** The body limit of one request, decided from its headers before the body is read (overrides bodyLimitBytes). */
  bodyLimitOf?: (request: IncomingMessage) => Promise<number>;
  port?: number;
  host?: string;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

async function readBody(request: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

function errorBody(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}

export async function serveHttp<Ctx extends BaseContext>(options: HttpOptions<Ctx>): Promise<RunningHttpServer> {
  const defaultLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/health') {
      const health = await options.health().catch((error: unknown) => ({ ok: false, error: String(error) }));
      return sendJson(response, health.ok ? 200 : 503, health);
    }
    if (url.pathname !== '/graphql' && url.pathname !== '/') {
      return sendJson(response, 404, errorBody('Not found: the graph is served at /graphql.', 'NOT_FOUND'));
    }
    const limit = options.bodyLimitOf ? await options.bodyLimitOf(request) : defaultLimit;
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > limit) {
      return sendJson(response, 413, errorBody(`Request body over ${limit} bytes.`, 'PAYLOAD_TOO_LARGE'));
    }
    let raw: string;
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
    let body: unknown = raw;
    if (raw && (headers.get('content-type') ?? '').includes('application/json')) {
      try {
        body = JSON.parse(raw);
      } catch {
        return sendJson(response, 400, errorBody('The request body is not valid JSON.', 'BAD_REQUEST'));
      }
    }
    const result = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body },
      context: () => options.context(request, body),
    });
    for (const [key, value] of result.headers) response.setHeader(key, value);
    response.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      response.end(result.body.string);
    } else {
      for await (const chunk of result.body.asyncIterator) response.write(chunk);
      response.end();
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) sendJson(response, 500, errorBody('Internal server error.', 'INTERNAL_SERVER_ERROR'));
      else response.end();
    });
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/graphql`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
