// A short-lived cache of whole responses for aggregate and reference queries: the regional
// dashboard asked by ten analysts in the same minute is computed once. Only what is the same for
// everyone in a role is cached — no operation that selects a field tagged personal, pseudonymous
// or oversight, and never for a partner operator (their answers depend on their own records and
// grants) — keyed by role, contract-relevant claims, operation text, name and variables. Every
// refusal (limits, safelist, contract, personal data) runs before a cached answer is served: the
// lookup happens once the operation is resolved and the caller vouched for. The graph has no
// mutations; partners' data changes by imports, so entries expire after a TTL (default 30 s,
// PLEIADI_RESPONSE_CACHE_TTL seconds, 0 turns the cache off) and all go when the supergraph changes.
import { createHash } from 'node:crypto';
import { HeaderMap, type ApolloServerPlugin, type GraphQLResponse } from '@apollo/server';
import type { GatewayContext } from '../context.ts';
import { fieldsReached } from '../policy/personal-data.ts';

export const UNCACHEABLE_TAGS = ['personal', 'pseudonymous', 'oversight'];
export const DEFAULT_RESPONSE_CACHE_TTL_SECONDS = 30;

export interface ResponseCacheOptions {
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
  const raw = env.PLEIADI_RESPONSE_CACHE_TTL?.trim();
  if (!raw) return DEFAULT_RESPONSE_CACHE_TTL_SECONDS;
  if (!/^\d+$/.test(raw) || Number(raw) > 3600) {
    throw new Error(`PLEIADI_RESPONSE_CACHE_TTL=${JSON.stringify(raw)} is not valid: expected whole seconds from 0 (off) to 3600.`);
  }
  return Number(raw);
}

export interface ResponseCache {
  plugin: ApolloServerPlugin<GatewayContext>;
  /** Drops every entry (the supergraph changed). */
  clear(): void;
  stats: { hits: number; misses: number; entries: () => number };
}

export function createResponseCache(uncacheableFields: ReadonlySet<string>, options: ResponseCacheOptions): ResponseCache {
  const now = options.now ?? Date.now;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const entries = new Map<string, Entry>();
  let bytes = 0;
  const stats = { hits: 0, misses: 0, entries: () => entries.size };
  const drop = (key: string) => {
    const entry = entries.get(key);
    if (entry) bytes -= entry.bytes;
    entries.delete(key);
  };

  const plugin: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      let key: string | undefined;
      return {
        async responseForOperation({ request, operation, document, schema, contextValue }) {
          const { viewer } = contextValue;
          if (options.ttlSeconds <= 0 || operation.operation !== 'query' || viewer.role === 'partner') return null;
          if (fieldsReached(document, schema, uncacheableFields).size) return null;
          // Everything the subgraphs' answers may depend on, but who asks (subject) and the audit names.
          key = createHash('sha256')
            .update(JSON.stringify([viewer.role, viewer.partnerId ?? null, viewer.ambit ?? null, viewer.purpose ?? null, request.operationName ?? null, request.query ?? '', request.variables ?? {}]))
            .digest('hex');
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
          return null;
        },
        async willSendResponse({ response }) {
          if (!key || response.body.kind !== 'single' || response.body.singleResult.errors?.length) return;
          const size = JSON.stringify(response.body.singleResult).length;
          if (size > maxBytes / 8) return; // one huge page would evict everything else
          drop(key);
          entries.set(key, { expires: now() + options.ttlSeconds * 1000, bytes: size, result: response.body });
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
