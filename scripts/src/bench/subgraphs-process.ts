// Real subgraphs in one process, on the benchmark's PostgreSQL databases (BENCH_DATABASES, a JSON
// map of store → connection string) and free ports: those named in BENCH_SUBGRAPHS (comma-separated),
// or all six when it is empty. Counts the GraphQL requests each one receives and, through the kit's
// Database stats, the SQL statements each store runs; answers `stats` over IPC with the totals.
import { startSubgraph, storesOf, type StartedSubgraph, type SubgraphDefinition } from '@pleiadi/kit';
import { readRegistry } from '../registry.ts';
import { serveChild, type SubgraphStats } from './ipc.ts';

const databases = JSON.parse(process.env.BENCH_DATABASES ?? '{}') as Record<string, string>;
const only = (process.env.BENCH_SUBGRAPHS ?? '').split(',').filter(Boolean);
const secret = process.env.PLEIADI_INTERNAL_SECRET ?? '';
const started: StartedSubgraph<unknown>[] = [];
const requests: Record<string, number> = {};
const requestBytes: Record<string, number> = {};

async function start(): Promise<{ urls: Record<string, string> }> {
  const urls: Record<string, string> = {};
  for (const entry of readRegistry().filter((e) => !only.length || only.includes(e.name))) {
    const { definition } = (await import(entry.package)) as { definition: SubgraphDefinition<unknown> };
    const subgraph = await startSubgraph(definition, {
      databases: Object.fromEntries(storesOf(definition).map((store) => [store, { url: databases[store] }])),
      demo: false,
      internalSecret: secret,
      port: 0,
    });
    requests[entry.name] = 0;
    requestBytes[entry.name] = 0;
    subgraph.server.on('request', (request) => {
      if (request.method !== 'POST') return;
      requests[entry.name] += 1;
      requestBytes[entry.name] += Number(request.headers['content-length'] ?? 0);
    });
    started.push(subgraph);
    urls[entry.name] = subgraph.url;
  }
  return { urls };
}

serveChild(
  start,
  {
    stats: (): SubgraphStats => {
      const cpu = process.cpuUsage();
      return {
        requests: { ...requests },
        requestBytes: { ...requestBytes },
        statements: Object.fromEntries(started.flatMap((s) => Object.entries(s.databases).map(([store, d]) => [store, d.stats.statements]))),
        cpuMicros: cpu.user + cpu.system,
      };
    },
  },
  async () => {
    for (const subgraph of started) await subgraph.stop();
  },
);
