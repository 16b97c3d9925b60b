// Loads the territory master data on every start: the ambits (inserted when missing), then the
// provinces and municipalities of the ISTAT list (the kit keeps a corrected mapping as corrected).
import { DEFAULT_AMBITS, seedTerritoryTables } from '@pleiadi/kit';
import type { Kysely } from 'kysely';
import type { AnciDatabase } from '../types.ts';
import { forgetTerritory } from '../repositories/territory.ts';

export async function seedTerritory(db: Kysely<AnciDatabase>): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('ambit')
      .values(DEFAULT_AMBITS.map(({ code, name }) => ({ code, name })))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    await seedTerritoryTables(tx);
  });
  forgetTerritory(db);
}
