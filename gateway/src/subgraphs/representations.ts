// Each distinct entity representation sent once per `_entities` fetch (a page of 1,000 courses
// names a few dozen municipalities; the subgraph resolves each once), the answers spread back to
// every position that asked for it, errors with them.
export interface SubgraphResponse {
  data?: Record<string, unknown> | null;
  errors?: ResponseError[];
  extensions?: Record<string, unknown>;
}
export type ResponseError = { message: string; path?: readonly (string | number)[] } & Record<string, unknown>;

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

/** Whether an answer to distinct representations can be spread back exactly: every error says which entity it is about. */
export function spreadable(response: SubgraphResponse): boolean {
  return (response.errors ?? []).every((error) => error.path?.[0] === '_entities' && typeof error.path[1] === 'number');
}

/** Spreads an answer to the distinct representations back over the original positions. */
export function spreadEntities(response: SubgraphResponse, positions: readonly number[]): SubgraphResponse {
  const entities = (response.data as { _entities?: unknown[] } | undefined | null)?._entities;
  if (!Array.isArray(entities)) return response;
  const byDistinct = new Map<number, number[]>();
  positions.forEach((at, original) => byDistinct.set(at, [...(byDistinct.get(at) ?? []), original]));
  // In the order a subgraph asked for everything would have reported them: by position.
  const errors = response.errors
    ?.flatMap((error) => {
      const path = error.path!;
      return (byDistinct.get(path[1] as number) ?? []).map((original) => ({ ...error, path: ['_entities', original, ...path.slice(2)] }));
    })
    .sort((a, b) => (a.path[1] as number) - (b.path[1] as number));
  return { ...response, data: { ...response.data, _entities: positions.map((at) => entities[at]) }, ...(errors ? { errors } : {}) };
}
