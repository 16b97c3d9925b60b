// Issue 13's first attack: for one day D, the cumulative windows [1 Jan, D] and [1 Jan, D-1] are
// asked, and their difference is read as the count of the day [D, D] — in each unit, for the total
// and each gender (age bands are counted on a window's first day, so they do not difference).
import { possibleCounts, perturbationTable } from '@pleiadi/region/perturbation';
import { suppressTable } from '@pleiadi/region/reference-suppression';
import { territory } from '@pleiadi/region/territory';
import type { ReportTable } from './tables.ts';

/** [1 Jan, D], [1 Jan, D-1] and [D, D], unfiltered. */
export type DayTables = [ReportTable, ReportTable, ReportTable];

export function dayWindows(day: string): { from: string; to: string }[] {
  const previous = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const january = `${day.slice(0, 4)}-01-01`;
  return [{ from: january, to: day }, { from: january, to: previous }, { from: day, to: day }];
}

export interface DifferencingFigures {
  mode: 'served' | 'reference';
  days: number;
  /** reference: the day's withheld small cells whose two windows are published; served: the day's cells of 1..threshold-1 people. */
  tried: number;
  /** The difference equals the true count. In the reference mode the attacker sees it is published; here it is only a guess. */
  guessedRight: number;
  /** Known for certain: the bounds the two windows and the day's own cell allow meet in one value. */
  certain: number;
  /** The difference minus the true count, over the cells tried: mean of its absolute value, and its largest. */
  meanAbsoluteError: number;
  largestError: number;
}

export function differencing(mode: 'served' | 'reference', truth: readonly DayTables[], served: readonly DayTables[], threshold: number): DifferencingFigures {
  const table = perturbationTable(threshold);
  const figures: DifferencingFigures = { mode, days: truth.length, tried: 0, guessedRight: 0, certain: 0, meanAbsoluteError: 0, largestError: 0 };
  let absoluteErrors = 0;
  truth.forEach((tables, d) => {
    const [cumulative, previous, day] = tables;
    const perIndicator = day.values.length / day.indicators.length;
    const statusOf = (report: ReportTable) =>
      day.indicators.flatMap((_, i) => suppressTable(report.values.subarray(i * perIndicator, (i + 1) * perIndicator), territory(), report.columns, threshold));
    const status = mode === 'reference' ? tables.map(statusOf) : undefined;
    for (let k = 0; k < day.values.length; k++) {
      if (k % day.columns > 2) continue;
      const truthDay = day.values[k];
      let guess: number;
      if (status) {
        if (status[2][k] !== 'SMALL_COUNT' || status[0][k] !== null || status[1][k] !== null) continue;
        guess = cumulative.values[k] - previous.values[k];
        figures.certain += guess === truthDay ? 1 : 0; // both published exactly: the attacker holds the difference
      } else {
        if (truthDay < 1 || truthDay >= threshold) continue;
        const [a, b, c] = served[d].map((t) => possibleCounts(table, t.values[k]));
        guess = served[d][0].values[k] - served[d][1].values[k];
        const lo = Math.max(a.min - b.max, c.min);
        const hi = Math.min(a.max - b.min, c.max);
        if (lo === hi) figures.certain++;
      }
      figures.tried++;
      if (guess === truthDay) figures.guessedRight++;
      absoluteErrors += Math.abs(guess - truthDay);
      figures.largestError = Math.max(figures.largestError, Math.abs(guess - truthDay));
    }
  });
  figures.meanAbsoluteError = figures.tried ? absoluteErrors / figures.tried : 0;
  return figures;
}
