// What a subgraph package declares about itself, and the one way every subgraph starts:
// open its database, migrate, load reference data, add demo data when asked, serve.
import type { GraphQLSchema } from 'graphql';
import type { Kysely } from 'kysely';
import { openDatabase, type Database, type DatabaseOptions } from './database.ts';
import { databaseUrl, databaseUrlVariable, dataDir, envPort } from './env.ts';
import { createLogger, describeError } from './log.ts';
import { migrateToLatest } from './migrate.ts';
import { startSubgraphServer, type RunningSubgraph } from './server.ts';

export interface SubgraphDefinition<DB> {
  name: string;
  schema: GraphQLSchema;
  /** Folder of dated migration files. */
  migrations: string;
  /** Port of the embedded default (`npm start`). */
  defaultPort: number;
  /** Reference data every deployment needs (territory, catalogue…); idempotent. */
  seedReference?: (db: Kysely<DB>) => Promise<void>;
  /** Demo data for the embedded default; must do nothing when data is already there. */
  seedDemo?: (db: Kysely<DB>) => Promise<unknown>;
}

export async function prepareSubgraphDatabase<DB>(definition: SubgraphDefinition<DB>, db: Kysely<DB>, options: { demo: boolean }): Promise<void> {
  await migrateToLatest(db as Kysely<unknown>, definition.migrations);
  await definition.seedReference?.(db);
  if (options.demo) await definition.seedDemo?.(db);
}

export interface StartSubgraphOptions<DB> {
  database: DatabaseOptions | Database<DB>;
  demo: boolean;
  port?: number;
  host?: string;
}

export interface StartedSubgraph<DB> extends RunningSubgraph {
  database: Database<DB>;
}

export async function startSubgraph<DB>(definition: SubgraphDefinition<DB>, options: StartSubgraphOptions<DB>): Promise<StartedSubgraph<DB>> {
  const database = 'db' in options.database ? options.database : await openDatabase<DB>(options.database);
  await prepareSubgraphDatabase(definition, database.db, { demo: options.demo });
  const server = await startSubgraphServer({ name: definition.name, schema: definition.schema, database, port: options.port, host: options.host });
  const ownsDatabase = !('db' in options.database);
  return {
    ...server,
    database,
    stop: async () => {
      await server.stop();
      if (ownsDatabase) await database.close();
    },
  };
}

/**
 * The `main` of a subgraph process. `<NAME>_DATABASE_URL` selects PostgreSQL; without it the
 * embedded PGlite under `.data/<name>` is used. Demo data is loaded on the embedded default, or
 * wherever PLEIADI_DEMO_DATA=true.
 */
export async function runSubgraphFromEnvironment<DB>(definition: SubgraphDefinition<DB>): Promise<void> {
  const log = createLogger(definition.name);
  const url = databaseUrl(definition.name);
  const demo = process.env.PLEIADI_DEMO_DATA ? process.env.PLEIADI_DEMO_DATA === 'true' : !url;
  try {
    const running = await startSubgraph(definition, {
      database: url ? { url, onIdleError: (e) => log.warn(`database connection dropped: ${describeError(e)}`) } : { dataDir: dataDir(definition.name) },
      demo,
      port: envPort('PORT', definition.defaultPort),
      host: process.env.HOST,
    });
    const stop = () => void running.stop().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (error) {
    log.error(`could not start: ${error instanceof Error ? error.message : String(error)}`);
    if (!url) log.error(`(set ${databaseUrlVariable(definition.name)} to use a PostgreSQL server instead of the embedded database)`);
    process.exit(1);
  }
}
