// Cell-key perturbation of counts of people (the ABS TableBuilder / Eurostat cell-key method, with
// a perturbation table built the way the ptable package builds one: maximum entropy under the
// constraints below). A cell's key is the sum of its distinct people's record keys mod 256 (the
// kit's record-key.ts); the published count is the true count n plus the noise this fixed table
// gives for (cell key, n). The same set of people therefore always gets the same noise, in any
// request, window, scope, action or margin, and different sets get independent noise: a
// difference of two published tables is a difference of noises, not a count of people.
//
// The table, for a threshold t (PLEIADI_SMALL_COUNT_THRESHOLD) and maximum noise D (5, or t if more):
//   - n = 0 stays 0 (nobody's key can move an empty cell);
//   - |noise| <= D, and no published value is negative or between 1 and t - 1: a count of 1..t-1
//     people is published as 0 or as t or more, never as itself;
//   - the noise has mean exactly 0 for every n (integer weights on the 256 keys), so sums of
//     published cells are unbiased; its variance is V where the constraints allow it (for
//     n >= t) and the least they allow otherwise (4 to 6 for n = 1..t-1, with t = 5, D = 5).
// Rows n >= t + D are all alike (the noise no longer meets 0 or the small values), so the table
// holds rows 0..t + D and larger counts use the last.
import { RECORD_KEY_BITS } from '@pleiadi/kit';

export const CELL_KEYS = 1 << RECORD_KEY_BITS;
/** D at the default threshold of 5. */
export const MAX_NOISE = 5;
export const NOISE_VARIANCE = 3;

/**
 * D for a threshold t: at least t, so that one person can be published as t or t + 1 (two
 * neighbouring values are what makes the noise of a count of 1 exactly unbiased).
 */
export function maxNoiseFor(threshold: number): number {
  return Math.max(MAX_NOISE, threshold);
}

export interface PerturbationTable {
  threshold: number;
  maxNoise: number;
  variance: number;
  /** noise[row * CELL_KEYS + cellKey] for rows 0..lastRow. */
  noise: Int8Array;
  lastRow: number;
  /** weights[row][j]: how many of the 256 cell keys publish row + j - maxNoise (for the README and the attack's bounds). */
  weights: Int32Array[];
}

const tables = new Map<string, PerturbationTable>();

export function perturbationTable(threshold: number, maxNoise = maxNoiseFor(threshold), variance = NOISE_VARIANCE): PerturbationTable {
  const id = `${threshold}/${maxNoise}/${variance}`;
  let table = tables.get(id);
  if (!table) tables.set(id, (table = build(threshold, maxNoise, variance)));
  return table;
}

/** The published count for a true count n and a cell key (0..255). */
export function perturb(table: PerturbationTable, n: number, cellKey: number): number {
  if (n <= 0) return 0;
  return n + table.noise[Math.min(n, table.lastRow) * CELL_KEYS + cellKey];
}

/**
 * The true counts that can publish as `published`, from the table alone (what anyone who knows the
 * method can infer from one cell): an interval, as the table's rows are contiguous around n.
 */
export function possibleCounts(table: PerturbationTable, published: number): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let n = Math.max(0, published - table.maxNoise); n <= published + table.maxNoise; n++) {
    const row = table.weights[Math.min(n, table.lastRow)];
    const j = published - n + table.maxNoise;
    if ((n === 0 ? published === 0 : j >= 0 && j < row.length && row[j] > 0)) {
      min = Math.min(min, n);
      max = Math.max(max, n);
    }
  }
  return { min, max };
}

function build(threshold: number, maxNoise: number, variance: number): PerturbationTable {
  const lastRow = threshold + maxNoise;
  const noise = new Int8Array((lastRow + 1) * CELL_KEYS);
  const weights: Int32Array[] = [];
  for (let n = 0; n <= lastRow; n++) {
    const w = new Int32Array(2 * maxNoise + 1);
    if (n === 0) w[maxNoise] = CELL_KEYS;
    else {
      const support: number[] = [];
      for (let p = n - maxNoise; p <= n + maxNoise; p++) if (p === 0 || p >= threshold) support.push(p);
      const probabilities = maximumEntropy(support, n, variance);
      const integer = toKeys(support, probabilities, n);
      support.forEach((p, k) => (w[p - n + maxNoise] = integer[k]));
    }
    // Keys in ascending order of noise: key k publishes the value whose cumulative weight passes k.
    let key = 0;
    for (let j = 0; j < w.length; j++) for (let c = 0; c < w[j]; c++) noise[n * CELL_KEYS + key++] = j - maxNoise;
    weights.push(w);
  }
  return { threshold, maxNoise, variance, noise, lastRow, weights };
}

