// The upload door: `POST /import/<subgraph>/<table>` forwards a partner operator's file, streamed,
// to that partner's own subgraph (`POST /import/<table>`), which alone decides whether this caller
// owns the data and writes it to its own database and audit trail. The gateway checks the caller's
// token (a partner operator with the purpose `import`), signs the internal token the subgraphs
// trust, and once rows were written clears its response cache so that the next answers read them.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { sendError, signInternalToken, type HttpRoute, type Viewer } from '@pleiadi/kit';
import type { GraphQLError } from 'graphql';
import { viewerOf, type AuthConfig } from '../auth/caller.ts';

export const IMPORT_PURPOSE = 'import';

export interface ImportRouteOptions {
  auth: AuthConfig;
  internalSecret: string;
  /** The subgraph's GraphQL URL by name (the registry follows supergraph reloads). */
  subgraphUrl: (name: string) => string | undefined;
  /** Called after an import stored changes: the cached answers may be stale. */
  onImported: (subgraph: string) => void;
}

/** What the gateway reads of the subgraph's answer; the rest is passed through untouched. */
interface ImportAnswer {
  committed?: boolean;
  inserted?: number;
  updated?: number;
}

async function callerOf(request: IncomingMessage, response: ServerResponse, auth: AuthConfig): Promise<Viewer | undefined> {
  try {
    return await viewerOf(request.headers.authorization, auth);
  } catch (error) {
    const e = error as GraphQLError;
    sendError(response, 401, String(e.extensions?.code ?? 'UNAUTHENTICATED'), e.message);
    return undefined;
  }
}

export function importRoute(options: ImportRouteOptions): HttpRoute {
  return async (request, response, url) => {
    const match = /^\/import\/([a-z0-9-]+)\/([a-z_-]+)$/.exec(url.pathname);
    if (!match) return false;
    if (request.method !== 'POST') {
      sendError(response, 405, 'METHOD_NOT_ALLOWED', 'Upload the file with POST.', { allow: 'POST' });
      return true;
    }
    const viewer = await callerOf(request, response, options.auth);
    if (!viewer) return true;
    if (viewer.role !== 'partner' || viewer.purpose !== IMPORT_PURPOSE) {
      sendError(response, 403, 'FORBIDDEN', `Imports are for a partner's own operators with the purpose "${IMPORT_PURPOSE}" (token role partner, purpose ${IMPORT_PURPOSE}).`);
      return true;
    }
    const [, subgraph, table] = match;
    const graphqlUrl = options.subgraphUrl(subgraph);
    if (!graphqlUrl) {
      sendError(response, 404, 'NOT_FOUND', `No subgraph named ${subgraph}.`);
      return true;
    }
    const target = new URL(`/import/${table}`, graphqlUrl);
    target.search = url.search;
    const headers: Record<string, string> = {
      authorization: `Bearer ${signInternalToken({ ...viewer, operationName: `import:${table}` }, options.internalSecret)}`,
    };
    for (const name of ['content-type', 'content-length']) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    let answer: Response;
    try {
      answer = await fetch(target, {
        method: 'POST',
        headers,
        body: Readable.toWeb(request) as ReadableStream,
        duplex: 'half',
      } as RequestInit);
    } catch {
      sendError(response, 502, 'SUBGRAPH_UNAVAILABLE', `The ${subgraph} subgraph could not be reached; nothing was imported through this request.`);
      return true;
    }
    const body = await answer.text();
    if (answer.ok) {
      let parsed: ImportAnswer = {};
      try {
        parsed = JSON.parse(body) as ImportAnswer;
      } catch {
        // Passed through as the subgraph sent it.
      }
      if (parsed.committed && (parsed.inserted ?? 0) + (parsed.updated ?? 0) > 0) options.onImported(subgraph);
    }
    response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json; charset=utf-8' });
    response.end(body);
    return true;
  };
}
