// The cell-key perturbation table and the cell keys: the properties the README states, checked
// over every row and every one of the 256 cell keys.
import { decodeFacts, encodeFacts, FACT, type FactRow } from '@pleiadi/kit';
import { describe, expect, it } from 'vitest';
import { countFacts, TOTAL } from '../src/indicators/count.ts';
import { CELL_KEYS, maxNoiseFor, NOISE_VARIANCE, perturb, perturbationTable, possibleCounts } from '../src/indicators/perturbation.ts';
import { territory } from '../src/indicators/territory.ts';

const moments = (threshold: number, n: number) => {
  const table = perturbationTable(threshold);
  let sum = 0;
  let squares = 0;
  for (let key = 0; key < CELL_KEYS; key++) {
    const noise = perturb(table, n, key) - n;
    sum += noise;
    squares += noise * noise;
  }
  return { mean: sum / CELL_KEYS, variance: squares / CELL_KEYS - (sum / CELL_KEYS) ** 2 };
};

describe('the perturbation table', () => {
  for (const threshold of [3, 5, 10]) {
    it(`with threshold ${threshold}: zero stays zero, |noise| <= ${maxNoiseFor(threshold)}, no value 1..${threshold - 1}, mean 0 for every count`, () => {
      const table = perturbationTable(threshold);
      const D = maxNoiseFor(threshold);
      const wrong: string[] = [];
      for (let key = 0; key < CELL_KEYS; key++) if (perturb(table, 0, key) !== 0) wrong.push(`0 key ${key}`);
      for (let n = 1; n <= 300; n++) {
        const seen = new Set<number>();
        for (let key = 0; key < CELL_KEYS; key++) {
          const published = perturb(table, n, key);
          seen.add(published);
          if (Math.abs(published - n) > D || !(published === 0 || published >= threshold)) wrong.push(`n ${n} key ${key} -> ${published}`);
        }
        for (const published of seen) {
          const possible = possibleCounts(table, published);
          if (n < possible.min || n > possible.max) wrong.push(`n ${n} outside the counts possible for ${published}`);
        }
        // A small count is never published as itself; every other count has real noise.
        if (n < threshold ? seen.has(n) : seen.size <= 2) wrong.push(`n ${n} publishes ${[...seen]}`);
        if (moments(threshold, n).mean !== 0) wrong.push(`n ${n} biased`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it(`has variance ${NOISE_VARIANCE} (within 0.1) from the threshold up, and the least the constraints allow below it`, () => {
    for (let n = 5; n <= 100; n++) expect(Math.abs(moments(5, n).variance - NOISE_VARIANCE), `n ${n}`).toBeLessThan(0.1);
    // Below the threshold the only values are 0 and >= 5: variance (n)(5 - n) at least.
    for (let n = 1; n < 5; n++) {
      expect(moments(5, n).variance).toBeGreaterThanOrEqual(n * (5 - n));
      expect(moments(5, n).variance).toBeLessThan(n * (5 - n) + 0.2);
    }
  });

  it('leaves the adversary an interval of at least six counts for any published value', () => {
    const table = perturbationTable(5);
    expect(possibleCounts(table, 0)).toEqual({ min: 0, max: 5 });
    expect(possibleCounts(table, 5)).toEqual({ min: 1, max: 10 });
    for (let p = 5; p <= 200; p++) {
      const { min, max } = possibleCounts(table, p);
      expect(max - min, `published ${p}`).toBeGreaterThanOrEqual(5);
    }
  });
});

describe('cell keys', () => {
  const BANDS = [{ min_age: 0, max_age: null }];
  const O23 = { code: 'O.2.3', feeds: new Map([['cpia', FACT.SUPPORT_ACTIVITY], ['ats', FACT.SUPPORT_ACTIVITY]]) };
  const subject = (n: number) => Uint8Array.from([0, 0, 0, 0, 0, 0, n >> 8, n & 255]);
  const person = (n: number, place: number, recordKey: number): FactRow => ({ subject: subject(n), place, facts: FACT.SUPPORT_ACTIVITY, gender: 'F', age: 30, recordKey });
  const t = territory();
  const cellOf = (sources: { subgraph: string; rows: FactRow[] }[], kind: 'REGION' | 'MUNICIPALITY', code?: string) => {
    const counts = countFacts(sources.map((s) => ({ subgraph: s.subgraph, facts: decodeFacts(encodeFacts(s.rows)) })), [O23], BANDS, t);
    const i = t.find(kind, code)!.index * counts.columns + TOTAL;
    return { n: counts.values.get('O.2.3')![i], key: counts.keys.get('O.2.3')![i] };
  };

  it('are the sum of the distinct people\u2019s record keys mod 256, whoever names them and wherever', () => {
    const keys = [200, 100, 7];
    const once = cellOf([{ subgraph: 'cpia', rows: keys.map((k, i) => person(i, 37006, k)) }], 'REGION');
    expect(once).toEqual({ n: 3, key: (200 + 100 + 7) % 256 });
    // The same three people, named twice by two partners in other places and order: same cell key.
    const again = cellOf(
      [
        { subgraph: 'ats', rows: [person(2, 36023, 7), person(0, 37032, 200), person(0, 37006, 200)] },
        { subgraph: 'cpia', rows: [person(1, 40012, 100), person(2, 37006, 7)] },
      ],
      'REGION',
    );
    expect(again).toEqual(once);
    const table = perturbationTable(5);
    expect(perturb(table, again.n, again.key)).toBe(perturb(table, once.n, once.key));
    // Another set of people of the same size: another key.
    expect(cellOf([{ subgraph: 'cpia', rows: [person(0, 37006, 200), person(1, 37006, 100), person(3, 37006, 8)] }], 'REGION').key).not.toBe(once.key);
  });

  it('are spread evenly for cells of one and of several people, so the noise of different sets is independent', () => {
    const table = perturbationTable(5);
    // Random sets of 8 people with random record keys: the published total is unbiased and the noise spread.
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let bias = 0;
    const histogram = new Map<number, number>();
    const trials = 20_000;
    for (let trial = 0; trial < trials; trial++) {
      let key = 0;
      for (let p = 0; p < 8; p++) key = (key + Math.floor(random() * 256)) % 256;
      const noise = perturb(table, 8, key) - 8;
      bias += noise;
      histogram.set(noise, (histogram.get(noise) ?? 0) + 1);
    }
    expect(Math.abs(bias / trials)).toBeLessThan(0.05);
    expect(histogram.size).toBeGreaterThanOrEqual(7);
  });
});
