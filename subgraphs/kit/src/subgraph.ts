// What a subgraph package declares about itself, and the one way every subgraph starts:
// open its database(s), migrate, load reference data, add demo data when asked, serve.
import type { GraphQLSchema } from 'graphql';
import type { Kysely } from 'kysely';
import { openDatabase, type Database, type DatabaseOptions } from './database.ts';
import { databaseUrl, databaseUrlVariable, dataDir, envPort } from './env.ts';
import { internalSecret } from './identity.ts';
import { createLogger, describeError, type Logger } from './log.ts';
import { migrateToLatest } from './migrate.ts';
import { assertRecordKeySecret } from './record-key.ts';
import { startSubgraphServer, type RunningSubgraph } from './server.ts';
import { assertPortAvailable } from './http.ts';
import { stopTracing } from './telemetry/tracing.ts';
import { importRoute } from './import/route.ts';
import type { PartnerImports } from './import/table.ts';

export interface SubgraphDefinition<DB> {
  name: string;
  /** Who owns the data, for messages and logs: "ANCI Emilia-Romagna". */
  owner: string;
  schema: GraphQLSchema;
  /** Folder of dated migration files, applied to every store. */
  migrations: string;
  /** Port of the embedded default (`npm start`). */
  defaultPort: number;
  /**
   * `signed-in`: the subgraph holds only operational or personal data, so it refuses anonymous
   * callers outright — `_entities` included. Default `public` (reference data for everyone).
   */
  access?: 'public' | 'signed-in';
  /**
   * Names of the subgraph's databases. Default: one, named after the subgraph. Each store has
   * its own `<STORE>_DATABASE_URL` and embedded data directory.
   */
  stores?: readonly string[];
  /** Reference data every deployment needs (territory, catalogue…); idempotent. */
  seedReference?: (db: Kysely<DB>, store: string) => Promise<void>;
  /** Demo data for the embedded default; must do nothing when data is already there. */
  seedDemo?: (db: Kysely<DB>, store: string) => Promise<unknown>;
  /** What the partner's operators may import (served as POST /import/<table>, see import/route.ts). */
  imports?: PartnerImports;
  /**
   * Its indicator facts carry people's record keys (record-key.ts): served from the environment
   * (its own process, or `npm start`) on anything but demo data, it needs their secret.
   */
  recordKeys?: boolean;
}

export function storesOf(definition: SubgraphDefinition<unknown>): readonly string[] {
  return definition.stores ?? [definition.name];
}

export async function prepareSubgraphDatabase<DB>(
  definition: SubgraphDefinition<DB>,
  db: Kysely<DB>,
  options: { demo: boolean; store?: string },
): Promise<void> {
  const store = options.store ?? storesOf(definition as SubgraphDefinition<unknown>)[0];
  await migrateToLatest(db as Kysely<unknown>, definition.migrations);
  await definition.seedReference?.(db, store);
  if (options.demo) await definition.seedDemo?.(db, store);
}

export interface StartSubgraphOptions<DB> {
  /** Each store's database, or how to open it. */
  databases: Record<string, DatabaseOptions | Database<DB>>;
  demo: boolean;
  internalSecret: string;
  port?: number;
  host?: string;
}

export interface StartedSubgraph<DB> extends RunningSubgraph {
  databases: Record<string, Database<DB>>;
}

