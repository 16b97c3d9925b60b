// The BI doors of the gateway, mounted beside /graphql: /bi/ (registered operations as tables) and
// /odata/ (the aggregate tables as an OData v4 service). Both run through Apollo Server's own
// pipeline with the caller's context, never straight to a database.
import type { ApolloServer } from '@apollo/server';
import type { HttpRoute } from '@pleiadi/kit';
import type { GraphQLSchema } from 'graphql';
import type { GatewayConfig } from '../config.ts';
import type { GatewayContext } from '../context.ts';
import { DEFAULT_OPERATIONS_DIR } from '../admission/safelist.ts';
import { apiSchemaOf } from '../supergraph/built.ts';
import { odataRoute } from '../odata/route.ts';
import { loadBiOperations, type BiOperation } from './operations.ts';
import { biRoute, type FeedDeps } from './routes.ts';

export interface FeedSources {
  /** The supergraph being served now: the tables follow a hot reload. */
  supergraphSdl: () => string;
  /** The region subgraph's URL in that supergraph (unless overridden), for BI client keys. */
  regionUrl: () => string | undefined;
}

export function feedRoutes(apollo: ApolloServer<GatewayContext>, config: GatewayConfig, sources: FeedSources): HttpRoute[] {
  // Built again when the served supergraph changes: a reload may change a registered operation's
  // field types (so its columns), or drop a field it reads (the feed then says so, as /graphql would).
  let tables: { sdl: string; schema: GraphQLSchema; operations: Map<string, BiOperation> } | undefined;
  const deps: FeedDeps = {
    apollo,
    verifier: { regionUrl: sources.regionUrl, internalSecret: config.internalSecret, auth: config.auth },
    tables: () => {
      const sdl = sources.supergraphSdl();
      if (tables?.sdl !== sdl) {
        const schema = apiSchemaOf(sdl);
        tables = { sdl, schema, operations: loadBiOperations(config.operationsDir ?? DEFAULT_OPERATIONS_DIR, schema) };
      }
      return tables;
    },
  };
  return [biRoute(deps), odataRoute(deps)];
}
