// How the gateway calls a subgraph. Besides vouching for the caller with the internal token and
// turning an unreachable subgraph into an error naming it, three things that make fetches cheaper:
//  - Node's own fetch (undici, keep-alive pool) instead of the data source's default client;
//  - each distinct entity representation sent once per `_entities` fetch (a page of 1,000
//    courses names a few dozen municipalities; the subgraph resolves each once), answers
//    spread back to every position that asked for it;
//  - identical fetches in flight at the same moment share one request, but only when everything
//    the subgraph authorises and audits by is equal: the same claims (role, partner, ambit,
//    purpose, subject, operation) and the same query and variables. Two callers never share.
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { createLogger, type Viewer } from '@pleiadi/kit';
import type { GatewayContext } from '../context.ts';

const log = createLogger('gateway');

type Response = Awaited<ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']>>;
type ResponseError = { path?: readonly (string | number)[] } & Record<string, unknown>;

/** The claims a subgraph decides and audits by: fetches that differ in any of them never share. */
export function sharingKey(subgraph: string, viewer: Viewer, request: { query?: string; variables?: Record<string, unknown> }): string {
  const { role, partnerId, ambit, purpose, subject, operationName, operationHash } = viewer;
  return JSON.stringify([subgraph, role, partnerId, ambit, purpose, subject, operationName, operationHash, request.query, request.variables ?? null]);
}

/** Distinct representations and, for each original position, the index of its distinct one. */
export function distinctRepresentations(representations: readonly unknown[]): { distinct: unknown[]; positions: number[] } {
  const index = new Map<string, number>();
  const distinct: unknown[] = [];
  const positions = representations.map((representation) => {
    const key = JSON.stringify(representation);
    let at = index.get(key);
    if (at === undefined) {
      index.set(key, (at = distinct.length));
      distinct.push(representation);
    }
    return at;
  });
  return { distinct, positions };
}

/** Spreads an answer to the distinct representations back over the original positions. */
export function spreadEntities(response: Response, positions: readonly number[]): Response {
  const entities = (response.data as { _entities?: unknown[] } | undefined | null)?._entities;
  if (!Array.isArray(entities)) return response;
  const byDistinct = new Map<number, number[]>();
  positions.forEach((at, original) => byDistinct.set(at, [...(byDistinct.get(at) ?? []), original]));
  const errors = (response.errors as ResponseError[] | undefined)?.flatMap((error) => {
    const path = error.path;
    if (!path || path[0] !== '_entities' || typeof path[1] !== 'number') return [error];
    return (byDistinct.get(path[1]) ?? []).map((original) => ({ ...error, path: ['_entities', original, ...path.slice(2)] }));
  });
  return { ...response, data: { ...response.data, _entities: positions.map((at) => entities[at]) }, ...(errors ? { errors } : {}) } as Response;
}

/** Each of the optimisations, on by default; the benchmark turns them off one by one to weigh them. */
export interface SubgraphFetchOptions {
  nativeFetch?: boolean;
  distinctRepresentations?: boolean;
  shareInFlight?: boolean;
}

export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly inFlight = new Map<string, Promise<Response>>();

  constructor(
    private readonly name: string,
    url: string,
    private readonly optimise: SubgraphFetchOptions = {},
  ) {
    super({ url, ...(optimise.nativeFetch !== false && { fetcher: globalThis.fetch as never }) });
  }

  // Subgraphs trust only the gateway's own short-lived token, never the caller's.
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    if ('internalToken' in context && context.internalToken) request.http?.headers.set('authorization', `Bearer ${context.internalToken}`);
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<Response> {
    const representations = options.request.variables?.representations;
    if (this.optimise.distinctRepresentations !== false && Array.isArray(representations) && representations.length > 1) {
      const { distinct, positions } = distinctRepresentations(representations);
      if (distinct.length < representations.length) {
        const request = { ...options.request, variables: { ...options.request.variables, representations: distinct } };
        return spreadEntities(await this.shared({ ...options, request } as GraphQLDataSourceProcessOptions<GatewayContext>), positions);
      }
    }
    return this.shared(options);
  }

  private shared(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<Response> {
    const viewer = 'viewer' in options.context ? options.context.viewer : undefined;
    if (!viewer || this.optimise.shareInFlight === false) return this.fetchOnce(options);
    const key = sharingKey(this.name, viewer, options.request);
    const pending = this.inFlight.get(key);
    // Whoever joins gets its own copy: the gateway merges later fetches into what it receives.
    if (pending) return pending.then((response) => structuredClone(response));
    const fetched = this.fetchOnce(options).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, fetched);
    return fetched;
  }

  // A subgraph that cannot be reached makes only its own fields fail, with an error naming it.
  private async fetchOnce(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<Response> {
    try {
      return await super.process(options);
    } catch (error) {
      if ((error as { extensions?: { code?: string } }).extensions?.code) throw error;
      log.warn(`subgraph ${this.name} unreachable: ${(error as Error).message}`);
      return {
        errors: [
          {
            message: `The ${this.name} subgraph is unavailable; its fields are missing from this response.`,
            extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: this.name },
          },
        ],
      } as Response;
    }
  }
}
