// One attack run: collect the reports of a plan through the gateway — as served to the caller, and
// exactly (the truth) — then run the interval solver on each set in the three modes, the
// differencing of cumulative windows, and measure the noise the served figures carry.
import { perturbationTable } from '@pleiadi/region/perturbation';
import { territory as territoryOf } from '@pleiadi/region/territory';
import type { Federation } from '../federation.ts';
import { relations, solve, type SolverFigures } from './adversary.ts';
import { dayWindows, differencing, type DayTables, type DifferencingFigures } from './differencing.ts';
import { EXACT_CALLER, fetchReport, label, MARK, peopleIndicators, REGION_CALLER, type Caller, type ReportSpec, type ReportTable } from './tables.ts';

export interface AttackPlan {
  threshold: number;
  /** Report sets solved together, each as served to its caller. */
  sets: { name: string; caller: Caller; specs: ReportSpec[] }[];
  /** Days D for the differencing of [1 Jan, D] and [1 Jan, D-1] (windows: served to the region's role). */
  days: string[];
  /** Some of the people indicators only (default all): a smaller collection for CI. */
  indicators?: string[];
}

export interface NoiseFigures {
  cells: number;
  /** Mean of published - true over every count of people: the bias. */
  bias: number;
  meanAbsolute: number;
  largest: number;
  /** The same over the cells of at least one person (an empty cell is never perturbed). */
  peopleCells: number;
  peopleBias: number;
  peopleMeanAbsolute: number;
  /** Mean of (Σ published children) - (Σ true children) over every unit and column with children: the bias of a sum. */
  sumBias: number;
  /** Mean |Σ published children - published parent| where a parent's people are the children's own: how a total and its parts differ. */
  totalVersusParts: number;
}

export interface AttackFigures {
  sets: { name: string; caller: string; reference: SolverFigures; unmarked: SolverFigures; served: SolverFigures }[];
  differencing?: { reference: DifferencingFigures; served: DifferencingFigures };
  noise: NoiseFigures;
  fetches: number;
}

export async function runAttack(federation: Federation, plan: AttackPlan, log: (line: string) => void = () => {}): Promise<AttackFigures> {
  const people = await peopleIndicators(federation);
  const indicators = plan.indicators ? people.filter((code) => plan.indicators!.includes(code)) : people;
  const cache = new Map<string, Promise<ReportTable>>();
  const fetch = (caller: Caller, spec: ReportSpec) => {
    const key = `${caller.role}/${caller.purpose ?? ''}/${label(spec)}`;
    if (!cache.has(key)) cache.set(key, fetchReport(federation, caller, spec, indicators));
    return cache.get(key)!;
  };
  const servedTables: [ReportTable, ReportTable][] = [];
  const figures: AttackFigures = {
    sets: [],
    noise: { cells: 0, bias: 0, meanAbsolute: 0, largest: 0, peopleCells: 0, peopleBias: 0, peopleMeanAbsolute: 0, sumBias: 0, totalVersusParts: 0 },
    fetches: 0,
  };

  for (const set of plan.sets) {
    const truth: ReportTable[] = [];
    const served: ReportTable[] = [];
    for (const spec of set.specs) {
      truth.push(await fetch(EXACT_CALLER, spec));
      served.push(await fetch(set.caller, spec));
      servedTables.push([truth.at(-1)!, served.at(-1)!]);
    }
    const shared = relations(truth);
    const result = {
      name: set.name,
      caller: set.caller.role,
      reference: solve('reference', truth, served, plan.threshold, shared),
      unmarked: solve('reference-unmarked', truth, served, plan.threshold, shared),
      served: solve('served', truth, served, plan.threshold, shared),
    };
    figures.sets.push(result);
    log(`${set.name}: ${truth.length} reports, ${result.served.cells} cells; pinned small: reference ${result.reference.pinnedSmall}, one mark ${result.unmarked.pinnedSmall}, served ${result.served.pinnedSmall}`);
  }

  if (plan.days.length) {
    const truth: DayTables[] = [];
    const served: DayTables[] = [];
    for (const day of plan.days) {
      const specs = dayWindows(day).map((period) => ({ period, action: null }));
      truth.push((await Promise.all(specs.map((s) => fetch(EXACT_CALLER, s)))) as DayTables);
      served.push((await Promise.all(specs.map((s) => fetch(REGION_CALLER, s)))) as DayTables);
      truth.at(-1)!.forEach((t, i) => servedTables.push([t, served.at(-1)![i]]));
    }
    figures.differencing = { reference: differencing('reference', truth, served, plan.threshold), served: differencing('served', truth, served, plan.threshold) };
  }
  figures.noise = noiseOf(servedTables);
  figures.fetches = cache.size;
  return figures;
}

function noiseOf(pairs: readonly [ReportTable, ReportTable][]): NoiseFigures {
  const seen = new Set<ReportTable>();
  let cells = 0;
  let sum = 0;
  let absolute = 0;
  let largest = 0;
  let people = 0;
  for (const [truth, served] of pairs) {
    if (seen.has(served)) continue;
    seen.add(served);
    for (let k = 0; k < truth.values.length; k++) {
      if (served.marks[k] !== MARK.PERTURBED) continue;
      const noise = served.values[k] - truth.values[k];
      cells++;
      sum += noise;
      absolute += Math.abs(noise);
      largest = Math.max(largest, Math.abs(noise));
      if (truth.values[k] > 0) people++;
    }
  }
  const { sumBias, totalVersusParts } = sumsOf([...seen].map((served) => pairs.find((p) => p[1] === served)!));
  // Empty cells carry no noise: the sums over the cells of people are the same sums.
  return {
    cells,
    bias: cells ? sum / cells : 0,
    meanAbsolute: cells ? absolute / cells : 0,
    largest,
    peopleCells: people,
    peopleBias: people ? sum / people : 0,
    peopleMeanAbsolute: people ? absolute / people : 0,
    sumBias,
    totalVersusParts,
  };
}

// Sums of parts against totals, over units with children, in every column.
function sumsOf(pairs: readonly [ReportTable, ReportTable][]): { sumBias: number; totalVersusParts: number } {
  let sums = 0;
  let bias = 0;
  let additive = 0;
  let gap = 0;
  const { units } = territoryOf();
  for (const [truth, served] of pairs) {
    const per = units.length * truth.columns;
    for (let i = 0; i < truth.indicators.length; i++) {
      for (const unit of units) {
        if (!unit.children.length) continue;
        for (let c = 0; c < truth.columns; c++) {
          const at = (u: number) => i * per + u * truth.columns + c;
          const trueParts = unit.children.reduce((s, u) => s + truth.values[at(u)], 0);
          const publishedParts = unit.children.reduce((s, u) => s + served.values[at(u)], 0);
          sums++;
          bias += publishedParts - trueParts;
          if (trueParts === truth.values[at(unit.index)]) {
            additive++;
            gap += Math.abs(publishedParts - served.values[at(unit.index)]);
          }
        }
      }
    }
  }
  return { sumBias: sums ? bias / sums : 0, totalVersusParts: additive ? gap / additive : 0 };
}

export function describeTable(threshold: number): string[] {
  const table = perturbationTable(threshold);
  return table.weights.map((w, n) => `${n === table.lastRow ? `${n}+` : n}: ${Array.from(w, (x, j) => (x ? `${j - table.maxNoise >= 0 ? '+' : ''}${j - table.maxNoise}:${x}` : '')).filter(Boolean).join(' ')}`);
}
