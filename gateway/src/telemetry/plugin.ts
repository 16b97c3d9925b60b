// Counts and times every GraphQL request (metrics.ts), and when tracing is on adds the gateway's
// parse and validate spans; Apollo Gateway adds its own plan, execute and fetch spans, and the data
// source one span per subgraph call (subgraphs/data-source.ts). The operation label is the name of
// a registered operation (schema/operations/) when the executed document is one, else a
// placeholder: a client's free-form operation name never becomes a label.
import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, parse } from 'graphql';
import { startChildSpan, tracingOn } from '@pleiadi/kit';
import type { GatewayContext } from '../context.ts';
import type { GatewayMetrics } from './metrics.ts';

export function createTelemetryPlugin(metrics: GatewayMetrics, registeredNames: ReadonlyMap<string, string>): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        ...(tracingOn() && {
          async parsingDidStart() {
            const end = startChildSpan('graphql.parse', {});
            return async (error?: Error) => end(error);
          },
          async validationDidStart() {
            const end = startChildSpan('graphql.validate', {});
            return async (errors?: readonly Error[]) => end(errors?.length ? errors[0] : undefined);
          },
        }),
        async willSendResponse({ contextValue, response }) {
          const identity = contextValue.identity;
          const operation = identity ? (registeredNames.get(identity.documentHash) ?? 'unregistered') : 'unresolved';
          const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const outcome = !result?.errors?.length ? 'ok' : result.data ? 'partial' : 'error';
          metrics.request({ operation, role: contextValue.viewer?.role ?? 'anonymous', outcome }, (performance.now() - started) / 1000);
        },
      };
    },
  };
}

/** Registered operation names by the SHA-256 of their text (the safelist's keys). */
export function registeredOperationNames(safelist: ReadonlyMap<string, string>): Map<string, string> {
  const names = new Map<string, string>();
  for (const [hash, text] of safelist) {
    const operation = parse(text).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (operation?.name) names.set(hash, operation.name.value);
  }
  return names;
}
