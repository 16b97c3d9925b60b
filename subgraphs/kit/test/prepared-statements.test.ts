// Statements seen again are prepared once per connection (PostgreSQL only: PGlite is in process,
// with no parse to save). One pooled connection, so the session asked about is the one that ran.
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/database.ts';
import { preparedStatementsLimit, preparingPool } from '../src/prepared-statements.ts';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../src/testing/index.ts';

interface Db {
  item: { id: number; label: string };
}

const prepared = async (db: Kysely<Db>) =>
  (await sql<{ statement: string }>`select statement from pg_prepared_statements where statement not like '%pg_prepared_statements%' order by statement`.execute(db)).rows.map(
    (r) => r.statement,
  );

describe('PLEIADI_PREPARED_STATEMENTS', () => {
  it('defaults to 256, takes 0 to prepare none, and refuses anything else by name', () => {
    expect(preparedStatementsLimit({})).toBe(256);
    expect(preparedStatementsLimit({ PLEIADI_PREPARED_STATEMENTS: '0' })).toBe(0);
    expect(() => preparedStatementsLimit({ PLEIADI_PREPARED_STATEMENTS: 'off' })).toThrow(/PLEIADI_PREPARED_STATEMENTS="off" .* from 0 to 10000/);
  });
});

describe.skipIf(!testServerUrl())('prepared statements on PostgreSQL', () => {
  let server: TestDatabase<Db>;
  let database: Database<Db>;

  beforeAll(async () => {
    server = await createTestDatabase<Db>('prepared');
    await sql`create table item (id integer primary key, label text not null)`.execute(server.db);
    await server.db.insertInto('item').values([{ id: 1, label: 'one' }, { id: 2, label: 'two' }, { id: 3, label: 'three' }]).execute();
    database = await openDatabase<Db>({ url: server.url, maxConnections: 1 });
  });
  afterAll(async () => {
    await database?.close();
    await server?.drop();
  });

  it('prepare a statement the second time it is seen, and answer each run with its own values', async () => {
    const label = (id: number) => database.db.selectFrom('item').select('label').where('id', '=', id).executeTakeFirst();
    expect(await label(1)).toEqual({ label: 'one' });
    expect(await prepared(database.db)).toEqual([]);
    expect(await label(2)).toEqual({ label: 'two' });
    expect(await label(3)).toEqual({ label: 'three' });
    expect(await label(4)).toBeUndefined();
    expect(await prepared(database.db)).toEqual(['select "label" from "item" where "id" = $1']);
  });

  it('answer a prepared `select *` after its table changed, outside a transaction', async () => {
    const row = (db: Kysely<Db> = database.db) => db.selectFrom('item').selectAll().where('id', '=', 1).executeTakeFirst();
    await row();
    expect(await row()).toEqual({ id: 1, label: 'one' });
    await sql`alter table item add column note text`.execute(database.db);
    expect(await row()).toEqual({ id: 1, label: 'one', note: null });
    // In a transaction the failure has aborted it: the caller sees it (and may run it again).
    await row();
    await row();
    await sql`alter table item drop column note`.execute(database.db);
    await expect(database.db.transaction().execute((trx) => row(trx))).rejects.toMatchObject({ code: '0A000' });
    expect(await row()).toEqual({ id: 1, label: 'one' });
  });

  it('name at most maxNamed texts per pool; the rest run unnamed, with the right answers', async () => {
    const pool = new pg.Pool({ connectionString: server.url, max: 1 });
    const db = new Kysely<Db>({ dialect: new PostgresDialect({ pool: preparingPool(pool, { maxNamed: 2 }) }) });
    try {
      for (const id of [1, 2, 3]) {
        for (let run = 0; run < 2; run++) {
          const rows = await db.selectFrom('item').select(sql<string>`label || ${'#' + id}`.as('tagged')).where('id', 'in', Array.from({ length: id }, (_, i) => i + 1)).execute();
          expect(rows).toHaveLength(id);
        }
      }
      expect(await prepared(db)).toHaveLength(2);
    } finally {
      await db.destroy();
    }
  });

  it('prepare nothing with a limit of 0', async () => {
    const pool = new pg.Pool({ connectionString: server.url, max: 1 });
    const db = new Kysely<Db>({ dialect: new PostgresDialect({ pool: preparingPool(pool, { maxNamed: 0 }) }) });
    try {
      for (let run = 0; run < 3; run++) await db.selectFrom('item').select('id').where('id', '=', run).execute();
      expect(await prepared(db)).toEqual([]);
    } finally {
      await db.destroy();
    }
  });
});
