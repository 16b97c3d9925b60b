// The summary table (markdown, also printed) and the ratios against the baseline gateway.
import { BASELINE, ratio, type Summary } from './stats.ts';

export interface ClassResult {
  id: string;
  title: string;
  /** Per gateway: the counts of one request, measured alone while checking the answer. */
  single: Record<string, { subgraphRequests: number; subgraphRequestBytes: number; statements: number }>;
  /** Per gateway: the timed rounds, summarised. */
  summaries: Record<string, Summary>;
}

/** The columns of the table, each a metric of the summary. */
export const COLUMNS: { label: string; metric: keyof Summary }[] = [
  { label: 'req/s', metric: 'requestsPerSecond' },
  { label: 'p50 ms', metric: 'p50' },
  { label: 'p95 ms', metric: 'p95' },
  { label: 'p99 ms', metric: 'p99' },
  { label: 'errors', metric: 'errors' },
  { label: 'CPU ms/req', metric: 'cpuMsPerRequest' },
  { label: 'RSS MB', metric: 'peakRssMb' },
  { label: 'subgraph req/req', metric: 'subgraphRequestsPerRequest' },
  { label: 'SQL/req', metric: 'statementsPerRequest' },
  { label: 'subgraphs CPU ms/req', metric: 'subgraphCpuMsPerRequest' },
  { label: 'busiest subgraph process, cores', metric: 'busiestSubgraphCores' },
  { label: 'PostgreSQL CPU ms/req', metric: 'postgresCpuMsPerRequest' },
];

/** A number with as many decimals as it deserves: 1234, 123.4, 12.34, 1.23; "–" when missing. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const magnitude = Math.abs(value);
  if (magnitude >= 100 || Number.isInteger(value)) return Math.round(value).toString();
  return value.toFixed(magnitude >= 10 ? 1 : 2);
}

export function formatRatio(value: number): string {
  return Number.isFinite(value) ? `×${value.toFixed(2)}` : '';
}

/** Every metric of `summary` divided by the baseline's. */
export function ratiosAgainst(summary: Summary, baseline: Summary): Record<string, number> {
  return Object.fromEntries(COLUMNS.map(({ metric }) => [metric, ratio(summary[metric], baseline[metric])]));
}

/** One markdown table: a row per class and gateway, each value followed by its ratio to the baseline. */
export function formatTable(results: readonly ClassResult[], gateways: readonly string[]): string {
  const lines = [`| class | gateway | ${COLUMNS.map((c) => c.label).join(' | ')} |`, `|---|---|${COLUMNS.map(() => '---:').join('|')}|`];
  for (const result of results) {
    const baseline = result.summaries[BASELINE];
    for (const gateway of gateways) {
      const summary = result.summaries[gateway];
      if (!summary) continue;
      const cells = COLUMNS.map(({ metric }) => {
        const value = formatNumber(summary[metric]);
        const r = gateway === BASELINE || !baseline ? '' : formatRatio(ratio(summary[metric], baseline[metric]));
        return r ? `${value} (${r})` : value;
      });
      lines.push(`| ${result.id} | ${gateway} | ${cells.join(' | ')} |`);
    }
  }
  return lines.join('\n');
}
