// Counting facts into figures: de-duplication across partners and places, ancestors, breakdowns.
import { createRandom, decodeFacts, encodeFacts, FACT, placeOfAmbit, PLACE_REGION, type FactRow } from '@pleiadi/kit';
import { describe, expect, it } from 'vitest';
import { countFacts, FIRST_AGE_COLUMN, TOTAL } from '../src/indicators/count.ts';
import { territory, type Territory } from '../src/indicators/territory.ts';

const BANDS = [
  { min_age: 0, max_age: 17 },
  { min_age: 18, max_age: 29 },
  { min_age: 30, max_age: 54 },
  { min_age: 55, max_age: null },
];
const subject = (n: number, high = 0) => {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setUint32(0, high);
  new DataView(bytes.buffer).setUint32(4, n);
  return bytes;
};
const person = (n: number, place: number, facts: number, gender: 'F' | 'M' = 'F', age = 30, high = 0): FactRow => ({ subject: subject(n, high), place, facts, gender, age });
const source = (subgraph: string, rows: FactRow[]) => ({ subgraph, facts: decodeFacts(encodeFacts(rows)) });

const BOLOGNA = 37006; // Bologna, province BO, ambit BOLOGNA
const IMOLA = 37032; // Imola, province BO
const MODENA = 36023; // Modena, province MO, ambit EMILIA_CENTRO_ORIENTALE

describe('countFacts', () => {
  const t = territory();
  const unit = (kind: 'REGION' | 'AMBIT' | 'PROVINCE' | 'MUNICIPALITY', code?: string) => t.find(kind, code)!.index;
  const O23 = { code: 'O.2.3', feeds: new Map([['cpia', FACT.SUPPORT_ACTIVITY], ['ats', FACT.SUPPORT_ACTIVITY]]) };
  const O232 = { code: 'O.2.3.2', feeds: new Map([['ats', FACT.CIVIC_ORIENTATION]]) };

  it('counts a person once per unit across partners, and in every place they were served', () => {
    const counts = countFacts(
      [
        source('cpia', [person(1, BOLOGNA, FACT.SUPPORT_ACTIVITY), person(2, MODENA, FACT.SUPPORT_ACTIVITY, 'M', 17)]),
        source('ats', [person(1, BOLOGNA, FACT.SUPPORT_ACTIVITY), person(1, IMOLA, FACT.SUPPORT_ACTIVITY | FACT.CIVIC_ORIENTATION), person(3, MODENA, FACT.CIVIC_ORIENTATION)]),
      ],
      [O23, O232],
      BANDS,
      t,
    );
    const value = (code: string, u: number, column = TOTAL) => counts.values.get(code)![u * counts.columns + column];
    expect(value('O.2.3', unit('REGION'))).toBe(2);
    expect(value('O.2.3', unit('AMBIT', 'BOLOGNA'))).toBe(1);
    expect(value('O.2.3', unit('PROVINCE', 'BO'))).toBe(1);
    expect(value('O.2.3', unit('MUNICIPALITY', '037006'))).toBe(1);
    expect(value('O.2.3', unit('MUNICIPALITY', '037032'))).toBe(1);
    expect(value('O.2.3', unit('AMBIT', 'EMILIA_CENTRO_ORIENTALE'))).toBe(1);
    // Person 3 has only a civic-orientation fact: not a support activity in this test's feeds.
    expect(value('O.2.3.2', unit('REGION'))).toBe(2);
    expect(value('O.2.3', unit('REGION'), 1)).toBe(1); // F
    expect(value('O.2.3', unit('REGION'), 2)).toBe(1); // M
    expect(value('O.2.3', unit('REGION'), FIRST_AGE_COLUMN)).toBe(1); // under 18
    expect(value('O.2.3', unit('REGION'), FIRST_AGE_COLUMN + 2)).toBe(1); // 30–54
    expect(counts.subjects).toBe(3);
  });

  it('keeps apart subjects that differ in any of their 64 bits, and finds each again past a run of collisions', () => {
    // Same low half (one slot of the table), different high halves; then many subjects whose
    // low halves differ only above the table's slot bits, so they all land on one run of slots.
    const sameSlot = [7, 8, 9].map((high) => person(0x100, BOLOGNA, FACT.SUPPORT_ACTIVITY, 'F', 30, high));
    const oneRun = Array.from({ length: 40 }, (_, k) => person(0x100 + k * 2 ** 24, BOLOGNA, FACT.SUPPORT_ACTIVITY, 'F', 30, 7));
    const counts = countFacts([source('cpia', [...sameSlot, ...oneRun]), source('ats', [...oneRun.reverse(), ...sameSlot])], [O23], BANDS, t);
    expect(counts.subjects).toBe(3 + 40 - 1); // 0x100 with high 7 is in both lists
    expect(counts.values.get('O.2.3')![unit('REGION') * counts.columns]).toBe(42);
  });

  it('counts items aimed at an ambit or the region only there', () => {
    const item = (n: number, place: number): FactRow => ({ subject: subject(n), place, facts: FACT.AWARENESS_CAMPAIGN, gender: null, age: null });
    const O24 = { code: 'O.2.4', feeds: new Map([['comms', FACT.AWARENESS_CAMPAIGN]]) };
    const counts = countFacts([source('comms', [item(1, PLACE_REGION), item(2, placeOfAmbit('ROMAGNA')), item(3, BOLOGNA), item(3, MODENA)])], [O24], BANDS, t);
    const value = (u: number, column = TOTAL) => counts.values.get('O.2.4')![u * counts.columns + column];
    expect(value(unit('REGION'))).toBe(3);
    expect(value(unit('AMBIT', 'ROMAGNA'))).toBe(1);
    expect(value(unit('AMBIT', 'BOLOGNA'))).toBe(1);
    expect(value(unit('PROVINCE', 'RA'))).toBe(0);
    expect(value(unit('REGION'), 1)).toBe(0);
  });

  it('gives what a plain count per subject gives, on random facts over more indicators than one pass holds', () => {
    const random = createRandom(20261207);
    const places = [...t.unitOfPlace.keys()];
    const subgraphs = ['cpia', 'ats', 'ial', 'comms'];
    // 40 indicators (two passes of the counting loop), each fed by random bits of random partners.
    const indicators = Array.from({ length: 40 }, (_, n) => ({
      code: `I.${n}`,
      feeds: new Map(subgraphs.filter(() => random.chance(0.5)).map((s) => [s, 1 << random.int(0, 15)] as const)),
    }));
    // Few subjects for many records (duplicates within and across partners), some sharing a low half;
    // places off the list; unknown genders and ages; ages no band holds (bands leave 40–49 out).
    const bands = [{ min_age: 0, max_age: 17 }, { min_age: 18, max_age: 39 }, { min_age: 50, max_age: null }];
    const people = Array.from({ length: 300 }, (_, n) => ({ low: random.chance(0.1) ? 77 : n, high: random.int(0, 3), key: random.int(0, 255) }));
    const rows = (count: number): FactRow[] =>
      Array.from({ length: count }, () => {
        const p = random.pick(people);
        return {
          subject: subject(p.low, p.high),
          place: random.chance(0.05) ? 999_999 : random.pick(places),
          facts: random.int(0, 0xffff) & random.int(0, 0xffff),
          gender: random.pick(['F', 'M', null] as const),
          age: random.chance(0.1) ? null : random.int(0, 99),
          recordKey: random.chance(0.9) ? p.key : random.int(0, 255),
        };
      });
    const sources = subgraphs.map((s) => source(s, rows(random.int(200, 900))));
    const counts = countFacts(sources, indicators, bands, t);
    const expected = plainCount(sources, indicators, bands, t);
    expect(counts.subjects).toBe(expected.subjects);
    for (const indicator of indicators) {
      expect(Array.from(counts.values.get(indicator.code)!), indicator.code).toEqual(expected.values.get(indicator.code));
      expect(Array.from(counts.keys.get(indicator.code)!), indicator.code).toEqual(expected.keys.get(indicator.code));
    }
    expect(expected.values.get('I.0')!.some((v) => v > 1)).toBe(true); // the test counts something
  });
});

