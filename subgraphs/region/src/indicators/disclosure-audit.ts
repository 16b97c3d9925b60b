// An attacker's check of a suppressed table, for tests: it may be slow, but it is exact and shares no code
// with suppress(). Published cells are known, withheld ones unknown and >= 1, and every group is read as
// an exact equation total = sum(parts).
import type { AdditiveGroup, SuppressionReason } from './suppression.ts';

/** A sparse integer row: column (cell) -> non-zero coefficient. */
type Row = Map<number, bigint>;

/**
 * Every withheld cell an attacker can pin down: (a) linearly, when its unit vector lies in the row space of
 * the equations over the unknowns; (b) by bounds, when a group with a published total leaves exactly 1 for
 * each of its withheld parts. Ascending cell indices.
 */
export function recoverableCells(values: Int32Array | number[], groups: AdditiveGroup[], status: readonly (SuppressionReason | null)[]): number[] {
  const unknown = (cell: number) => status[cell] !== null;
  const found = new Set<number>();

  for (const { total, parts } of groups) {
    if (unknown(total)) continue;
    const withheld = parts.filter(unknown);
    const residual = values[total] - parts.filter((p) => !unknown(p)).reduce((sum, p) => sum + values[p], 0);
    if (withheld.length > 0 && residual === withheld.length) withheld.forEach((p) => found.add(p));
  }

  for (const equations of components(groups, unknown)) {
    for (const cell of isolatedByElimination(equations)) found.add(cell);
  }
  return [...found].sort((a, b) => a - b);
}

/** The equations over the unknowns (+1 total, -1 parts), split into connected components of the unknowns. */
function components(groups: AdditiveGroup[], unknown: (cell: number) => boolean): Row[][] {
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    while (parent.get(x) !== x) {
      const up = parent.get(parent.get(x)!)!;
      parent.set(x, up);
      x = up;
    }
    return x;
  };
  const equations: Row[] = [];
  for (const { total, parts } of groups) {
    const row: Row = new Map();
    if (unknown(total)) row.set(total, 1n);
    for (const p of parts) if (unknown(p)) row.set(p, (row.get(p) ?? 0n) - 1n);
    for (const [cell, coef] of row) if (coef === 0n) row.delete(cell);
    if (row.size === 0) continue;
    equations.push(row);
    for (const cell of row.keys()) if (!parent.has(cell)) parent.set(cell, cell);
    const [first, ...rest] = row.keys();
    for (const cell of rest) parent.set(find(cell), find(first));
  }
  const byRoot = new Map<number, Row[]>();
  for (const row of equations) {
    const root = find(row.keys().next().value!);
    if (!byRoot.has(root)) byRoot.set(root, []);
    byRoot.get(root)!.push(row);
  }
  return [...byRoot.values()];
}

/** Gauss-Jordan over the integers (rows kept primitive by their gcd): the pivots whose reduced row is a unit vector. */
function isolatedByElimination(equations: Row[]): number[] {
  const basis = new Map<number, Row>(); // pivot -> row, zero on every other pivot
  for (const equation of equations) {
    let row = new Map(equation);
    for (const [pivot, pivotRow] of basis) {
      if (row.has(pivot)) row = combine(row, pivotRow, pivot);
    }
    if (row.size === 0) continue;
    const pivot = Math.min(...row.keys());
    for (const [other, otherRow] of basis) {
      if (otherRow.has(pivot)) basis.set(other, combine(otherRow, row, pivot));
    }
    basis.set(pivot, row);
  }
  return [...basis].filter(([, row]) => row.size === 1).map(([pivot]) => pivot);
}

/** b[col] * a - a[col] * b, which has no coefficient at col, divided by the gcd of its coefficients. */
function combine(a: Row, b: Row, col: number): Row {
  const fa = b.get(col)!;
  const fb = a.get(col)!;
  const out: Row = new Map();
  for (const [c, v] of a) out.set(c, fa * v);
  for (const [c, v] of b) out.set(c, (out.get(c) ?? 0n) - fb * v);
  let divisor = 0n;
  for (const [c, v] of out) {
    if (v === 0n) out.delete(c);
    else divisor = gcd(divisor, v < 0n ? -v : v);
  }
  if (divisor > 1n) for (const [c, v] of out) out.set(c, v / divisor);
  return out;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
