// Small-count suppression (DESIGN.md, "Small counts") checked against an attacker's audit, on hand-made
// tables and on random tables shaped like the regional one.
import { describe, expect, it } from 'vitest';
import { recoverableCells } from '../src/indicators/disclosure-audit.ts';
import { suppress, type AdditiveGroup, type SuppressionReason } from '../src/indicators/suppression.ts';

const S = 'SMALL_COUNT';
const C = 'COMPLEMENTARY';

// Cells of a territorial table: territory t, column c -> t * 7 + c.
const TOTAL = 0;
const F = 1;
const M = 2;
const BANDS = [3, 4, 5, 6];
const COLUMNS = 7;
const cell = (territory: number, column: number) => territory * COLUMNS + column;

/** {TOTAL; F, M} and {TOTAL; bands} per territory, and {parent; children} per parent and column. */
function hierarchyGroups(parent: number[]): AdditiveGroup[] {
  const groups: AdditiveGroup[] = [];
  parent.forEach((_, t) => {
    groups.push({ total: cell(t, TOTAL), parts: [cell(t, F), cell(t, M)] }, { total: cell(t, TOTAL), parts: BANDS.map((b) => cell(t, b)) });
  });
  parent.forEach((_, p) => {
    const children = parent.flatMap((q, t) => (q === p ? [t] : []));
    if (children.length === 0) return;
    for (let c = 0; c < COLUMNS; c++) groups.push({ total: cell(p, c), parts: children.map((t) => cell(t, c)) });
  });
  return groups;
}

/** Values where every leaf has [F, M, band1..band4] and every parent is the sum of its children (parents listed first). */
function sumUp(parent: number[], leaves: Record<number, number[]>): Int32Array {
  const values = new Int32Array(parent.length * COLUMNS);
  for (const [leaf, [f, m, ...bands]] of Object.entries(leaves)) {
    expect(bands.reduce((a, b) => a + b, 0)).toBe(f + m);
    [f + m, f, m, ...bands].forEach((v, c) => (values[cell(Number(leaf), c)] = v));
  }
  for (let t = parent.length - 1; t > 0; t--) {
    for (let c = 0; c < COLUMNS; c++) values[cell(parent[t], c)] += values[cell(t, c)];
  }
  return values;
}

function withheld(status: (SuppressionReason | null)[]): number[] {
  return status.flatMap((s, i) => (s === null ? [] : [i]));
}

/** Groups with exactly one withheld member: what the one-group rule forbids. */
function loneUnknowns(groups: AdditiveGroup[], status: (SuppressionReason | null)[]): AdditiveGroup[] {
  return groups.filter((g) => [g.total, ...g.parts].filter((c) => status[c] !== null).length === 1);
}

describe('primary suppression', () => {
  it('withholds counts from 1 to threshold - 1 and publishes zero', () => {
    const values = [0, 1, 2, 4, 5, 6, 0, 3];
    expect(suppress({ values, groups: [], threshold: 5 })).toEqual([null, S, S, S, null, null, null, S]);
    expect(suppress({ values, groups: [], threshold: 3 })).toEqual([null, S, S, null, null, null, null, null]);
    expect(suppress({ values, groups: [], threshold: 1 })).toEqual(values.map(() => null));
  });

  it('refuses a malformed table rather than guess', () => {
    expect(() => suppress({ values: [3, 1, 2], groups: [{ total: 0, parts: [1, 1] }], threshold: 3 })).toThrow(RangeError);
    expect(() => suppress({ values: [3, 1, 2], groups: [{ total: 0, parts: [1, 3] }], threshold: 3 })).toThrow(RangeError);
    expect(() => suppress({ values: [3, -1], groups: [], threshold: 3 })).toThrow(RangeError);
  });
});

