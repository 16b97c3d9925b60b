// Reads of information materials: one row per language version of a leaflet, video, page…
import { groupedPages, keysetPage, type PageArgs } from '@pleiadi/kit';
import { sql, type Kysely } from 'kysely';
import type { CommsDatabase, MaterialKind } from '../types.ts';
import { campaignIdsOfAmbit, type DateRange } from './campaigns.ts';

export type MaterialRow = Omit<CommsDatabase['material'], 'id'> & { id: number };

export interface MaterialFilter extends DateRange {
  kind?: MaterialKind | null;
  languageCode?: string | null;
}

function filtered(db: Kysely<CommsDatabase>, filter: MaterialFilter) {
  let query = db.selectFrom('material').selectAll();
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.languageCode) query = query.where('language_code', '=', filter.languageCode);
  if (filter.from) query = query.where('published_on', '>=', filter.from);
  if (filter.to) query = query.where('published_on', '<=', filter.to);
  return query;
}

export function materialsById(db: Kysely<CommsDatabase>, ids: readonly number[]): Promise<MaterialRow[]> {
  return db.selectFrom('material').selectAll().where('id', 'in', ids).execute();
}

/** Materials by publication date, optionally of the campaigns that target an ambit. */
export function materialPage(db: Kysely<CommsDatabase>, filter: MaterialFilter & { ambitCode?: string | null }, args: PageArgs) {
  let query = filtered(db, filter);
  if (filter.ambitCode) query = query.where(sql<boolean>`campaign_id in ${campaignIdsOfAmbit(filter.ambitCode)}`);
  return keysetPage(query, { orderBy: ['published_on', 'id'], key: (row) => [row.published_on, row.id], args });
}

export function materialPagesOfCampaigns(db: Kysely<CommsDatabase>, campaignIds: readonly number[], filter: MaterialFilter, args: PageArgs) {
  return groupedPages(db, filtered(db, filter), {
    parentColumn: 'campaign_id',
    parentKey: (row) => row.campaign_id,
    parents: campaignIds,
    orderBy: ['published_on', 'id'],
    args,
  });
}
