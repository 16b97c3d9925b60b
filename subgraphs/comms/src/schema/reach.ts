// Reach: what Media Group98 measured of its campaigns month by month — copies distributed,
// views, radio listeners and event attendees. These are audience measures of channels, not
// counts of identified people, and they add up over materials, events and months.
import { checkDateRange, groupByKeys } from '@pleiadi/kit';
import { builder, pageArgs, type Context } from '../builder.ts';
import type { DateRange } from '../db/repositories/campaigns.ts';
import { reachBreakdown, reachTotals, type ReachFigure, type ReachTotals } from '../db/repositories/reach.ts';
import { CommsCampaign, CommsChannel } from './campaign.ts';
import { CommsEvent } from './event.ts';
import { CommsMaterial } from './material.ts';

const quantities = {
  copies: 'Printed copies distributed.',
  views: 'Views of web pages, videos, social media posts and newsletters.',
  listeners: 'Estimated radio listeners.',
  attendees: 'Attendance at events (admissions, not distinct people).',
} as const;

export const CommsReachTotals = builder.objectRef<ReachTotals>('CommsReachTotals').implement({
  description: 'Reach summed over months and channels.',
  fields: (t) => ({
    copies: t.exposeInt('copies', { description: quantities.copies }),
    views: t.exposeInt('views', { description: quantities.views }),
    listeners: t.exposeInt('listeners', { description: quantities.listeners }),
    attendees: t.exposeInt('attendees', { description: quantities.attendees }),
  }),
});

export const CommsReachFigure = builder.objectRef<ReachFigure>('CommsReachFigure').implement({
  description: 'Reach of a campaign on one channel in one month.',
  fields: (t) => ({
    month: t.field({ type: 'Date', description: 'First day of the month.', resolve: (r) => r.month }),
    channel: t.field({ type: CommsChannel, resolve: (r) => r.channel }),
    copies: t.exposeInt('copies', { description: quantities.copies }),
    views: t.exposeInt('views', { description: quantities.views }),
    listeners: t.exposeInt('listeners', { description: quantities.listeners }),
    attendees: t.exposeInt('attendees', { description: quantities.attendees }),
  }),
});

const RANGE_HELP = 'Months that overlap from–to (inclusive) count whole; either end may be open.';

const TOTALS_HELP = `Reach totals. ${RANGE_HELP}`;

function rangeArgs(arg: Parameters<typeof pageArgs>[0]) {
  return { from: arg({ type: 'Date' }), to: arg({ type: 'Date' }) };
}

/**
 * Totals of many campaigns, materials or events in one statement. Loaders are async so a bad
 * range rejects: DataLoader wraps a synchronous throw and the BAD_USER_INPUT code would be lost.
 */
const loadTotals = (column: 'campaign_id' | 'material_id' | 'event_id') => async (ids: number[], ctx: Context, range: DateRange) => {
  checkDateRange(range.from, range.to);
  return reachTotals(ctx.db, column, ids, range);
};

builder.objectFields(CommsCampaign, (t) => ({
  reach: t.loadable({
    type: CommsReachTotals,
    byPath: true,
    description: TOTALS_HELP,
    args: rangeArgs(t.arg),
    load: loadTotals('campaign_id'),
    resolve: (c) => c.id,
  }),
  reachBreakdown: t.loadableList({
    type: CommsReachFigure,
    byPath: true,
    description: `Reach by month and channel, in month then channel order: at most one entry per month of the campaign and channel. ${RANGE_HELP}`,
    args: { ...rangeArgs(t.arg), channel: t.arg({ type: CommsChannel }) },
    load: async (ids: number[], ctx: Context, { from, to, channel }) => {
      checkDateRange(from, to);
      return groupByKeys(ids, await reachBreakdown(ctx.db, ids, { from, to }, channel), (row) => row.campaign_id);
    },
    resolve: (c) => c.id,
  }),
}));

builder.objectFields(CommsMaterial, (t) => ({
  reach: t.loadable({ type: CommsReachTotals, byPath: true, description: TOTALS_HELP, args: rangeArgs(t.arg), load: loadTotals('material_id'), resolve: (m) => m.id }),
}));

builder.objectFields(CommsEvent, (t) => ({
  reach: t.loadable({ type: CommsReachTotals, byPath: true, description: TOTALS_HELP, args: rangeArgs(t.arg), load: loadTotals('event_id'), resolve: (e) => e.id }),
}));
