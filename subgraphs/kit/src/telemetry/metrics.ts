// Prometheus metrics (prom-client). Each service has a registry of its own — in `npm start`'s
// host six subgraphs share a process, and each answers /metrics on its own port with its own
// series — plus the process metrics (CPU, memory, event loop lag, GC), collected once per process
// and added to every service's page. Labels are bounded: names from the schema or the registry,
// fixed codes, never ids, variables or free text.
import { collectDefaultMetrics, Registry } from 'prom-client';

let processRegistry: Registry | undefined;

function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export function createRegistry(): Registry {
  return new Registry();
}

/** The text a scrape gets: the service's own metrics and the process's. */
export async function metricsPage(registry: Registry): Promise<{ contentType: string; text: string }> {
  const merged = Registry.merge([registry, processMetrics()]);
  return { contentType: merged.contentType, text: await merged.metrics() };
}

/** Latency buckets in seconds, from a cached answer (1 ms) to a timed-out partner (10 s and more). */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
