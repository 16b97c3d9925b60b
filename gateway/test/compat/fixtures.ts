// The in-memory state of the compat subgraphs (one copy per test file: vitest runs each file in
// its own module graph) and the lookups their resolvers share.
import { GraphQLError } from 'graphql';

export type Ref = Record<string, string>;

export const products = [
  { id: 'p1', sku: 'S1', package: 'box', name: 'Lamp', price: 40, weight: 3, secretCost: 25, category: 'home', dimensions: { width: 20, height: 50 } },
  { id: 'p2', sku: 'S2', package: 'box', name: 'Desk', price: 200, weight: 30, secretCost: 150, category: 'office', dimensions: { width: 120, height: 75 } },
  { id: 'p3', sku: 'S2', package: 'bag', name: 'Desk (flat)', price: 180, weight: 28, secretCost: 140, category: 'office', dimensions: { width: 120, height: 10 } },
];
export const media = [
  { id: 'm1', kind: 'Book', title: 'Dune', pages: 412 },
  { id: 'm2', kind: 'Movie', title: 'Alien', minutes: 117 },
  { id: 'm3', kind: 'Book', title: 'Emma', pages: 474 },
];
export const stock = new Map<string, number>([['p1', 5], ['p2', 0], ['p3', 2]]);
export const users = new Map<string, { id: string; username: string; name: string; nickname: string; internalScore: number; email: string }>();
for (const [id, username, name] of [['u1', 'ada', 'Ada Lovelace'], ['u2', 'alan', 'Alan Turing'], ['u3', 'grace', 'Grace Hopper']]) {
  users.set(id, { id, username, name, nickname: `${username}-acc`, internalScore: 7, email: `${username}@example.org` });
}
export const reviews = [
  { id: 'r1', body: 'Bright', rating: 5, author: 'u1', editor: 'u2', product: 'p1' },
  { id: 'r2', body: 'Wobbly', rating: 2, author: 'u2', editor: null, product: 'p2' },
  { id: 'r3', body: 'Fine', rating: 4, author: 'u1', editor: 'u2', product: 'p1' },
  { id: 'r4', body: 'Flat', rating: 3, author: 'u3', editor: 'u1', product: 'p3' },
];
export const trouble: Record<string, { id: string; editor: string; author?: string }[]> = {
  ghost: [{ id: 't1', editor: 'ghost' }, { id: 't2', editor: 'u1' }, { id: 't3', editor: 'ghost' }],
  phantom: [{ id: 't4', editor: 'phantom' }, { id: 't5', editor: 'u2' }, { id: 't6', editor: 'phantom' }],
  wreck: [{ id: 't7', editor: 'wreck' }, { id: 't8', editor: 'u1' }, { id: 't9', editor: 'wreck' }],
  ghostAuthor: [{ id: 't10', editor: 'u1', author: 'ghost' }, { id: 't11', editor: 'u1', author: 'u2' }],
};
export const counters = new Map<string, number>();
export const journals = new Map<string, string[]>();
export const attempts = new Map<string, number>();
/** Sequence numbers: resolutions of `tick`/`slowTick`, reviews added. */
export const sequences = { ticks: 0, reviews: 0 };

export const product = (ref: Ref) => products.find((p) => (ref.id ? p.id === ref.id : p.sku === ref.sku && p.package === ref.package)) ?? null;
export const userById = (id: string) => {
  // Users "run-…" exist on first sight: each mutation scenario renames its own.
  if (!users.has(id) && id.startsWith('run-')) users.set(id, { id, username: id, name: `User ${id}`, nickname: `${id}-acc`, internalScore: 0, email: `${id}@example.org` });
  return users.get(id) ?? null;
};
export const journal = (run: string) => journals.get(run) ?? journals.set(run, []).get(run)!;
export const fail = (message: string, code: string) => new GraphQLError(message, { extensions: { code } });
export const reviewRef = (r: (typeof reviews)[number]) => ({ ...r, editor: r.editor });
export const productKey = (id: string) => {
  const p = products.find((x) => x.id === id)!;
  return { sku: p.sku, package: p.package, name: p.name };
};