/** countFacts' rules, one subject at a time with Maps and Sets: the test's independent reading. */
function plainCount(sources: ReturnType<typeof source>[], indicators: { code: string; feeds: Map<string, number> }[], bands: { min_age: number; max_age: number | null }[], t: Territory) {
  const columns = FIRST_AGE_COLUMN + bands.length;
  const subjects = new Map<string, { gender: number; band: number; key: number; records: { subgraph: string; facts: number; unit: number }[] }>();
  for (const { subgraph, facts: f } of sources) {
    for (let i = 0; i < f.length; i++) {
      const id = `${f.subjectHigh[i]}:${f.subjectLow[i]}`;
      const s = subjects.get(id) ?? { gender: 0, band: -1, key: f.recordKey[i], records: [] };
      subjects.set(id, s);
      if (s.gender === 0) s.gender = f.gender[i];
      if (s.band < 0) s.band = f.age[i] === 255 ? -1 : bands.findIndex((b) => f.age[i] >= b.min_age && f.age[i] <= (b.max_age ?? 254));
      s.records.push({ subgraph, facts: f.facts[i], unit: t.unitOfPlace.get(f.place[i]) ?? 0 });
    }
  }
  const values = new Map<string, number[]>();
  const keys = new Map<string, number[]>();
  for (const indicator of indicators) {
    const counts = new Array<number>(t.units.length * columns).fill(0);
    const cellKeys = new Array<number>(counts.length).fill(0);
    for (const s of subjects.values()) {
      const units = new Set<number>();
      for (const r of s.records) {
        if ((r.facts & (indicator.feeds.get(r.subgraph) ?? 0)) === 0) continue;
        for (let u: number | null = r.unit; u !== null; u = t.units[u].parent) units.add(u);
      }
      for (const u of units) {
        const cells = [TOTAL, ...(s.gender ? [s.gender] : []), ...(s.band >= 0 ? [FIRST_AGE_COLUMN + s.band] : [])];
        for (const c of cells) {
          counts[u * columns + c]++;
          cellKeys[u * columns + c] = (cellKeys[u * columns + c] + s.key) % 256;
        }
      }
    }
    values.set(indicator.code, counts);
    keys.set(indicator.code, cellKeys);
  }
  return { subjects: subjects.size, values, keys };
}
