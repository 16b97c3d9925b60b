// The method served before cell-key perturbation, kept runnable as a reference mode for the attack
// suite only (issues 13 and 20): threshold and complementary suppression (suppression.ts) over the
// whole territorial table of one indicator. No resolver calls it; the attack applies it to the
// exact figures to show what the old method gave away, beside what is served now.
import { FIRST_AGE_COLUMN, FIRST_GENDER_COLUMN, GENDERS, TOTAL } from './count.ts';
import { suppress, type AdditiveGroup, type SuppressionReason } from './suppression.ts';
import type { Territory } from './territory.ts';

const groupsCache = new Map<string, AdditiveGroup[]>();

/**
 * The relations the old method protected: a unit's total is the sum of its genders and the sum of
 * its age bands; a unit's cell in any column is the sum of its children's (people counted in
 * several places make children add up to more than the parent; it treated that as equality).
 */
export function additiveGroups(territory: Territory, columns: number): AdditiveGroup[] {
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

/** The old method on one indicator's exact table (units × columns): per cell, null (published) or why withheld. */
export function suppressTable(values: Int32Array | number[], territory: Territory, columns: number, threshold: number): (SuppressionReason | null)[] {
  return suppress({ values, groups: additiveGroups(territory, columns), threshold });
}
