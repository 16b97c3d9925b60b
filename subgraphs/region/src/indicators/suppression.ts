// Statistical disclosure control by suppression — REFERENCE MODE ONLY since cell-key perturbation
// (perturbation.ts) replaced it for every caller: kept so the attack suite can show what it gave away
// (see reference-suppression.ts). A count between 1 and threshold-1 is withheld, and so are enough
// other cells that no withheld count can be worked out from one table through its totals. Pure.

export type SuppressionReason = 'SMALL_COUNT' | 'COMPLEMENTARY';
/** An additive relation: the total is (conservatively assumed to be) the sum of the parts. Indices into the cell arrays. */
export interface AdditiveGroup { total: number; parts: number[] }
export interface SuppressionInput { values: Int32Array | number[]; groups: AdditiveGroup[]; threshold: number }

import { linearlyDetermined } from './linear-recovery.ts';

// Per-cell state; 0 is published, so a withheld cell is simply a truthy one.
const PRIMARY = 1;
const COMPLEMENT = 2;

/**
 * Returns, per cell, null (published) or why it is withheld. Deterministic: same values+groups -> same
 * answer, whatever part of the table a caller asks for (and whatever the order of the groups).
 *
 * Guarantees, for every withheld cell: no group has exactly one withheld member; no group with a published
 * total pins its withheld parts to 1 each (they are all known to be >= 1); and no linear combination of the
 * groups, read as exact equations, isolates it.
 */
export function suppress(input: SuppressionInput): (SuppressionReason | null)[] {
  const { values, threshold } = input;
  const table = prepare(values, input.groups);
  const state = new Uint8Array(values.length);
  const queue = new GroupQueue(table);
  for (let cell = 0; cell < values.length; cell++) {
    if (values[cell] >= 1 && values[cell] < threshold) {
      state[cell] = PRIMARY;
      queue.pushGroupsOf(cell);
    }
  }
  for (;;) {
    protectLocally(table, state, queue);
    const exposed = linearlyDetermined(table, state);
    let added = false;
    for (const cell of exposed) {
      const complement = nearestComplement(table, state, cell);
      if (complement >= 0) {
        state[complement] = COMPLEMENT;
        queue.pushGroupsOf(complement);
        added = true;
      }
    }
    // Nothing left to add happens only when every non-zero cell around the exposed ones is withheld.
    if (!added) break;
  }
  return Array.from(state, (s) => (s === PRIMARY ? 'SMALL_COUNT' : s === COMPLEMENT ? 'COMPLEMENTARY' : null));
}

/**
 * The groups in a canonical order, so that the order the caller lists them in cannot change any choice.
 * Members of group g are members[start[g]] (the total) then its parts ascending, up to start[g + 1];
 * the groups of cell c are groupsOf[cellStart[c]] up to cellStart[c + 1], ascending.
 */
interface Table {
  values: ArrayLike<number>;
  start: Int32Array;
  members: Int32Array;
  cellStart: Int32Array;
  groupsOf: Int32Array;
}

type Structure = Omit<Table, 'values'> & { cells: number };

// The structure depends on the groups only, and one request suppresses every indicator of a
// report over the same groups: build it once per groups array (callers keep that array fixed).
const structures = new WeakMap<readonly AdditiveGroup[], Structure>();

function prepare(values: ArrayLike<number>, groups: AdditiveGroup[]): Table {
  const n = values.length;
  for (let cell = 0; cell < n; cell++) {
    if (!Number.isInteger(values[cell]) || values[cell] < 0) throw new RangeError(`cell ${cell}: a count must be an integer >= 0, got ${values[cell]}`);
  }
  let structure = structures.get(groups);
  if (!structure || structure.cells !== n) {
    structure = structureOf(n, groups);
    structures.set(groups, structure);
  }
  return { values, start: structure.start, members: structure.members, cellStart: structure.cellStart, groupsOf: structure.groupsOf };
}

function structureOf(n: number, groups: AdditiveGroup[]): Structure {
  const checkCell = (cell: number) => {
    if (!Number.isInteger(cell) || cell < 0 || cell >= n) throw new RangeError(`group member ${cell} is not a cell of a table of ${n}`);
  };
  const rows = groups.map(({ total, parts }) => {
    checkCell(total);
    const sorted = [...parts].sort((a, b) => a - b);
    sorted.forEach((part, k) => {
      checkCell(part);
      if (part === total || (k > 0 && sorted[k - 1] === part)) throw new RangeError(`group of total ${total}: cell ${part} is listed twice`);
    });
    return [total, ...sorted];
  });
  rows.sort(compareLexicographically);
  const unique = rows.filter((row, k) => k === 0 || compareLexicographically(rows[k - 1], row) !== 0);

  const start = new Int32Array(unique.length + 1);
  unique.forEach((row, g) => (start[g + 1] = start[g] + row.length));
  const members = Int32Array.from(unique.flat());
  const cellStart = new Int32Array(n + 1);
  for (const cell of members) cellStart[cell + 1]++;
  for (let cell = 0; cell < n; cell++) cellStart[cell + 1] += cellStart[cell];
  const groupsOf = new Int32Array(members.length);
  const fill = cellStart.slice(0, n);
  for (let g = 0; g < unique.length; g++) {
    for (let k = start[g]; k < start[g + 1]; k++) groupsOf[fill[members[k]]++] = g;
  }
  return { cells: n, start, members, cellStart, groupsOf };
}

