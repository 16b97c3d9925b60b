// The network's facts for the regional tables' cross-partner indicators (see the kit's
// indicator-facts.ts): one row per participant and municipality of the course's site, with what
// happened there in the report's period. One statement, grouped and packed in the database.
import { FACT, packPeopleFacts, type FactName, type IndicatorReportKey, type PackedFacts } from '@pleiadi/kit';
import { sql, type Kysely } from 'kysely';
import { CEFR_LEVELS, type CpiaDatabase } from '../types.ts';

/** A fact's bit as an integer literal (a parameter would have no type in the union). */
const bit = (name: FactName) => sql<number>`${sql.lit(FACT[name])}::int`;

/** A level's place in the CEFR order (1 = PRE_A1), for "at least one level up". */
const rank = (column: string) => sql<number>`array_position(array[${sql.join(CEFR_LEVELS.map((l) => sql.lit(l)))}], ${sql.ref(column)})`;

export async function indicatorFactsOf(db: Kysely<CpiaDatabase>, key: IndicatorReportKey): Promise<PackedFacts> {
  const { from, to, action } = key;
  // Taking part: enrolled (whatever happened next) in a course that runs within the period.
  const takesPart = sql<boolean>`c.starts_on <= ${to} and c.ends_on >= ${from} and e.enrolled_on <= ${to}`;
  // Improved: assessed on leaving a language course that ended within the period.
  const improved = sql<boolean>`c.kind like 'ITALIAN_L2_%' and c.ends_on between ${from} and ${to} and ${rank('e.exit_level')} > ${rank('e.entry_level')}`;
  const kindFact = sql`case when c.kind like 'ITALIAN_L2_%' then ${bit('LANGUAGE_COURSE')} when c.kind = 'CIVIC_ORIENTATION' then ${bit('CIVIC_ORIENTATION')} else 0 end`;

  let enrolments = db
    .selectFrom('enrolment as e')
    .innerJoin('course as c', 'c.id', 'e.course_id')
    .select([
      'e.participant_id',
      'c.site_id',
      sql<number>`(case when ${takesPart} then ${bit('SUPPORT_ACTIVITY')} | ${kindFact} else 0 end)
        | (case when ${improved} then ${bit('LANGUAGE_LEVEL_IMPROVED')} else 0 end)`.as('facts'),
    ])
    .where(sql<boolean>`((${takesPart}) or (${improved}))`);
  let answers = db
    .selectFrom('integration_survey as i')
    .innerJoin('course as c', 'c.id', 'i.course_id')
    .select(['i.participant_id', 'c.site_id', bit('INTEGRATION_HELPED').as('facts')])
    .where('i.answered_on', '>=', from)
    .where('i.answered_on', '<=', to)
    .where('i.helped_integration', '=', true);
  if (action) {
    enrolments = enrolments.where('c.action_code', '=', action);
    answers = answers.where('c.action_code', '=', action);
  }

  // Placed at the municipality of the course's site.
  const happened = db
    .selectFrom(enrolments.unionAll(answers).as('f'))
    .innerJoin('site as s', 's.id', 'f.site_id')
    .select(['f.participant_id', sql<number>`s.municipality_code::int`.as('place'), 'f.facts']);
  return packPeopleFacts(db, key, happened);
}
