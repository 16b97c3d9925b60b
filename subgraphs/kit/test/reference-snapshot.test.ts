// The reference snapshot against a real (embedded) database: read once and reused, read again after
// `forget` or once it is older than its keeping time, a failed read never kept.
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/database.ts';
import { referenceSnapshot } from '../src/reference-snapshot.ts';

interface Db {
  colour: { code: string; name: string };
}

let database: Database<Db>;
const names = async (db: Kysely<Db>) => (await db.selectFrom('colour').select('name').orderBy('code').execute()).map((r) => r.name);

beforeAll(async () => {
  database = await openDatabase<Db>({ dataDir: 'memory://' });
  await sql`create table colour (code text primary key, name text not null)`.execute(database.db);
  await database.db.insertInto('colour').values([{ code: 'r', name: 'rosso' }, { code: 'v', name: 'verde' }]).execute();
});
afterAll(() => database.close());

describe('referenceSnapshot', () => {
  it('reads the table once while kept, and again after forget', async () => {
    const colours = referenceSnapshot(names);
    const before = database.stats.statements;
    expect(await colours.of(database.db)).toEqual(['rosso', 'verde']);
    expect(await colours.of(database.db)).toEqual(['rosso', 'verde']);
    expect(database.stats.statements - before).toBe(1);

    await database.db.updateTable('colour').set({ name: 'blu' }).where('code', '=', 'v').execute();
    expect(await colours.of(database.db)).toEqual(['rosso', 'verde']); // kept: a hand correction waits
    colours.forget(database.db);
    expect(await colours.of(database.db)).toEqual(['rosso', 'blu']); // the seed's forget: seen at once
    await database.db.updateTable('colour').set({ name: 'verde' }).where('code', '=', 'v').execute();
  });

  it('reads again once the snapshot is older than its keeping time', async () => {
    const colours = referenceSnapshot(names, 50);
    expect(await colours.of(database.db)).toEqual(['rosso', 'verde']);
    await database.db.updateTable('colour').set({ name: 'giallo' }).where('code', '=', 'r').execute();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await colours.of(database.db)).toEqual(['giallo', 'verde']);
    await database.db.updateTable('colour').set({ name: 'rosso' }).where('code', '=', 'r').execute();
  });

  it('does not keep a failed read', async () => {
    let failing = true;
    const colours = referenceSnapshot(async (db: Kysely<Db>) => {
      if (failing) throw new Error('database unavailable');
      return names(db);
    });
    await expect(colours.of(database.db)).rejects.toThrow('database unavailable');
    failing = false;
    expect(await colours.of(database.db)).toEqual(['rosso', 'verde']);
  });
});