describe('complementary suppression', () => {
  it('withholds the smallest other part of a group with one small part', () => {
    // 20 = 2 + 7 + 11 + 0: 2 alone would be 20 - 7 - 11.
    expect(suppress({ values: [20, 2, 11, 7, 0], groups: [{ total: 0, parts: [1, 2, 3, 4] }], threshold: 5 })).toEqual([null, S, null, C, null]);
    // Ties go to the lowest index.
    expect(suppress({ values: [18, 2, 8, 8], groups: [{ total: 0, parts: [3, 2, 1] }], threshold: 5 })).toEqual([null, S, C, null]);
  });

  it('withholds a total when no other part can cover a complement', () => {
    // Province F 12 = 9 + 3 (cells 4; 1, 3), and the first municipality's TOTAL 9 = F 9 + M 0 (cells 0; 1, 2).
    // The 3 takes the 9 along; in its own row the 9 then has only a zero beside it, so its total goes.
    const groups = [{ total: 4, parts: [1, 3] }, { total: 0, parts: [1, 2] }];
    expect(suppress({ values: [9, 9, 0, 3, 12], groups, threshold: 5 })).toEqual([C, C, null, S, null]);
  });

  it('does not let withheld parts be pinned to 1 by a published total', () => {
    // 2 = 1 + 1 with threshold 2: both 1s are withheld, and the published 2 would say they are 1 each.
    expect(suppress({ values: [2, 1, 1], groups: [{ total: 0, parts: [1, 2] }], threshold: 2 })).toEqual([C, S, S]);
    // 12 = 1 + 1 + 10: the two 1s leave 2 for two cells; withholding the 10 too leaves 12 for three.
    const status = suppress({ values: [12, 1, 1, 10], groups: [{ total: 0, parts: [1, 2, 3] }], threshold: 3 });
    expect(status).toEqual([null, S, S, C]);
    expect(recoverableCells([12, 1, 1, 10], [{ total: 0, parts: [1, 2, 3] }], status)).toEqual([]);
  });

  it('cascades up the hierarchy and down the other branch', () => {
    // Region 0 > ambits 1 (provinces 3, 4) and 2 (province 5 alone) > municipalities 6-8 (3), 9 (4), 10-11 (5).
    const parent = [-1, 0, 0, 1, 1, 2, 3, 3, 3, 4, 5, 5];
    const values = sumUp(parent, {
      6: [10, 12, 6, 9, 7, 0],
      7: [8, 9, 5, 7, 5, 0],
      8: [6, 7, 4, 5, 4, 0],
      9: [1, 1, 0, 1, 0, 1], // a municipality of two people: its province is small too
      10: [9, 8, 5, 4, 3, 5],
      11: [7, 6, 3, 3, 3, 4],
    });
    const groups = hierarchyGroups(parent);
    const status = suppress({ values, groups, threshold: 3 });
    const at = (t: number, c: number) => status[cell(t, c)];

    for (const t of [9, 4]) expect([TOTAL, F, M, 4, 6].map((c) => at(t, c))).toEqual([S, S, S, S, S]);
    // The oldest band of ambit 1 is 0 + 1: small. The region's 10 would give it away, so ambit 2's 9 goes,
    // then province 5's (its only province), then the smaller of its municipalities' (4 against 5).
    expect(at(1, 6)).toBe(S);
    expect(at(0, 6)).toBeNull();
    expect([at(2, 6), at(5, 6), at(11, 6), at(10, 6)]).toEqual([C, C, C, null]);
    // Province 4's total (2) is covered by its sibling's 52, which is covered by its smallest municipality (13).
    expect([at(3, TOTAL), at(8, TOTAL), at(7, TOTAL), at(6, TOTAL)]).toEqual([C, C, null, null]);

    expect(loneUnknowns(groups, status)).toEqual([]);
    expect(recoverableCells(values, groups, status)).toEqual([]);
  });

  it('closes leaks that no single group shows', () => {
    // One province (3) of four municipalities; threshold 3. Withholding only by the one-group rule gives the
    // pattern below, where municipality 4's youngest band is its row minus the other bands' columns.
    const parent = [-1, 0, 1, 2, 2, 2, 2];
    const values = sumUp(parent, {
      3: [20, 25, 13, 16, 14, 2],
      4: [14, 17, 12, 12, 5, 2],
      5: [0, 3, 1, 2, 0, 0],
      6: [1, 0, 0, 1, 0, 0],
    });
    const groups = hierarchyGroups(parent);
    const oneGroupRule: (SuppressionReason | null)[] = Array.from(values, () => null);
    for (const [t, c] of [[6, TOTAL], [6, F], [6, 4], [3, 6], [4, 6], [5, 3], [5, 4]]) oneGroupRule[cell(t, c)] = S;
    for (const [t, c] of [[3, 3], [3, 5], [4, F], [4, M], [4, 5], [5, TOTAL], [5, M]]) oneGroupRule[cell(t, c)] = C;
    expect(loneUnknowns(groups, oneGroupRule)).toEqual([]);
    expect(recoverableCells(values, groups, oneGroupRule)).toEqual([cell(3, 3), cell(5, 3)]);

    const status = suppress({ values, groups, threshold: 3 });
    expect(recoverableCells(values, groups, status)).toEqual([]);
    for (const i of withheld(oneGroupRule)) expect(status[i]).not.toBeNull();
  });
});

