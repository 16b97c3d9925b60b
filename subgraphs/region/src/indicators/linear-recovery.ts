// Which withheld cells a table's additive relations still pin down: Gaussian elimination over the
// withheld cells, modulo a prime (see suppression.ts, which withholds more until none is).

/** The groups of a table in compressed form: the members of group g are members[start[g]] up to start[g + 1]. */
export interface GroupMembers {
  start: Int32Array;
  members: Int32Array;
}

// Linear recovery is checked modulo a prime just under 2^26, so that the product of two residues is exact
// in a double. This agrees with the rationals unless the prime divides a denominator of the reduced system:
// on the regional tables tried, the exact audit's reduced rows never held a coefficient above 2.
const P = 67_108_859;

/** A sparse row: ascending columns (cells) and their non-zero coefficients mod P. */
interface Row { cols: number[]; coefs: number[] }

/**
 * The withheld cells that some combination of groups (as exact equations, published cells known) isolates.
 * Keeps a fully reduced basis of the equations over the withheld cells: a cell is isolated exactly when a
 * basis row has no other column than its pivot.
 */
export function linearlyDetermined({ start, members }: GroupMembers, state: Uint8Array): number[] {
  const n = state.length;
  const rowOf: (Row | undefined)[] = new Array(n);
  const holders: (Set<number> | undefined)[] = new Array(n); // cell -> pivots whose row has a coefficient there
  const scratch = new Float64Array(n);
  const touched = new Uint8Array(n);

  // Short equations first (those of one territory before those across territories): the long ones then
  // arrive already reduced to few columns, which keeps the fill and the work small. The answer does not
  // depend on the order.
  const order = Array.from({ length: start.length - 1 }, (_, g) => g);
  const unknowns = order.map((g) => {
    let count = 0;
    for (let k = start[g]; k < start[g + 1]; k++) if (state[members[k]]) count++;
    return count;
  });
  order.sort((a, b) => unknowns[a] - unknowns[b] || a - b);

  for (const g of order) {
    if (unknowns[g] === 0) continue;
    const cols: number[] = [];
    for (let k = start[g]; k < start[g + 1]; k++) {
      const m = members[k];
      if (!state[m]) continue;
      scratch[m] = k === start[g] ? 1 : P - 1;
      touched[m] = 1;
      cols.push(m);
    }
    if (cols.length === 0) continue;
    // Subtract the basis rows of the pivots present; basis rows are zero on every other pivot, so what they
    // add is never a pivot and one pass suffices.
    const initial = cols.length;
    for (let i = 0; i < initial; i++) {
      const pivotRow = rowOf[cols[i]];
      const f = scratch[cols[i]];
      if (!pivotRow || f === 0) continue;
      for (let j = 0; j < pivotRow.cols.length; j++) {
        const c = pivotRow.cols[j];
        if (!touched[c]) {
          touched[c] = 1;
          cols.push(c);
        }
        scratch[c] = (scratch[c] + (P - f) * pivotRow.coefs[j]) % P;
      }
    }
    cols.sort((a, b) => a - b);
    const row: Row = { cols: [], coefs: [] };
    for (const c of cols) {
      if (scratch[c] !== 0) {
        row.cols.push(c);
        row.coefs.push(scratch[c]);
      }
      scratch[c] = 0;
      touched[c] = 0;
    }
    if (row.cols.length === 0) continue;

    // Pivot on the column fewest basis rows hold, to keep the fill small; then clear it from those rows.
    let pivot = row.cols[0];
    for (const c of row.cols) if ((holders[c]?.size ?? 0) < (holders[pivot]?.size ?? 0)) pivot = c;
    const inverse = inverseMod(row.coefs[row.cols.indexOf(pivot)]);
    for (let j = 0; j < row.coefs.length; j++) row.coefs[j] = (row.coefs[j] * inverse) % P;
    for (const q of [...(holders[pivot] ?? [])]) {
      const old = rowOf[q]!;
      const updated = subtractMultiple(old, old.coefs[old.cols.indexOf(pivot)], row);
      for (const c of old.cols) holders[c]!.delete(q);
      for (const c of updated.cols) (holders[c] ??= new Set()).add(q);
      rowOf[q] = updated;
    }
    rowOf[pivot] = row;
    for (const c of row.cols) (holders[c] ??= new Set()).add(pivot);
  }

  const determined: number[] = [];
  for (let cell = 0; cell < n; cell++) if (rowOf[cell]?.cols.length === 1) determined.push(cell);
  return determined;
}

/** a - f * b, merged over their sorted columns. */
function subtractMultiple(a: Row, f: number, b: Row): Row {
  const out: Row = { cols: [], coefs: [] };
  let i = 0;
  let j = 0;
  while (i < a.cols.length || j < b.cols.length) {
    const ca = i < a.cols.length ? a.cols[i] : Infinity;
    const cb = j < b.cols.length ? b.cols[j] : Infinity;
    const col = Math.min(ca, cb);
    const x = ca === col ? a.coefs[i++] : 0;
    const y = cb === col ? b.coefs[j++] : 0;
    const v = (x + (P - f) * y) % P;
    if (v !== 0) {
      out.cols.push(col);
      out.coefs.push(v);
    }
  }
  return out;
}

function inverseMod(a: number): number {
  // Fermat: a^(P-2); each product of two residues is below 2^52, exact in a double.
  let result = 1;
  let base = a % P;
  for (let e = P - 2; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) result = (result * base) % P;
    base = (base * base) % P;
  }
  return result;
}
