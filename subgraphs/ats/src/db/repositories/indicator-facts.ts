// One store's facts for the region's cross-partner indicators (kit indicator-facts.ts): for each
// participant and place, what happened there in the period — a support activity (O.2.3), civic
// orientation (O.2.3.2), an answer that the support helped their integration (R.2.9). Grouped and
// packed in the database, enciphered by the kit (people-facts.ts): no pseudonym leaves the subgraph.
import { FACT, NO_FACTS, packPeopleFacts, type IndicatorReportKey, type PackedFacts } from '@pleiadi/kit';
import { sql, type Expression, type Kysely } from 'kysely';
import type { AtsDatabase } from '../types.ts';

/** Services at the desks (and the survey on them) are Azione 02: orientation and access to services. */
export const SERVICES_ACTION = 'AZ02';
/** Community activities are Azione 03: participation in social and cultural life. */
export const COMMUNITY_ACTION = 'AZ03';

/** What happened to whom where, before participants and places are grouped. */
interface Happened {
  participant_id: number;
  place: number;
  facts: number;
}

/** Whether the report's action (null: all) takes in rows of `action`. */
const counts = (key: IndicatorReportKey, action: string) => key.action === null || key.action === action;

/** Whether a store can have facts for the report at all: not for another action's report. */
export function hasFacts(key: IndicatorReportKey): boolean {
  return counts(key, SERVICES_ACTION) || counts(key, COMMUNITY_ACTION);
}

/**
 * The facts of one store in one statement. A service counts where the case's service point is,
 * on its delivery day; an attendance where and when the activity was held; a survey answer where
 * the case's service point is, on the day it was given. Rows of a participant in one place are
 * merged with the OR of their facts.
 */
export async function indicatorFacts(db: Kysely<AtsDatabase>, key: IndicatorReportKey): Promise<PackedFacts> {
  const municipality = (column: string) => sql<number>`${sql.ref(column)}::int`;
  const parts: Expression<Happened>[] = [];
  if (counts(key, SERVICES_ACTION)) {
    parts.push(
      db
        .selectFrom('service_delivery as s')
        .innerJoin('case_taking as c', 'c.id', 's.case_id')
        .innerJoin('service_point as sp', 'sp.id', 'c.service_point_id')
        .select([
          'c.participant_id',
          municipality('sp.municipality_code').as('place'),
          sql<number>`case when s.kind = 'CIVIC_ORIENTATION' then ${sql.lit(FACT.SUPPORT_ACTIVITY | FACT.CIVIC_ORIENTATION)} else ${sql.lit(FACT.SUPPORT_ACTIVITY)} end`.as('facts'),
        ])
        .where('s.delivered_on', '>=', key.from)
        .where('s.delivered_on', '<=', key.to),
      db
        .selectFrom('integration_survey as v')
        .innerJoin('case_taking as c', 'c.id', 'v.case_id')
        .innerJoin('service_point as sp', 'sp.id', 'c.service_point_id')
        .select(['c.participant_id', municipality('sp.municipality_code').as('place'), sql.lit(FACT.INTEGRATION_HELPED).$castTo<number>().as('facts')])
        .where('v.answered_on', '>=', key.from)
        .where('v.answered_on', '<=', key.to)
        .where('v.helped_integration', '=', true),
    );
  }
  if (counts(key, COMMUNITY_ACTION)) {
    parts.push(
      db
        .selectFrom('activity_attendance as a')
        .innerJoin('community_activity as ca', 'ca.id', 'a.activity_id')
        .select(['a.participant_id', municipality('ca.municipality_code').as('place'), sql.lit(FACT.SUPPORT_ACTIVITY).$castTo<number>().as('facts')])
        .where('ca.held_on', '>=', key.from)
        .where('ca.held_on', '<=', key.to),
    );
  }
  if (!parts.length) return NO_FACTS;
  return packPeopleFacts(db, key, sql<Happened>`${sql.join(parts, sql` union all `)}`);
}
