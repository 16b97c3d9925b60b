// Runs on the PostgreSQL server of TEST_DATABASE_URL when set, on PGlite otherwise: the same
// code must give the same values on both.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';
import { keysetPage, keysetPageOf, groupedPages, type Page } from '../src/pagination.ts';
import { openDatabase, pgliteTemplate } from '../src/database.ts';

interface Db {
  item: { id: number; grp: string; day: string; amount: number };
}

let database: TestDatabase<Db>;

beforeAll(async () => {
  database = await createTestDatabase<Db>('kit');
  await sql`create table item (id integer primary key, grp text not null, day date not null, amount numeric(8,2) not null)`.execute(database.db);
  await database.db
    .insertInto('item')
    .values(Array.from({ length: 25 }, (_, i) => ({ id: i + 1, grp: i % 2 ? 'odd' : 'even', day: `2026-01-${String(i + 1).padStart(2, '0')}`, amount: i + 0.5 })))
    .execute();
});
afterAll(() => database.drop());

describe('database values', () => {
  it('keep dates as YYYY-MM-DD and numerics and counts as numbers', async () => {
    const row = await database.db.selectFrom('item').selectAll().where('id', '=', 3).executeTakeFirstOrThrow();
    expect(row).toEqual({ id: 3, grp: 'even', day: '2026-01-03', amount: 2.5 });
    const count = await sql<{ n: string }>`select count(*) as n from item`.execute(database.db);
    expect(count.rows[0].n).toBe(25);
  });

  it('count the statements it runs', async () => {
    const before = database.stats.statements;
    await database.db.selectFrom('item').select('id').execute();
    expect(database.stats.statements).toBe(before + 1);
  });
});

describe('keyset pagination', () => {
  it('walks every row once, in order, across pages', async () => {
    const seen: number[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Awaited<ReturnType<typeof keysetPage<Db['item']>>> = await keysetPage(database.db.selectFrom('item').selectAll().where('grp', '=', 'odd'), {
        orderBy: ['day', 'id'],
        key: (r) => [r.day, r.id],
        args: { first: 5, after },
      });
      seen.push(...page.nodes.map((n) => n.id));
      expect(await page.totalCount()).toBe(12);
      if (!page.hasNextPage) break;
      after = page.cursors[page.cursors.length - 1];
    }
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => (i + 1) * 2));
  });
});

describe('keyset pagination over rows in memory', () => {
  it('gives the pages and cursors the database gives, so a client pages on from either', async () => {
    const odd = () => database.db.selectFrom('item').selectAll().where('grp', '=', 'odd');
    const rows = await odd().orderBy('day').orderBy('id').execute();
    const options = { orderBy: ['day', 'id'], keyLength: 2, key: (r: Db['item']) => [r.day, r.id] };
    let after: string | null = null;
    for (const first of [0, 4, 5, 1, 20]) {
      const fromSql: Page<Db['item']> = await keysetPage(odd(), { ...options, args: { first, after } });
      const fromMemory = keysetPageOf(rows, { ...options, args: { first, after } });
      expect({ ...fromMemory, totalCount: fromMemory.totalCount() }).toEqual({ ...fromSql, totalCount: await fromSql.totalCount() });
      after = fromSql.cursors.at(-1) ?? after;
    }
    expect(after).toBe(keysetPageOf(rows, { ...options, args: { first: 12 } }).cursors[11]);
    expect(() => keysetPageOf(rows, { ...options, args: { after: 'garbage' } })).toThrow(/cursor/);
  });
});