describe('determinism', () => {
  it('gives the same answer for the same table, whatever the order of groups and parts', () => {
    const { values, groups } = randomTable(7, { municipalities: 120, overlap: 0.1 });
    const first = suppress({ values, groups, threshold: 5 });
    expect(suppress({ values, groups, threshold: 5 })).toEqual(first);
    expect(suppress({ values: Array.from(values), groups, threshold: 5 })).toEqual(first);
    const random = mulberry32(99);
    const shuffledGroups = shuffle(groups.map((g) => ({ total: g.total, parts: shuffle([...g.parts], random) })), random);
    expect(suppress({ values, groups: shuffledGroups, threshold: 5 })).toEqual(first);
    // A repeated group is the same equation.
    expect(suppress({ values, groups: [...groups, groups[3]], threshold: 5 })).toEqual(first);
  });
});

describe('the audit', () => {
  it('recovers a small count withheld alone', () => {
    expect(recoverableCells([10, 2, 8], [{ total: 0, parts: [1, 2] }], [null, S, null])).toEqual([1]);
    // ...and a withheld total from published parts.
    expect(recoverableCells([10, 2, 8], [{ total: 0, parts: [1, 2] }], [S, null, null])).toEqual([0]);
  });

  it('recovers withheld parts that a published total pins to 1', () => {
    expect(recoverableCells([2, 1, 1], [{ total: 0, parts: [1, 2] }], [null, S, S])).toEqual([1, 2]);
    // A residual of 3 for two cells: 1 + 2 or 2 + 1.
    expect(recoverableCells([4, 1, 2, 1], [{ total: 0, parts: [1, 2, 3] }], [null, S, S, null])).toEqual([]);
  });

  it('finds nothing in a 2 x 2 rectangle of withheld cells', () => {
    // Two municipalities under one province, F and M withheld in both: each could move by the same amount.
    const parent = [-1, 0, 0];
    const values = sumUp(parent, { 1: [2, 9, 3, 3, 3, 2], 2: [9, 2, 3, 3, 3, 2] });
    const groups = hierarchyGroups(parent);
    const status: (SuppressionReason | null)[] = Array.from(values, () => null);
    for (const t of [1, 2]) for (const c of [F, M]) status[cell(t, c)] = S;
    expect(recoverableCells(values, groups, status)).toEqual([]);
  });
});

// --- Random tables shaped like the regional one -----------------------------------------------------

/** A seeded PRNG (mulberry32), so that a failing seed can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

// Region 0, ambits 1-4 (Emilia Nord, Emilia Centro-Orientale, Bologna, Romagna), provinces 5-13
// (PC PR RE, MO FE, BO, RA FC RN) with their share of the 330 municipalities.
const PROVINCE_AMBIT = [1, 1, 1, 2, 2, 3, 4, 4, 4];
const PROVINCE_MUNICIPALITIES = [46, 44, 40, 47, 21, 55, 18, 30, 27];
const AGE_BANDS = [0.3, 0.4, 0.22, 0.08];

interface RandomTableOptions {
  municipalities: number;
  /** People per municipality on average; most municipalities get far fewer, a few far more. */
  perMunicipality?: number;
  /** Share of people counted in a second municipality, so that parents are smaller than their children's sum. */
  overlap: number;
}

