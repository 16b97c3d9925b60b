// GET of a registered operation without CSRF prevention's preflight header, so curl, a browser
// bookmark or a BI tool's plain GET can run `schema/operations/` by name or by hash.
//
// Apollo Server's CSRF prevention refuses a GET unless it carries a header a browser would
// preflight (`apollo-require-preflight`, `x-apollo-operation-name`, or a non-simple content-type):
// a cross-site page can make a victim's browser send a simple GET with the victim's cookies. Here
// that threat has nothing to act on for a registered operation:
//  - the gateway reads no cookie or other ambient credential: callers authenticate with an
//    `authorization: Bearer` header, which a cross-site form, link or image cannot add (a script
//    adding it triggers a CORS preflight, which the gateway does not grant), so such a GET runs
//    as an anonymous caller — which anyone can be by calling the gateway directly;
//  - a registered operation is a query (checked below), and Apollo never runs a mutation over
//    GET: nothing changes state;
//  - the gateway sends no CORS headers, so the forging page cannot read the answer.
// Everything else (any other text, an unknown hash, every POST) keeps CSRF prevention as it is.
import { HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import { Kind, OperationTypeNode, parse } from 'graphql';
import { operationHash, type Safelist } from './safelist.ts';

/** The header CSRF prevention accepts; its value says why the gateway set it. */
export const PREFLIGHT_HEADER = 'apollo-require-preflight';
export const REGISTERED_GET = 'registered-operation';

interface Registered {
  /** Hash of each registered query (mutations and subscriptions are never exempt). */
  queries: ReadonlySet<string>;
  /** Hash by operation name. */
  byName: ReadonlyMap<string, string>;
}

function registeredQueries(safelist: Safelist): Registered {
  const queries = new Set<string>();
  const byName = new Map<string, string>();
  for (const [hash, text] of safelist) {
    const operation = parse(text).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (operation?.kind !== Kind.OPERATION_DEFINITION || operation.operation !== OperationTypeNode.QUERY) continue;
    queries.add(hash);
    if (operation.name) byName.set(operation.name.value, hash);
  }
  return { queries, byName };
}

/** The persisted-query hash in a GET's `extensions` parameter; undefined if absent or unreadable. */
function hashOf(extensions: string | null): string | undefined {
  if (extensions === null) return undefined;
  try {
    const hash: unknown = (JSON.parse(extensions) as { persistedQuery?: { sha256Hash?: unknown } } | null)?.persistedQuery?.sha256Hash;
    return typeof hash === 'string' ? hash : undefined;
  } catch {
    return undefined;
  }
}

/**
 * For serveHttp's `prepareRequest`: a GET naming a registered query — its exact text as `query`,
 * its hash in `extensions.persistedQuery`, or only its `operationName` (turned into its hash here) —
 * gets the preflight header CSRF prevention asks for. Any other request passes unchanged.
 */
export function registeredGets(safelist: Safelist): (request: HTTPGraphQLRequest) => HTTPGraphQLRequest {
  const registered = registeredQueries(safelist);
  return (request) => {
    if (request.method.toUpperCase() !== 'GET' || registered.queries.size === 0) return request;
    const params = new URLSearchParams(request.search);
    const query = params.get('query');
    const extensions = params.get('extensions');
    let hash = hashOf(extensions);
    if (query !== null) {
      // The text, alone or with its hash: it must be the registered text byte for byte.
      const textHash = operationHash(query);
      if (hash !== undefined && hash !== textHash) return request;
      hash = textHash;
    } else if (extensions === null) {
      // By name only: the registered operation's hash, as a persisted-query client would send it.
      const name = params.get('operationName');
      hash = name === null ? undefined : registered.byName.get(name);
      if (hash) params.set('extensions', JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }));
    }
    if (hash === undefined || !registered.queries.has(hash)) return request;
    const headers = new HeaderMap();
    for (const [key, value] of request.headers) headers.set(key, value);
    headers.set(PREFLIGHT_HEADER, REGISTERED_GET);
    return { ...request, headers, search: `?${params.toString()}` };
  };
}
