// IAL's facts for the regional tables' cross-partner indicators (see the kit's indicator-facts.ts):
// one row per participant and municipality of their job path's office, with what happened there in
// the report's period. One statement, grouped and packed in the database.
import { FACT, NO_FACTS, packPeopleFacts, type FactName, type IndicatorReportKey, type PackedFacts } from '@pleiadi/kit';
import { sql, type Kysely } from 'kysely';
import type { IalDatabase } from '../types.ts';

/**
 * The action of the plan every IAL activity belongs to: job paths are Azione 02 (skills and work).
 * IAL's records carry no action of their own; should that change, this becomes a column.
 */
export const IAL_ACTION_CODE = 'AZ02';

/** A fact's bit as an integer literal (a parameter would have no type in the union). */
const bit = (name: FactName) => sql<number>`${sql.lit(FACT[name])}::int`;

export async function indicatorFactsOf(db: Kysely<IalDatabase>, key: IndicatorReportKey): Promise<PackedFacts> {
  if (key.action !== null && key.action !== IAL_ACTION_CODE) return NO_FACTS;
  const { from, to } = key;
  // Each branch says which job path a fact is about; the path gives the person and the office.
  const active = db
    .selectFrom('job_path as j')
    .select(['j.id as job_path_id', bit('SUPPORT_ACTIVITY').as('facts')])
    .where('j.started_on', '<=', to)
    .where((eb) => eb.or([eb('j.closed_on', 'is', null), eb('j.closed_on', '>=', from)]));
  const guidance = db
    .selectFrom('orientation_session as o')
    .select(['o.job_path_id', bit('PERSONAL_GUIDANCE').as('facts')])
    .where('o.kind', '=', 'INDIVIDUAL_GUIDANCE')
    .where('o.held_on', '>=', from)
    .where('o.held_on', '<=', to);
  const recognition = db
    .selectFrom('qualification_recognition as r')
    .select(['r.job_path_id', bit('RECOGNITION_APPLIED').as('facts')])
    .where('r.submitted_on', '>=', from)
    .where('r.submitted_on', '<=', to);
  const helped = db
    .selectFrom('integration_survey as i')
    .select(['i.job_path_id', bit('INTEGRATION_HELPED').as('facts')])
    .where('i.answered_on', '>=', from)
    .where('i.answered_on', '<=', to)
    .where('i.helped_integration', '=', true);

  const happened = db
    .selectFrom(active.unionAll(guidance).unionAll(recognition).unionAll(helped).as('f'))
    .innerJoin('job_path as j', 'j.id', 'f.job_path_id')
    .innerJoin('office as o', 'o.id', 'j.office_id')
    .select(['j.participant_id', sql<number>`o.municipality_code::int`.as('place'), 'f.facts']);
  return packPeopleFacts(db, key, happened);
}
