// The response cache against the subgraphs' cache hints (Cache-Control, as Apollo Server's
// cache-control plugin computes it from @cacheControl): what a subgraph says not to cache (no
// hint: max-age 0) is fresh on every request, as through stock; an answer past its max-age is
// fetched again; a mutation through the gateway evicts cached answers of the subgraphs it touched.
// (A cached answer within its max-age may legitimately differ from stock's: not compared.)
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { field, ROLES, scenario, useCompat, type Role, type Send } from './harness.ts';

const setup = useCompat();

/** Asks twice, `pause` ms apart: was the second answer computed anew? */
const twice = async (send: Send, query: string, pick: (data: unknown) => number, pause = 0) => {
  const first = await send({ query });
  if (pause) await sleep(pause);
  const second = await send({ query });
  return { errors: [...(first.errors ?? []), ...(second.errors ?? [])], fresh: pick(second.data) > pick(first.data) };
};
const tick = (data: unknown) => (data as { tick?: number; slowTick?: number } | null)?.tick ?? (data as { slowTick?: number } | null)?.slowTick ?? NaN;

scenario(
  setup,
  'a field without a cache hint (max-age 0) is resolved anew on every request',
  (send) => twice(send, '{ tick }', tick),
  (o) => expect(o).toEqual({ errors: [], fresh: true }),
);

scenario(
  setup,
  'a cacheable field next to one without a hint: the response is not cacheable',
  (send) => twice(send, '{ products { id } tick }', tick),
  (o) => expect(o).toEqual({ errors: [], fresh: true }),
);

scenario(
  setup,
  'an answer past its max-age (1 s) is fetched again',
  (send) => twice(send, '{ slowTick }', tick, 1_300),
  (o) => expect(o).toEqual({ errors: [], fresh: true }),
  { concurrentVariants: true },
);

scenario(
  setup,
  'a cacheable answer (reviews and their authors, maxAge 60) after a rename of one author',
  async (send, run) => {
    const read = async () => {
      const reviews = field<{ id: string; author: { name: string } }[]>(await send({ query: '{ reviews { id author { name } } }' }), 'reviews');
      return reviews?.find((r) => r.id === 'r4')?.author.name;
    };
    await read();
    const renamed = await send({ query: 'mutation Rename($name: String!) { rename(id: "u3", name: $name) { name } }', variables: { name: `Grace ${run}` } });
    return { renamed: field(renamed, 'rename'), after: await read() };
  },
  (o) => expect(o).toEqual({ renamed: { name: 'Grace <run>' }, after: 'Grace <run>' }),
  // u3 is one user for every run: one role at a time.
  { sequentialRoles: true },
);

scenario(
  setup,
  'a mutation by one caller evicts what other roles read before it',
  // Every role reads (and caches) the user, the partner renames it, every role reads it again.
  async (_send, run, as) => {
    const read = (role: Role) => as(role)({ query: 'query Named($id: ID!) { user(id: $id) { name } }', variables: { id: run } });
    const before = await Promise.all(ROLES.map(async (role) => field(await read(role), 'user')));
    await as('partner')({ query: 'mutation Renamed($id: ID!, $name: String!) { rename(id: $id, name: $name) { id } }', variables: { id: run, name: `${run} renamed` } });
    const after = await Promise.all(ROLES.map(async (role) => field(await read(role), 'user')));
    return { before, after };
  },
  (o) => expect(o).toEqual({ before: ROLES.map(() => ({ name: 'User <run>' })), after: ROLES.map(() => ({ name: '<run> renamed' })) }),
);

scenario(
  setup,
  'an answer with errors is not reused: the next request is resolved anew',
  async (send, run) => {
    const ask = () => send({ query: 'query Attempt($run: String!) { attempt(run: $run) }', variables: { run } });
    return [await ask(), await ask()];
  },
  (o) =>
    expect(o).toEqual([
      { status: 200, data: { attempt: null }, errors: [{ message: 'The first attempt fails.', path: ['attempt'], code: 'TRY_AGAIN' }] },
      { status: 200, data: { attempt: 2 } },
    ]),
);

scenario(
  setup,
  'the same cacheable operation with other variables gets its own answer',
  async (send) => {
    const ask = (id: string) => send({ query: 'query P($id: ID!) { product(id: $id) { id name inStock } }', variables: { id } });
    return [field(await ask('p1'), 'product'), field(await ask('p2'), 'product'), field(await ask('p1'), 'product')];
  },
  (o) =>
    expect(o).toEqual([
      { id: 'p1', name: 'Lamp', inStock: 5 },
      { id: 'p2', name: 'Desk', inStock: 0 },
      { id: 'p1', name: 'Lamp', inStock: 5 },
    ]),
);
