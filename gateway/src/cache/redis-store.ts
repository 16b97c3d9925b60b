// The response cache in Redis, shared by every gateway replica. Each lookup is one script run:
// it reads the cache generation (bumped by every invalidation, from any replica) and the answer
// under it; on a miss it makes the caller the key's leader (a lock with a short lease) unless
// another replica already computes it — then the caller waits for that answer rather than
// computing it again (the shared in-flight answer), and computes it itself only if none comes.
// Storing checks the generation again: an answer read before an invalidation is never stored.
import { randomBytes } from 'node:crypto';
import type { CacheStore, Lookup, Ticket } from './store.ts';
import type { SharedRedis } from './redis.ts';

const LOOKUP = `
local g = redis.call('GET', KEYS[1]) or '0'
local base = ARGV[1] .. g .. ':' .. ARGV[2]
local v = redis.call('GET', base)
if v then return {g, 'hit', v} end
if ARGV[5] == '0' or redis.call('EXISTS', base .. ':uncached') == 1 then return {g, 'go'} end
if redis.call('SET', base .. ':lock', ARGV[4], 'NX', 'PX', ARGV[3]) then return {g, 'lead'} end
return {g, 'wait'}`;

const STORE = `
local g = redis.call('GET', KEYS[1]) or '0'
local base = ARGV[1] .. ARGV[2] .. ':' .. ARGV[3]
redis.call('DEL', base .. ':lock')
if g ~= ARGV[2] then return 0 end
redis.call('SET', base, ARGV[4], 'PX', ARGV[5])
return 1`;

// Releases the waiters at once: they compute the answer themselves.
const ABANDON = `
local base = ARGV[1] .. ARGV[2] .. ':' .. ARGV[3]
redis.call('DEL', base .. ':lock')
redis.call('SET', base .. ':uncached', '1', 'PX', ARGV[4])
return 1`;

export interface RedisStoreOptions {
  /** How long a leader may take before waiters stop waiting (and compute it themselves). */
  leaseMs?: number;
  /** How often a waiter looks again. */
  pollMs?: number;
  /** Counted when a waiter is answered by another replica's computation. */
  onSharedWait?: () => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function redisStore(redis: SharedRedis, options: RedisStoreOptions = {}): CacheStore {
  const leaseMs = options.leaseMs ?? 5000;
  const pollMs = options.pollMs ?? 20;
  const generationKey = `${redis.prefix}cache:generation`;
  const entryPrefix = `${redis.prefix}cache:`;
  const owner = randomBytes(8).toString('hex');
  const run = (script: string, ...args: (string | number)[]) => redis.command.eval(script, 1, generationKey, entryPrefix, ...args) as Promise<unknown>;
  const unknownGeneration: Ticket = { generation: -1, leader: false };

  const once = async (key: string, mayLead: boolean): Promise<{ state: 'hit' | 'go' | 'lead' | 'wait'; generation: number; value?: string }> => {
    const [generation, state, value] = (await run(LOOKUP, key, leaseMs, owner, mayLead ? 1 : 0)) as [string, 'hit' | 'go' | 'lead' | 'wait', string?];
    return { state, generation: Number(generation), value };
  };
  const hit = (value: string): Lookup => ({ kind: 'hit', body: { kind: 'single', singleResult: JSON.parse(value) } });

  return {
    kind: 'redis',
    async lookup(key) {
      try {
        let found = await once(key, true);
        const deadline = performance.now() + leaseMs;
        let waited = false;
        while (found.state === 'wait' && performance.now() < deadline) {
          waited = true;
          await sleep(pollMs);
          found = await once(key, true);
        }
        if (found.state === 'hit') {
          if (waited) options.onSharedWait?.();
          return hit(found.value!);
        }
        return { kind: 'miss', ticket: { generation: found.generation, leader: found.state === 'lead' } };
      } catch {
        return { kind: 'miss', ticket: unknownGeneration }; // Redis unreachable: computed, not stored
      }
    },
    async store(key, body, _bytes, ttlMs, ticket) {
      if (ticket.generation < 0 || body.kind !== 'single') return;
      await run(STORE, ticket.generation, key, JSON.stringify(body.singleResult), Math.max(1, Math.round(ttlMs))).catch(() => {});
    },
    async abandon(key, ticket) {
      if (!ticket.leader) return;
      await run(ABANDON, ticket.generation, key, leaseMs).catch(() => {});
    },
    invalidate() {
      return redis.command.incr(generationKey).then(
        () => {},
        () => {},
      );
    },
    size: () => undefined,
    close: async () => {},
  };
}
