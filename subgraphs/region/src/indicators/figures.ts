// The figures of one report: the partners' facts counted (count.ts) into every territorial unit
// and column, then — for counts of people — the small-count rule applied to the whole table at
// once, whatever part of it a caller asks for, so that two requests over the same data always
// withhold the same cells and cannot be combined to recompute one.
import { decodeFacts, FACT, type FactName } from '@pleiadi/kit';
import type { ReportCatalogue } from '../db/repositories/programme.ts';
import { countFacts, FIRST_AGE_COLUMN, FIRST_GENDER_COLUMN, GENDERS, TOTAL, type FactSource } from './count.ts';
import { suppress, type AdditiveGroup, type SuppressionReason } from './suppression.ts';
import type { Territory } from './territory.ts';

export interface Cell {
  value: number | null;
  suppressed: SuppressionReason | null;
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

export function computeFigures(encoded: Record<string, string | null | undefined>, catalogue: ReportCatalogue, territory: Territory, threshold: number): ReportFigures {
  const sources: FactSource[] = Object.entries(encoded)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([subgraph, text]) => ({ subgraph, facts: decodeFacts(text) }));
  const indicators = catalogue.indicators.map((d) => ({ code: d.code, feeds: feedMasks(catalogue, d.code) }));
  const counts = countFacts(sources, indicators, catalogue.ageBands, territory);
  const groups = additiveGroups(territory, counts.columns);
  const figures = new Map<string, IndicatorFigures>();
  for (const definition of catalogue.indicators) {
    const values = counts.values.get(definition.code)!;
    const status = definition.counts_people ? suppress({ values, groups, threshold }) : null;
    figures.set(definition.code, {
      code: definition.code,
      countsPeople: definition.counts_people,
      cell: (unit, column) => {
        const i = unit * counts.columns + column;
        const reason = status?.[i] ?? null;
        return { value: reason ? null : values[i], suppressed: reason };
      },
    });
  }
  return { columns: counts.columns, indicators: figures };
}

const groupsCache = new Map<string, AdditiveGroup[]>();

/**
 * The relations a reader could use to recompute a withheld cell: a unit's total is the sum of its
 * genders and the sum of its age bands; a unit's cell in any column is the sum of its children's.
 * (People counted in several places make children add up to more than the parent; treating that
 * as equality is the cautious choice.)
 */
function additiveGroups(territory: Territory, columns: number): AdditiveGroup[] {
  const key = `${territory.units.length}:${columns}`;
  let groups = groupsCache.get(key);
  if (groups) return groups;
  groups = [];
  const cell = (unit: number, column: number) => unit * columns + column;
  for (const unit of territory.units) {
    groups.push({ total: cell(unit.index, TOTAL), parts: GENDERS.map((_, g) => cell(unit.index, FIRST_GENDER_COLUMN + g)) });
    const bands = [];
    for (let c = FIRST_AGE_COLUMN; c < columns; c++) bands.push(cell(unit.index, c));
    if (bands.length) groups.push({ total: cell(unit.index, TOTAL), parts: bands });
    if (unit.children.length) {
      for (let c = 0; c < columns; c++) groups.push({ total: cell(unit.index, c), parts: unit.children.map((child) => cell(child, c)) });
    }
  }
  groupsCache.set(key, groups);
  return groups;
}
