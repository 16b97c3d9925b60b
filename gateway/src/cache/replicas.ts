// What gateway replicas share when REDIS_URL is set: the response cache (redis-store.ts), the
// rate-limit buckets (admission/rate-limit.ts), and news of a supergraph loaded by one of them —
// the others reload theirs at once rather than at their next file event or poll, so every
// replica serves the same graph. Without REDIS_URL: the in-process cache and buckets.
import { createHash, randomBytes } from 'node:crypto';
import { createLogger } from '@pleiadi/kit';
import { memoryBuckets, redisBuckets, type Buckets } from '../admission/rate-limit.ts';
import { connectRedis, type SharedRedis } from './redis.ts';
import { redisStore } from './redis-store.ts';
import type { CacheStore } from './store.ts';

const log = createLogger('gateway');

export interface Replicas {
  /** The shared cache store, or undefined for the in-process default. */
  cacheStore?: CacheStore;
  buckets: Buckets;
  /** The supergraph being served changed here; returns its hash (the response cache keys by it). */
  supergraphLoaded(coreSupergraphSdl: string): string;
  close(): Promise<void>;
}

export async function joinReplicas(options: { redis?: { url: string; prefix: string }; reload?: () => void; onSharedWait?: () => void }): Promise<Replicas> {
  let serving = '';
  const hashOf = (sdl: string) => createHash('sha256').update(sdl).digest('hex');
  if (!options.redis) {
    return {
      buckets: memoryBuckets(),
      supergraphLoaded: (sdl) => (serving = hashOf(sdl)),
      close: async () => {},
    };
  }
  const redis: SharedRedis = await connectRedis(options.redis);
  const self = randomBytes(8).toString('hex');
  redis.onEvent((event) => {
    if (event.type !== 'supergraph' || event.from === self || event.hash === serving) return;
    log.info(`another replica loaded supergraph ${event.hash.slice(0, 12)}; reloading`);
    options.reload?.();
  });
  return {
    cacheStore: redisStore(redis, { onSharedWait: options.onSharedWait }),
    buckets: redisBuckets(redis.command, redis.prefix),
    supergraphLoaded: (sdl) => {
      const first = serving === '';
      serving = hashOf(sdl);
      if (!first) redis.publish({ type: 'supergraph', hash: serving, from: self });
      return serving;
    },
    close: () => redis.close(),
  };
}
