// Relay-style pagination over SQL. Top-level lists use keyset pagination (the cursor holds the
// sort key of the last row, so page 1,000 costs what page 1 does); lists nested under many
// parents are loaded for all parents in one statement with a window function.
import { sql, type AliasedRawBuilder, type Kysely, type SelectQueryBuilder } from 'kysely';
import { badUserInput } from './errors.ts';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface PageRequest {
  first: number;
  after: (string | number)[] | undefined;
}

export interface Page<T> {
  nodes: T[];
  cursors: string[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: () => Promise<number> | number;
}

export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, length: number): (string | number)[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = undefined;
  }
  const valid =
    Array.isArray(values) &&
    values.length === length &&
    values.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)));
  if (!valid) {
    throw badUserInput('The "after" cursor is not one this list handed out; pass an endCursor from a previous page.', 'after');
  }
  return values as (string | number)[];
}

export function readPageArgs(args: PageArgs, cursorLength: number): PageRequest {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`"first" must be between 0 and ${MAX_PAGE_SIZE} (got ${first}); fetch further pages with "after".`, 'first');
  }
  return { first, after: args.after ? decodeCursor(args.after, cursorLength) : undefined };
}

function once<T>(compute: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= compute());
}

/**
 * One page of `base` (a filtered select with no order or limit) ordered by `orderBy`, whose
 * columns together must be unique. `key` reads those columns back from a row.
 */
export async function keysetPage<Row>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  base: SelectQueryBuilder<any, any, Row>,
  options: { orderBy: string[]; key: (row: Row) => (string | number)[]; args: PageArgs },
): Promise<Page<Row>> {
  const page = readPageArgs(options.args, options.orderBy.length);
  const columns = sql.join(options.orderBy.map((c) => sql.ref(c)));
  let query = base;
  if (page.after) {
    query = query.where(sql<boolean>`(${columns}) > (${sql.join(page.after.map((v) => sql.val(v)))})`);
  }
  for (const column of options.orderBy) query = query.orderBy(sql.ref(column));
  const rows = page.first === 0 ? [] : await query.limit(page.first + 1).execute();
  return keysetPageFrom(rows, page, options.key, once(async () => {
    const counted = await base
      .clearSelect()
      .select(sql<number>`count(*)::int`.as('total'))
      .executeTakeFirstOrThrow();
    return (counted as unknown as { total: number }).total;
  }));
}

/** A keyset page from the rows after the cursor, up to one more than asked (which says whether a next page exists). */
function keysetPageFrom<Row>(rows: readonly Row[], page: PageRequest, key: (row: Row) => (string | number)[], totalCount: Page<Row>['totalCount']): Page<Row> {
  const nodes = rows.slice(0, page.first);
  return {
    nodes,
    cursors: nodes.map((row) => encodeCursor(key(row))),
    hasNextPage: rows.length > page.first,
    hasPreviousPage: page.after !== undefined,
    totalCount,
  };
}

/** Orders cursor keys as SQL orders codes of digits and ASCII letters (no collation to differ on). */
function compareKeys(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

/**
 * keysetPage over rows already in memory (a reference snapshot), in the order of their `key`:
 * the same cursors, so a client pages on from either. Keys must be codes (digits, ASCII letters)
 * that JavaScript compares as the database does.
 */
export function keysetPageOf<Row>(rows: readonly Row[], options: { keyLength: number; key: (row: Row) => (string | number)[]; args: PageArgs }): Page<Row> {
  const page = readPageArgs(options.args, options.keyLength);
  const after = page.after;
  const start = after ? rows.findIndex((row) => compareKeys(options.key(row), after) > 0) : 0;
  // As keysetPage, which reads nothing for `first: 0`.
  const rest = start < 0 || page.first === 0 ? [] : rows.slice(start, start + page.first + 1);
  return keysetPageFrom(rest, page, options.key, () => rows.length);
}

/**
 * The same page of a nested list for many parents in one statement: rows are ranked per
 * parent, and the cursor is the rank (stable while the parent's list does not change).
 * `pageColumns` are computed for the rows of the pages only, after the cut (the ranked row is
 * `ranked`): a correlated list in `base` would run for every row of every parent's list.
 */
export async function groupedPages<Row, K extends string | number>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  base: SelectQueryBuilder<any, any, Row>,
  options: {
    parentColumn: string;
    parentKey: (row: Row) => K;
    parents: readonly K[];
    orderBy: string[];
    args: PageArgs;
    pageColumns?: readonly AliasedRawBuilder<unknown, string>[];
  },
): Promise<Page<Row>[]> {
  const page = readPageArgs(options.args, 1);
  const afterRank = page.after ? Number(page.after[0]) : 0;
  if (!Number.isInteger(afterRank) || afterRank < 0) throw badUserInput('The "after" cursor is not valid for this list.', 'after');
  const parent = sql.ref(options.parentColumn);
  const order = sql.join(options.orderBy.map((c) => sql.ref(c)));
  type Ranked = Row & { __rank: number; __total: number };
  const ranked: Ranked[] =
    options.parents.length === 0
      ? []
      : ((await db
          .selectFrom(
            base
              .select([
                sql<number>`(row_number() over (partition by ${parent} order by ${order}))::int`.as('__rank'),
                sql<number>`(count(*) over (partition by ${parent}))::int`.as('__total'),
              ])
              .where(sql<boolean>`${parent} = any(${sql.val([...new Set(options.parents)])})`)
              .as('ranked'),
          )
          .selectAll()
          .select(options.pageColumns ?? [])
          .where('__rank', '>', afterRank)
          .where('__rank', '<=', afterRank + page.first + 1)
          .orderBy('__rank')
          .execute()) as Ranked[]);

  const byParent = new Map<K, Ranked[]>();
  for (const row of ranked) {
    const key = options.parentKey(row);
    const list = byParent.get(key) ?? [];
    list.push(row);
    byParent.set(key, list);
  }
  return options.parents.map((key) => {
    const rows = byParent.get(key) ?? [];
    const nodes = rows.slice(0, page.first);
    return {
      nodes: nodes.map(({ __rank: _r, __total: _t, ...row }) => row as unknown as Row),
      cursors: nodes.map((row) => encodeCursor([row.__rank])),
      hasNextPage: rows.length > page.first,
      hasPreviousPage: afterRank > 0,
      // Without rows on this page the window gave no total: count it only if asked.
      totalCount: () => (rows.length > 0 ? rows[0].__total : afterRank === 0 ? 0 : countAll(base, parent, key)),
    };
  });
}

async function countAll(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  base: SelectQueryBuilder<any, any, unknown>,
  parent: ReturnType<typeof sql.ref>,
  key: string | number,
): Promise<number> {
  const counted = await base
    .clearSelect()
    .select(sql<number>`count(*)::int`.as('total'))
    .where(sql<boolean>`${parent} = ${key}`)
    .executeTakeFirstOrThrow();
  return (counted as unknown as { total: number }).total;
}
