// A short-lived cache of whole responses: the regional dashboard asked by ten analysts in the same
// minute is computed once. What may be cached, and for how long, the subgraphs say: an answer is
// kept for the smallest max-age of the Cache-Control hints of every subgraph fetch behind it (none,
// or a `private` one: not kept), and never longer than the gateway's own ceiling
// (PLEIADI_RESPONSE_CACHE_TTL seconds, default 30, 0 turns the cache off). On top of that only
// what is the same for everyone in a role is cached: queries, never for a partner operator (their
// answers depend on their own records and grants), never an operation that selects a field tagged
// personal, pseudonymous or oversight. Entries are keyed by the request identity (the executed
// document, operation, variables and caller scope); every refusal (limits, safelist, contract,
// personal data) runs before a cached answer is served. A mutation through the gateway evicts every
// entry (see subgraph-writes.ts), and all go when the supergraph changes.
//
// The answers live in this process (store.ts), or with REDIS_URL set in Redis, shared by every
// gateway replica (redis-store.ts): an answer computed by one is served by all, one replica's
// mutation evicts every replica's answers, and replicas asking for the same missing answer at
// once wait for the one computing it.
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { annotate, wholeNumberFromEnv } from '@pleiadi/kit';
import type { GatewayContext } from '../context.ts';
import { memoryStore, type CacheStore, type Ticket } from './store.ts';
import type { SubgraphWrites } from './subgraph-writes.ts';

export const DEFAULT_RESPONSE_CACHE_TTL_SECONDS = 30;

export interface ResponseCacheOptions {
  /** The longest any answer is kept, whatever the subgraphs allow (0: no response cache). */
  ttlSeconds: number;
  /** Cached bytes at most (JSON of the results), oldest entries dropped first. */
  maxBytes?: number;
  now?: () => number;
  /** Where answers live (default: in this process). */
  store?: CacheStore;
  /** Told of each hit, miss and store. */
  onEvent?: (event: 'hit' | 'miss' | 'store') => void;
}

export function responseCacheTtlFromEnvironment(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = wholeNumberFromEnv(env, 'PLEIADI_RESPONSE_CACHE_TTL', { min: 0, max: 3600, default: DEFAULT_RESPONSE_CACHE_TTL_SECONDS, what: 'valid seconds (0: off)' });
  return seconds ?? DEFAULT_RESPONSE_CACHE_TTL_SECONDS;
}

export interface ResponseCache {
  plugin: ApolloServerPlugin<GatewayContext>;
  /** Drops every entry (the supergraph changed). */
  clear(): void;
  /** The supergraph changed: answers are keyed by it, so replicas serving different ones never share; this replica's own go. */
  schemaChanged(hash: string): void;
  stats: { hits: number; misses: number; entries: () => number; bytes: () => number };
  store: CacheStore;
}

export function createResponseCache(writes: SubgraphWrites, options: ResponseCacheOptions): ResponseCache {
  const now = options.now ?? Date.now;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const store = options.store ?? memoryStore({ maxBytes, now });
  const stats = { hits: 0, misses: 0, entries: () => store.size()?.entries ?? 0, bytes: () => store.size()?.bytes ?? 0 };
  let schemaHash = '';
  // A mutation's answer leaves only once its eviction is done (in Redis: every replica's).
  let invalidated: Promise<void> = Promise.resolve();
  writes.onWrite(() => {
    invalidated = Promise.resolve(store.invalidate());
  });

  const plugin: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      let key: string | undefined;
      let ticket: Ticket | undefined;
      let startedAt = 0;
      return {
        async responseForOperation({ contextValue }) {
          const { viewer, identity } = contextValue;
          if (options.ttlSeconds <= 0 || !identity || identity.operationKind !== 'query' || viewer.role === 'partner') return null;
          // Personal, pseudonymous or oversight fields (policy/personal-data.ts), or not known: not cached.
          if (contextValue.readsAuditedData !== false) return null;
          key = `${schemaHash}:${identity.key}`;
          startedAt = writes.now();
          const found = await store.lookup(key);
          if (found.kind === 'hit') {
            stats.hits++;
            options.onEvent?.('hit');
            annotate({ 'pleiadi.cache': 'hit' });
            key = undefined; // served from the cache: nothing to store
            // A shallow copy each time: later plugins may add to the result, never to the entry.
            const body = found.body.kind === 'single' ? { kind: 'single' as const, singleResult: { ...found.body.singleResult } } : found.body;
            return { body, http: { status: undefined, headers: new HeaderMap() } };
          }
          stats.misses++;
          options.onEvent?.('miss');
          annotate({ 'pleiadi.cache': 'miss' });
          ticket = found.ticket;
          return null;
        },
        async willSendResponse({ response, overallCachePolicy }) {
          await invalidated;
          if (!key || !ticket) return;
          const abandon = () => store.abandon(key!, ticket!);
          if (response.body.kind !== 'single' || response.body.singleResult.errors?.length) return abandon();
          // The subgraphs' hints: no hint from any one of them, or a private one, and nothing is kept.
          const policy = overallCachePolicy.policyIfCacheable();
          if (!policy || policy.scope === 'PRIVATE') return abandon();
          // A mutation ran while this answer was being read: it may hold what was there before.
          if (!writes.unchangedSince(startedAt)) return abandon();
          const size = JSON.stringify(response.body.singleResult).length;
          if (size > maxBytes / 8) return abandon(); // one huge page would evict everything else
          const ttlSeconds = Math.min(policy.maxAge, options.ttlSeconds);
          await store.store(key, response.body, size, ttlSeconds * 1000, ticket);
          options.onEvent?.('store');
        },
      };
    },
  };
  return {
    plugin,
    clear: () => void store.invalidate(),
    schemaChanged: (hash) => {
      schemaHash = hash;
      if (store.kind === 'memory') void store.invalidate();
    },
    stats,
    store,
  };
}
