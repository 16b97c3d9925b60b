// What a slow, hung or failing partner may cost the rest of the graph: at most its timeout. Each
// subgraph gets its own policies (cockatiel): a timeout per fetch, a circuit breaker that stops
// calling a partner after repeated failures and probes it again later, and — for queries only,
// never for mutations — a bounded retry with jitter when the partner could not be reached at all.
// A timeout is not retried: the caller would wait twice as long for a partner that is hung.
import {
  BrokenCircuitError,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  retry,
  TaskCancelledError,
  timeout,
  TimeoutStrategy,
  wrap,
  type CircuitBreakerPolicy,
  type IPolicy,
} from 'cockatiel';
import { wholeNumberFromEnv } from '@pleiadi/kit';

export interface ResilienceOptions {
  /** Milliseconds one fetch may take, body included. */
  timeoutMs: number;
  /** Extra attempts of a query fetch that could not reach the partner (0: none). */
  retries: number;
  /** Consecutive failures (unreachable, 502/503/504, timeouts) that open the breaker. */
  breakerFailures: number;
  /** Milliseconds the breaker stays open before one probe fetch is let through. */
  breakerHalfOpenMs: number;
}

export const DEFAULT_RESILIENCE: Readonly<ResilienceOptions> = Object.freeze({
  timeoutMs: 10_000,
  retries: 2,
  breakerFailures: 5,
  breakerHalfOpenMs: 10_000,
});

/** The partner answered with a status that says it is down or overloaded, not that the request was wrong. */
export class SubgraphHttpFailure extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

const FAILURE_STATUSES = new Set([502, 503, 504]);
export const isFailureStatus = (status: number) => FAILURE_STATUSES.has(status);

// What undici (and the system under it) says when a subgraph cannot be reached or drops the
// connection: no answer came, so the request may be tried again.
const CONNECTION_FAILURES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_CLOSED',
]);

/** The network let us down (refused, reset, DNS): worth another attempt for a query. */
function isUnreachable(error: Error): boolean {
  if (error instanceof SubgraphHttpFailure) return true;
  if (error instanceof TypeError && error.message === 'fetch failed') return true; // fetch, as other callers use
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && CONNECTION_FAILURES.has(code);
}

/** What counts against a partner's breaker: it could not be reached, said it is down, or hung. */
function isPartnerFailure(error: Error): boolean {
  return isUnreachable(error) || error instanceof TaskCancelledError;
}

export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';
const STATE_NAMES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

export interface SubgraphPolicies {
  options: ResilienceOptions;
  /** For a query fetch: breaker, retry, timeout. */
  query: IPolicy;
  /** For a mutation fetch: breaker and timeout; a mutation is never sent twice. */
  mutation: IPolicy;
  breaker: CircuitBreakerPolicy;
  state(): BreakerState;
}

export function subgraphPolicies(options: ResilienceOptions): SubgraphPolicies {
  const breaker = circuitBreaker(handleWhen(isPartnerFailure), {
    halfOpenAfter: options.breakerHalfOpenMs,
    breaker: new ConsecutiveBreaker(options.breakerFailures),
  });
  // Aggressive: the fetch is aborted through its signal, and the caller is answered at the deadline
  // even if the abort is slow. Not aborted on return: a fetch returns with its body read, so there
  // is nothing left to cancel, and each abort built a DOMException (~4% of the gateway's CPU).
  const perAttempt = timeout(options.timeoutMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
  const retries = retry(handleWhen(isUnreachable), { maxAttempts: options.retries, backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 500 }) });
  return {
    options,
    query: options.retries > 0 ? wrap(breaker, retries, perAttempt) : wrap(breaker, perAttempt),
    mutation: wrap(breaker, perAttempt),
    breaker,
    state: () => STATE_NAMES[breaker.state],
  };
}

export type FailureCode = 'SUBGRAPH_TIMEOUT' | 'SUBGRAPH_CIRCUIT_OPEN' | 'SUBGRAPH_UNAVAILABLE';

/** The stable code and message for a fetch that failed on the partner's side, or undefined for any other error. */
export function describeFailure(subgraph: string, error: unknown, options: ResilienceOptions): { code: FailureCode; message: string } | undefined {
  if (error instanceof TaskCancelledError) {
    return { code: 'SUBGRAPH_TIMEOUT', message: `The ${subgraph} subgraph did not answer within ${options.timeoutMs} ms; its fields are missing from this response.` };
  }
  if (error instanceof BrokenCircuitError) {
    return {
      code: 'SUBGRAPH_CIRCUIT_OPEN',
      message: `The ${subgraph} subgraph failed repeatedly and is not being called for now (tried again within ${Math.ceil(options.breakerHalfOpenMs / 1000)} s); its fields are missing from this response.`,
    };
  }
  if (error instanceof Error && isUnreachable(error)) {
    return { code: 'SUBGRAPH_UNAVAILABLE', message: `The ${subgraph} subgraph is unavailable; its fields are missing from this response.` };
  }
  return undefined;
}

const RANGES: { key: keyof ResilienceOptions; suffix: string; min: number; max: number }[] = [
  { key: 'timeoutMs', suffix: 'TIMEOUT_MS', min: 50, max: 600_000 },
  { key: 'retries', suffix: 'RETRIES', min: 0, max: 5 },
  { key: 'breakerFailures', suffix: 'BREAKER_FAILURES', min: 1, max: 1_000 },
  { key: 'breakerHalfOpenMs', suffix: 'BREAKER_HALF_OPEN_MS', min: 100, max: 3_600_000 },
];

/**
 * PLEIADI_SUBGRAPH_TIMEOUT_MS, _RETRIES, _BREAKER_FAILURES, _BREAKER_HALF_OPEN_MS for every
 * subgraph, and <NAME>_SUBGRAPH_TIMEOUT_MS (and the others) for one, e.g. REGION_SUBGRAPH_TIMEOUT_MS.
 * Returns the defaults and the per-subgraph overrides; a bad value is a startup error.
 */
export function resilienceFromEnvironment(env: NodeJS.ProcessEnv = process.env): { defaults: ResilienceOptions; bySubgraph: Record<string, Partial<ResilienceOptions>> } {
  const parse = (variable: string, min: number, max: number) => wholeNumberFromEnv(env, variable, { min, max });
  const defaults: ResilienceOptions = { ...DEFAULT_RESILIENCE };
  for (const { key, suffix, min, max } of RANGES) defaults[key] = parse(`PLEIADI_SUBGRAPH_${suffix}`, min, max) ?? defaults[key];
  const bySubgraph: Record<string, Partial<ResilienceOptions>> = {};
  for (const variable of Object.keys(env)) {
    for (const { key, suffix, min, max } of RANGES) {
      const match = new RegExp(`^([A-Z0-9_]+)_SUBGRAPH_${suffix}$`).exec(variable);
      if (!match || match[1] === 'PLEIADI') continue;
      const name = match[1].toLowerCase();
      (bySubgraph[name] ??= {})[key] = parse(variable, min, max);
    }
  }
  return { defaults, bySubgraph };
}
