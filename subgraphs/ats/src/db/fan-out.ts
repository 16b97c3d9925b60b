// Reads that span the ambit stores. A multi-ambit list asks every store it needs, in parallel,
// for the next first+1 rows after the cursor by the same sort key, merge-sorts them and cuts the
// page: the cursor holds the sort key and the ambit of the last row, so page 1,000 costs what
// page 1 does. Nested lists and lookups by id are grouped by store: one statement per store
// whatever the number of parents or ids.
import { readPageArgs, encodeCursor, badUserInput, type Page, type PageArgs, type AmbitCode } from '@pleiadi/kit';
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { onStore, parseGlobalId, storeFor, withAmbit, type InAmbit, type Store, type Stores } from './stores.ts';
import type { AtsDatabase } from './types.ts';

type Value = string | number;

export interface MergedPageOptions<Row> {
  /**
   * Sort columns before the row id. Use codes of digits, dates and numbers: every store and the
   * merge below must order them alike, which collation-dependent text would not guarantee.
   */
  orderBy: string[];
  idColumn: string;
  /** The values of `orderBy` in a row. */
  key: (row: Row) => Value[];
  /** Whether a cursor's sort values have the right shape, so a forged cursor is bad input and not a SQL error. */
  validKey: (values: Value[]) => boolean;
  args: PageArgs;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Base<Row> = (db: Kysely<AtsDatabase>) => SelectQueryBuilder<any, any, Row>;

interface After {
  key: Value[];
  ambit: string;
  id: number;
}

/** One page of `base` over several stores, in the global order (sort key, ambit, id). */
export async function mergedPage<Row extends { id: number }>(
  stores: readonly Store[],
  base: Base<Row>,
  options: MergedPageOptions<Row>,
): Promise<Page<InAmbit<Row>>> {
  const width = options.orderBy.length;
  const page = readPageArgs(options.args, width + 2);
  const after = page.after ? readAfter(page.after, width, options.validKey) : undefined;
  const sortKey = (row: InAmbit<Row>): Value[] => [...options.key(row), row.ambit, row.id];

  const fromStores = await Promise.all(
    stores.map(async (store) => {
      if (page.first === 0) return [];
      let query = base(store.db);
      if (after) query = query.where(afterCondition(store.ambit, after, options));
      for (const column of [...options.orderBy, options.idColumn]) query = query.orderBy(sql.ref(column));
      const rows = await onStore(store, () => query.limit(page.first + 1).execute());
      return withAmbit(store.ambit, rows);
    }),
  );
  const merged = fromStores.flat().sort((a, b) => compareKeys(sortKey(a), sortKey(b)));
  const nodes = merged.slice(0, page.first);
  let total: Promise<number> | undefined;
  return {
    nodes,
    cursors: nodes.map((row) => encodeCursor(sortKey(row))),
    hasNextPage: merged.length > page.first,
    hasPreviousPage: after !== undefined,
    totalCount: () => (total ??= countAll(stores, base)),
  };
}

function readAfter(values: Value[], width: number, validKey: (values: Value[]) => boolean): After {
  const key = values.slice(0, width);
  const [ambit, id] = values.slice(width);
  if (typeof ambit !== 'string' || typeof id !== 'number' || !Number.isSafeInteger(id) || !validKey(key)) {
    throw badUserInput('The "after" cursor is not one this list handed out; pass an endCursor from a previous page.', 'after');
  }
  return { key, ambit, id };
}

// Rows of this store that come after the cursor in the order (sort key, ambit, id): with the
// same sort key, a store of a later ambit still has all its rows ahead, an earlier one none.
function afterCondition(ambit: AmbitCode, after: After, options: { orderBy: string[]; idColumn: string }) {
  const columns = sql.join(options.orderBy.map((c) => sql.ref(c)));
  const values = sql.join(after.key.map((v) => sql.val(v)));
  if (ambit === after.ambit) return sql<boolean>`(${columns}, ${sql.ref(options.idColumn)}) > (${values}, ${sql.val(after.id)})`;
  return ambit > after.ambit ? sql<boolean>`(${columns}) >= (${values})` : sql<boolean>`(${columns}) > (${values})`;
}

function compareKeys(a: Value[], b: Value[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

async function countAll<Row>(stores: readonly Store[], base: Base<Row>): Promise<number> {
  const counts = await Promise.all(
    stores.map((store) =>
      onStore(store, async (db) => {
        const row = await base(db).clearSelect().select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
        return (row as unknown as { total: number }).total;
      }),
    ),
  );
  return counts.reduce((sum, n) => sum + n, 0);
}

export function emptyPage<T>(args: PageArgs): Page<T> {
  return { nodes: [], cursors: [], hasNextPage: false, hasPreviousPage: Boolean(args.after), totalCount: () => 0 };
}

/**
 * A nested page for each parent key, reading each store once for all the parents it holds.
 * `load` answers one page per key, in the order given. A store that is down fails only its
 * parents' fields; a key no store holds gets an empty page.
 */
export async function pagesByStore<K, T>(
  stores: Stores,
  keys: readonly K[],
  ambitOfKey: (key: K) => AmbitCode | undefined,
  load: (store: Store, keys: K[]) => Promise<Page<T>[]>,
  args: PageArgs,
): Promise<(Page<InAmbit<T>> | Error)[]> {
  readPageArgs(args, 1);
  const groups = new Map<AmbitCode, K[]>();
  for (const key of new Set(keys)) {
    const ambit = ambitOfKey(key);
    if (!ambit) continue;
    const group = groups.get(ambit);
    if (group) group.push(key);
    else groups.set(ambit, [key]);
  }
  const answers = new Map<K, Page<InAmbit<T>> | Error>();
  await Promise.all(
    [...groups].map(async ([ambit, group]) => {
      try {
        const store = storeFor(stores, ambit);
        const pages = await onStore(store, () => load(store, group));
        group.forEach((key, i) => answers.set(key, inStore(store, pages[i])));
      } catch (error) {
        for (const key of group) answers.set(key, error as Error);
      }
    }),
  );
  return keys.map((key) => answers.get(key) ?? emptyPage(args));
}

function inStore<T>(store: Store, page: Page<T>): Page<InAmbit<T>> {
  // A page with no rows counts its list only when asked: that late statement fails like the first.
  return { ...page, nodes: withAmbit(store.ambit, page.nodes), totalCount: () => onStore(store, async () => page.totalCount()) };
}

/** A page for each key, computed on its own; one key's store being down fails that key only. */
export function pagePerKey<K, T>(keys: readonly K[], load: (key: K) => Promise<Page<T>>): Promise<(Page<T> | Error)[]> {
  return Promise.all(keys.map((key) => load(key).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))));
}

/**
 * Rows by global id (AMBIT:number), one statement per store. Answers in the order of the ids:
 * the row, null when there is none, or the error of a malformed id or an unreachable store.
 */
export async function rowsByGlobalId<Row extends { id: number }>(
  stores: Stores,
  ids: readonly string[],
  fetch: (db: Kysely<AtsDatabase>, ids: number[]) => Promise<Row[]>,
): Promise<(InAmbit<Row> | Error)[]> {
  const parsed = ids.map((id): ReturnType<typeof parseGlobalId> | Error => {
    try {
      return parseGlobalId(id);
    } catch (error) {
      return error as Error;
    }
  });
  const wanted = new Map<AmbitCode, number[]>();
  for (const ref of parsed) {
    if (!ref || ref instanceof Error) continue;
    const local = wanted.get(ref.ambit);
    if (local) local.push(ref.id);
    else wanted.set(ref.ambit, [ref.id]);
  }
  const found = new Map<AmbitCode, Map<number, InAmbit<Row>> | Error>();
  await Promise.all(
    [...wanted].map(async ([ambit, local]) => {
      try {
        const store = storeFor(stores, ambit);
        const rows = await onStore(store, (db) => fetch(db, [...new Set(local)]));
        found.set(ambit, new Map(withAmbit(ambit, rows).map((row) => [row.id, row])));
      } catch (error) {
        found.set(ambit, error as Error);
      }
    }),
  );
  return parsed.map((ref) => {
    if (ref instanceof Error) return ref;
    const rows = ref && found.get(ref.ambit);
    if (rows instanceof Error) return rows;
    // DataLoader answers null for a key without a row; Pothos' load type does not spell that out.
    return (rows?.get(ref!.id) ?? null) as InAmbit<Row>;
  });
}

/**
 * The rows belonging to each of many parents named by global id (AMBIT:number), one statement per
 * store whatever the number of parents. `fetch` reads the rows of a store's parents; `parentOf`
 * says which parent a row belongs to. Answers in the order of the ids: the parent's rows (empty
 * when it has none), or the error of a malformed id or an unreachable store.
 */
export async function listsByGlobalId<Row>(
  stores: Stores,
  ids: readonly string[],
  fetch: (db: Kysely<AtsDatabase>, ids: number[]) => Promise<Row[]>,
  parentOf: (row: Row) => number,
): Promise<(InAmbit<Row>[] | Error)[]> {
  const parsed = ids.map((id): ReturnType<typeof parseGlobalId> | Error => {
    try {
      return parseGlobalId(id);
    } catch (error) {
      return error as Error;
    }
  });
  const wanted = new Map<AmbitCode, Set<number>>();
  for (const ref of parsed) {
    if (!ref || ref instanceof Error) continue;
    const local = wanted.get(ref.ambit) ?? new Set<number>();
    local.add(ref.id);
    wanted.set(ref.ambit, local);
  }
  const found = new Map<AmbitCode, Map<number, InAmbit<Row>[]> | Error>();
  await Promise.all(
    [...wanted].map(async ([ambit, local]) => {
      try {
        const store = storeFor(stores, ambit);
        const rows = await onStore(store, (db) => fetch(db, [...local]));
        const byParent = new Map<number, InAmbit<Row>[]>();
        for (const row of withAmbit(ambit, rows)) {
          const list = byParent.get(parentOf(row));
          if (list) list.push(row);
          else byParent.set(parentOf(row), [row]);
        }
        found.set(ambit, byParent);
      } catch (error) {
        found.set(ambit, error as Error);
      }
    }),
  );
  return parsed.map((ref) => {
    if (ref instanceof Error) return ref;
    const rows = ref && found.get(ref.ambit);
    if (rows instanceof Error) return rows;
    return (ref && rows?.get(ref.id)) ?? [];
  });
}
