// Demo data for the embedded default: the generator on the demo seed and population, with the
// demo linkage key unless a real one is configured. Does nothing once records exist.
import { linkageKey } from '@pleiadi/kit';
import { DEMO_PARTICIPANTS, DEMO_SEED } from '@pleiadi/kit/synthetic';
import type { Kysely } from 'kysely';
import type { CpiaDatabase } from '../types.ts';
import { generate, type GenerateReport } from './generate.ts';

export async function seedDemo(db: Kysely<CpiaDatabase>, store: string): Promise<GenerateReport | false> {
  const [participant, course] = await Promise.all([
    db.selectFrom('participant').select('id').limit(1).executeTakeFirst(),
    db.selectFrom('course').select('id').limit(1).executeTakeFirst(),
  ]);
  if (participant || course) return false;
  return generate(db, { seed: DEMO_SEED, participants: DEMO_PARTICIPANTS, linkageKey: linkageKey({ embedded: true }), store });
}
