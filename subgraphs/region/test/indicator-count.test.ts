// Counting facts into figures: de-duplication across partners and places, ancestors, breakdowns.
import { decodeFacts, encodeFacts, FACT, placeOfAmbit, PLACE_REGION, type FactRow } from '@pleiadi/kit';
import { describe, expect, it } from 'vitest';
import { countFacts, FIRST_AGE_COLUMN, TOTAL } from '../src/indicators/count.ts';
import { territory } from '../src/indicators/territory.ts';

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
});
