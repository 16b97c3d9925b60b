// How the benchmark runs the subgraphs. By default all six in one process, as `npm start` hosts
// them: each subgraph request costs what it costs in a warm process of its own, but one core
// bounds the subgraphs' work whatever gateway is in front. `--subgraph-processes per-subgraph`
// runs each in a process of its own, as partners deploy them: the subgraphs' work spreads over
// every core, but on a small machine the many processes make each subgraph request dearer (twice
// the CPU on two cores), which favours the gateway that sends fewer of them.
import { readRegistry } from '../registry.ts';
import { startChild, type Child, type SubgraphStats } from './ipc.ts';

export const SUBGRAPH_LAYOUTS = ['one', 'per-subgraph'] as const;
export type SubgraphLayout = (typeof SUBGRAPH_LAYOUTS)[number];

/** The totals of every subgraph process, summed, and each process's own CPU time (microseconds). */
export type SubgraphTotals = SubgraphStats & { cpuMicrosByProcess: Record<string, number> };

export interface SubgraphProcesses {
  layout: SubgraphLayout;
  urls: Record<string, string>;
  stats(): Promise<SubgraphTotals>;
}

export async function startSubgraphProcesses(layout: SubgraphLayout, env: Record<string, string>): Promise<SubgraphProcesses> {
  const groups = layout === 'one' ? [''] : readRegistry().map((entry) => entry.name);
  // One at a time: each runs its migrations check against its own databases as it starts.
  const children: Child[] = [];
  const urls: Record<string, string> = {};
  for (const group of groups) {
    const { child, ready } = await startChild<{ urls: Record<string, string> }>(group ? `subgraph ${group}` : 'subgraphs', 'subgraphs-process.ts', [], {
      ...env,
      BENCH_SUBGRAPHS: group,
    });
    children.push(child);
    Object.assign(urls, ready.urls);
  }
  return {
    layout,
    urls,
    async stats() {
      const all = await Promise.all(children.map((child) => child.call<SubgraphStats>('stats')));
      const summed = all.reduce((sum, one) => ({
        requests: { ...sum.requests, ...one.requests },
        requestBytes: { ...sum.requestBytes, ...one.requestBytes },
        statements: { ...sum.statements, ...one.statements },
        cpuMicros: sum.cpuMicros + one.cpuMicros,
      }));
      return { ...summed, cpuMicrosByProcess: Object.fromEntries(children.map((child, i) => [child.name, all[i].cpuMicros])) };
    },
  };
}
