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
  // Each branch names the person and the office of its job path: a report that re-reads a few
  // people finds their paths by the participant index in every branch (and the whole year is no
  // slower than joining the paths once, after the union).
  const active = db
    .selectFrom('job_path as j')
    .select(['j.participant_id', 'j.office_id', bit('SUPPORT_ACTIVITY').as('facts')])
    .where('j.started_on', '<=', to)
    .where((eb) => eb.or([eb('j.closed_on', 'is', null), eb('j.closed_on', '>=', from)]));
  const guidance = db
    .selectFrom('orientation_session as o')
    .innerJoin('job_path as j', 'j.id', 'o.job_path_id')
    .select(['j.participant_id', 'j.office_id', bit('PERSONAL_GUIDANCE').as('facts')])
    .where('o.kind', '=', 'INDIVIDUAL_GUIDANCE')
    .where('o.held_on', '>=', from)
    .where('o.held_on', '<=', to);
  const recognition = db
    .selectFrom('qualification_recognition as r')
    .innerJoin('job_path as j', 'j.id', 'r.job_path_id')
    .select(['j.participant_id', 'j.office_id', bit('RECOGNITION_APPLIED').as('facts')])
    .where('r.submitted_on', '>=', from)
    .where('r.submitted_on', '<=', to);
  const helped = db
    .selectFrom('integration_survey as i')
    .innerJoin('job_path as j', 'j.id', 'i.job_path_id')
    .select(['j.participant_id', 'j.office_id', bit('INTEGRATION_HELPED').as('facts')])
    .where('i.answered_on', '>=', from)
    .where('i.answered_on', '<=', to)
    .where('i.helped_integration', '=', true);

  const happened = db
    .selectFrom(active.unionAll(guidance).unionAll(recognition).unionAll(helped).as('f'))
    .innerJoin('office as o', 'o.id', 'f.office_id')
    .select(['f.participant_id', sql<number>`o.municipality_code::int`.as('place'), 'f.facts']);
  return packPeopleFacts(db, key, happened);
}
