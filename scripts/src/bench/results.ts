// The results of a run: the table and notes printed, and written as markdown and JSON.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatNumber, formatTable, ratiosAgainst, type ClassResult } from './report.ts';
import { BASELINE } from './stats.ts';

export interface RunMeta {
  date: string;
  commit: string;
  node: string;
  cpus: number;
  participants: number;
  seed: number;
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  connections: number;
  /** All six subgraphs in one process (as npm start hosts them), or each in its own (as partners deploy them). */
  subgraphProcesses: 'one' | 'per-subgraph';
  command: string;
  tracing?: { batches: number; kilobytes: number };
}

export function writeResults(outDir: string, meta: RunMeta, results: ClassResult[], gateways: string[], failures: string[]): void {
  const table = formatTable(results, gateways);
  const singles = results.map(
    (r) =>
      `- **${r.id}**: ${r.title}. One request alone (the mean over the class's requests): ` +
      `${Object.entries(r.single).map(([g, s]) => `${g} ${formatNumber(s.subgraphRequests)} subgraph requests (${(s.subgraphRequestBytes / 1024).toFixed(1)} KB), ${formatNumber(s.statements)} SQL`).join('; ')}.`,
  );
  const markdown = [
    `# Gateway benchmark, ${meta.date}`,
    '',
    `Commit ${meta.commit}; Node ${meta.node}, ${meta.cpus} CPUs; ${meta.participants.toLocaleString('en')} participants (seed ${meta.seed}); ` +
      `${meta.rounds} rounds × ${meta.seconds} s per gateway and class after a ${meta.warmupSeconds} s warm-up, ${meta.connections} connections; ` +
      `${meta.subgraphProcesses === 'one' ? 'the six subgraphs in one process' : 'each subgraph in a process of its own'}. ` +
      (meta.tracing ? `Tracing on (OpenTelemetry, every span exported: ${meta.tracing.batches} OTLP batches, ${meta.tracing.kilobytes} KB). ` : '') +
      `req/s: median of the rounds; latencies: exact percentiles of all rounds; CPU, subgraph requests and SQL per request counted at the gateway and the subgraphs. (×n): ratio to ${BASELINE}.`,
    '',
    table,
    '',
    ...singles,
    ...(failures.length ? ['', '**Not timed** (wrong answers):', '', ...failures.map((f) => `- ${f.replace(/\s+/g, ' ')}`)] : []),
    '',
  ].join('\n');
  mkdirSync(outDir, { recursive: true });
  const stamp = meta.date.replace(/[:.]/g, '-');
  const json = {
    meta,
    failures,
    classes: results.map((r) => ({
      ...r,
      ratios: Object.fromEntries(Object.entries(r.summaries).map(([g, s]) => [g, r.summaries[BASELINE] ? ratiosAgainst(s, r.summaries[BASELINE]) : {}])),
    })),
  };
  writeFileSync(path.join(outDir, `bench-${stamp}.md`), markdown);
  writeFileSync(path.join(outDir, `bench-${stamp}.json`), JSON.stringify(json, null, 2) + '\n');
  console.log(`\n${markdown}\nWritten to ${path.relative(process.cwd(), path.join(outDir, `bench-${stamp}.{md,json}`))}`);
}
