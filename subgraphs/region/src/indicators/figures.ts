// The figures of one report: the partners' facts counted (count.ts) into every territorial unit
// and column, then — for counts of people — shown as the caller may see them: exact to the
// region under its audited official-statistics purpose, and otherwise perturbed with the cell-key
// method (perturbation.ts), whose noise depends only on the set of people in a cell, so that two
// requests, two windows, an action and "all", or a total and its margins cannot be combined to
// take the noise off. Counts of authorities and items are not about people and stay exact.
import { decodeFacts, FACT, type FactName } from '@pleiadi/kit';
import type { ReportCatalogue } from '../db/repositories/programme.ts';
import { countFacts, type FactSource } from './count.ts';
import { perturb, perturbationTable } from './perturbation.ts';
import type { Territory } from './territory.ts';

/**
 * EXACT: a true count (of authorities or items; or of people, to the exact-figures reader).
 * PERTURBED: a count of people with cell-key noise, within the table's maximum of the truth.
 * SMALL_COUNT: to the exact-figures reader only, a true count of 1..threshold-1 people: not for release.
 */
export type Disclosure = 'EXACT' | 'PERTURBED' | 'SMALL_COUNT';

export interface Cell {
  value: number;
  disclosure: Disclosure;
}

export interface IndicatorFigures {
  code: string;
  countsPeople: boolean;
  cell(unit: number, column: number): Cell;
}

export interface ReportFigures {
  columns: number;
  indicators: Map<string, IndicatorFigures>;
}

export interface DisclosureRule {
  threshold: number;
  /** True figures for the region's official statistics; perturbed ones for everyone else. */
  exact: boolean;
}

/** Reads the feeds' fact names into bit masks per subgraph; an unknown name is a catalogue error. */
function feedMasks(catalogue: ReportCatalogue, code: string): Map<string, number> {
  const masks = new Map<string, number>();
  for (const feed of catalogue.feeds) {
    if (feed.indicator_code !== code) continue;
    const bit = FACT[feed.fact as FactName];
    if (bit === undefined) throw new Error(`The catalogue feeds ${code} with an unknown fact ${feed.fact}.`);
    masks.set(feed.subgraph, (masks.get(feed.subgraph) ?? 0) | bit);
  }
  return masks;
}

export function computeFigures(encoded: Record<string, string | null | undefined>, catalogue: ReportCatalogue, territory: Territory, rule: DisclosureRule): ReportFigures {
  const sources: FactSource[] = Object.entries(encoded)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([subgraph, text]) => ({ subgraph, facts: decodeFacts(text) }));
  const indicators = catalogue.indicators.map((d) => ({ code: d.code, feeds: feedMasks(catalogue, d.code) }));
  const counts = countFacts(sources, indicators, catalogue.ageBands, territory);
  const table = perturbationTable(rule.threshold);
  const figures = new Map<string, IndicatorFigures>();
  for (const definition of catalogue.indicators) {
    const values = counts.values.get(definition.code)!;
    const keys = counts.keys.get(definition.code)!;
    const people = definition.counts_people;
    figures.set(definition.code, {
      code: definition.code,
      countsPeople: people,
      cell: (unit, column) => {
        const i = unit * counts.columns + column;
        if (!people) return { value: values[i], disclosure: 'EXACT' };
        if (!rule.exact) return { value: perturb(table, values[i], keys[i]), disclosure: 'PERTURBED' };
        return { value: values[i], disclosure: values[i] > 0 && values[i] < rule.threshold ? 'SMALL_COUNT' : 'EXACT' };
      },
    });
  }
  return { columns: counts.columns, indicators: figures };
}
