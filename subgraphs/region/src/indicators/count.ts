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

/** Fact bits in a record (FactColumns.facts is 16 bits wide). */
const FACT_BITS = 16;
/** Indicators counted in one pass over the records: one bit each in an int32. */
const PASS_WIDTH = 32;

/**
 * Counts distinct subjects per indicator, unit and column. A subject counts once in every unit
 * where any of its records that the indicator feeds on is placed, and in each of their ancestors;
 * its gender, age and record key are those of its first record, taking sources in the order given
 * (partners give one person the same record key, so the order matters only for bad data).
 */
export function countFacts(sources: readonly FactSource[], indicators: readonly CountedIndicator[], bands: readonly AgeBandLimits[], territory: Territory): Counts {
  const grouped = groupBySubject(sources, bands, territory);
  const unitCount = territory.units.length;
  const parent = Int32Array.from(territory.units, (u) => u.parent ?? -1);
  // Each subject is counted in a cell per indicator and unit by its kind — gender (0 unknown, F, M)
  // × age band (0 unknown, then each band) — so that a unit reached costs one increment, not one
  // per column; the columns are summed from the kinds at the end.
  const ageStates = bands.length + 1;
  const kinds = 3 * ageStates;
  const columns = FIRST_AGE_COLUMN + bands.length;
  const values = new Map<string, Int32Array>();
  const keys = new Map<string, Uint8Array>();
  for (let first = 0; first < indicators.length; first += PASS_WIDTH) {
    const pass = indicators.slice(first, first + PASS_WIDTH);
    // Per source and fact bit, the indicators of this pass that the bit feeds.
    const bitFeeds = new Int32Array(sources.length * FACT_BITS);
    sources.forEach((source, s) =>
      pass.forEach((indicator, i) => {
        const mask = indicator.feeds.get(source.subgraph) ?? 0;
        for (let b = 0; b < FACT_BITS; b++) if (mask & (1 << b)) bitFeeds[s * FACT_BITS + b] |= 1 << i;
      }),
    );
    const byKind = new Int32Array(pass.length * unitCount * kinds);
    const keyByKind = new Uint8Array(byKind.length); // a Uint8Array adds mod 256 by itself
    // counted[indicator, u] === subject + 1: the subject is already counted in unit u, and so in
    // its ancestors (valid because a subject's records are visited one after another).
    const counted = new Int32Array(pass.length * unitCount);
    const { order, start, sourceOf, factsOf, unitOf, kindOf, keyOf } = grouped;
    for (let subject = 0; subject < grouped.subjects; subject++) {
      const kind = kindOf[subject];
      const key = keyOf[subject];
      const mark = subject + 1;
      for (let k = start[subject], end = start[subject + 1]; k < end; k++) {
        const record = order[k];
        const feedsBase = sourceOf[record] * FACT_BITS;
        let fed = 0;
        for (let bits = factsOf[record]; bits !== 0; bits &= bits - 1) fed |= bitFeeds[feedsBase + 31 - Math.clz32(bits & -bits)];
        const leaf = unitOf[record];
        for (; fed !== 0; fed &= fed - 1) {
          const base = (31 - Math.clz32(fed & -fed)) * unitCount;
          for (let u = leaf; u !== -1 && counted[base + u] !== mark; u = parent[u]) {
            counted[base + u] = mark;
            const cell = (base + u) * kinds + kind;
            byKind[cell]++;
            keyByKind[cell] += key;
          }
        }
      }
    }
    pass.forEach((indicator, i) => {
      const counts = new Int32Array(unitCount * columns);
      const cellKeys = new Uint8Array(counts.length);
      for (let u = 0; u < unitCount; u++) {
        const row = u * columns;
        for (let kind = 0; kind < kinds; kind++) {
          const cell = (i * unitCount + u) * kinds + kind;
          const n = byKind[cell];
          if (n === 0) continue;
          const key = keyByKind[cell];
          const gender = Math.floor(kind / ageStates);
          const band = kind % ageStates;
          counts[row + TOTAL] += n;
          cellKeys[row + TOTAL] += key;
          if (gender !== 0) {
            counts[row + FIRST_GENDER_COLUMN + gender - 1] += n;
            cellKeys[row + FIRST_GENDER_COLUMN + gender - 1] += key;
          }
          if (band !== 0) {
            counts[row + FIRST_AGE_COLUMN + band - 1] += n;
            cellKeys[row + FIRST_AGE_COLUMN + band - 1] += key;
          }
        }
      }
      values.set(indicator.code, counts);
      keys.set(indicator.code, cellKeys);
    });
  }
  return { columns, values, keys, subjects: grouped.subjects };
}

