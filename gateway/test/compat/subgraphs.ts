// Four small Federation 2 subgraphs for the differential suite, each a real Apollo Server over HTTP
// on port 0 (buildSubgraphSchema, in-memory state in fixtures.ts). They ignore the Authorization
// header: they serve the stock gateway (which sends none) and ours (its internal token) alike.
//  - catalog:   Product with two @key (single `id`, compound `sku package`), @shareable, @inaccessible,
//               @tag, the entity interface Media (Book, Movie), and fields with and without cache hints.
//  - inventory: Product by `id`; @external + @requires (without and with field arguments, and of an
//               @inaccessible field); a mutation.
//  - accounts:  User; @override of `nickname` from reviews; counters and a journal (mutations);
//               entity resolution that fails with a path (ghost) or adds an error without one (phantom).
//  - reviews:   Review; @provides; Product by compound key; @interfaceObject Media; a union across
//               subgraphs; errors and null bubbling; mutations.
// Types and fields carry @cacheControl hints, so the subgraphs send Cache-Control headers as
// Apollo Server's cache-control plugin computes them; `tick` has none (never cacheable).
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { serveHttp } from '@pleiadi/kit';
import { parse } from 'graphql';
import {
  attempts, counters, fail, journal, media, product, productKey, products, reviewRef, reviews, sequences, stock, trouble, userById, users, type Ref,
} from './fixtures.ts';

const FEDERATION = (imports: string[]) =>
  `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: [${imports.map((i) => `"${i}"`).join(', ')}])
  enum CacheControlScope { PUBLIC PRIVATE }
  directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION`;

interface Ctx {
  /** Errors without a path the subgraph adds to its response (see `pathlessErrors`). */
  pathless: { message: string; code: string }[];
}

const catalog = {
  typeDefs: `${FEDERATION(['@key', '@shareable', '@inaccessible', '@tag'])}
    type Query {
      products: [Product!]! @cacheControl(maxAge: 60)
      product(id: ID!): Product @cacheControl(maxAge: 60)
      productBySku(sku: String!, package: String!): Product @cacheControl(maxAge: 60)
      media: [Media!]! @cacheControl(maxAge: 60)
      "No hint: never cacheable; counts its own resolutions."
      tick: Int!
      "Cacheable for one second."
      slowTick: Int! @cacheControl(maxAge: 1)
    }
    enum Currency { EUR USD }
    type Product @key(fields: "id") @key(fields: "sku package") @cacheControl(maxAge: 60) {
      id: ID!
      sku: String!
      package: String!
      name: String! @shareable
      price(currency: Currency! = EUR): Int!
      weight: Int!
      secretCost: Int! @inaccessible
      category: String! @tag(name: "catalog")
      dimensions: Dimensions! @shareable
    }
    type Dimensions @shareable { width: Int! height: Int! }
    interface Media @key(fields: "id") { id: ID! title: String! }
    type Book implements Media @key(fields: "id") @cacheControl(maxAge: 60) { id: ID! title: String! pages: Int! }
    type Movie implements Media @key(fields: "id") @cacheControl(maxAge: 60) { id: ID! title: String! minutes: Int! }`,
  resolvers: {
    Query: {
      products: () => products,
      product: (_: unknown, { id }: Ref) => product({ id }),
      productBySku: (_: unknown, ref: Ref) => product(ref),
      media: () => media,
      tick: () => ++sequences.ticks,
      slowTick: () => ++sequences.ticks,
    },
    Product: {
      __resolveReference: product,
      price: (p: { price: number }, { currency }: Ref) => (currency === 'USD' ? Math.round(p.price * 1.1) : p.price),
    },
    Media: {
      __resolveReference: (ref: Ref) => media.find((m) => m.id === ref.id) ?? null,
      __resolveType: (m: { kind: string }) => m.kind,
    },
    Book: { __resolveReference: (ref: Ref) => media.find((m) => m.id === ref.id && m.kind === 'Book') ?? null },
    Movie: { __resolveReference: (ref: Ref) => media.find((m) => m.id === ref.id && m.kind === 'Movie') ?? null },
  },
};

