// The gateway's metrics (see docs/operations.md for what to alert on). Labels are bounded: the
// operation is a registered operation's name or a placeholder, the role one of four, subgraph
// names come from the supergraph, codes from a fixed set.
import { createRegistry, LATENCY_BUCKETS } from '@pleiadi/kit';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { BreakerState } from '../subgraphs/resilience.ts';

const BREAKER_STATES: BreakerState[] = ['closed', 'open', 'half-open', 'isolated'];

/** What the gateway's stages report; every method is cheap (a counter or a histogram bucket). */
export interface GatewayMetrics {
  registry: Registry;
  request(labels: { operation: string; role: string; outcome: string }, seconds: number): void;
  subgraphFetch(subgraph: string, seconds: number, failure: string | undefined): void;
  sharedFetch(subgraph: string): void;
  /** A subgraph request that carried the entity fetches of `members` requests at once. */
  batchedFetch(subgraph: string, members: number): void;
  cache(event: 'hit' | 'miss' | 'store' | 'shared_wait'): void;
  rateLimited(role: string): void;
  /** Gauges read at scrape time. */
  observe(sources: { breakers?: () => Record<string, BreakerState>; cache?: () => { entries: number; bytes: number } | undefined }): void;
}

export function createGatewayMetrics(): GatewayMetrics {
  const registry = createRegistry();
  const requests = new Counter({ name: 'pleiadi_gateway_requests_total', help: 'GraphQL requests by operation (registered name, or unregistered/unresolved), role and outcome (ok, partial, error, rate_limited).', labelNames: ['operation', 'role', 'outcome'], registers: [registry] });
  const duration = new Histogram({ name: 'pleiadi_gateway_request_duration_seconds', help: 'GraphQL request time by operation and role.', labelNames: ['operation', 'role'], buckets: LATENCY_BUCKETS, registers: [registry] });
  const fetchDuration = new Histogram({ name: 'pleiadi_gateway_subgraph_fetch_duration_seconds', help: 'Time of one subgraph fetch (retries included), by subgraph.', labelNames: ['subgraph'], buckets: LATENCY_BUCKETS, registers: [registry] });
  const fetchErrors = new Counter({ name: 'pleiadi_gateway_subgraph_fetch_errors_total', help: 'Subgraph fetches that failed, by subgraph and code (SUBGRAPH_TIMEOUT, SUBGRAPH_UNAVAILABLE, SUBGRAPH_CIRCUIT_OPEN, ERROR).', labelNames: ['subgraph', 'code'], registers: [registry] });
  const fetchTimeouts = new Counter({ name: 'pleiadi_gateway_subgraph_fetch_timeouts_total', help: 'Subgraph fetches that hit their timeout.', labelNames: ['subgraph'], registers: [registry] });
  const shared = new Counter({ name: 'pleiadi_gateway_subgraph_fetch_shared_total', help: 'Subgraph fetches answered by an identical fetch already in flight (in-flight sharing joins).', labelNames: ['subgraph'], registers: [registry] });
  const batched = new Counter({ name: 'pleiadi_gateway_subgraph_fetch_batched_total', help: 'Entity fetches of concurrent requests sent within one batched subgraph request (entity batching), by subgraph.', labelNames: ['subgraph'], registers: [registry] });
  const batches = new Counter({ name: 'pleiadi_gateway_subgraph_fetch_batches_total', help: 'Subgraph requests that carried the entity fetches of more than one request, by subgraph.', labelNames: ['subgraph'], registers: [registry] });
  const cacheEvents = new Counter({ name: 'pleiadi_gateway_response_cache_events_total', help: 'Response cache lookups and stores: hit, miss, store, shared_wait (a replica waited for another computing the same answer).', labelNames: ['event'], registers: [registry] });
  const rateLimited = new Counter({ name: 'pleiadi_gateway_rate_limited_total', help: 'Requests refused by the rate limit, by role.', labelNames: ['role'], registers: [registry] });
  let sources: Parameters<GatewayMetrics['observe']>[0] = {};
  new Gauge({
    name: 'pleiadi_gateway_subgraph_breaker_state',
    help: 'Circuit breaker of each subgraph: 1 for its current state.',
    labelNames: ['subgraph', 'state'],
    registers: [registry],
    collect() {
      for (const [subgraph, current] of Object.entries(sources.breakers?.() ?? {})) {
        for (const state of BREAKER_STATES) this.set({ subgraph, state }, state === current ? 1 : 0);
      }
    },
  });
  new Gauge({ name: 'pleiadi_gateway_response_cache_entries', help: 'Answers in this replica\u2019s in-process response cache.', registers: [registry], collect() { const cache = sources.cache?.(); if (cache) this.set(cache.entries); } });
  new Gauge({ name: 'pleiadi_gateway_response_cache_bytes', help: 'Bytes of the answers in this replica\u2019s in-process response cache.', registers: [registry], collect() { const cache = sources.cache?.(); if (cache) this.set(cache.bytes); } });
  return {
    registry,
    request: (labels, seconds) => {
      requests.inc(labels);
      duration.observe({ operation: labels.operation, role: labels.role }, seconds);
    },
    subgraphFetch: (subgraph, seconds, failure) => {
      fetchDuration.observe({ subgraph }, seconds);
      if (failure) fetchErrors.inc({ subgraph, code: failure });
      if (failure === 'SUBGRAPH_TIMEOUT') fetchTimeouts.inc({ subgraph });
    },
    sharedFetch: (subgraph) => shared.inc({ subgraph }),
    batchedFetch: (subgraph, members) => {
      batches.inc({ subgraph });
      batched.inc({ subgraph }, members);
    },
    cache: (event) => cacheEvents.inc({ event }),
    rateLimited: (role) => {
      rateLimited.inc({ role });
      requests.inc({ operation: 'unresolved', role, outcome: 'rate_limited' });
    },
    observe: (given) => {
      sources = { ...sources, ...given };
    },
  };
}
