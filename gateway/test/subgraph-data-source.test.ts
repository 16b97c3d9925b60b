// The subgraph fetch optimisations: identical in-flight fetches shared only between identical
// callers, and each distinct entity representation sent once with answers spread back.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Viewer } from '@pleiadi/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayContext } from '../src/context.ts';
import { SubgraphWrites } from '../src/cache/subgraph-writes.ts';
import { requestIdentity } from '../src/identity/request-identity.ts';
import { requestBody, sharingKey, SubgraphDataSource } from '../src/subgraphs/data-source.ts';
import { distinctRepresentations, spreadEntities } from '../src/subgraphs/representations.ts';
import { DEFAULT_RESILIENCE, subgraphPolicies } from '../src/subgraphs/resilience.ts';

// A slow subgraph that answers each representation with its own id, and records what it got.
let url = '';
const received: { authorization?: string; representations: unknown[] }[] = [];
const server = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    const { variables } = JSON.parse(body) as { variables: { representations: { id: string }[] } };
    received.push({ authorization: request.headers.authorization, representations: variables.representations });
    setTimeout(() => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({
        data: { _entities: variables.representations.map((r) => (r.id === 'bad' ? null : { id: r.id, seenBy: request.headers.authorization })) },
        errors: variables.representations.flatMap((r, i) => (r.id === 'bad' ? [{ message: 'no such thing', path: ['_entities', i, 'name'] }] : [])),
      }));
    }, 50);
  });
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const QUERY = 'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Thing { id } } }';
const options = (viewer: Viewer, token: string, ids: string[]) =>
  ({
    kind: 'incoming operation',
    incomingRequestContext: { operation: { operation: 'query' } },
    request: { query: QUERY, variables: { representations: ids.map((id) => ({ __typename: 'Thing', id })) }, http: { method: 'POST', url, headers: new Map() } },
    context: { viewer, internalToken: token, fetchedSubgraphs: new Set(), identity: identityOf(viewer) } satisfies GatewayContext,
  }) as unknown as GraphQLDataSourceProcessOptions<GatewayContext>;

const identityOf = (viewer: Viewer) => requestIdentity({ source: QUERY, operation: undefined, variables: {}, viewer });
const dataSource = () => new SubgraphDataSource('stub', url, subgraphPolicies(DEFAULT_RESILIENCE), new SubgraphWrites());
const keyOf = (viewer: Viewer, request: { query: string; variables?: Record<string, unknown> }) => sharingKey({ viewer, identity: identityOf(viewer) }, requestBody(request));

const REPORTING: Viewer = { role: 'partner', partnerId: 'cpia-bologna', purpose: 'reporting', subject: 'a', operationHash: 'h' };
const COORDINATING: Viewer = { ...REPORTING, purpose: 'case-coordination' };