const inventory = {
  typeDefs: `${FEDERATION(['@key', '@shareable', '@external', '@requires'])}
    enum Currency { EUR USD }
    type Product @key(fields: "id") @cacheControl(maxAge: 30) {
      id: ID!
      name: String! @shareable
      dimensions: Dimensions! @shareable
      weight: Int! @external
      price(currency: Currency! = EUR): Int! @external
      secretCost: Int! @external
      inStock: Int!
      "@requires without arguments."
      shippingEstimate: Int! @requires(fields: "weight")
      "@requires of a field with an argument, on a field with its own argument."
      shippingQuote(zone: Int!): Int! @requires(fields: "weight price(currency: USD)")
      "@requires of an @inaccessible field."
      margin: Int! @requires(fields: "price secretCost")
    }
    type Dimensions @shareable { width: Int! height: Int! }
    type Mutation { restock(id: ID!, n: Int!): Product }`,
  resolvers: {
    Product: {
      __resolveReference: (ref: Ref & { weight?: number; price?: number; secretCost?: number }) => {
        const p = products.find((x) => x.id === ref.id);
        return p ? { ...ref, name: p.name, dimensions: p.dimensions } : null;
      },
      inStock: (p: Ref) => stock.get(p.id) ?? 0,
      shippingEstimate: (p: { weight: number }) => p.weight * 2,
      shippingQuote: (p: { weight: number; price: number }, { zone }: { zone: number }) => p.weight * zone + p.price,
      margin: (p: { price: number; secretCost: number }) => p.price - p.secretCost,
    },
    Mutation: {
      restock: (_: unknown, { id, n }: { id: string; n: number }) => {
        if (!products.some((p) => p.id === id)) return null;
        stock.set(id, (stock.get(id) ?? 0) + n);
        return { id };
      },
    },
  },
};

const accounts = {
  typeDefs: `${FEDERATION(['@key', '@shareable', '@override', '@inaccessible', '@tag'])}
    type Query {
      users: [User!]! @cacheControl(maxAge: 60)
      user(id: ID!): User @cacheControl(maxAge: 60)
      counter(name: String!): Int! @cacheControl(maxAge: 60)
      journal(run: String!): [String!]! @cacheControl(maxAge: 60)
      forbidden: String @cacheControl(maxAge: 60)
      "Fails on the first call for a run, then counts the calls."
      attempt(run: String!): Int @cacheControl(maxAge: 60)
    }
    type Mutation {
      add(name: String!, n: Int!): Int!
      rename(id: ID!, name: String!): User!
      failing: Int
    }
    type User @key(fields: "id") @cacheControl(maxAge: 60) {
      id: ID!
      username: String! @shareable
      name: String!
      nickname: String @override(from: "reviews")
      internalScore: Int @inaccessible
      email: String @tag(name: "contact")
    }`,
  resolvers: {
    Query: {
      users: () => [...users.values()].filter((u) => !u.id.startsWith('run-')),
      user: (_: unknown, { id }: Ref) => userById(id),
      counter: (_: unknown, { name }: Ref) => counters.get(name) ?? 0,
      journal: (_: unknown, { run }: Ref) => journal(run),
      forbidden: () => {
        throw fail('Not for you.', 'FORBIDDEN');
      },
      attempt: (_: unknown, { run }: Ref) => {
        const n = (attempts.get(run) ?? 0) + 1;
        attempts.set(run, n);
        if (n === 1) throw fail('The first attempt fails.', 'TRY_AGAIN');
        return n;
      },
    },
    Mutation: {
      add: (_: unknown, { name, n }: { name: string; n: number }) => {
        const total = (counters.get(name) ?? 0) + n;
        counters.set(name, total);
        journal(name).push(`add ${n} = ${total}`);
        return total;
      },
      rename: (_: unknown, { id, name }: Ref) => {
        const user = userById(id);
        if (!user) throw fail(`No user ${id}.`, 'USER_NOT_FOUND');
        user.name = name;
        return user;
      },
      failing: () => {
        throw fail('This mutation always fails.', 'MUTATION_FAILED');
      },
    },
    User: {
      __resolveReference: (ref: Ref, context: Ctx) => {
        // One representation failing (a rejected promise): that entity is null, with its path.
        if (ref.id === 'ghost') return Promise.reject(fail('No user ghost.', 'USER_NOT_FOUND'));
        // A synchronous throw fails the subgraph's whole `_entities` field, every entity of the fetch.
        if (ref.id === 'wreck') throw fail('User wreck broke the batch.', 'BATCH_FAILED');
        if (ref.id === 'phantom') {
          context.pathless.push({ message: 'User phantom came from a stale replica.', code: 'STALE_REPLICA' });
          return { id: 'phantom', username: 'phantom', name: 'Phantom', nickname: null, internalScore: 0, email: null };
        }
        return userById(ref.id);
      },
    },
  },
};

