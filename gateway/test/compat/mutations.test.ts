// Mutations: root fields run in order (across subgraphs), every side effect happens once per
// request — four concurrent identical `add(5)` total 20 — and a query after a mutation sees the
// new state, for every role, with the response cache and fetch sharing on and off. Each run keys
// its own state by a fresh run id (counters, journals, users "run-…"), so runs never interfere.
import { expect } from 'vitest';
import { concurrently, differential, field, scenario, useCompat, type Outcome } from './harness.ts';

const setup = useCompat();

const counter = (run: string) => ({ query: 'query Counter($run: String!) { counter(name: $run) }', variables: { run } });
const add = (run: string, n: number) => ({ query: 'mutation Add($run: String!, $n: Int!) { add(name: $run, n: $n) }', variables: { run, n } });
const numbers = (outcomes: Outcome[], name: string) => outcomes.map((o) => field<number>(o, name) ?? null).sort((a, b) => (a ?? -1) - (b ?? -1));

scenario(
  setup,
  'root mutation fields run one after the other, in document order, across two subgraphs',
  (send, run) =>
    send({
      query: `mutation Ordered($run: String!) {
        a: record(run: $run, entry: "a") b: add(name: $run, n: 1) c: record(run: $run, entry: "c") d: add(name: $run, n: 2) e: record(run: $run, entry: "e")
      }`,
      variables: { run },
    }),
  (o) =>
    expect(o).toEqual({
      status: 200,
      data: { a: ['a'], b: 1, c: ['a', 'add 1 = 1', 'c'], d: 3, e: ['a', 'add 1 = 1', 'c', 'add 2 = 3', 'e'] },
    }),
);

scenario(
  setup,
  'four concurrent identical add(5) each take effect: they return 5, 10, 15, 20 and the counter is 20',
  async (send, run) => {
    const before = field(await send(counter(run)), 'counter');
    const added = await concurrently(send, add(run, 5), 4);
    const after = field(await send(counter(run)), 'counter');
    return { before, returned: numbers(added, 'add'), errors: added.flatMap((o) => o.errors ?? []), after };
  },
  (o) => expect(o).toEqual({ before: 0, returned: [5, 10, 15, 20], errors: [], after: 20 }),
);

scenario(
  setup,
  'the same mutation twice in one document runs twice',
  (send, run) => send({ query: 'mutation Twice($run: String!) { one: add(name: $run, n: 5) two: add(name: $run, n: 5) }', variables: { run } }),
  (o) => expect(o).toEqual({ status: 200, data: { one: 5, two: 10 } }),
);

scenario(
  setup,
  'read after mutation: a cacheable counter (maxAge 60) shows every add',
  async (send, run) => {
    const reads: unknown[] = [];
    reads.push(field(await send(counter(run)), 'counter'));
    reads.push(field(await send(add(run, 3)), 'add'));
    reads.push(field(await send(counter(run)), 'counter'));
    reads.push(field(await send(counter(run)), 'counter'));
    reads.push(field(await send(add(run, 4)), 'add'));
    reads.push(field(await send(counter(run)), 'counter'));
    return reads;
  },
  (o) => expect(o).toEqual([0, 3, 3, 3, 7, 7]),
);

scenario(
  setup,
  'read after mutation, when a read races each mutation: the read after both sees the write',
  // A read that started before the write and is answered after it must not be cached as current.
  async (send, run) => {
    const seen: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      await Promise.all([send(counter(run)), send(add(run, 1)), send(counter(run))]);
      seen.push(field(await send(counter(run)), 'counter'));
    }
    return seen;
  },
  (o) => expect(o).toEqual([1, 2, 3, 4, 5]),
);

scenario(
  setup,
  'read after mutation: a renamed user (cacheable entity) is read back renamed, payload across subgraphs',
  async (send, run) => {
    const read = () => send({ query: 'query User($id: ID!) { user(id: $id) { id name nickname } }', variables: { id: run } });
    const before = await read();
    const renamed = await send({
      query: 'mutation Rename($id: ID!, $name: String!) { rename(id: $id, name: $name) { name reviews { id } } }',
      variables: { id: run, name: `${run} renamed` },
    });
    return { before, renamed, after: await read() };
  },
  (o) =>
    expect(o).toEqual({
      before: { status: 200, data: { user: { id: '<run>', name: 'User <run>', nickname: '<run>-acc' } } },
      renamed: { status: 200, data: { rename: { name: '<run> renamed', reviews: [] } } },
      after: { status: 200, data: { user: { id: '<run>', name: '<run> renamed', nickname: '<run>-acc' } } },
    }),
);

