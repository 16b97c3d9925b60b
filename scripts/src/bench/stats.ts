// The benchmark's arithmetic, free of I/O: the order of the runs, exact percentiles, and the
// summary of one class on one gateway over its rounds.

// Ours with its response cache and without, so every class shows what the cache buys and what is
// left when it cannot help (varied requests, partner operators' private answers).
export const GATEWAYS = ['ours', 'ours-nocache', 'stock', 'hive'] as const;

// Opt-in with --gateways: Hive without its in-flight de-duplication, and ours with levers off —
// nocache-nobatch: no entity batching across requests; nocache-noshare: neither sharing of
// in-flight fetches nor batching; plain: none of the optimisations (no cache, sharing, batching or
// distinct representations; timeouts and breakers stay);
// traced: OpenTelemetry on, every span exported (to weigh tracing against the same variant without).
export const OPTIONAL_GATEWAYS = ['hive-nodedup', 'ours-nocache-nobatch', 'ours-nocache-noshare', 'ours-plain', 'ours-traced', 'ours-nocache-traced'] as const;
export type GatewayName = (typeof GATEWAYS)[number] | (typeof OPTIONAL_GATEWAYS)[number];
/** What every ratio is taken against. */
export const BASELINE: GatewayName = 'stock';

export interface Step {
  classId: string;
  gateway: string;
  /** 0 for the warm-up, then 1, 2, … */
  round: number;
}

/**
 * For each class in turn: a warm-up on every gateway, then the rounds interleaved
 * (A B C, A B C, …) so that drift in a shared, noisy machine falls on every gateway alike.
 */
export function schedule(classIds: readonly string[], gateways: readonly string[], rounds: number): Step[] {
  const steps: Step[] = [];
  for (const classId of classIds) {
    for (let round = 0; round <= rounds; round += 1) {
      for (const gateway of gateways) steps.push({ classId, gateway, round });
    }
  }
  return steps;
}

/** The nearest-rank percentile (0 < p ≤ 100) of values sorted in ascending order; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** value / baseline, or NaN when either is missing or the baseline is 0. */
export function ratio(value: number, baseline: number): number {
  return Number.isFinite(value) && Number.isFinite(baseline) && baseline !== 0 ? value / baseline : NaN;
}

/** One timed round of one class on one gateway. */
export interface RoundMeasure {
  seconds: number;
  /** Latency (ms) of each successful response seen by the load generator. */
  latencies: number[];
  non2xx: number;
  errors: number;
  mismatches: number;
  /** Counted at the gateway and the subgraphs, from before the round until all it started had settled. */
  gatewayRequests: number;
  cpuMicros: number;
  peakRssBytes: number;
  subgraphRequests: number;
  statements: number;
  subgraphCpuMicros: number;
  /** CPU time of the subgraph process that spent the most (the only one when all six share a process). */
  busiestSubgraphCpuMicros: number;
  /** CPU time of the PostgreSQL backends serving the benchmark's databases; NaN when not on this machine. */
  postgresCpuMicros: number;
}

export interface Summary {
  rounds: number;
  /** Successful responses, all rounds. */
  requests: number;
  /** Median over the rounds of successful responses per second. */
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** Non-2xx responses, socket errors and timeouts, and 2xx responses with a wrong body. */
  errors: number;
  cpuMsPerRequest: number;
  peakRssMb: number;
  subgraphRequestsPerRequest: number;
  statementsPerRequest: number;
  /** CPU time of the subgraphs' process per gateway request: what the gateway made them do. */
  subgraphCpuMsPerRequest: number;
  /**
   * The busiest subgraph process's CPU seconds per second of load, median of the rounds: near 1,
   * one core is what bounds the class (a process runs its JavaScript on one), whatever the gateway.
   */
  busiestSubgraphCores: number;
  /** CPU time of PostgreSQL's backends per gateway request (10 ms clock ticks per backend: approximate). */
  postgresCpuMsPerRequest: number;
}

export function summarise(rounds: readonly RoundMeasure[]): Summary {
  const latencies = rounds.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const sum = (pick: (r: RoundMeasure) => number) => rounds.reduce((total, r) => total + pick(r), 0);
  const good = (r: RoundMeasure) => r.latencies.length - r.mismatches;
  const served = sum((r) => r.gatewayRequests);
  return {
    rounds: rounds.length,
    requests: sum(good),
    requestsPerSecond: median(rounds.map((r) => good(r) / r.seconds)),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: sum((r) => r.non2xx + r.errors + r.mismatches),
    cpuMsPerRequest: ratio(sum((r) => r.cpuMicros) / 1000, served),
    peakRssMb: Math.max(...rounds.map((r) => r.peakRssBytes)) / 1024 / 1024,
    subgraphRequestsPerRequest: ratio(sum((r) => r.subgraphRequests), served),
    statementsPerRequest: ratio(sum((r) => r.statements), served),
    subgraphCpuMsPerRequest: ratio(sum((r) => r.subgraphCpuMicros) / 1000, served),
    busiestSubgraphCores: median(rounds.map((r) => r.busiestSubgraphCpuMicros / 1e6 / r.seconds)),
    postgresCpuMsPerRequest: ratio(sum((r) => r.postgresCpuMicros) / 1000, served),
  };
}
