// The subgraphs of `npm start` in a few processes (see layout.ts) rather than one each: each
// subgraph still on its own port and its own database(s), as the environment says (embedded PGlite
// under .data/, or <STORE>_DATABASE_URL). A process loads graphql, Apollo and Pothos once for the
// subgraphs it serves, named by its arguments (all when none). Run from the bundle the build makes.
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  assertPortAvailable,
  assertRecordKeySecret,
  createLogger,
  databasesFromEnvironment,
  dataDir,
  internalSecret,
  pgliteTemplate,
  startSubgraph,
  stopTracing,
  storesOf,
  type StartedSubgraph,
  type SubgraphDefinition,
} from '@pleiadi/kit';
import { subgraphUrl } from './layout.ts';

export async function hostSubgraphs(loaders: Record<string, () => Promise<SubgraphDefinition<unknown>>>, names = process.argv.slice(2)): Promise<void> {
  const log = createLogger('start');
  const unknown = names.filter((name) => !loaders[name]);
  if (unknown.length) {
    log.error(`no subgraph named ${unknown.join(', ')}`);
    process.exit(1);
  }
  const definitions = await Promise.all((names.length ? names : Object.keys(loaders)).map((name) => loaders[name]()));
  // New embedded stores start from one initdb shared through a tarball, not one initdb each.
  const fresh = definitions.flatMap((d) => storesOf(d)).filter((store) => !existsSync(path.join(dataDir(store), 'PG_VERSION')));
  const template = fresh.length > 1 ? pgliteTemplate() : undefined;
  const running: StartedSubgraph<unknown>[] = [];
  let starting: Promise<unknown> = Promise.resolve();
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await starting.catch(() => {}); // a store half-migrated or half-seeded stays so
    await Promise.allSettled(running.map((s) => s.stop()));
    await stopTracing().catch(() => {}); // the last spans, when OTEL_EXPORTER_OTLP_ENDPOINT is set
    process.exit(code);
  };
  // `on`, not `once`: Apollo Server re-raises the signal once it has stopped, which would kill
  // the process before the embedded databases are closed cleanly (then the next start recovers).
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  try {
    const ports = definitions.map((d) => Number(new URL(subgraphUrl(d.name)).port));
    // A port that is taken is said at once, not after migrating and seeding.
    await Promise.all(ports.map((port) => assertPortAvailable(port, process.env.HOST)));
    // One after the other, in the order given: starting an embedded store is CPU work on this one
    // thread, so the first subgraphs serve sooner than if all started interleaved.
    for (const [i, definition] of definitions.entries()) {
      if (stopping) return;
      const subgraphLog = createLogger(definition.name);
      const { databases, demo, embeddedHint } = databasesFromEnvironment(definition, subgraphLog, template);
      try {
        if (definition.recordKeys) assertRecordKeySecret({ demo });
        const started = startSubgraph(definition, { databases, demo, internalSecret: internalSecret(), port: ports[i], host: process.env.HOST });
        starting = started;
        running.push(await started);
        // Tells the launcher (over the IPC channel it opened, if any) without making it poll.
        process.send?.({ serving: definition.name });
      } catch (error) {
        if (embeddedHint) subgraphLog.error(embeddedHint);
        throw new Error(`${definition.name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }
  } catch (error) {
    log.error(`could not start: ${error instanceof Error ? error.message : String(error)}`);
    await stop(1);
  }
}
