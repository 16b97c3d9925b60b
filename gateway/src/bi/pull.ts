// Runs a registered operation page by page through Apollo Server's own pipeline
// (`executeOperation` with the caller's context: limits, safelist, contract, personal-data policy,
// identity and internal token, response cache, subgraph audit) — a feed is another door to the
// same graph, never a side channel. Yields one page of nodes at a time, so memory holds one page.
import type { ApolloServer } from '@apollo/server';
import type { RequestScope, Viewer } from '@pleiadi/kit';
import { initialContext, type GatewayContext } from '../context.ts';
import { FeedError } from '../auth/bi-keys.ts';
import type { BiOperation } from './operations.ts';
import { valueAt } from './table-shape.ts';

/** Page sizes tried in turn: the largest the subgraphs take, smaller while the cost limit refuses. */
const PAGE_SIZES = [500, 200, 100, 50, 20];

export interface PullRequest {
  apollo: ApolloServer<GatewayContext>;
  viewer: Viewer;
  /** The feed request's id and trace, which its subgraph requests carry. */
  requestScope?: RequestScope;
  table: BiOperation;
  variables: Record<string, unknown>;
  limit?: number;
}

interface GraphQLErrorShape {
  message: string;
  extensions?: { code?: string };
}

/** A refusal or failure reported by the graph, with the HTTP status it answered. */
export class GraphError extends FeedError {
  constructor(
    status: number,
    readonly errors: readonly GraphQLErrorShape[],
  ) {
    super(status, String(errors[0]?.extensions?.code ?? 'INTERNAL_SERVER_ERROR'), errors[0]?.message ?? 'The graph refused the request.');
  }
}

/** One execution of the operation as the caller; a refusal or error is thrown as a GraphError. */
export async function runOperation(request: PullRequest, variables: Record<string, unknown>) {
  const response = await request.apollo.executeOperation(
    { query: request.table.text, operationName: request.table.name, variables },
    { contextValue: initialContext(request.viewer, request.requestScope) },
  );
  if (response.body.kind !== 'single') throw new FeedError(500, 'INTERNAL_SERVER_ERROR', 'Incremental delivery is not supported by the feeds.');
  const { data, errors } = response.body.singleResult;
  if (errors?.length) throw new GraphError(response.http.status ?? (data ? 502 : 400), errors as GraphQLErrorShape[]);
  return data;
}

/** The first page is small, so the first bytes leave soon; then pages as large as the graph takes. */
const FIRST_PAGE_SIZE = 100;

export async function* pullPages(request: PullRequest): AsyncGenerator<unknown[]> {
  const { shape } = request.table;
  const connection = shape.connection;
  let remaining = request.limit ?? Infinity;
  if (remaining === 0) return;
  if (!connection) {
    const data = await runOperation(request, request.variables);
    const rows = shape.rowPath.length ? valueAt(data, shape.rowPath) : data;
    const list = Array.isArray(rows) ? rows : rows == null ? [] : [rows];
    yield list.slice(0, remaining);
    return;
  }
  let sizeIndex = 0;
  // One page, at the largest size the cost limit lets through (the operation's own `first` if it
  // has no $first variable).
  const fetchPage = async (after: string | null, cap: number) => {
    for (;;) {
      const first = Math.min(PAGE_SIZES[sizeIndex], cap);
      const variables = { ...request.variables, [connection.afterVariable]: after, ...(connection.firstVariable ? { [connection.firstVariable]: first } : {}) };
      try {
        return await runOperation(request, variables);
      } catch (error) {
        if (error instanceof GraphError && error.code === 'QUERY_TOO_COSTLY' && sizeIndex < PAGE_SIZES.length - 1) sizeIndex += 1;
        else throw error;
      }
    }
  };
  // The next page is asked for while the current one is written out: the subgraphs work while the
  // client reads. At most two pages are held.
  // Marked handled at once (a failure surfaces where it is awaited), so a page failing while the
  // previous one is still being written is not an unhandled rejection.
  const ask = (after: string | null, cap: number) => {
    const promise = fetchPage(after, cap);
    promise.catch(() => {});
    return promise;
  };
  let pending: Promise<unknown> | undefined = ask(null, Math.min(FIRST_PAGE_SIZE, remaining));
  while (pending) {
    const data = await pending;
    pending = undefined;
    const nodes = (valueAt(data, shape.rowPath) as unknown[] | null) ?? [];
    const page = nodes.slice(0, remaining);
    remaining -= page.length;
    const info = valueAt(data, [...connection.path, 'pageInfo']) as { hasNextPage?: boolean; endCursor?: string | null } | null;
    if (remaining > 0 && info?.hasNextPage && info.endCursor && nodes.length) pending = ask(info.endCursor, remaining);
    // A client gone mid-pull ends the generator here; the page in flight, if any, is dropped.
    if (page.length) yield page;
  }
}
