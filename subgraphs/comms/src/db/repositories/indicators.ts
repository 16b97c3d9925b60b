// AMIF output indicator O.2.4, "information packages and awareness-raising campaigns", as
// Media Group98's own facts: what it published and ran, not people reached.
import { sql, type Kysely } from 'kysely';
import { INFORMATION_PACKAGE_KINDS, type ActionCode, type CommsDatabase } from '../types.ts';
import { campaignIdsOfAmbit, type DateRange } from './campaigns.ts';

export interface InformationOutput {
  information_packages: number;
  campaigns: number;
}

export interface InformationFilter extends DateRange {
  ambitCode?: string | null;
  /** The action of the campaign (of a package: of its campaign). */
  action?: ActionCode | null;
}

/**
 * The information packages of O.2.4: materials of the package kinds published in the range, one
 * per language version. A query on `material as m`, so the count and the indicator facts agree.
 */
export function informationPackages(db: Kysely<CommsDatabase>, filter: InformationFilter) {
  let packages = db.selectFrom('material as m').where('m.kind', 'in', INFORMATION_PACKAGE_KINDS);
  if (filter.from) packages = packages.where('m.published_on', '>=', filter.from);
  if (filter.to) packages = packages.where('m.published_on', '<=', filter.to);
  if (filter.ambitCode) packages = packages.where(sql<boolean>`m.campaign_id in ${campaignIdsOfAmbit(filter.ambitCode)}`);
  if (filter.action) packages = packages.where(sql<boolean>`m.campaign_id in (select id from campaign where action_code = ${filter.action})`);
  return packages;
}

/** The awareness-raising campaigns of O.2.4: campaigns active on a day of the range. A query on `campaign as c`. */
export function activeCampaigns(db: Kysely<CommsDatabase>, filter: InformationFilter) {
  let campaigns = db.selectFrom('campaign as c');
  if (filter.from) campaigns = campaigns.where('c.ends_on', '>=', filter.from);
  if (filter.to) campaigns = campaigns.where('c.starts_on', '<=', filter.to);
  if (filter.ambitCode) campaigns = campaigns.where(sql<boolean>`c.id in ${campaignIdsOfAmbit(filter.ambitCode)}`);
  if (filter.action) campaigns = campaigns.where('c.action_code', '=', filter.action);
  return campaigns;
}

export async function informationOutput(db: Kysely<CommsDatabase>, filter: DateRange & { ambitCode?: string | null }): Promise<InformationOutput> {
  const packages = informationPackages(db, filter).select(sql<number>`count(*)::int`.as('n'));
  const campaigns = activeCampaigns(db, filter).select(sql<number>`count(*)::int`.as('n'));
  // One statement: both counts as scalar subqueries.
  const { rows } = await sql<InformationOutput>`select (${packages}) as information_packages, (${campaigns}) as campaigns`.execute(db);
  return rows[0];
}
