// Demo campaigns for the embedded default: the generator on the demo seed, only into an empty database.
import { linkageKey } from '@pleiadi/kit';
import { DEMO_PARTICIPANTS, DEMO_SEED } from '@pleiadi/kit/synthetic';
import type { Kysely } from 'kysely';
import type { CommsDatabase } from '../types.ts';
import { generate } from './generate.ts';

export async function seedDemo(db: Kysely<CommsDatabase>, store: string): Promise<boolean> {
  if (await db.selectFrom('campaign').select('id').limit(1).executeTakeFirst()) return false;
  // Media Group98 records no people, so the key is never used to pseudonymise anyone here.
  await generate(db, { seed: DEMO_SEED, participants: DEMO_PARTICIPANTS, linkageKey: linkageKey({ embedded: true }), store });
  return true;
}
