// Media Group98's facts for the region's cross-partner indicators (kit indicator-facts.ts): the
// information packages and awareness-raising campaigns of O.2.4, each an item whose subject is
// the hash of its id, placed where its campaign is aimed.
import { AMBIT_CODES, FACT, PLACE_REGION, placeOfAmbit, packFacts, subjectHash, type IndicatorReportKey, type PackedFacts } from '@pleiadi/kit';
import { sql, type Kysely } from 'kysely';
import { ACTION_CODES, type ActionCode, type CommsDatabase } from '../types.ts';
import { activeCampaigns, informationPackages } from './indicators.ts';

/** The report's action as one of the plan's; undefined when the report is about another action. */
function actionOf(key: IndicatorReportKey): ActionCode | null | undefined {
  if (key.action === null) return null;
  return ACTION_CODES.find((code) => code === key.action);
}

/** Whether the report can hold this subgraph's facts at all. */
export function hasFacts(key: IndicatorReportKey): boolean {
  return actionOf(key) !== undefined;
}

/**
 * Where each campaign is aimed, as the same targets that place it in an ambit or municipality
 * (campaignIdsOfAmbit): each ambit it targets as a whole, each municipality it names; a campaign
 * aimed at nothing is region-wide. (A region-wide campaign is recorded as aimed at all four
 * ambits: it then counts once in each ambit and once in the region.)
 */
function campaignPlaces() {
  const ambits = sql`(select unnest(${sql.val([...AMBIT_CODES])}::text[]) as code, unnest(${sql.val(AMBIT_CODES.map(placeOfAmbit))}::int[]) as place)`;
  return sql`select c.id as campaign_id, unnest(
      case when count(t.place) = 0 then array[${sql.lit(PLACE_REGION)}] else array_agg(t.place) end) as place
    from campaign c left join (
      select a.campaign_id, k.place from campaign_ambit a join ${ambits} k on k.code = a.ambit_code
      union all
      select campaign_id, municipality_code::int from campaign_municipality
    ) t on t.campaign_id = c.id
    group by c.id`;
}

/**
 * One row per package and per campaign counted by informationOutput for the period (and action),
 * and per place it is aimed at, in one statement. A package is placed where its campaign is aimed.
 */
export async function indicatorFacts(db: Kysely<CommsDatabase>, key: IndicatorReportKey): Promise<PackedFacts> {
  const filter = { from: key.from, to: key.to, action: actionOf(key) };
  const packages = informationPackages(db, filter).select(['m.id', 'm.campaign_id']);
  const campaigns = activeCampaigns(db, filter).select('c.id');
  return packFacts(db, sql`with campaign_place as (${campaignPlaces()})
    select ${subjectHash(key, sql<string>`'material:' || m.id`)} as subject, p.place, ${sql.lit(FACT.INFORMATION_PACKAGE)} as facts, null as gender, null as age, null as record_key
      from (${packages}) m join campaign_place p on p.campaign_id = m.campaign_id
    union all
    select ${subjectHash(key, sql<string>`'campaign:' || c.id`)}, p.place, ${sql.lit(FACT.AWARENESS_CAMPAIGN)}, null, null, null
      from (${campaigns}) c join campaign_place p on p.campaign_id = c.id`);
}
