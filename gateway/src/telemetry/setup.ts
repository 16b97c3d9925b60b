// The gateway's production settings and the parts built from them: metrics, tracing, the rate
// limit door, readiness. Read from the environment by config.ts (see docs/operations.md).
import { startTracing, setGlobalTracingService, wholeNumberFromEnv } from '@pleiadi/kit';
import { rateLimitsFromEnvironment, type RateLimits } from '../admission/rate-limit.ts';
import { redisFromEnvironment } from '../cache/redis.ts';
import { subgraphHealth } from '../subgraphs/health.ts';
import type { SubgraphRegistry } from '../subgraphs/registry.ts';

export interface ProductionOptions {
  /** REDIS_URL and PLEIADI_REDIS_PREFIX: shared cache, buckets and replica events. */
  redis?: { url: string; prefix: string };
  /** PLEIADI_RATE_LIMIT (see admission/rate-limit.ts). */
  rateLimits?: RateLimits;
  /** PLEIADI_TRUST_PROXY=true: an anonymous caller's address is the first of X-Forwarded-For. */
  trustProxy?: boolean;
  /** PLEIADI_READY_REQUIRES=anci,region: subgraphs that must answer /health for the gateway to be ready (default none: it serves degraded). */
  readyRequires?: string[];
  /** PLEIADI_SHUTDOWN_GRACE_MS: how long SIGTERM lets requests in flight finish (default 10 s). */
  shutdownGraceMs?: number;
}

export function productionFromEnvironment(env: NodeJS.ProcessEnv = process.env): ProductionOptions {
  return {
    redis: redisFromEnvironment(env),
    rateLimits: rateLimitsFromEnvironment(env),
    trustProxy: env.PLEIADI_TRUST_PROXY === 'true',
    readyRequires: env.PLEIADI_READY_REQUIRES?.split(',').map((s) => s.trim()).filter(Boolean),
    shutdownGraceMs: wholeNumberFromEnv(env, 'PLEIADI_SHUTDOWN_GRACE_MS', { min: 0, max: 600_000, default: 10_000 }),
  };
}

/** Loads the tracing SDK when OTEL_EXPORTER_OTLP_ENDPOINT is set; Apollo Gateway's own spans then belong to the gateway. */
export async function startGatewayTracing(): Promise<void> {
  if (await startTracing()) setGlobalTracingService('gateway');
}

/** `/ready`: the supergraph is loaded (the server started) and every required subgraph answers. */
export function readiness(registry: SubgraphRegistry, requires: readonly string[] = []) {
  return async () => {
    if (!requires.length) return { ok: true };
    const unknown = requires.filter((name) => !registry.names().includes(name));
    const health = await subgraphHealth(registry);
    const down = requires.filter((name) => health[name]?.status !== 'up');
    return { ok: down.length === 0, ...(down.length && { down }), ...(unknown.length && { unknown }) };
  };
}
