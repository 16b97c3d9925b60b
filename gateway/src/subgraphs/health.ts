// `/health` of the gateway: each subgraph's own /health (answered within 2 s: up, else down) and
// its circuit breaker, so an operator sees a partner the gateway has stopped calling.
import type { SubgraphRegistry } from './registry.ts';

const PROBE_TIMEOUT_MS = 2000;

export async function subgraphHealth(registry: SubgraphRegistry): Promise<Record<string, { status: 'up' | 'down'; breaker: string }>> {
  const entries = await Promise.all(
    registry.names().map(async (name) => {
      const url = registry.url(name);
      const up = url
        ? await fetch(new URL('/health', url), { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) })
            .then(async (response) => {
              await response.body?.cancel();
              return response.ok;
            })
            .catch(() => false)
        : false;
      return [name, { status: up ? ('up' as const) : ('down' as const), breaker: registry.breakerState(name) }] as const;
    }),
  );
  return Object.fromEntries(entries);
}