scenario(
  setup,
  'read after mutation: a review added in reviews shows on the product read through catalog',
  async (send, run) => {
    const read = async () => {
      const outcome = await send({ query: '{ productBySku(sku: "S1", package: "box") { name reviews { body } } }' });
      const bodies = field<{ reviews: { body: string }[] }>(outcome, 'productBySku')?.reviews.map((r) => r.body);
      return { status: outcome.status, errors: outcome.errors, mine: bodies?.filter((b) => b.includes(run)) };
    };
    const before = await read();
    const added = await send({
      query: 'mutation Review($body: String!) { addReview(sku: "S1", package: "box", body: $body) { body author { name } product { name inStock } } }',
      variables: { body: `${run} says hi` },
    });
    return { before, added, after: await read() };
  },
  (o) =>
    expect(o).toEqual({
      before: { status: 200, mine: [] },
      added: { status: 200, data: { addReview: { body: '<run> says hi', author: { name: 'Grace Hopper' }, product: { name: 'Lamp', inStock: 5 } } } },
      after: { status: 200, mine: ['<run> says hi'] },
    }),
);

scenario(
  setup,
  'read after mutation: restock changes inStock (inventory, maxAge 30) read through catalog',
  async (send) => {
    const read = async () => field<{ inStock: number }>(await send({ query: '{ product(id: "p3") { name inStock } }' }), 'product')?.inStock ?? NaN;
    const before = await read();
    const restocked = field<{ inStock: number }>(await send({ query: 'mutation { restock(id: "p3", n: 1) { inStock } }' }), 'restock')?.inStock;
    const after = await read();
    return { added: after - before, returnedIsRead: restocked === after };
  },
  (o) => expect(o).toEqual({ added: 1, returnedIsRead: true }),
  // The stock of p3 is shared by every run: one role at a time.
  { sequentialRoles: true },
);

scenario(
  setup,
  'a failing root mutation field between two that succeed: null with its error, the others run',
  (send, run) => send({ query: 'mutation Mixed($run: String!) { a: add(name: $run, n: 1) f: failing b: add(name: $run, n: 2) }', variables: { run } }),
  (o) =>
    expect(o).toEqual({
      status: 200,
      data: { a: 1, f: null, b: 3 },
      errors: [{ message: 'This mutation always fails.', path: ['f'], code: 'MUTATION_FAILED' }],
    }),
);

scenario(
  setup,
  'read after mutation with a side effect in another subgraph: record (reviews) shows in journal (accounts, maxAge 60)',
  // Stock is right here: the gateway cannot know which other subgraphs' answers a mutation changes
  // (a shared database is common); a read-your-writes gateway must not serve the cached journal.
  async (send, run) => {
    const read = async () => field(await send({ query: 'query Journal($run: String!) { journal(run: $run) }', variables: { run } }), 'journal');
    const before = await read();
    await send({ query: 'mutation Record($run: String!) { record(run: $run, entry: "x") }', variables: { run } });
    return { before, after: await read() };
  },
  (o) => expect(o).toEqual({ before: [], after: ['x'] }),
);

scenario(
  setup,
  'read after a mutation that partly failed: the fields that ran are seen',
  async (send, run) => {
    const before = field(await send(counter(run)), 'counter');
    const mixed = await send({ query: 'mutation Partly($run: String!) { add(name: $run, n: 9) failing }', variables: { run } });
    return { before, mixed, after: field(await send(counter(run)), 'counter') };
  },
  (o) =>
    expect(o).toEqual({
      before: 0,
      mixed: { status: 200, data: { add: 9, failing: null }, errors: [{ message: 'This mutation always fails.', path: ['failing'], code: 'MUTATION_FAILED' }] },
      after: 9,
    }),
);

scenario(
  setup,
  'a mutation sent with GET is refused and changes nothing; a query with GET is answered',
  async (send, run) => {
    const refused = await send({ ...add(run, 1), get: true });
    const read = await send({ ...counter(run), get: true });
    return { refused: { status: refused.status, data: refused.data, codes: refused.errors?.map((e) => e.code) }, read };
  },
  (o) => expect(o).toEqual({ refused: { status: 405, data: '<absent>', codes: ['BAD_REQUEST'] }, read: { status: 200, data: { counter: 0 } } }),
);

differential(setup, [
  {
    name: 'a mutation on an entity that does not exist answers null',
    query: 'mutation { restock(id: "nope", n: 1) { id inStock } }',
    stock: (o) => expect(o).toEqual({ status: 200, data: { restock: null } }),
  },
  {
    name: 'a mutation sent as a query is refused',
    query: '{ add(name: "never", n: 1) }',
    stock: (o) => expect(o.errors?.map((e) => e.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']),
  },
]);
