// The subgraphs of the supergraph being served: their URLs (the supergraph's, or an override per
// name) and their resilience policies, which outlive supergraph reloads so a breaker's state does.
import type { SubgraphWrites } from '../cache/subgraph-writes.ts';
import type { GatewayMetrics } from '../telemetry/metrics.ts';
import { SubgraphDataSource, type SubgraphFetchOptions } from './data-source.ts';
import { DEFAULT_RESILIENCE, subgraphPolicies, type BreakerState, type ResilienceOptions, type SubgraphPolicies } from './resilience.ts';

/** Subgraph names and URLs as written in the supergraph's join__Graph enum. */
export function subgraphsOfSupergraph(supergraphSdl: string): Record<string, string> {
  const graphs: Record<string, string> = {};
  for (const match of supergraphSdl.matchAll(/@join__graph\(name:\s*"([^"]+)",\s*url:\s*"([^"]*)"\)/g)) {
    graphs[match[1]] = match[2];
  }
  return graphs;
}

export interface RegistryOptions {
  /** URL by subgraph name, overriding the supergraph's. */
  urlOverrides: Record<string, string>;
  resilience?: { defaults?: Partial<ResilienceOptions>; bySubgraph?: Record<string, Partial<ResilienceOptions>> };
  fetch?: SubgraphFetchOptions;
  writes: SubgraphWrites;
  metrics?: GatewayMetrics;
}

export class SubgraphRegistry {
  private urls: Record<string, string> = {};
  private readonly policies = new Map<string, SubgraphPolicies>();

  constructor(private readonly options: RegistryOptions) {}

  /** The supergraph being served changed (or is first loaded). */
  follow(supergraphSdl: string): void {
    this.urls = { ...subgraphsOfSupergraph(supergraphSdl), ...this.options.urlOverrides };
  }

  names(): string[] {
    return Object.keys(this.urls);
  }

  url(name: string): string | undefined {
    return this.urls[name];
  }

  policiesOf(name: string): SubgraphPolicies {
    let policies = this.policies.get(name);
    if (!policies) {
      const { defaults, bySubgraph } = this.options.resilience ?? {};
      this.policies.set(name, (policies = subgraphPolicies({ ...DEFAULT_RESILIENCE, ...defaults, ...bySubgraph?.[name] })));
    }
    return policies;
  }

  /** Every known subgraph's breaker state (for metrics). */
  breakerStates(): Record<string, BreakerState> {
    return Object.fromEntries(this.names().map((name) => [name, this.breakerState(name)]));
  }

  breakerState(name: string): BreakerState {
    return this.policies.get(name)?.state() ?? 'closed';
  }

  /** For ApolloGateway's `buildService`. */
  dataSource(name: string, supergraphUrl: string | undefined): SubgraphDataSource {
    return new SubgraphDataSource(name, this.urls[name] ?? supergraphUrl ?? '', this.policiesOf(name), this.options.writes, this.options.fetch, this.options.metrics);
  }
}
