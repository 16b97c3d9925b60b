// Reads of campaigns and the territory and languages they target. Every function answers for
// many keys in one statement, so the graph's statement count does not grow with its results.
import { groupedPages, keysetPage, type Page, type PageArgs } from '@pleiadi/kit';
import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { ActionCode, Channel, CommsDatabase } from '../types.ts';
import { ambitOfMunicipality, municipalitiesOfAmbit } from './territory.ts';

/** A campaign with the codes of its languages, Italian first. */
export type CampaignRow = Omit<CommsDatabase['campaign'], 'id'> & { id: number; language_codes: string[] };

export interface DateRange {
  from?: string | null;
  to?: string | null;
}

/** Filters on a campaign's own attributes; a campaign is in a date range when it overlaps it. */
export interface CampaignAttributeFilter extends DateRange {
  action?: ActionCode | null;
  languageCode?: string | null;
  channel?: Channel | null;
}

export interface CampaignFilter extends CampaignAttributeFilter {
  ambitCode?: string | null;
  municipalityCode?: string | null;
}

const CAMPAIGN_COLUMNS = ['c.id', 'c.title', 'c.action_code', 'c.starts_on', 'c.ends_on', 'c.objective', 'c.channels'] as const;

/**
 * The codes of a campaign's languages, a handful, read with it: Italian first, then the community
 * languages. A correlated list, so it belongs where only the rows returned are (PostgreSQL puts
 * it after a sort and a limit; a grouped page passes it as a page column).
 */
const languageCodes = (campaignId: 'c.id' | 'ranked.id') =>
  sql<string[]>`array(select l.language_code::text from campaign_language l where l.campaign_id = ${sql.ref(campaignId)} order by l.language_code <> 'it', l.language_code)`.as('language_codes');

/**
 * Campaigns that target an ambit: as a whole, or through one of its municipalities. The same
 * rule answers the ambit filter, Ambit.commsCampaigns and the ambit of indicator O.2.4.
 */
export function campaignIdsOfAmbit(ambitCode: string): RawBuilder<unknown> {
  return sql`(select campaign_id from campaign_ambit where ambit_code = ${ambitCode}
    union select campaign_id from campaign_municipality where municipality_code = any(${sql.val(municipalitiesOfAmbit(ambitCode))}))`;
}

/** Campaigns that target a municipality: by name, or through its ambit as a whole. */
export function campaignIdsOfMunicipality(istatCode: string): RawBuilder<unknown> {
  return sql`(select campaign_id from campaign_municipality where municipality_code = ${istatCode}
    union select campaign_id from campaign_ambit where ambit_code = ${ambitOfMunicipality(istatCode)})`;
}

/** The filter as conditions on the campaign aliased `c`, for whichever query selects it. */
export function campaignConditions(filter: CampaignFilter): RawBuilder<boolean>[] {
  const conditions: RawBuilder<boolean>[] = [];
  if (filter.action) conditions.push(sql`c.action_code = ${filter.action}`);
  if (filter.channel) conditions.push(sql`${filter.channel} = any(c.channels)`);
  if (filter.languageCode) {
    conditions.push(sql`exists (select 1 from campaign_language l where l.campaign_id = c.id and l.language_code = ${filter.languageCode})`);
  }
  if (filter.from) conditions.push(sql`c.ends_on >= ${filter.from}`);
  if (filter.to) conditions.push(sql`c.starts_on <= ${filter.to}`);
  if (filter.ambitCode) conditions.push(sql`c.id in ${campaignIdsOfAmbit(filter.ambitCode)}`);
  if (filter.municipalityCode) conditions.push(sql`c.id in ${campaignIdsOfMunicipality(filter.municipalityCode)}`);
  return conditions;
}

export function campaignsById(db: Kysely<CommsDatabase>, ids: readonly number[]): Promise<CampaignRow[]> {
  return db.selectFrom('campaign as c').select([...CAMPAIGN_COLUMNS, languageCodes('c.id')]).where('c.id', 'in', ids).execute();
}