function compareLexicographically(a: number[], b: number[]): number {
  for (let k = 0; k < Math.min(a.length, b.length); k++) if (a[k] !== b[k]) return a[k] - b[k];
  return a.length - b.length;
}

/** FIFO of groups to look at again, each queued at most once at a time. */
class GroupQueue {
  private readonly ring: Int32Array;
  private readonly queued: Uint8Array;
  private head = 0;
  private size = 0;

  constructor(private readonly table: Table) {
    this.ring = new Int32Array(table.start.length - 1);
    this.queued = new Uint8Array(this.ring.length);
  }

  pushGroupsOf(cell: number): void {
    const { cellStart, groupsOf } = this.table;
    for (let k = cellStart[cell]; k < cellStart[cell + 1]; k++) {
      const g = groupsOf[k];
      if (this.queued[g]) continue;
      this.queued[g] = 1;
      this.ring[(this.head + this.size++) % this.ring.length] = g;
    }
  }

  pop(): number {
    if (this.size === 0) return -1;
    const g = this.ring[this.head];
    this.head = (this.head + 1) % this.ring.length;
    this.size--;
    this.queued[g] = 0;
    return g;
  }
}

/** Worklist to a fixed point: the cheap rules that each look at one group. */
function protectLocally(table: Table, state: Uint8Array, queue: GroupQueue): void {
  for (let g = queue.pop(); g >= 0; g = queue.pop()) {
    const complement = complementFor(table, state, g);
    if (complement < 0) continue;
    state[complement] = COMPLEMENT;
    queue.pushGroupsOf(complement);
  }
}

/** The cell group g needs withheld next, or -1 when it gives nothing away on its own. */
function complementFor({ values, start, members }: Table, state: Uint8Array, g: number): number {
  const total = members[start[g]];
  let withheldParts = 0;
  let publishedSum = 0;
  for (let k = start[g] + 1; k < start[g + 1]; k++) {
    const part = members[k];
    if (state[part]) withheldParts++;
    else publishedSum += values[part];
  }
  const withheld = withheldParts + (state[total] ? 1 : 0);
  // A lone unknown is the total minus the rest (or the rest minus the total).
  if (withheld === 1) return smallestPublished(values, start, members, state, g, 1);
  // Every withheld cell is >= 1: if the published total leaves exactly 1 for each withheld part, all are
  // known. Only a part >= 2 (or the total) breaks the tie; another 1 would not.
  if (withheldParts > 0 && !state[total] && values[total] - publishedSum === withheldParts) {
    return smallestPublished(values, start, members, state, g, 2);
  }
  return -1;
}

/** The published part with the smallest value >= min (ties: lowest index), else the total if published and > 0. */
function smallestPublished(values: ArrayLike<number>, start: Int32Array, members: Int32Array, state: Uint8Array, g: number, min: number): number {
  let best = -1;
  for (let k = start[g] + 1; k < start[g + 1]; k++) {
    const part = members[k];
    if (!state[part] && values[part] >= min && (best < 0 || values[part] < values[best])) best = part;
  }
  if (best >= 0) return best;
  const total = members[start[g]];
  return !state[total] && values[total] > 0 ? total : -1;
}

/**
 * For a cell a combination of groups isolates: the nearest published non-zero cell, looking first in its own
 * groups, then in the groups of the withheld cells they share, and so on; within one ring the same preference
 * as the local rule (smallest part, then lowest index, else a total).
 */
function nearestComplement({ values, start, members, cellStart, groupsOf }: Table, state: Uint8Array, cell: number): number {
  const seenGroup = new Uint8Array(start.length - 1);
  const seenCell = new Set([cell]);
  let ring = [cell];
  while (ring.length > 0) {
    let part = -1;
    let total = -1;
    const next: number[] = [];
    for (const c of ring) {
      for (let j = cellStart[c]; j < cellStart[c + 1]; j++) {
        const g = groupsOf[j];
        if (seenGroup[g]) continue;
        seenGroup[g] = 1;
        for (let k = start[g]; k < start[g + 1]; k++) {
          const m = members[k];
          if (state[m]) {
            if (!seenCell.has(m)) {
              seenCell.add(m);
              next.push(m);
            }
          } else if (values[m] > 0) {
            if (k > start[g]) {
              if (part < 0 || values[m] < values[part] || (values[m] === values[part] && m < part)) part = m;
            } else if (total < 0 || values[m] < values[total] || (values[m] === values[total] && m < total)) total = m;
          }
        }
      }
    }
    if (part >= 0) return part;
    if (total >= 0) return total;
    ring = next;
  }
  return -1;
}