/** The records of every source, numbered in the order given, grouped by subject. */
interface GroupedRecords {
  subjects: number;
  /** Record numbers, each subject's adjacent and in the order given: subject s has order[start[s]..start[s+1]). */
  order: Int32Array;
  start: Int32Array;
  /** Per record: its source's index, fact bits and territorial unit. */
  sourceOf: Uint8Array;
  factsOf: Uint16Array;
  unitOf: Int32Array;
  /** Per subject: gender × age band (see countFacts) and record key, from its first records. */
  kindOf: Uint16Array;
  keyOf: Uint8Array;
}

function groupBySubject(sources: readonly FactSource[], bands: readonly AgeBandLimits[], territory: Territory): GroupedRecords {
  if (sources.length > 255) throw new Error('More fact sources than a report can count.');
  const records = sources.reduce((n, s) => n + s.facts.length, 0);
  const bandOfAge = new Int8Array(256).fill(-1);
  bands.forEach((band, b) => {
    for (let age = band.min_age; age <= Math.min(band.max_age ?? 254, 254); age++) bandOfAge[age] = b;
  });
  const unitOfPlace = placeLookup(territory);
  const subjectOf = new Int32Array(records);
  const sourceOf = new Uint8Array(records);
  const factsOf = new Uint16Array(records);
  const unitOf = new Int32Array(records);
  const genderOf = new Uint8Array(records); // per subject, as the arrays below
  const bandOf = new Int8Array(records).fill(-1);
  const keyOf = new Uint8Array(records);

  // De-duplication by the subject's 64 bits, in an open-addressing table (linear probing) whose
  // slots hold [low half, high half, subject + 1] side by side (one cache line per probe; 0: empty).
  // Subjects are hashes or cipher blocks, so their low bits already spread evenly.
  const slots = 2 ** Math.ceil(Math.log2(Math.max(1.5 * records, 16)));
  const slotMask = slots - 1;
  const table = new Int32Array(slots * 3);
  let subjects = 0;
  let r = 0;
  for (let s = 0; s < sources.length; s++) {
    const { length, subjectHigh, subjectLow, place, facts, gender, age, recordKey } = sources[s].facts;
    for (let i = 0; i < length; i++, r++) {
      const high = subjectHigh[i] | 0;
      const low = subjectLow[i] | 0;
      let slot = low & slotMask;
      let subject = table[slot * 3 + 2] - 1;
      while (subject !== -1 && (table[slot * 3] !== low || table[slot * 3 + 1] !== high)) {
        slot = (slot + 1) & slotMask;
        subject = table[slot * 3 + 2] - 1;
      }
      if (subject === -1) {
        subject = subjects++;
        table[slot * 3] = low;
        table[slot * 3 + 1] = high;
        table[slot * 3 + 2] = subject + 1;
        keyOf[subject] = recordKey[i];
      }
      if (genderOf[subject] === 0) genderOf[subject] = gender[i];
      if (bandOf[subject] < 0) bandOf[subject] = bandOfAge[age[i]];
      subjectOf[r] = subject;
      sourceOf[r] = s;
      factsOf[r] = facts[i];
      unitOf[r] = unitOfPlace(place[i]);
    }
  }

  // Records in subject order (a counting sort, stable: each subject's records in the order given).
  const start = new Int32Array(subjects + 1);
  for (let i = 0; i < records; i++) start[subjectOf[i] + 1]++;
  for (let s = 0; s < subjects; s++) start[s + 1] += start[s];
  const order = new Int32Array(records);
  const next = start.slice(0, subjects);
  for (let i = 0; i < records; i++) order[next[subjectOf[i]]++] = i;
  const kindOf = new Uint16Array(subjects);
  for (let s = 0; s < subjects; s++) kindOf[s] = genderOf[s] * (bands.length + 1) + bandOf[s] + 1;
  return { subjects, order, start, sourceOf, factsOf, unitOf, kindOf, keyOf };
}

/**
 * The unit of a place code (a place off the territory's list counts in the region only), through
 * an open-addressing table of the few hundred places: a Map lookup per record cost more than the rest
 * of the record's grouping.
 */
function placeLookup(territory: Territory): (place: number) => number {
  const bits = Math.ceil(Math.log2(Math.max(4 * territory.unitOfPlace.size, 16)));
  const mask = 2 ** bits - 1;
  const places = new Int32Array(mask + 1).fill(-1);
  const units = new Int32Array(mask + 1);
  const slotOf = (place: number) => Math.imul(place, 0x9e3779b1) >>> (32 - bits);
  for (const [place, unit] of territory.unitOfPlace) {
    let slot = slotOf(place);
    while (places[slot] !== -1) slot = (slot + 1) & mask;
    places[slot] = place;
    units[slot] = unit;
  }
  return (place) => {
    for (let slot = slotOf(place); ; slot = (slot + 1) & mask) {
      if (places[slot] === (place | 0)) return units[slot];
      if (places[slot] === -1) return 0;
    }
  };
}
