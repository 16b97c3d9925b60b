// Demo data for the embedded default: the generator on the demo seed and size, with the demo
// linkage key, only into a store that holds no data yet.
import { linkageKey } from '@pleiadi/kit';
import { DEMO_PARTICIPANTS, DEMO_SEED } from '@pleiadi/kit/synthetic';
import type { Kysely } from 'kysely';
import type { AtsDatabase } from '../types.ts';
import { generate, type GenerateReport } from './generate.ts';

export async function seedDemo(db: Kysely<AtsDatabase>, store: string): Promise<GenerateReport | null> {
  const existing = await db.selectFrom('service_point').select('id').limit(1).executeTakeFirst();
  if (existing) return null;
  return generate(db, { seed: DEMO_SEED, participants: DEMO_PARTICIPANTS, linkageKey: linkageKey({ embedded: true }), store });
}
