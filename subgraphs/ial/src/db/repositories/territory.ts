// Reads of the territory as IAL places its records; used to check filters and to place offices
// and employers.
import { referenceSnapshot } from '@pleiadi/kit';
import type { Kysely } from 'kysely';
import type { IalDatabase } from '../types.ts';

export interface Place {
  province_code: string;
  ambit_code: string;
}

// The territory is reference data (the seed's): where each municipality is, read into a snapshot
// (the kit's reference-snapshot.ts) for the lookups made on nearly every request.
const territory = referenceSnapshot(async (db: Kysely<IalDatabase>) => {
  const rows = await db.selectFrom('municipality as m').innerJoin('province as p', 'p.code', 'm.province_code').select(['m.istat_code', 'm.province_code', 'p.ambit_code']).execute();
  return new Map<string, Place>(rows.map(({ istat_code, ...place }) => [istat_code, place]));
});

/** The province and ambit of every municipality, by ISTAT code. */
export const placesOfMunicipalities = (db: Kysely<IalDatabase>): Promise<ReadonlyMap<string, Place>> => territory.of(db);

/** Drops the snapshot of the territory (the seed calls it). */
export const forgetTerritory = (db: Kysely<IalDatabase>) => territory.forget(db);

export function provinceCodes(db: Kysely<IalDatabase>): Promise<{ code: string }[]> {
  return db.selectFrom('province').select('code').orderBy('istat_code').execute();
}

export async function municipalityExists(db: Kysely<IalDatabase>, istatCode: string): Promise<boolean> {
  return !!(await db.selectFrom('municipality').select('istat_code').where('istat_code', '=', istatCode).executeTakeFirst());
}