/**
 * The distribution on `support` with mean n and variance V of greatest entropy, p(x) ∝ exp(a(x-n) +
 * b(x-n)²), found by Newton's method on the convex dual; when V is outside what the support allows
 * with mean n, the two-point distribution of least (or greatest) variance around n instead.
 */
function maximumEntropy(support: number[], n: number, variance: number): number[] {
  const below = support.filter((x) => x <= n);
  const above = support.filter((x) => x >= n);
  const twoPoint = (lo: number, hi: number) => support.map((x) => (lo === hi ? (x === lo ? 1 : 0) : x === lo ? (hi - n) / (hi - lo) : x === hi ? (n - lo) / (hi - lo) : 0));
  const least = [below[below.length - 1], above[0]];
  const most = [support[0], support[support.length - 1]];
  if (least[0] === least[1] && variance <= 0) return twoPoint(n, n);
  if ((n - least[0]) * (least[1] - n) >= variance) return twoPoint(least[0], least[1]);
  if ((n - most[0]) * (most[1] - n) <= variance) return twoPoint(most[0], most[1]);
  const d = support.map((x) => x - n);
  let a = 0;
  let b = 0;
  const moments = (a: number, b: number) => {
    const e = d.map((x) => a * x + b * x * x);
    const top = Math.max(...e);
    const w = e.map((v) => Math.exp(v - top));
    const z = w.reduce((s, v) => s + v, 0);
    const p = w.map((v) => v / z);
    const m = (f: (x: number) => number) => p.reduce((s, v, k) => s + v * f(d[k]), 0);
    return { p, logZ: Math.log(z) + top, m1: m((x) => x), m2: m((x) => x * x), m3: m((x) => x ** 3), m4: m((x) => x ** 4) };
  };
  for (let iteration = 0; iteration < 200; iteration++) {
    const { logZ, m1, m2, m3, m4 } = moments(a, b);
    const g1 = m1;
    const g2 = m2 - variance;
    if (Math.abs(g1) < 1e-12 && Math.abs(g2) < 1e-12) break;
    // Hessian of log Z: the covariance of (x, x²).
    const h11 = m2 - m1 * m1;
    const h12 = m3 - m1 * m2;
    const h22 = m4 - m2 * m2;
    const det = h11 * h22 - h12 * h12;
    const da = -(h22 * g1 - h12 * g2) / det;
    const db = -(h11 * g2 - h12 * g1) / det;
    const dual = (a: number, b: number) => moments(a, b).logZ - b * variance;
    let step = 1;
    while (step > 1e-9 && dual(a + step * da, b + step * db) > logZ - b * variance) step /= 2;
    a += step * da;
    b += step * db;
  }
  return moments(a, b).p;
}

/**
 * Probabilities as whole numbers of the 256 cell keys, summing to 256 with a mean of exactly n.
 * Two neighbouring values x and x + 1 take up the rounding: with the others' weights fixed, the sum
 * and the mean give theirs as whole numbers. If one would be negative, one other weight moves by a
 * few keys — the feasible choice closest to the maximum-entropy probabilities wins.
 */
function toKeys(support: number[], probabilities: number[], n: number): number[] {
  const target = probabilities.map((p) => p * CELL_KEYS);
  let pair = -1;
  for (let k = 0; k + 1 < support.length; k++) {
    if (support[k + 1] === support[k] + 1 && (pair < 0 || target[k] + target[k + 1] > target[pair] + target[pair + 1])) pair = k;
  }
  if (pair < 0) throw new Error(`No two neighbouring values to perturb n = ${n} without bias.`);
  const rounded = target.map((t) => Math.round(t));
  let best: { w: number[]; cost: number } | undefined;
  for (let k = 0; k < support.length; k++) {
    if (k === pair || k === pair + 1) continue;
    for (let delta = -8; delta <= 8; delta++) {
      const w = rounded.slice();
      w[k] += delta;
      if (w[k] < 0) continue;
      const rest = w.reduce((s, v, i) => (i === pair || i === pair + 1 ? s : s + v), 0);
      const restTotal = w.reduce((s, v, i) => (i === pair || i === pair + 1 ? s : s + v * support[i]), 0);
      // w[pair] + w[pair+1] = 256 - rest; x·w[pair] + (x+1)·w[pair+1] = 256n - restTotal.
      w[pair + 1] = CELL_KEYS * n - restTotal - support[pair] * (CELL_KEYS - rest);
      w[pair] = CELL_KEYS - rest - w[pair + 1];
      if (w[pair] < 0 || w[pair + 1] < 0) continue;
      const cost = w.reduce((s, v, i) => s + Math.abs(v - target[i]), 0);
      if (!best || cost < best.cost) best = { w, cost };
    }
  }
  if (!best) throw new Error(`No unbiased perturbation row for n = ${n}.`);
  return best.w;
}
