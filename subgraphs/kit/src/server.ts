// Starts one subgraph: Apollo Server over its Pothos schema, on its own database.
import { ApolloServer } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { ANONYMOUS, type SubgraphContext } from './context.ts';
import type { Database } from './database.ts';
import { ErrorCode } from './errors.ts';
import { serveHttp, type RunningHttpServer } from './http.ts';
import { createLogger, describeError } from './log.ts';
import { sql } from 'kysely';

export interface SubgraphServerOptions<DB> {
  name: string;
  schema: GraphQLSchema;
  database: Database<DB>;
  port?: number;
  host?: string;
}

export interface RunningSubgraph extends RunningHttpServer {
  name: string;
  stop(): Promise<void>;
}

export async function startSubgraphServer<DB>(options: SubgraphServerOptions<DB>): Promise<RunningSubgraph> {
  const log = createLogger(options.name);
  const apollo = new ApolloServer<SubgraphContext<DB>>({
    schema: options.schema,
    includeStacktraceInErrorResponses: false,
    // Traces would ship resolver timings and error text to whoever asks for them.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    // Unexpected errors (a driver failure, a bug) leave the subgraph as a generic message: their
    // text may quote data. Errors raised on purpose keep their code and message.
    formatError: (formatted, error) => {
      if (formatted.extensions?.code !== ErrorCode.INTERNAL_SERVER_ERROR) return formatted;
      log.error(`unexpected error at ${formatted.path?.join('.') ?? 'request'}: ${describeError(unwrapResolverError(error))}`);
      return {
        message: `Internal error in the ${options.name} subgraph.`,
        path: formatted.path,
        extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
      };
    },
  });
  await apollo.start();

  const http = await serveHttp<SubgraphContext<DB>>({
    apollo,
    port: options.port,
    host: options.host,
    context: async () => ({ subgraph: options.name, db: options.database.db, viewer: ANONYMOUS }),
    health: async () => {
      await sql`select 1`.execute(options.database.db);
      return { ok: true, subgraph: options.name, database: options.database.kind };
    },
  });
  log.info(`serving ${http.url} on ${options.database.description}`);

  return {
    ...http,
    name: options.name,
    stop: async () => {
      await http.close();
      await apollo.stop();
    },
  };
}