export async function startSubgraph<DB>(definition: SubgraphDefinition<DB>, options: StartSubgraphOptions<DB>): Promise<StartedSubgraph<DB>> {
  const stores = storesOf(definition as SubgraphDefinition<unknown>);
  const databases: Record<string, Database<DB>> = {};
  const opened: Database<DB>[] = [];
  try {
    for (const store of stores) {
      const given = options.databases[store];
      if (!given) throw new Error(`No database given for store ${store} of the ${definition.name} subgraph`);
      if ('db' in given) databases[store] = given;
      else opened.push((databases[store] = await openDatabase<DB>(given)));
    }
    // Stores are independent databases: prepare them side by side.
    await Promise.all(stores.map((store) => prepareSubgraphDatabase(definition, databases[store].db, { demo: options.demo, store })));
  } catch (error) {
    await Promise.all(opened.map((d) => d.close()));
    throw error;
  }
  const server = await startSubgraphServer({
    name: definition.name,
    owner: definition.owner,
    schema: definition.schema,
    databases,
    access: definition.access ?? 'public',
    internalSecret: options.internalSecret,
    routes: definition.imports
      ? [importRoute({
          subgraph: definition.name,
          imports: definition.imports,
          stores: Object.fromEntries(stores.map((store) => [store, databases[store].db as Kysely<unknown>])),
          internalSecret: options.internalSecret,
          embedded: stores.every((store) => databases[store].kind === 'pglite'),
        })]
      : [],
    port: options.port,
    host: options.host,
  });
  return {
    ...server,
    databases,
    stop: async () => {
      await server.stop();
      await Promise.all(opened.map((d) => d.close()));
    },
  };
}

/**
 * The `main` of a subgraph process. `<STORE>_DATABASE_URL` selects PostgreSQL for each store;
 * without it the embedded PGlite under `.data/<store>` is used. Demo data is loaded on the
 * embedded default, or wherever PLEIADI_DEMO_DATA=true.
 */
export async function runSubgraphFromEnvironment<DB>(definition: SubgraphDefinition<DB>): Promise<void> {
  const log = createLogger(definition.name);
  const { databases, demo, embeddedHint } = databasesFromEnvironment(definition, log);
  // A port that is taken or unusable is said at once, not after migrating and seeding; so is a
  // missing secret.
  let port: number;
  try {
    if (definition.recordKeys) assertRecordKeySecret({ demo });
    port = envPort('PORT', definition.defaultPort);
    await assertPortAvailable(port, process.env.HOST);
  } catch (error) {
    log.error(`could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  try {
    const running = await startSubgraph(definition, {
      databases,
      demo,
      internalSecret: internalSecret(),
      port,
      host: process.env.HOST,
    });
    // SIGTERM: stop accepting, let requests in flight finish (PLEIADI_SHUTDOWN_GRACE_MS), close the pools, send the last spans, exit 0.
    const stop = () =>
      void running
        .stop()
        .then(() => stopTracing())
        .then(() => process.exit(0), () => process.exit(1));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (error) {
    log.error(`could not start: ${error instanceof Error ? error.message : String(error)}`);
    if (embeddedHint) log.error(embeddedHint);
    process.exit(1);
  }
}

/**
 * Each store's database as the environment says — `<STORE>_DATABASE_URL`, or the embedded PGlite
 * under `.data/<store>` — and whether demo data goes in: on the embedded default, or wherever
 * PLEIADI_DEMO_DATA=true. `template` fills new embedded stores (see `pgliteTemplate`).
 */
export function databasesFromEnvironment<DB>(
  definition: SubgraphDefinition<DB>,
  log: Logger,
  template?: Promise<Blob>,
): { databases: Record<string, DatabaseOptions>; demo: boolean; embeddedHint?: string } {
  const stores = storesOf(definition as SubgraphDefinition<unknown>);
  const urls = Object.fromEntries(stores.map((store) => [store, databaseUrl(store)]));
  const embedded = stores.filter((store) => !urls[store]);
  const demo = process.env.PLEIADI_DEMO_DATA ? process.env.PLEIADI_DEMO_DATA === 'true' : embedded.length === stores.length;
  const databases = Object.fromEntries(
    stores.map((store): [string, DatabaseOptions] => [
      store,
      urls[store]
        ? { url: urls[store], onIdleError: (e) => log.warn(`database ${store}: connection dropped: ${describeError(e)}`) }
        : { dataDir: dataDir(store), template },
    ]),
  );
  const hint = embedded.length ? `(embedded databases in use; set ${embedded.map(databaseUrlVariable).join(', ')} to use PostgreSQL instead)` : undefined;
  return { databases, demo, embeddedHint: hint };
}
