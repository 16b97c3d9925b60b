// One gateway under test, alone in this process so its CPU time and memory are its own:
// `ours` (as configured for production, from the environment), `stock` or `hive` (see peers.ts).
// Answers `stats` over IPC with its CPU time and the peak RSS sampled since the last `stats`.
import { subscribe } from 'node:diagnostics_channel';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { serveChild, type ProcessStats } from './ipc.ts';
import type { RunningPeer } from './peers.ts';

const kind = process.argv[2];
const subgraphUrls = JSON.parse(process.env.BENCH_SUBGRAPH_URLS ?? '{}') as Record<string, string>;

// Requests this gateway started to serve, whatever its HTTP stack: the ones a load run leaves in
// flight when it stops are served all the same, and their subgraph calls counted.
let requests = 0;
subscribe('http.server.request.start', () => {
  requests += 1;
});
let peakRss = process.memoryUsage.rss();
setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 100).unref();

let running: RunningPeer | undefined;

async function start(): Promise<{ url: string }> {
  if (kind.startsWith('ours')) {
    // Exactly what `npm start -w @pleiadi/gateway` does in production, pointed at the bench's
    // subgraphs; the variants turn levers off to weigh them (see OURS_VARIANTS in stats.ts).
    for (const [name, url] of Object.entries(subgraphUrls)) process.env[`${name.toUpperCase()}_SUBGRAPH_URL`] = url;
    const { configFromEnvironment, startGateway } = await import('@pleiadi/gateway');
    const config = { ...configFromEnvironment(), port: 0 };
    const off = new Set(kind.split('-').slice(1));
    if (off.has('nocache')) config.responseCacheTtlSeconds = 0;
    if (off.has('plain')) {
      config.responseCacheTtlSeconds = 0;
      config.subgraphFetch = { distinctRepresentations: false, shareInFlight: false, batchEntities: false };
    }
    if (off.has('noshare')) config.subgraphFetch = { ...config.subgraphFetch, shareInFlight: false };
    if (off.has('nobatch')) config.subgraphFetch = { ...config.subgraphFetch, batchEntities: false };
    // Tracing is off unless asked: `traced` variants (and --tracing) export every span to the bench's receiver.
    if (off.has('traced') && process.env.BENCH_OTLP_ENDPOINT) process.env.OTEL_EXPORTER_OTLP_ENDPOINT = process.env.BENCH_OTLP_ENDPOINT;
    const gateway = await startGateway(config);
    running = { url: gateway.url, stop: gateway.stop };
  } else {
    // The peers first, so that @apollo/gateway loads as it ships: ours would otherwise have
    // flattened Apollo's federation exports for them (gateway/src/federation-exports.ts).
    const { startHiveGateway, startStockGateway } = await import('./peers.ts');
    const { authConfigFromEnvironment, DEFAULT_SUPERGRAPH_PATH } = await import('@pleiadi/gateway');
    const { internalSecret } = await import('@pleiadi/kit');
    const internals = createRequire(import.meta.url)('@apollo/federation-internals') as object;
    if (!Object.getOwnPropertyDescriptor(internals, 'Schema')?.get) throw new Error(`${kind} would run on Apollo's federation packages as flattened by ours, not as shipped`);
    const options = {
      supergraphSdl: readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8'),
      subgraphUrls,
      auth: authConfigFromEnvironment(),
      internalSecret: internalSecret(),
    };
    if (kind === 'stock') running = await startStockGateway(options);
    else if (kind === 'hive') running = await startHiveGateway(options);
    else if (kind === 'hive-nodedup') running = await startHiveGateway({ ...options, deduplicate: false });
    else throw new Error(`unknown gateway ${kind}`);
  }
  return { url: running.url };
}

serveChild(start, {
  stats: (): ProcessStats => {
    const rss = process.memoryUsage.rss();
    const cpu = process.cpuUsage();
    const stats = { requests, cpuMicros: cpu.user + cpu.system, rss, peakRss: Math.max(peakRss, rss) };
    peakRss = rss;
    return stats;
  },
}, () => running?.stop() ?? Promise.resolve());
