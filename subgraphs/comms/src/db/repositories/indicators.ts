// AMIF output indicator O.2.4, "information packages and awareness-raising campaigns", as
// Media Group98's own facts: what it published and ran, not people reached.
import { sql, type Kysely } from 'kysely';
import { INFORMATION_PACKAGE_KINDS, type CommsDatabase } from '../types.ts';
import { campaignIdsOfAmbit, type DateRange } from './campaigns.ts';

export interface InformationOutput {
  information_packages: number;
  campaigns: number;
}

export async function informationOutput(db: Kysely<CommsDatabase>, filter: DateRange & { ambitCode?: string | null }): Promise<InformationOutput> {
  let packages = db
    .selectFrom('material as m')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('m.kind', 'in', INFORMATION_PACKAGE_KINDS);
  if (filter.from) packages = packages.where('m.published_on', '>=', filter.from);
  if (filter.to) packages = packages.where('m.published_on', '<=', filter.to);
  if (filter.ambitCode) packages = packages.where(sql<boolean>`m.campaign_id in ${campaignIdsOfAmbit(filter.ambitCode)}`);

  let campaigns = db.selectFrom('campaign as c').select(sql<number>`count(*)::int`.as('n'));
  if (filter.from) campaigns = campaigns.where('c.ends_on', '>=', filter.from);
  if (filter.to) campaigns = campaigns.where('c.starts_on', '<=', filter.to);
  if (filter.ambitCode) campaigns = campaigns.where(sql<boolean>`c.id in ${campaignIdsOfAmbit(filter.ambitCode)}`);

  // One statement: both counts as scalar subqueries.
  const { rows } = await sql<InformationOutput>`select (${packages}) as information_packages, (${campaigns}) as campaigns`.execute(db);
  return rows[0];
}
