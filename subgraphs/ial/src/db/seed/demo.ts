// Demo data for the embedded default: the generator on the demo seed and size, once.
import { linkageKey } from '@pleiadi/kit';
import { DEMO_PARTICIPANTS, DEMO_SEED } from '@pleiadi/kit/synthetic';
import type { Kysely } from 'kysely';
import type { IalDatabase } from '../types.ts';
import { generate, hasGeneratedData } from './generate.ts';

export async function seedDemo(db: Kysely<IalDatabase>, store: string): Promise<boolean> {
  if (await hasGeneratedData(db)) return false;
  await generate(db, { seed: DEMO_SEED, participants: DEMO_PARTICIPANTS, linkageKey: linkageKey({ embedded: true }), store });
  return true;
}
