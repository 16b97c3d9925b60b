// The adversary of issues 13 and 20, on tables collected through the gateway (tables.ts): what it
// knows of each cell from what is published (the served, perturbed figures; or, in the reference
// mode, the old method — threshold and complementary suppression — applied to the exact figures),
// the relations it knows hold, and what the interval solver then pins. Scored against the truth.
import { possibleCounts, perturbationTable } from '@pleiadi/region/perturbation';
import { suppressTable } from '@pleiadi/region/reference-suppression';
import { territory } from '@pleiadi/region/territory';
import { propagate, type Bounds, type Relation } from './solver.ts';
import { MARK, type ReportTable } from './tables.ts';

/** served: what a caller gets now; reference: the old method; reference-unmarked: the old method with one mark for every withheld cell. */
export type Mode = 'served' | 'reference' | 'reference-unmarked';

const GENDER_COLUMNS = [1, 2];

/**
 * The relations any reader knows, over the cells of all the reports at once (report r's cells from
 * r × size): in each unit total = F + M and total = Σ age bands (everyone has one gender and one
 * band); in each column a unit's child <= the unit <= Σ its children (a person may be counted in
 * several places); and across the reports of one period, each action <= all <= Σ actions (each
 * fact belongs to one action).
 */
export function relations(reports: readonly ReportTable[]): Relation[] {
  const all = territory().units;
  const out: Relation[] = [];
  reports.forEach((report, r) => {
    const size = report.values.length;
    for (let i = 0; i < report.indicators.length; i++) {
      const cell = (unit: number, column: number) => r * size + (i * all.length + unit) * report.columns + column;
      for (const unit of all) {
        out.push({ kind: 'EQ', total: cell(unit.index, 0), parts: GENDER_COLUMNS.map((c) => cell(unit.index, c)) });
        const bands = [];
        for (let c = 3; c < report.columns; c++) bands.push(cell(unit.index, c));
        if (bands.length) out.push({ kind: 'EQ', total: cell(unit.index, 0), parts: bands });
        if (!unit.children.length) continue;
        for (let c = 0; c < report.columns; c++) {
          for (const child of unit.children) out.push({ kind: 'LE', total: cell(child, c), parts: [cell(unit.index, c)] });
          out.push({ kind: 'LE', total: cell(unit.index, c), parts: unit.children.map((child) => cell(child, c)) });
        }
      }
    }
  });
  const byPeriod = new Map<string, Map<string | null, number>>();
  reports.forEach((report, r) => {
    const key = `${report.from}/${report.to}`;
    if (!byPeriod.has(key)) byPeriod.set(key, new Map());
    byPeriod.get(key)!.set(report.spec.action, r);
  });
  for (const actions of byPeriod.values()) {
    const whole = actions.get(null);
    const parts = ['AZ01', 'AZ02', 'AZ03'].map((a) => actions.get(a));
    if (whole === undefined || parts.some((p) => p === undefined)) continue;
    const size = reports[whole].values.length;
    for (let k = 0; k < size; k++) {
      for (const p of parts) out.push({ kind: 'LE', total: p! * size + k, parts: [whole * size + k] });
      out.push({ kind: 'LE', total: whole * size + k, parts: parts.map((p) => p! * size + k) });
    }
  }
  return out;
}

/** The bounds the adversary starts from: each cell as its published value or mark allows. */
export function startingBounds(mode: Mode, truth: readonly ReportTable[], served: readonly ReportTable[], threshold: number): Bounds {
  const size = truth[0].values.length;
  const lo = new Float64Array(size * truth.length);
  const hi = new Float64Array(size * truth.length);
  const table = perturbationTable(threshold);
  truth.forEach((report, r) => {
    if (mode === 'served') {
      const seen = served[r];
      for (let k = 0; k < size; k++) {
        const v = seen.values[k];
        const range = seen.marks[k] === MARK.PERTURBED ? possibleCounts(table, v) : { min: v, max: v };
        lo[r * size + k] = range.min;
        hi[r * size + k] = range.max;
      }
      return;
    }
    const perIndicator = size / report.indicators.length;
    for (let i = 0; i < report.indicators.length; i++) {
      const values = report.values.subarray(i * perIndicator, (i + 1) * perIndicator);
      const status = suppressTable(values, territory(), report.columns, threshold);
      status.forEach((reason, k) => {
        const at = r * size + i * perIndicator + k;
        if (reason === null) [lo[at], hi[at]] = [values[k], values[k]];
        else if (mode === 'reference-unmarked') [lo[at], hi[at]] = [1, Infinity];
        else if (reason === 'SMALL_COUNT') [lo[at], hi[at]] = [1, threshold - 1];
        else [lo[at], hi[at]] = [threshold, Infinity];
      });
    }
  });
  return { lo, hi };
}

export interface SolverFigures {
  mode: Mode;
  reports: number;
  cells: number;
  /** Cells not published exactly: the ones there is anything to find. */
  hidden: number;
  /** Of those, the ones whose true value is 1..threshold-1: the cells tried. */
  smallTried: number;
  /** Hidden cells the solver pins to one value, and those of them with a true value 1..threshold-1. */
  pinned: number;
  pinnedSmall: number;
  /** Cells whose truth fell outside the solver's bounds: must be 0, or the adversary was not sound. */
  wrong: number;
  /** For the small cells tried: the width (hi - lo) the solver left them, smallest and median. */
  smallestWidth: number;
  medianWidth: number;
  example?: string;
}

/** Runs the interval solver on a set of reports in one mode and scores it against the truth. */
export function solve(mode: Mode, truth: readonly ReportTable[], served: readonly ReportTable[], threshold: number, relationsOf = relations(truth)): SolverFigures {
  const bounds = startingBounds(mode, truth, served, threshold);
  const hidden = Uint8Array.from(bounds.lo, (lo, k) => (lo === bounds.hi[k] ? 0 : 1));
  propagate(bounds, relationsOf);
  const size = truth[0].values.length;
  const figures: SolverFigures = { mode, reports: truth.length, cells: hidden.length, hidden: 0, smallTried: 0, pinned: 0, pinnedSmall: 0, wrong: 0, smallestWidth: Infinity, medianWidth: Infinity };
  const widths: number[] = [];
  for (let k = 0; k < hidden.length; k++) {
    const report = truth[Math.floor(k / size)];
    const value = report.values[k % size];
    if (value < bounds.lo[k] || value > bounds.hi[k]) figures.wrong++;
    if (!hidden[k]) continue;
    figures.hidden++;
    const small = value >= 1 && value < threshold;
    const pinned = bounds.lo[k] === bounds.hi[k];
    if (small) {
      figures.smallTried++;
      widths.push(bounds.hi[k] - bounds.lo[k]);
    }
    if (pinned) figures.pinned++;
    if (pinned && small) {
      figures.pinnedSmall++;
      figures.example ??= describeCell(report, k % size, value);
    }
  }
  widths.sort((a, b) => a - b);
  if (widths.length) [figures.smallestWidth, figures.medianWidth] = [widths[0], widths[Math.floor(widths.length / 2)]];
  return figures;
}

const COLUMN_NAMES = ['total', 'F', 'M'];

export function describeCell(report: ReportTable, k: number, value: number): string {
  const all = territory().units;
  const i = Math.floor(k / (all.length * report.columns));
  const unit = all[Math.floor(k / report.columns) % all.length];
  const column = k % report.columns;
  return `${report.indicators[i]} ${unit.kind} ${unit.code} ${COLUMN_NAMES[column] ?? `age band ${column - 2}`} ${report.from}..${report.to} ${report.spec.action ?? 'all'} = ${value}`;
}
