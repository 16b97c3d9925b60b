// A sound interval solver, as an adversary of the indicator report would write one: every cell a
// caller can collect is an integer unknown with the bounds its published value or mark allows, and
// the relations any reader knows hold between cells narrow those bounds until nothing changes.
// Sound: if the relations are true of the data, every true value stays inside its bounds, so a
// cell whose bounds meet is known exactly.

/** x[total] = Σ x[parts] (EQ), or x[total] <= Σ x[parts] (LE; with one part, plain a <= b). */
export interface Relation {
  kind: 'EQ' | 'LE';
  total: number;
  parts: number[];
}

export interface Bounds {
  lo: Float64Array;
  /** Infinity when unbounded above. */
  hi: Float64Array;
}

/** Narrows `bounds` in place to a fixed point of the relations; returns how many passes over a relation it took. */
export function propagate(bounds: Bounds, relations: readonly Relation[]): number {
  const { lo, hi } = bounds;
  const n = lo.length;
  // Relations of each cell (CSR), to look at again when one of its cells narrows.
  const start = new Int32Array(n + 1);
  for (const r of relations) for (const c of [r.total, ...r.parts]) start[c + 1]++;
  for (let c = 0; c < n; c++) start[c + 1] += start[c];
  const of = new Int32Array(start[n]);
  const fill = start.slice(0, n);
  relations.forEach((r, k) => {
    for (const c of [r.total, ...r.parts]) of[fill[c]++] = k;
  });

  const queued = new Uint8Array(relations.length).fill(1);
  let queue: number[] = relations.map((_, k) => k);
  let steps = 0;
  const tighten = (cell: number, newLo: number, newHi: number) => {
    let changed = false;
    if (newLo > lo[cell]) {
      lo[cell] = newLo;
      changed = true;
    }
    if (newHi < hi[cell]) {
      hi[cell] = newHi;
      changed = true;
    }
    if (!changed) return;
    for (let j = start[cell]; j < start[cell + 1]; j++) {
      if (!queued[of[j]]) {
        queued[of[j]] = 1;
        queue.push(of[j]);
      }
    }
  };

  while (queue.length) {
    const current = queue;
    queue = [];
    for (const k of current) {
      queued[k] = 0;
      steps++;
      const { kind, total, parts } = relations[k];
      // Sums of the parts' bounds, keeping infinities apart (Infinity - Infinity is no number).
      let sumLo = 0;
      let sumHi = 0;
      let infinite = 0;
      for (const p of parts) {
        sumLo += lo[p];
        if (hi[p] === Infinity) infinite++;
        else sumHi += hi[p];
      }
      const othersHi = (p: number) => (infinite - (hi[p] === Infinity ? 1 : 0) > 0 ? Infinity : sumHi - (hi[p] === Infinity ? 0 : hi[p]));
      const partsHi = infinite > 0 ? Infinity : sumHi;
      if (kind === 'EQ') {
        tighten(total, sumLo, partsHi);
        for (const p of parts) tighten(p, lo[total] - othersHi(p), hi[total] - (sumLo - lo[p]));
      } else {
        tighten(total, -Infinity, partsHi);
        for (const p of parts) tighten(p, lo[total] - othersHi(p), Infinity);
      }
    }
  }
  return steps;
}
