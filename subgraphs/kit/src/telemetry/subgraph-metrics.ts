// A subgraph's own metrics: its requests by root field (a name from its schema; `_entities` with
// the entity type asked for, so the region's indicator report shows as `_entities:IndicatorReport`)
// and outcome, their latency, and its databases: pool connections and statements.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Database } from '../database.ts';
import { LATENCY_BUCKETS } from './metrics.ts';

/** The request's label: its first root field, `_entities:<Type>`, or `other` for anything not in the schema. */
export function rootFieldLabel(operation: OperationDefinitionNode | undefined | null, schema: GraphQLSchema, variables: Record<string, unknown> | undefined): string {
  const first = operation?.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
  if (!operation || !first || first.kind !== Kind.FIELD) return 'other';
  const name = first.name.value;
  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  if (!root?.getFields()[name]) return name === '__typename' ? '__typename' : 'other';
  if (name !== '_entities') return name;
  const representations = variables?.representations;
  const typename = Array.isArray(representations) ? (representations[0] as { __typename?: unknown } | undefined)?.__typename : undefined;
  return typeof typename === 'string' && schema.getType(typename) ? `_entities:${typename}` : '_entities';
}

export function subgraphMetrics<DB>(registry: Registry, subgraph: string, databases: Record<string, Database<DB>>): ApolloServerPlugin<BaseContext> {
  const requests = new Counter({ name: 'pleiadi_subgraph_requests_total', help: 'GraphQL requests by root field and outcome (ok, partial, error).', labelNames: ['subgraph', 'root_field', 'outcome'], registers: [registry] });
  const duration = new Histogram({ name: 'pleiadi_subgraph_request_duration_seconds', help: 'GraphQL request time by root field.', labelNames: ['subgraph', 'root_field'], buckets: LATENCY_BUCKETS, registers: [registry] });
  new Gauge({
    name: 'pleiadi_db_pool_connections',
    help: 'PostgreSQL pool connections by state (total, idle, waiting clients, max).',
    labelNames: ['subgraph', 'store', 'state'],
    registers: [registry],
    collect() {
      for (const [store, database] of Object.entries(databases)) {
        const pool = database.pool?.();
        if (!pool) continue;
        for (const [state, value] of Object.entries(pool)) this.set({ subgraph, store, state }, value);
      }
    },
  });
  new Counter({
    name: 'pleiadi_db_statements_total',
    help: 'SQL statements executed.',
    labelNames: ['subgraph', 'store'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [store, database] of Object.entries(databases)) this.inc({ subgraph, store }, database.stats.statements);
    },
  });
  new Counter({
    name: 'pleiadi_db_statement_seconds_total',
    help: 'Time spent in SQL statements, as the client saw it.',
    labelNames: ['subgraph', 'store'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [store, database] of Object.entries(databases)) this.inc({ subgraph, store }, database.stats.milliseconds / 1000);
    },
  });

  return {
    async requestDidStart({ schema }) {
      const started = performance.now();
      let label = 'other';
      return {
        async didResolveOperation({ operation, request }) {
          label = rootFieldLabel(operation, schema, request.variables);
        },
        async willSendResponse({ response }) {
          const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const outcome = !result?.errors?.length ? 'ok' : result.data ? 'partial' : 'error';
          requests.inc({ subgraph, root_field: label, outcome });
          duration.observe({ subgraph, root_field: label }, (performance.now() - started) / 1000);
        },
      };
    },
  };
}