describe('grouped pagination', () => {
  it('pages a nested list for many parents in one statement', async () => {
    const before = database.stats.statements;
    const [even, odd, none] = await groupedPages(database.db, database.db.selectFrom('item').selectAll(), {
      parentColumn: 'grp',
      parentKey: (r) => r.grp,
      parents: ['even', 'odd', 'none'],
      orderBy: ['id'],
      args: { first: 3 },
    });
    expect(database.stats.statements).toBe(before + 1);
    expect(even.nodes.map((n) => n.id)).toEqual([1, 3, 5]);
    expect(odd.nodes.map((n) => n.id)).toEqual([2, 4, 6]);
    expect([even.totalCount(), odd.totalCount(), none.totalCount()]).toEqual([13, 12, 0]);
    expect(even.hasNextPage).toBe(true);
    const [next] = await groupedPages(database.db, database.db.selectFrom('item').selectAll(), {
      parentColumn: 'grp', parentKey: (r) => r.grp, parents: ['even'], orderBy: ['id'], args: { first: 20, after: even.cursors[2] },
    });
    expect(next.nodes.map((n) => n.id)).toEqual([7, 9, 11, 13, 15, 17, 19, 21, 23, 25]);
    expect(next.hasNextPage).toBe(false);
  });

  it('computes page columns for the rows of the pages only, not for every row of the lists', async () => {
    // A counter as the page column: it moves once per row the column is computed for.
    await sql`create sequence page_column_calls`.execute(database.db);
    try {
      const [even, odd] = await groupedPages(database.db, database.db.selectFrom('item').selectAll(), {
        parentColumn: 'grp',
        parentKey: (r) => r.grp,
        parents: ['even', 'odd'],
        orderBy: ['id'],
        args: { first: 3 },
        pageColumns: [sql<number>`nextval('page_column_calls')::int`.as('call'), sql<string>`ranked.grp || ranked.id`.as('label')],
      });
      expect(even.nodes.map((n) => (n as typeof n & { label: string }).label)).toEqual(['even1', 'even3', 'even5']);
      expect(odd.nodes.map((n) => (n as typeof n & { label: string }).label)).toEqual(['odd2', 'odd4', 'odd6']);
      // Three rows and the one that tells there is a next page, per parent: 8 of the 25.
      const { rows } = await sql<{ calls: number }>`select last_value::int as calls from page_column_calls`.execute(database.db);
      expect(rows[0].calls).toBe(8);
    } finally {
      await sql`drop sequence page_column_calls`.execute(database.db);
    }
  });
});

describe('embedded PGlite', () => {
  it('serialises concurrent transactions on its single session', async () => {
    const embedded = await openDatabase<{ counter: { n: number } }>({});
    try {
      await sql`create table counter (n integer not null)`.execute(embedded.db);
      await embedded.db.insertInto('counter').values({ n: 0 }).execute();
      await Promise.all(
        Array.from({ length: 20 }, () =>
          embedded.db.transaction().execute(async (tx) => {
            const { n } = await tx.selectFrom('counter').select('n').executeTakeFirstOrThrow();
            await new Promise((resolve) => setTimeout(resolve, 1));
            await tx.updateTable('counter').set({ n: n + 1 }).execute();
          }),
        ),
      );
      expect((await embedded.db.selectFrom('counter').select('n').executeTakeFirstOrThrow()).n).toBe(20);
      await expect(embedded.db.transaction().execute(async (tx) => {
        await tx.updateTable('counter').set({ n: 100 }).execute();
        throw new Error('roll back');
      })).rejects.toThrow('roll back');
      expect((await embedded.db.selectFrom('counter').select('n').executeTakeFirstOrThrow()).n).toBe(20);
    } finally {
      await embedded.close();
    }
  });
});

describe('embedded data directories', () => {
  it('start a new store from the shared template and reopen it as it was left', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pleiadi-kit-'));
    try {
      const template = pgliteTemplate();
      const first = await openDatabase<{ note: { text: string } }>({ dataDir: path.join(dir, 'a'), template });
      await sql`create table note (text text not null)`.execute(first.db);
      await first.db.insertInto('note').values({ text: 'kept' }).execute();
      await first.close();
      expect(existsSync(path.join(dir, 'a', 'PG_VERSION'))).toBe(true);
      // Reopened with the template at hand: the existing data wins, nothing is loaded over it.
      const again = await openDatabase<{ note: { text: string } }>({ dataDir: path.join(dir, 'a'), template });
      expect(await again.db.selectFrom('note').select('text').execute()).toEqual([{ text: 'kept' }]);
      await again.close();
      // A second store from the same template starts empty.
      const other = await openDatabase<{ note: { text: string } }>({ dataDir: path.join(dir, 'b'), template });
      const tables = await sql<{ n: number }>`select count(*) as n from pg_tables where schemaname = 'public'`.execute(other.db);
      expect(tables.rows[0].n).toBe(0);
      await other.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