describe('a subgraph data source', () => {
  it('shares one fetch between identical callers asking the same thing at the same moment', async () => {
    const source = dataSource();
    received.length = 0;
    const [a, b] = await Promise.all([source.process(options(REPORTING, 't1', ['1'])), source.process(options(REPORTING, 't1', ['1']))]);
    expect(received).toHaveLength(1);
    expect(a.data).toEqual(b.data);
    expect(a.data).not.toBe(b.data); // each gets its own copy to merge into, all the way down
    const firstEntity = (response: typeof a) => (response.data as { _entities: object[] })._entities[0];
    expect(firstEntity(a)).not.toBe(firstEntity(b));
  });

  it('reads answers as the subgraph wrote them, ASCII or not', async () => {
    const ids = ['QUJD+/='.repeat(50_000), 'Forlì–Cesena «PLEIADI» ✓', 'Sant’Agata'];
    const answer = await dataSource().process(options(REPORTING, 't1', ids));
    expect((answer.data as { _entities: { id: string }[] })._entities.map((e) => e.id)).toEqual(ids);
  });

  it('carries a long string of one answer into the next request as it arrived', async () => {
    const source = dataSource();
    const long = 'QUJD+/='.repeat(20_000);
    const first = options(REPORTING, 't1', [long]);
    await source.process(first);
    const context = first.context as GatewayContext;
    expect(context.verbatimStrings?.has(long)).toBe(true);
    received.length = 0;
    const next = options(REPORTING, 't1', [long, 'other']);
    Object.assign(next.context as GatewayContext, { verbatimStrings: context.verbatimStrings });
    const answer = await source.process(next);
    expect(received[0].representations).toEqual([{ __typename: 'Thing', id: long }, { __typename: 'Thing', id: 'other' }]);
    expect((answer.data as { _entities: { id: string }[] })._entities.map((e) => e.id)).toEqual([long, 'other']);
  });

  it('shares fetches carrying equal long strings, and only those', async () => {
    const long = 'QUJD+/='.repeat(20_000);
    const copy = JSON.parse(JSON.stringify(long)) as string;
    const changed = `Q${long.slice(1, 1000)}X${long.slice(1001)}`; // the same length and samples
    const carrying = (id: string) => {
      const o = options(REPORTING, 't1', [id]);
      (o.context as GatewayContext).verbatimStrings = new Set([id]);
      return o;
    };
    const source = dataSource();
    received.length = 0;
    await Promise.all([source.process(carrying(long)), source.process(carrying(copy))]);
    expect(received).toHaveLength(1);
    received.length = 0;
    const [a, b] = await Promise.all([source.process(carrying(long)), source.process(carrying(changed))]);
    expect(received).toHaveLength(2);
    expect((b.data as { _entities: { id: string }[] })._entities[0].id).toBe(changed);
    expect((a.data as { _entities: { id: string }[] })._entities[0].id).toBe(long);
  });

  it('never shares between callers who differ in any claim, even with the same query', async () => {
    const source = dataSource();
    received.length = 0;
    const [reporting, coordinating] = await Promise.all([source.process(options(REPORTING, 'token-reporting', ['1'])), source.process(options(COORDINATING, 'token-coordinating', ['1']))]);
    expect(received.map((r) => r.authorization).sort()).toEqual(['Bearer token-coordinating', 'Bearer token-reporting']);
    expect((reporting.data as { _entities: { seenBy: string }[] })._entities[0].seenBy).toBe('Bearer token-reporting');
    expect((coordinating.data as { _entities: { seenBy: string }[] })._entities[0].seenBy).toBe('Bearer token-coordinating');
    for (const other of [{ ...REPORTING, subject: 'b' }, { ...REPORTING, partnerId: 'ial-er' }, { ...REPORTING, ambit: 'BOLOGNA' }, { ...REPORTING, role: 'bi' as const }]) {
      expect(keyOf(other, { query: QUERY })).not.toBe(keyOf(REPORTING, { query: QUERY }));
    }
    const otherOperation = { viewer: REPORTING, identity: requestIdentity({ source: '{ other }', operation: undefined, variables: {}, viewer: REPORTING }) };
    expect(sharingKey(otherOperation, requestBody({ query: QUERY }))).not.toBe(keyOf(REPORTING, { query: QUERY }));
    expect(keyOf(REPORTING, { query: QUERY, variables: { a: 1 } })).not.toBe(keyOf(REPORTING, { query: QUERY, variables: { a: 2 } }));
  });

  it('sends each distinct representation once and answers every position, errors included', async () => {
    const source = dataSource();
    received.length = 0;
    const response = await source.process(options(REPORTING, 't', ['1', '2', '1', 'bad', '2', 'bad']));
    expect(received[0].representations).toEqual(['1', '2', 'bad'].map((id) => ({ __typename: 'Thing', id })));
    expect((response.data as { _entities: ({ id: string } | null)[] })._entities.map((e) => e?.id ?? null)).toEqual(['1', '2', '1', null, '2', null]);
    expect(response.errors?.map((e) => e.path)).toEqual([['_entities', 3, 'name'], ['_entities', 5, 'name']]);
  });

  it('keeps the order of first appearance', () => {
    expect(distinctRepresentations([{ a: 2 }, { a: 1 }, { a: 2 }])).toEqual({ distinct: [{ a: 2 }, { a: 1 }], positions: [0, 1, 0] });
    const same = { data: { other: 1 } };
    expect(spreadEntities(same as never, [0])).toBe(same);
  });
});
