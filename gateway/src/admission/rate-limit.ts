// Per-caller rate limits: a token bucket per caller — a signed caller by its role and subject, an
// anonymous (or badly signed) one by its address — refilled at its role's rate up to a burst.
// With REDIS_URL the buckets live in Redis, so a limit holds across every gateway replica;
// otherwise in this process. A refused request gets 429 RATE_LIMITED with Retry-After, before its
// body is read; every door behind the gateway's front (/graphql and the routes beside it) counts.
// Redis unreachable: requests are let through (the limit protects the partners, an outage of the
// cache must not stop the graph).
//
//   PLEIADI_RATE_LIMIT=anonymous=60/min,bi=600/min:100,region=1200/min,partner=600/min
//   (role=requests/unit[:burst], unit s|min|h; burst defaults to the requests of one unit; a role
//   not listed is not limited; unset: no limit)
//   PLEIADI_TRUST_PROXY=true   take an anonymous caller's address from X-Forwarded-For (behind a load balancer)
import type { IncomingMessage } from 'node:http';
import { createLogger, describeError, sendError, type HttpRoute } from '@pleiadi/kit';
import type { Redis } from 'ioredis';
import { biKeyOf } from '../auth/bi-keys.ts';
import { viewerOfRequest, type AuthConfig } from '../auth/caller.ts';

const log = createLogger('gateway');

export interface RateLimit {
  /** Tokens added per second. */
  perSecond: number;
  /** Most tokens a bucket holds: requests a caller may send at once after being idle. */
  burst: number;
}

export type RateLimits = Partial<Record<string, RateLimit>>;

export const RATE_LIMITED = 'RATE_LIMITED';
const UNITS: Record<string, number> = { s: 1, sec: 1, second: 1, min: 60, minute: 60, h: 3600, hour: 3600 };
const ROLES = ['anonymous', 'region', 'partner', 'bi'];

export function rateLimitsFromEnvironment(env: NodeJS.ProcessEnv = process.env): RateLimits | undefined {
  const raw = env.PLEIADI_RATE_LIMIT?.trim();
  if (!raw) return undefined;
  const limits: RateLimits = {};
  for (const part of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = /^([a-z]+)=(\d+)\/(s|sec|second|min|minute|h|hour)(?::(\d+))?$/.exec(part);
    if (!match || !ROLES.includes(match[1]) || Number(match[2]) < 1) {
      throw new Error(`PLEIADI_RATE_LIMIT: "${part}" is not role=requests/unit[:burst] (roles ${ROLES.join(', ')}; units s, min, h), e.g. anonymous=60/min:20.`);
    }
    const requests = Number(match[2]);
    limits[match[1]] = { perSecond: requests / UNITS[match[3]], burst: match[4] ? Math.max(1, Number(match[4])) : requests };
  }
  return limits;
}

export interface Buckets {
  /** Takes a token from `key`'s bucket: 0 when allowed, else the milliseconds until one is there. */
  take(key: string, limit: RateLimit): Promise<number>;
}

/** Buckets in this process; idle full ones are forgotten so the map stays small. */
export function memoryBuckets(now: () => number = Date.now): Buckets {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    async take(key, limit) {
      const t = now();
      const perMs = limit.perSecond / 1000;
      const bucket = buckets.get(key) ?? { tokens: limit.burst, at: t };
      bucket.tokens = Math.min(limit.burst, bucket.tokens + (t - bucket.at) * perMs);
      bucket.at = t;
      if (buckets.size > 100_000) for (const [k, b] of buckets) if (b.tokens + (t - b.at) * perMs >= limit.burst) buckets.delete(k);
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.ceil((1 - bucket.tokens) / perMs);
    },
  };
}

// One bucket per key, refilled by Redis's own clock so every replica counts alike.
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1]) or burst
local at = tonumber(b[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) / rate) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate) + 1000)
return wait`;

export function redisBuckets(redis: Redis, prefix: string): Buckets {
  let failing = false;
  return {
    async take(key, limit) {
      try {
        const wait = (await redis.eval(TAKE, 1, `${prefix}ratelimit:${key}`, limit.burst, limit.perSecond / 1000)) as number;
        failing = false;
        return wait;
      } catch (error) {
        if (!failing) log.warn(`rate limit: Redis unavailable, requests are not limited meanwhile (${describeError(error)})`);
        failing = true;
        return 0;
      }
    },
  };
}

function addressOf(request: IncomingMessage, trustProxy: boolean): string {
  const forwarded = request.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string') return forwarded.split(',')[0].trim().slice(0, 64);
  return request.socket.remoteAddress ?? 'unknown';
}

/** The front's first door: refuses a caller over its limit with 429 RATE_LIMITED. */
export function rateLimitRoute(options: { limits: RateLimits; buckets: Buckets; auth: AuthConfig; trustProxy?: boolean; onLimited?: (role: string) => void }): HttpRoute {
  return async (request, response) => {
    // A BI key is verified later, by the region: here it counts as a BI tool, by address — by key
    // id it could dodge its bucket with ids made up for each request.
    const biTool = biKeyOf(request.headers.authorization) !== undefined;
    const viewer = biTool ? undefined : await viewerOfRequest(request, options.auth).catch(() => undefined);
    const role = biTool ? 'bi' : (viewer?.role ?? 'anonymous');
    const limit = options.limits[role];
    if (!limit) return false;
    const address = () => addressOf(request, options.trustProxy ?? false);
    const who = biTool ? `bi-key:${address()}` : viewer && viewer.role !== 'anonymous' ? `${role}:${viewer.subject ?? viewer.partnerId ?? ''}` : `anonymous:${address()}`;
    const waitMs = await options.buckets.take(who, limit);
    if (waitMs <= 0) return false;
    options.onLimited?.(role);
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    sendError(response, 429, RATE_LIMITED, `Too many requests for this caller; retry in ${seconds} s.`, { 'retry-after': String(seconds) });
    return true;
  };
}
