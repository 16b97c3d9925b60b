// Reads of the territory as IAL places its records; used to check filters.
import type { Kysely } from 'kysely';
import type { IalDatabase } from '../types.ts';

export function provinceCodes(db: Kysely<IalDatabase>): Promise<{ code: string }[]> {
  return db.selectFrom('province').select('code').orderBy('istat_code').execute();
}

export async function municipalityExists(db: Kysely<IalDatabase>, istatCode: string): Promise<boolean> {
  return !!(await db.selectFrom('municipality').select('istat_code').where('istat_code', '=', istatCode).executeTakeFirst());
}
