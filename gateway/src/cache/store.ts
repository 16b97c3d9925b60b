// Where cached answers live: in this process (the embedded default), or in Redis shared by every
// gateway replica (redis-store.ts). Both evict everything on `invalidate` (a mutation ran, see
// subgraph-writes.ts), and neither stores an answer whose reads began before an invalidation.
import type { GraphQLResponse } from '@apollo/server';

export type CachedBody = GraphQLResponse['body'];

/** What a lookup found: an answer, or a miss with what the caller should do about it. */
export type Lookup =
  | { kind: 'hit'; body: CachedBody }
  /** Compute it; `ticket` is handed back to `store` (it dates the read against invalidations). */
  | { kind: 'miss'; ticket: Ticket };

export interface Ticket {
  /** Invalidations seen when the read began: an answer read before a later one is not stored. */
  generation: number;
  /** Whether this caller holds the shared computation of the key (other replicas wait for it). */
  leader: boolean;
}

export interface CacheStore {
  readonly kind: 'memory' | 'redis';
  lookup(key: string): Promise<Lookup>;
  /** Stores an answer for `ttlMs`, unless invalidated since the ticket was issued. */
  store(key: string, body: CachedBody, bytes: number, ttlMs: number, ticket: Ticket): Promise<void>;
  /** The computation of a key led by this caller ended without a storable answer: release the others. */
  abandon(key: string, ticket: Ticket): Promise<void>;
  /** Every answer goes (every replica's, when shared). */
  invalidate(): Promise<void> | void;
  /** Entries and bytes held by this process (undefined when held elsewhere). */
  size(): { entries: number; bytes: number } | undefined;
  close(): Promise<void>;
}

interface Entry {
  expires: number;
  bytes: number;
  body: CachedBody;
}

/** The in-process store: a map, oldest entries dropped first past `maxBytes`. */
export function memoryStore(options: { maxBytes: number; now: () => number }): CacheStore {
  const entries = new Map<string, Entry>();
  let bytes = 0;
  let generation = 0;
  const drop = (key: string) => {
    const entry = entries.get(key);
    if (entry) bytes -= entry.bytes;
    entries.delete(key);
  };
  return {
    kind: 'memory',
    async lookup(key) {
      const entry = entries.get(key);
      if (entry && entry.expires > options.now()) return { kind: 'hit', body: entry.body };
      if (entry) drop(key);
      return { kind: 'miss', ticket: { generation, leader: true } };
    },
    async store(key, body, size, ttlMs, ticket) {
      if (ticket.generation !== generation) return;
      drop(key);
      entries.set(key, { expires: options.now() + ttlMs, bytes: size, body });
      bytes += size;
      for (const oldest of entries.keys()) {
        if (bytes <= options.maxBytes) break;
        drop(oldest);
      }
    },
    async abandon() {},
    invalidate() {
      generation += 1;
      entries.clear();
      bytes = 0;
    },
    size: () => ({ entries: entries.size, bytes }),
    async close() {},
  };
}
