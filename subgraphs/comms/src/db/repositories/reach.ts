// Sums of the reach figures. A month belongs to a date range when it overlaps it, so a range
// from the 15th still counts the figures of that whole month.
import { sql, type Kysely } from 'kysely';
import type { Channel, CommsDatabase } from '../types.ts';
import type { DateRange } from './campaigns.ts';

export interface ReachTotals {
  copies: number;
  views: number;
  listeners: number;
  attendees: number;
}

export interface ReachFigure extends ReachTotals {
  campaign_id: number;
  month: string;
  channel: Channel;
}

const NO_REACH: ReachTotals = Object.freeze({ copies: 0, views: 0, listeners: 0, attendees: 0 });

const sums = [
  sql<number>`coalesce(sum(r.copies), 0)::bigint`.as('copies'),
  sql<number>`coalesce(sum(r.views), 0)::bigint`.as('views'),
  sql<number>`coalesce(sum(r.listeners), 0)::bigint`.as('listeners'),
  sql<number>`coalesce(sum(r.attendees), 0)::bigint`.as('attendees'),
];

function inRange(db: Kysely<CommsDatabase>, range: DateRange) {
  let query = db.selectFrom('reach_figure as r');
  if (range.from) query = query.where(sql<boolean>`r.month >= date_trunc('month', ${range.from}::date)::date`);
  if (range.to) query = query.where('r.month', '<=', range.to);
  return query;
}

/** Totals per campaign, material or event; keys without figures get zeros. */
export async function reachTotals(
  db: Kysely<CommsDatabase>,
  column: 'campaign_id' | 'material_id' | 'event_id',
  ids: readonly number[],
  range: DateRange,
): Promise<ReachTotals[]> {
  const rows = await inRange(db, range)
    .select([sql.ref<number>(`r.${column}`).as('key'), ...sums])
    .where(sql.ref(`r.${column}`), 'in', ids)
    .groupBy(sql.ref(`r.${column}`))
    .execute();
  const byKey = new Map(rows.map(({ key, ...totals }) => [key, totals]));
  return ids.map((id) => byKey.get(id) ?? NO_REACH);
}

/** Monthly totals per channel of many campaigns, in month then channel order. */
export function reachBreakdown(db: Kysely<CommsDatabase>, campaignIds: readonly number[], range: DateRange, channel?: Channel | null): Promise<ReachFigure[]> {
  let query = inRange(db, range)
    .select(['r.campaign_id', 'r.month', 'r.channel', ...sums])
    .where('r.campaign_id', 'in', campaignIds)
    .groupBy(['r.campaign_id', 'r.month', 'r.channel'])
    .orderBy('r.month')
    .orderBy('r.channel');
  if (channel) query = query.where('r.channel', '=', channel);
  return query.execute();
}