const reviewsSubgraph = {
  typeDefs: `${FEDERATION(['@key', '@external', '@provides', '@interfaceObject'])}
    type Query {
      reviews: [Review!]! @cacheControl(maxAge: 60)
      reviewList: [Review] @cacheControl(maxAge: 60)
      troubleReviews(kind: String!): [Review] @cacheControl(maxAge: 60)
      feed: [FeedItem!]! @cacheControl(maxAge: 60)
      topMedia: [Media!]! @cacheControl(maxAge: 60)
    }
    type Mutation {
      record(run: String!, entry: String!): [String!]!
      addReview(sku: String!, package: String!, body: String!): Review!
    }
    type Review @key(fields: "id") @cacheControl(maxAge: 60) {
      id: ID!
      body: String!
      rating: Int!
      author: User! @provides(fields: "username")
      editor: User
      product: Product! @provides(fields: "name")
      flaky: String
      strict: String!
    }
    type User @key(fields: "id") {
      id: ID!
      username: String! @external
      "Overridden by accounts: this resolver is never called through a gateway."
      nickname: String
      reviews: [Review!]!
    }
    type Product @key(fields: "sku package") @cacheControl(maxAge: 60) {
      sku: String!
      package: String!
      name: String! @external
      reviews: [Review!]!
    }
    type Media @key(fields: "id") @interfaceObject @cacheControl(maxAge: 60) { id: ID! reviewCount: Int! }
    union FeedItem = Review | Product | User`,
  resolvers: {
    Query: {
      reviews: () => reviews.map(reviewRef),
      reviewList: () => reviews.map(reviewRef),
      troubleReviews: (_: unknown, { kind }: Ref) => (trouble[kind] ?? []).map((t) => ({ id: t.id, body: `about ${t.editor}`, rating: 1, author: t.author ?? 'u1', editor: t.editor, product: 'p1' })),
      feed: () => [{ ...reviewRef(reviews[0]), __typename: 'Review' }, { __typename: 'Product', ...productKey('p2') }, { __typename: 'User', id: 'u2' }],
      topMedia: () => [{ id: 'm2' }, { id: 'm1' }],
    },
    Mutation: {
      record: (_: unknown, { run, entry }: Ref) => {
        journal(run).push(entry);
        return journal(run);
      },
      addReview: (_: unknown, { sku, package: pkg, body }: Ref) => {
        const p = products.find((x) => x.sku === sku && x.package === pkg);
        if (!p) throw fail(`No product ${sku}/${pkg}.`, 'PRODUCT_NOT_FOUND');
        const review = { id: `n${++sequences.reviews}`, body, rating: 3, author: 'u3', editor: null, product: p.id };
        reviews.push(review);
        return review;
      },
    },
    FeedItem: { __resolveType: (item: { __typename: string }) => item.__typename },
    Review: {
      __resolveReference: (ref: Ref) => reviews.find((r) => r.id === ref.id) ?? null,
      author: (r: { author: string }) => ({ id: r.author, username: userById(r.author)?.username ?? r.author }),
      editor: (r: { editor: string | null }) => (r.editor ? { id: r.editor } : null),
      product: (r: { product: string }) => productKey(r.product),
      flaky: (r: Ref) => {
        if (r.id === 'r2') throw fail('Review r2 is flaky.', 'FLAKY');
        return `ok ${r.id}`;
      },
      strict: (r: Ref) => {
        if (r.id === 'r2') throw fail('Review r2 is strict.', 'STRICT');
        return `ok ${r.id}`;
      },
    },
    User: {
      nickname: (u: Ref) => `${u.id}-from-reviews`,
      reviews: (u: Ref) => reviews.filter((r) => r.author === u.id).map(reviewRef),
    },
    Product: {
      reviews: (ref: Ref) => {
        const p = product(ref);
        return reviews.filter((r) => r.product === p?.id).map(reviewRef);
      },
    },
    Media: { reviewCount: (m: Ref) => ({ m1: 3, m2: 1 })[m.id] ?? 0 },
  },
};

/** Adds, at the end of the response, the errors without a path a resolver asked for. */
const pathlessErrors: ApolloServerPlugin<Ctx> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== 'single' || !contextValue.pathless.length) return;
        const added = contextValue.pathless.map(({ message, code }) => ({ message, extensions: { code } }));
        response.body.singleResult.errors = [...(response.body.singleResult.errors ?? []), ...added];
      },
    };
  },
};

export const SUBGRAPHS = { catalog, inventory, accounts, reviews: reviewsSubgraph };
export type SubgraphName = keyof typeof SUBGRAPHS;

export interface RunningSubgraph {
  name: SubgraphName;
  typeDefs: string;
  url: string;
  stop(): Promise<void>;
}

export async function startSubgraph(name: SubgraphName): Promise<RunningSubgraph> {
  const { typeDefs, resolvers } = SUBGRAPHS[name];
  const server = new ApolloServer<Ctx>({
    schema: buildSubgraphSchema([{ typeDefs: parse(typeDefs), resolvers: resolvers as never }]),
    plugins: [pathlessErrors],
  });
  await server.start();
  // The node:http front every PLEIADI subgraph uses (its keep-alive outlasts the gateways' pooled
  // connections: Apollo's standalone server closes idle ones after 5 s, and stock's fetcher then
  // meets ECONNRESET on a socket it reuses).
  const http = await serveHttp({ apollo: server, port: 0, context: async () => ({ pathless: [] }), health: async () => ({ ok: true }) });
  return {
    name,
    typeDefs,
    url: http.url,
    stop: async () => {
      await http.close();
      await server.stop();
    },
  };
}
