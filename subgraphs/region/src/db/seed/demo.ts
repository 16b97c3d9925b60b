// Demo targets for the embedded default. Real targets come from the grant agreement and are
// loaded as rows of indicator_target by the regional team; these only make the demo readable.
import type { Kysely } from 'kysely';
import type { RegionDatabase } from '../types.ts';

const DEMO_TARGETS: [string, number][] = [
  ['O.2.2', 250],
  ['O.2.3', 9000],
  ['O.2.3.1', 5000],
  ['O.2.3.2', 2500],
  ['O.2.3.3', 1800],
  ['O.2.4', 40],
  ['R.2.8', 2600],
  ['R.2.9', 4000],
  ['R.2.10', 600],
];
const AMBIT_SHARE: [string, number][] = [
  ['EMILIA_NORD', 0.3],
  ['EMILIA_CENTRO_ORIENTALE', 0.22],
  ['BOLOGNA', 0.28],
  ['ROMAGNA', 0.2],
];

export async function seedDemo(db: Kysely<RegionDatabase>): Promise<boolean> {
  if (await db.selectFrom('indicator_target').select('indicator_code').limit(1).executeTakeFirst()) return false;
  const due_by = '2029-09-30';
  await db
    .insertInto('indicator_target')
    .values(
      DEMO_TARGETS.flatMap(([indicator_code, value]) => [
        { indicator_code, scope_kind: 'REGION' as const, scope_code: 'EMILIA_ROMAGNA', target_value: value, due_by },
        ...AMBIT_SHARE.map(([scope_code, share]) => ({ indicator_code, scope_kind: 'AMBIT' as const, scope_code, target_value: Math.round(value * share), due_by })),
      ]),
    )
    .execute();
  return true;
}
