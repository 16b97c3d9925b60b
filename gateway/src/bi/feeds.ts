// The BI doors of the gateway, mounted beside /graphql: /bi/ (registered operations as tables) and
// /odata/ (the aggregate tables as an OData v4 service). Both run through Apollo Server's own
// pipeline with the caller's context, never straight to a database.
import type { ApolloServer } from '@apollo/server';
import type { HttpRoute } from '@pleiadi/kit';
import type { GraphQLSchema } from 'graphql';
import type { GatewayConfig } from '../config.ts';
import type { GatewayContext } from '../context.ts';
import { DEFAULT_OPERATIONS_DIR } from '../admission/safelist.ts';
import { subgraphsOfSupergraph } from '../subgraphs/registry.ts';
import { apiSchemaOf } from '../supergraph/built.ts';
import { odataRoute } from '../odata/route.ts';
import { loadBiOperations, type BiOperation } from './operations.ts';
import { biRoute, type FeedDeps } from './routes.ts';

export function feedRoutes(apollo: ApolloServer<GatewayContext>, config: GatewayConfig): HttpRoute[] {
  // Read from the supergraph the gateway started with (a hot-reloaded supergraph keeps the
  // registered operations' shapes, which a compatible change does not alter).
  let tables: { schema: GraphQLSchema; operations: Map<string, BiOperation> } | undefined;
  const regionUrl = config.subgraphUrls.region ?? subgraphsOfSupergraph(config.supergraphSdl).region;
  const deps: FeedDeps = {
    apollo,
    verifier: { regionUrl: () => regionUrl, internalSecret: config.internalSecret, auth: config.auth },
    tables: () => {
      if (!tables) {
        const schema = apiSchemaOf(config.supergraphSdl);
        tables = { schema, operations: loadBiOperations(config.operationsDir ?? DEFAULT_OPERATIONS_DIR, schema) };
      }
      return tables;
    },
  };
  return [biRoute(deps), odataRoute(deps)];
}
