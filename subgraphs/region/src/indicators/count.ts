// Counting the partners' facts into figures: every subject (a person, or an authority or item)
// once per indicator and territorial unit, however many records and partners name it.
import type { FactColumns } from '@pleiadi/kit';
import type { Territory } from './territory.ts';

/** Columns of every unit's row: the total, then F and M, then one per age band. */
export const TOTAL = 0;
export const FIRST_GENDER_COLUMN = 1;
export const GENDERS = ['F', 'M'] as const;
export const FIRST_AGE_COLUMN = 1 + GENDERS.length;

export interface FactSource {
  subgraph: string;
  facts: FactColumns;
}

export interface CountedIndicator {
  code: string;
  /** Fact bits counted, by subgraph (the catalogue's feeds). */
  feeds: ReadonlyMap<string, number>;
}

export interface AgeBandLimits {
  min_age: number;
  max_age: number | null;
}

export interface Counts {
  columns: number;
  /** Per indicator code: units × columns counts of distinct subjects. */
  values: Map<string, Int32Array>;
  /** Per indicator code, per cell: the sum of its distinct subjects' record keys mod 256 (the cell key). */
  keys: Map<string, Uint8Array>;
  /** Distinct subjects in all the facts (people and items). */
  subjects: number;
}

/**
 * Counts distinct subjects per indicator, unit and column. A subject counts once in every unit
 * where any of its records that the indicator feeds on is placed, and in each of their ancestors;
 * its gender, age and record key are those of its first record, taking sources in the order given
 * (partners give one person the same record key, so the order matters only for bad data).
 */
export function countFacts(sources: readonly FactSource[], indicators: readonly CountedIndicator[], bands: readonly AgeBandLimits[], territory: Territory): Counts {
  const records = sources.reduce((n, s) => n + s.facts.length, 0);
  const subjectOf = new Int32Array(records);
  const unitOf = new Int32Array(records);
  const sourceOf = new Uint8Array(records);
  const factsOf = new Uint16Array(records);
  const genderOf = new Uint8Array(records); // per subject (at most one per record)
  const ageColumnOf = new Int8Array(records).fill(-1); // per subject
  const recordKeyOf = new Uint8Array(records); // per subject

  const bandOfAge = new Int8Array(256).fill(-1);
  bands.forEach((band, b) => {
    for (let age = band.min_age; age <= Math.min(band.max_age ?? 254, 254); age++) bandOfAge[age] = b;
  });

  // De-duplication by the subject's 64 bits, in an open-addressing table (linear probing) over
  // typed arrays: subjects are hashes or cipher blocks, so their low bits already spread evenly.
  const slots = 2 ** Math.ceil(Math.log2(Math.max(2 * records, 16)));
  const slotMask = slots - 1;
  const slotHigh = new Uint32Array(slots);
  const slotLow = new Uint32Array(slots);
  const slotSubject = new Int32Array(slots).fill(-1);
  let subjects = 0;
  let r = 0;
  sources.forEach((source, s) => {
    const f = source.facts;
    for (let i = 0; i < f.length; i++, r++) {
      const high = f.subjectHigh[i];
      const low = f.subjectLow[i];
      let slot = low & slotMask;
      while (slotSubject[slot] !== -1 && (slotLow[slot] !== low || slotHigh[slot] !== high)) slot = (slot + 1) & slotMask;
      let subject = slotSubject[slot];
      if (subject === -1) {
        subject = subjects++;
        slotSubject[slot] = subject;
        slotHigh[slot] = high;
        slotLow[slot] = low;
        recordKeyOf[subject] = f.recordKey[i];
      }
      if (genderOf[subject] === 0 && f.gender[i] !== 0) genderOf[subject] = f.gender[i];
      if (ageColumnOf[subject] < 0 && f.age[i] !== 255 && bandOfAge[f.age[i]] >= 0) ageColumnOf[subject] = FIRST_AGE_COLUMN + bandOfAge[f.age[i]];
      subjectOf[r] = subject;
      unitOf[r] = territory.unitOfPlace.get(f.place[i]) ?? 0; // a place off the list counts in the region only
      sourceOf[r] = s;
      factsOf[r] = f.facts[i];
    }
  });

  // Records in subject order (a counting sort), so that each subject's records are adjacent.
  const start = new Int32Array(subjects + 1);
  for (let i = 0; i < records; i++) start[subjectOf[i] + 1]++;
  for (let s = 0; s < subjects; s++) start[s + 1] += start[s];
  const order = new Int32Array(records);
  const next = start.slice(0, subjects);
  for (let i = 0; i < records; i++) order[next[subjectOf[i]]++] = i;
  // The columns laid out in that order once, so that every indicator's pass below reads them
  // front to back instead of jumping through `order` (~10 passes over ~200,000 records).
  const subjectAt = new Int32Array(records);
  const unitAt = new Int32Array(records);
  const sourceAt = new Uint8Array(records);
  const factsAt = new Uint16Array(records);
  for (let k = 0; k < records; k++) {
    const i = order[k];
    subjectAt[k] = subjectOf[i];
    unitAt[k] = unitOf[i];
    sourceAt[k] = sourceOf[i];
    factsAt[k] = factsOf[i];
  }

  const columns = FIRST_AGE_COLUMN + bands.length;
  const parent = Int32Array.from(territory.units, (u) => u.parent ?? -1);
  const values = new Map<string, Int32Array>();
  const keys = new Map<string, Uint8Array>();
  for (const indicator of indicators) {
    const mask = Uint16Array.from(sources, (s) => indicator.feeds.get(s.subgraph) ?? 0);
    const counts = new Int32Array(territory.units.length * columns);
    const cellKeys = new Uint8Array(counts.length); // a Uint8Array adds mod 256 by itself
    // counted[u] === subject + 1: this subject is already counted in unit u, and so in its
    // ancestors (valid because a subject's records are visited one after another).
    const counted = new Int32Array(territory.units.length);
    for (let k = 0; k < records; k++) {
      if ((factsAt[k] & mask[sourceAt[k]]) === 0) continue;
      const subject = subjectAt[k];
      const gender = genderOf[subject];
      const ageColumn = ageColumnOf[subject];
      const key = recordKeyOf[subject];
      for (let u = unitAt[k]; u !== -1 && counted[u] !== subject + 1; u = parent[u]) {
        counted[u] = subject + 1;
        const row = u * columns;
        counts[row + TOTAL]++;
        cellKeys[row + TOTAL] += key;
        if (gender !== 0) {
          counts[row + FIRST_GENDER_COLUMN + gender - 1]++;
          cellKeys[row + FIRST_GENDER_COLUMN + gender - 1] += key;
        }
        if (ageColumn >= 0) {
          counts[row + ageColumn]++;
          cellKeys[row + ageColumn] += key;
        }
      }
    }
    values.set(indicator.code, counts);
    keys.set(indicator.code, cellKeys);
  }
  return { columns, values, keys, subjects };
}
