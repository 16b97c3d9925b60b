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
import { HeaderMap, type ApolloServerPlugin, type GraphQLResponse } from '@apollo/server';
import { wholeNumberFromEnv } from '@pleiadi/kit';
import type { GatewayContext } from '../context.ts';
import { fieldsReached } from '../policy/personal-data.ts';
import type { SubgraphWrites } from './subgraph-writes.ts';

export const UNCACHEABLE_TAGS = ['personal', 'pseudonymous', 'oversight'];
export const DEFAULT_RESPONSE_CACHE_TTL_SECONDS = 30;

export interface ResponseCacheOptions {
  /** The longest any answer is kept, whatever the subgraphs allow (0: no response cache). */
  ttlSeconds: number;
  /** Cached bytes at most (JSON of the results), oldest entries dropped first. */
  maxBytes?: number;
  now?: () => number;
}

interface Entry {
  expires: number;
  bytes: number;
  result: GraphQLResponse['body'];
}

export function responseCacheTtlFromEnvironment(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = wholeNumberFromEnv(env, 'PLEIADI_RESPONSE_CACHE_TTL', { min: 0, max: 3600, default: DEFAULT_RESPONSE_CACHE_TTL_SECONDS, what: 'valid seconds (0: off)' });
  return seconds ?? DEFAULT_RESPONSE_CACHE_TTL_SECONDS;
}

export interface ResponseCache {
  plugin: ApolloServerPlugin<GatewayContext>;
  /** Drops every entry (the supergraph changed). */
  clear(): void;
  stats: { hits: number; misses: number; entries: () => number; bytes: () => number };
}

export function createResponseCache(uncacheableFields: ReadonlySet<string>, writes: SubgraphWrites, options: ResponseCacheOptions): ResponseCache {
  const now = options.now ?? Date.now;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const entries = new Map<string, Entry>();
  let bytes = 0;
  const stats = { hits: 0, misses: 0, entries: () => entries.size, bytes: () => bytes };
  const drop = (key: string) => {
    const entry = entries.get(key);
    if (entry) bytes -= entry.bytes;
    entries.delete(key);
  };
  writes.onWrite(() => {
    entries.clear();
    bytes = 0;
  });

  const plugin: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      let key: string | undefined;
      let startedAt = 0;
      return {
        async responseForOperation({ document, schema, contextValue }) {
          const { viewer, identity } = contextValue;
          if (options.ttlSeconds <= 0 || !identity || identity.operationKind !== 'query' || viewer.role === 'partner') return null;
          if (fieldsReached(document, schema, uncacheableFields).size) return null;
          key = identity.key;
          const entry = entries.get(key);
          if (entry && entry.expires > now()) {
            stats.hits++;
            key = undefined; // served from the cache: nothing to store
            // A shallow copy each time: later plugins may add to the result, never to the entry.
            const body = entry.result.kind === 'single' ? { kind: 'single' as const, singleResult: { ...entry.result.singleResult } } : entry.result;
            return { body, http: { status: undefined, headers: new HeaderMap() } };
          }
          if (entry) drop(key);
          stats.misses++;
          startedAt = writes.now();
          return null;
        },
        async willSendResponse({ response, overallCachePolicy }) {
          if (!key || response.body.kind !== 'single' || response.body.singleResult.errors?.length) return;
          // The subgraphs' hints: no hint from any one of them, or a private one, and nothing is kept.
          const policy = overallCachePolicy.policyIfCacheable();
          if (!policy || policy.scope === 'PRIVATE') return;
          // A mutation ran while this answer was being read: it may hold what was there before.
          if (!writes.unchangedSince(startedAt)) return;
          const size = JSON.stringify(response.body.singleResult).length;
          if (size > maxBytes / 8) return; // one huge page would evict everything else
          const ttlSeconds = Math.min(policy.maxAge, options.ttlSeconds);
          drop(key);
          entries.set(key, { expires: now() + ttlSeconds * 1000, bytes: size, result: response.body });
          bytes += size;
          for (const oldest of entries.keys()) {
            if (bytes <= maxBytes) break;
            drop(oldest);
          }
        },
      };
    },
  };
  return {
    plugin,
    clear: () => {
      entries.clear();
      bytes = 0;
    },
    stats,
  };
}
