// Entity fetches of concurrent requests joined into one subgraph request: only between requests
// that could share a fetch but for their representations, never for an operation that reads
// audited data, and each request gets exactly its own part of the answer.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { scopeFromHeaders, type RequestScope, type Viewer } from '@pleiadi/kit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SubgraphWrites } from '../src/cache/subgraph-writes.ts';
import type { GatewayContext } from '../src/context.ts';
import { requestIdentity } from '../src/identity/request-identity.ts';
import { SubgraphDataSource, type SubgraphFetchOptions } from '../src/subgraphs/data-source.ts';
import { BATCH_REPRESENTATIONS, partOf } from '../src/subgraphs/entity-batches.ts';
import { DEFAULT_RESILIENCE, subgraphPolicies } from '../src/subgraphs/resilience.ts';
import { LONG_STRING } from '../src/subgraphs/verbatim.ts';

// A subgraph that answers each representation with its id and the token that asked, an error for
// the id "bad", an error naming no entity when any id is "boom", and 503 when any is "down"; it
// records every request.
const received: { authorization?: string; traceparent?: string; ids: string[] }[] = [];
const server = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    const ids = (JSON.parse(body) as { variables: { representations: { id: string }[] } }).variables.representations.map((r) => r.id);
    received.push({ authorization: request.headers.authorization, traceparent: request.headers.traceparent as string | undefined, ids });
    const answer = ids.includes('boom')
      ? { data: null, errors: [{ message: 'the partner could not answer', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }
      : {
          data: { _entities: ids.map((id) => (id === 'bad' ? null : { id, seenBy: request.headers.authorization })) },
          errors: ids.flatMap((id, i) => (id === 'bad' ? [{ message: 'no such thing', path: ['_entities', i, 'name'] }] : [])),
        };
    setTimeout(() => {
      if (ids.includes('down')) return response.writeHead(503).end();
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer));
    }, 30);
  });
});
let url = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received.length = 0;
});

const QUERY = 'query Town__stub__1($representations: [_Any!]!) { _entities(representations: $representations) { ... on Thing { id seenBy } } }';
const OPERATION = 'query Town($code: String!) { municipality(istatCode: $code) { thing { id seenBy } } }';
const OPERATOR: Viewer = { role: 'partner', partnerId: 'arcolaio', ambit: 'BOLOGNA', purpose: 'case-coordination', subject: 'operator@ats' };

interface Asking {
  viewer?: Viewer;
  token?: string;
  ids: string[];
  readsAuditedData?: boolean;
  mutation?: boolean;
  operation?: string;
  /** The request's id and trace, as the HTTP front puts them in the context. */
  requestScope?: RequestScope;
}
const asking = (given: Asking) => {
  const { viewer = OPERATOR, token = 'operator', ids, mutation = false, operation = OPERATION, requestScope } = given;
  const identity = requestIdentity({ source: operation, operation: undefined, variables: { code: ids.join() }, viewer });
  // Not said: read nothing audited. Said undefined: not known.
  const readsAuditedData = 'readsAuditedData' in given ? given.readsAuditedData : false;
  const context: GatewayContext = { viewer, internalToken: token, fetchedSubgraphs: new Set(), identity, readsAuditedData, requestScope };
  return {
    kind: 'incoming operation',
    incomingRequestContext: { operation: { operation: mutation ? 'mutation' : 'query' } },
    request: { query: QUERY, variables: { representations: ids.map((id) => ({ __typename: 'Thing', id })) }, http: { method: 'POST', url, headers: new Map() } },
    context,
  } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>;
};
const dataSource = (optimise?: SubgraphFetchOptions) => new SubgraphDataSource('stub', url, subgraphPolicies({ ...DEFAULT_RESILIENCE, retries: 0 }), new SubgraphWrites(), optimise);
type Answer = Awaited<ReturnType<SubgraphDataSource['process']>>;
const ids = (answer: Answer) => (answer.data as { _entities: ({ id: string } | null)[] })._entities.map((e) => e?.id ?? null);
const all = (source: SubgraphDataSource, requests: Asking[]) => Promise.all(requests.map((r) => source.process(asking(r))));