/** Counts people one by one, so F + M = TOTAL and the bands sum to TOTAL everywhere, and a parent counts each person once. */
function randomTable(seed: number, { municipalities, perMunicipality = 8, overlap }: RandomTableOptions) {
  const random = mulberry32(seed);
  const parent = [-1, 0, 0, 0, 0, ...PROVINCE_AMBIT];
  const share = PROVINCE_MUNICIPALITIES.map((n) => Math.max(1, Math.floor((n * municipalities) / 328)));
  for (let k = 0; share.reduce((a, b) => a + b, 0) < municipalities; k++) share[k % share.length]++;
  share.forEach((n, province) => parent.push(...Array<number>(n).fill(5 + province)));
  const firstMunicipality = 14;

  // Zipf-like weights over the municipalities in random order: a few towns, many villages.
  const weights = shuffle(Array.from({ length: parent.length - firstMunicipality }, (_, i) => 1 / (i + 1) ** 1.1), random);
  const cumulative: number[] = [];
  weights.reduce((sum, w) => (cumulative.push(sum + w), sum + w), 0);
  const someMunicipality = () => {
    const x = random() * cumulative[cumulative.length - 1];
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return firstMunicipality + lo;
  };

  const values = new Int32Array(parent.length * COLUMNS);
  const people = Math.round(municipalities * perMunicipality * (0.2 + 1.6 * random()));
  for (let person = 0; person < people; person++) {
    const gender = random() < 0.5 ? F : M;
    let u = random();
    let band = 0;
    while (band < 3 && u >= AGE_BANDS[band]) u -= AGE_BANDS[band++];
    const places = new Set([someMunicipality()]);
    if (random() < overlap) places.add(someMunicipality());
    const counted = new Set<number>();
    for (const place of places) for (let t = place; t >= 0; t = parent[t]) counted.add(t);
    for (const t of counted) for (const c of [TOTAL, gender, BANDS[band]]) values[cell(t, c)]++;
  }
  return { values, groups: hierarchyGroups(parent), parent };
}

describe('random regional tables', () => {
  const cases = Array.from({ length: 30 }, (_, k) => k + 1).flatMap((seed) =>
    [3, 5].flatMap((threshold) => [0, 0.15].map((overlap) => ({ seed, threshold, overlap }))),
  );

  it.each(cases)('seed $seed, threshold $threshold, overlap $overlap: nothing withheld can be recovered', ({ seed, threshold, overlap }) => {
    const size = mulberry32(seed * 7919);
    const municipalities = 40 + Math.floor(size() * 291);
    const { values, groups } = randomTable(seed, { municipalities, perMunicipality: 1 + size() * 15, overlap });
    const status = suppress({ values, groups, threshold });

    values.forEach((v, i) => {
      if (v >= 1 && v < threshold) expect(status[i], `cell ${i} = ${v}`).toBe(S);
      else if (v === 0) expect(status[i], `cell ${i} = 0`).toBeNull();
      else expect(status[i], `cell ${i} = ${v}`).not.toBe(S);
    });
    expect(loneUnknowns(groups, status)).toEqual([]);
    expect(recoverableCells(values, groups, status)).toEqual([]);
  });

  it('leaves nothing recoverable in full-size regional tables (344 territories x 7 columns)', () => {
    const tables = Array.from({ length: 3 }, (_, k) => randomTable(1000 + k, { municipalities: 330, perMunicipality: 3 * (k + 1), overlap: 0.1 }));
    expect(tables[0].values.length).toBe(344 * 7);
    expect(tables[0].groups.length).toBe(344 * 2 + 14 * 7);
    for (const { values, groups } of tables) {
      expect(recoverableCells(values, groups, suppress({ values, groups, threshold: 5 }))).toEqual([]);
    }
  });
});
