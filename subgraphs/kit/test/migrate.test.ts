// Dated migrations (migrate.ts): applied in name order, a start with nothing to apply costs two
// small queries, and a database ahead of its code is still refused (PostgreSQL when
// TEST_DATABASE_URL is set, PGlite otherwise).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

let database: TestDatabase<unknown>;
const folder = mkdtempSync(path.join(os.tmpdir(), 'pleiadi-migrations-'));
const write = (name: string, table: string) =>
  writeFileSync(path.join(folder, `${name}.mjs`), `export async function up(db) { await db.schema.createTable('${table}').addColumn('id', 'integer').execute(); }\n`);
const db = () => database.db as Kysely<unknown>;

beforeAll(async () => {
  database = await createTestDatabase('kit_migrate');
});
afterAll(async () => {
  await database?.drop();
  rmSync(folder, { recursive: true, force: true });
});

describe('migrateToLatest', () => {
  it('applies the migrations in name order, then nothing with two queries, then only a new one', async () => {
    write('20261202_001_second', 'second_table');
    write('20261201_001_first', 'first_table');
    expect(await migrateToLatest(db(), folder)).toEqual(['20261201_001_first', '20261202_001_second']);
    const before = database.stats.statements;
    expect(await migrateToLatest(db(), folder)).toEqual([]);
    expect(database.stats.statements - before).toBe(2);
    write('20261203_001_third', 'third_table');
    expect(await migrateToLatest(db(), folder)).toEqual(['20261203_001_third']);
    expect(await migrateToLatest(db(), folder)).toEqual([]);
  });

  it('refuses a database with a migration its code does not have', async () => {
    rmSync(path.join(folder, '20261202_001_second.mjs'));
    await expect(migrateToLatest(db(), folder)).rejects.toThrow(/Database migration failed.*20261202_001_second/);
  });
});