describe('entity batching', () => {
  it('sends the entity fetches of one caller’s concurrent requests as one, each answered with its own entities', async () => {
    const [a, b, c] = await all(dataSource(), [{ ids: ['1', '2'] }, { ids: ['3'] }, { ids: ['2', '4'] }]);
    expect(received).toHaveLength(1);
    expect(received[0].ids).toEqual(['1', '2', '3', '2', '4']);
    expect(ids(a)).toEqual(['1', '2']);
    expect(ids(b)).toEqual(['3']);
    expect(ids(c)).toEqual(['2', '4']);
    // No two requests hold the same object: the gateway merges later fetches into what it gets.
    expect((a.data as { _entities: object[] })._entities[1]).not.toBe((c.data as { _entities: object[] })._entities[0]);
  });

  it('gives each request the errors about its own entities, renumbered', async () => {
    const [a, b] = await all(dataSource(), [{ ids: ['1', 'bad'] }, { ids: ['bad', '3', 'bad'] }]);
    expect(received).toHaveLength(1);
    expect(ids(a)).toEqual(['1', null]);
    expect(a.errors?.map((e) => e.path)).toEqual([['_entities', 1, 'name']]);
    expect(ids(b)).toEqual([null, '3', null]);
    expect(b.errors?.map((e) => e.path)).toEqual([['_entities', 0, 'name'], ['_entities', 2, 'name']]);

  });

  it('asks each request again alone when an error names no entity, to report what it would alone', async () => {
    const [a, b] = await all(dataSource(), [{ ids: ['1'] }, { ids: ['boom'] }]);
    expect(received.map((r) => r.ids)).toEqual([['1', 'boom'], ['1'], ['boom']]);
    expect(ids(a)).toEqual(['1']);
    expect(a.errors ?? []).toEqual([]);
    expect(b.data).toBeNull();
    expect(b.errors?.map((e) => e.message)).toEqual(['the partner could not answer']);
  });

  it('sends a batch in its first request\u2019s trace, and a request asked again alone in its own', async () => {
    const source = dataSource();
    const traced = (traceId: string, ids: string[]) => source.process(asking({ ids, requestScope: scopeFromHeaders('gateway', `00-${traceId}-${'1'.repeat(16)}-01`) }));
    const [first, second] = ['a'.repeat(32), 'b'.repeat(32)];
    await Promise.all([traced(first, ['1']), traced(second, ['boom'])]);
    const traceOf = (r: (typeof received)[number]) => r.traceparent?.split('-')[1];
    expect(received.map((r) => [r.ids, traceOf(r)])).toEqual([
      [['1', 'boom'], first],
      [['1'], first],
      [['boom'], second],
    ]);
  });

  it('gives the partner\u2019s failure to every request of the batch, without asking again', async () => {
    const [a, b] = await all(dataSource(), [{ ids: ['1'] }, { ids: ['down'] }]);
    expect(received).toHaveLength(1);
    for (const answer of [a, b]) expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['SUBGRAPH_UNAVAILABLE']);
    expect(a.errors![0]).not.toBe(b.errors![0]);
  });

  it('gives a request that joins a batched request’s fetch that request’s part, not the batch', async () => {
    const [a, sameAsA, b] = await all(dataSource(), [{ ids: ['1'] }, { ids: ['1'] }, { ids: ['2'] }]);
    expect(received).toHaveLength(1);
    expect(received[0].ids).toEqual(['1', '2']);
    expect(ids(a)).toEqual(['1']);
    expect(ids(sameAsA)).toEqual(['1']);
    expect(ids(b)).toEqual(['2']);
    expect(sameAsA.data).not.toBe(a.data);
  });

  it('never joins what the subgraph authorises or audits apart', async () => {
    const other = { ...OPERATOR, subject: 'colleague@ats' };
    await all(dataSource(), [{ ids: ['1'] }, { ids: ['2'], viewer: other, token: 'colleague' }, { ids: ['3'], viewer: { ...OPERATOR, purpose: 'reporting' }, token: 'reporting' }]);
    expect(received.map((r) => r.authorization).sort()).toEqual(['Bearer colleague', 'Bearer operator', 'Bearer reporting']);

    received.length = 0;
    await all(dataSource(), [{ ids: ['1'] }, { ids: ['2'], operation: 'query Other($code: String!) { municipality(istatCode: $code) { name } }' }]);
    expect(received).toHaveLength(2); // another operation: the subgraphs' audit trails name it

    for (const audited of [true, undefined]) {
      received.length = 0;
      await all(dataSource(), [{ ids: ['1'], readsAuditedData: audited }, { ids: ['2'], readsAuditedData: audited }]);
      expect(received).toHaveLength(2); // personal data read: each request keeps its own audit record
    }

    received.length = 0;
    await all(dataSource(), [{ ids: ['1'], mutation: true }, { ids: ['2'], mutation: true }]);
    expect(received).toHaveLength(2);

    received.length = 0;
    await all(dataSource({ batchEntities: false }), [{ ids: ['1'] }, { ids: ['2'] }]);
    expect(received).toHaveLength(2);
  });

  it('keeps a batch open a moment while the subgraph is busy, never when it is idle', async () => {
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
    const idle = dataSource();
    const a = idle.process(asking({ ids: ['1'] }));
    await nextTurn();
    await Promise.all([a, idle.process(asking({ ids: ['2'] }))]);
    expect(received.map((r) => r.ids)).toEqual([['1'], ['2']]);

    received.length = 0;
    const busy = dataSource();
    const other = busy.process(asking({ ids: ['x'], operation: 'query Other($code: String!) { municipality(istatCode: $code) { name } }' }));
    await nextTurn(); // in flight now
    const b = busy.process(asking({ ids: ['1'] }));
    await nextTurn();
    await Promise.all([other, b, busy.process(asking({ ids: ['2'] }))]);
    expect(received.map((r) => r.ids)).toEqual([['x'], ['1', '2']]);
  });

  it('sends a fetch alone when its representations would make the batch too large', async () => {
    const many = Array.from({ length: BATCH_REPRESENTATIONS - 1 }, (_, i) => `m${i}`);
    const [a, b, c] = await all(dataSource(), [{ ids: many }, { ids: ['x', 'y'] }, { ids: ['z'] }]);
    expect(received.map((r) => r.ids).sort((p, q) => q.length - p.length)).toEqual([many, ['x', 'y', 'z']]);
    expect(ids(a)).toEqual(many);
    expect(ids(b)).toEqual(['x', 'y']);
    expect(ids(c)).toEqual(['z']);
  });

  it('notes the long strings of a batched answer for the request whose part holds them', async () => {
    const long = 'QUJD'.repeat(LONG_STRING / 4);
    const first = asking({ ids: [long] });
    const second = asking({ ids: ['short'] });
    const source = dataSource();
    await Promise.all([source.process(first), source.process(second)]);
    expect(received).toHaveLength(1);
    expect((first.context as GatewayContext).verbatimStrings?.has(long)).toBe(true);
    expect((second.context as GatewayContext).verbatimStrings).toBeUndefined();
  });
});

describe('partOf', () => {
  it('slices the entities and keeps the errors that name none', () => {
    const response = {
      data: { _entities: [{ id: 'a' }, { id: 'b' }, null] },
      errors: [
        { message: 'b', path: ['_entities', 1, 'x'] },
        { message: 'c', path: ['_entities', 2] },
        { message: 'whole' },
      ],
      extensions: { note: 1 },
    };
    expect(partOf(response, 1, 2)).toEqual({
      data: { _entities: [{ id: 'b' }, null] },
      errors: [{ message: 'b', path: ['_entities', 0, 'x'] }, { message: 'c', path: ['_entities', 1] }, { message: 'whole' }],
      extensions: { note: 1 },
    });
    expect(partOf(response, 0, 1)).toEqual({ data: { _entities: [{ id: 'a' }] }, errors: [{ message: 'whole' }], extensions: { note: 1 } });
    expect(partOf({ data: { _entities: [{ id: 'a' }] } }, 0, 1)).toEqual({ data: { _entities: [{ id: 'a' }] } });
  });
});