export function campaignPage(db: Kysely<CommsDatabase>, filter: CampaignFilter, args: PageArgs) {
  let query = db.selectFrom('campaign as c').select([...CAMPAIGN_COLUMNS, languageCodes('c.id')]);
  for (const condition of campaignConditions(filter)) query = query.where(condition);
  return keysetPage(query, { orderBy: ['c.starts_on', 'c.id'], key: (row) => [row.starts_on, row.id], args });
}

/** A two-column table of keys: (code, ambit_code), for joining JS-side territory in SQL. */
function keyTable(codes: readonly string[], ambits: readonly (string | null)[]) {
  return sql<{ code: string; ambit_code: string | null }>`(select unnest(${sql.val(codes)}::text[]) as code, unnest(${sql.val(ambits)}::text[]) as ambit_code)`.as('k');
}

/** Campaigns targeting each municipality (by name or through its ambit), a page per municipality. */
export function campaignPagesOfMunicipalities(db: Kysely<CommsDatabase>, codes: readonly string[], filter: CampaignAttributeFilter, args: PageArgs) {
  const direct = db
    .selectFrom('campaign_municipality')
    .select(['campaign_id', sql<string>`municipality_code::text`.as('parent_key')])
    .where(sql<boolean>`municipality_code = any(${sql.val(codes)})`);
  const viaAmbit = db
    .selectFrom('campaign_ambit as a')
    .innerJoin(keyTable(codes, codes.map(ambitOfMunicipality)), (join) => join.onRef('k.ambit_code', '=', 'a.ambit_code'))
    .select(['a.campaign_id', 'k.code as parent_key']);
  return targetedPages(db, direct.union(viaAmbit), codes, filter, args);
}

/** Campaigns targeting each ambit (as a whole or through its municipalities), a page per ambit. */
export function campaignPagesOfAmbits(db: Kysely<CommsDatabase>, ambitCodes: readonly string[], filter: CampaignAttributeFilter, args: PageArgs) {
  const municipalities = ambitCodes.flatMap((ambit) => municipalitiesOfAmbit(ambit).map((code) => [code, ambit] as const));
  const direct = db
    .selectFrom('campaign_ambit')
    .select(['campaign_id', 'ambit_code as parent_key'])
    .where(sql<boolean>`ambit_code = any(${sql.val(ambitCodes)})`);
  const viaMunicipality = db
    .selectFrom('campaign_municipality as m')
    .innerJoin(
      keyTable(
        municipalities.map(([code]) => code),
        municipalities.map(([, ambit]) => ambit),
      ),
      (join) => join.on(sql<boolean>`k.code = m.municipality_code::text`),
    )
    .select(['m.campaign_id', sql<string>`k.ambit_code`.as('parent_key')]);
  return targetedPages(db, direct.union(viaMunicipality), ambitCodes, filter, args);
}

function targetedPages(
  db: Kysely<CommsDatabase>,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  targets: SelectQueryBuilder<CommsDatabase, any, { campaign_id: number; parent_key: string }>,
  parents: readonly string[],
  filter: CampaignAttributeFilter,
  args: PageArgs,
) {
  let base = db
    .selectFrom(targets.as('t'))
    .innerJoin('campaign as c', 'c.id', 't.campaign_id')
    .select([...CAMPAIGN_COLUMNS, 't.parent_key']);
  for (const condition of campaignConditions(filter)) base = base.where(condition);
  const pages = groupedPages(db, base, {
    parentColumn: 't.parent_key',
    parentKey: (row) => row.parent_key,
    parents,
    orderBy: ['c.starts_on', 'c.id'],
    args,
    pageColumns: [languageCodes('ranked.id')],
  });
  return pages as Promise<Page<CampaignRow & { parent_key: string }>[]>;
}

export function ambitsOfCampaigns(db: Kysely<CommsDatabase>, ids: readonly number[]) {
  return db.selectFrom('campaign_ambit').selectAll().where('campaign_id', 'in', ids).orderBy('ambit_code').execute();
}

export function municipalityPagesOfCampaigns(db: Kysely<CommsDatabase>, ids: readonly number[], args: PageArgs) {
  const base = db.selectFrom('campaign_municipality').selectAll();
  return groupedPages(db, base, { parentColumn: 'campaign_id', parentKey: (row) => row.campaign_id, parents: ids, orderBy: ['municipality_code'], args });
}
