// What Media Group98 adds to entities owned elsewhere: the campaigns and events of a
// municipality, the campaigns of an ambit, and the campaigns of the partner itself.
import { checkDateRange, readPageArgs, type Page, type PageArgs } from '@pleiadi/kit';
import { builder, pageArgs, type Context } from '../builder.ts';
import { campaignPage, campaignPagesOfAmbits, campaignPagesOfMunicipalities, type CampaignRow } from '../db/repositories/campaigns.ts';
import { eventPagesOf } from '../db/repositories/events.ts';
import { campaignAttributes, campaignFilter, CommsCampaignAttributeFilter, CommsCampaignConnection, CommsCampaignFilter } from './campaign.ts';
import { CommsEventConnection, eventRangeArgs } from './event.ts';
import { Ambit, Municipality, Partner } from './refs.ts';

/** Media Group98's id in the Region's partner registry. */
export const PARTNER_ID = 'media-group98';

builder.objectFields(Municipality, (t) => ({
  commsCampaigns: t.loadable({
    type: CommsCampaignConnection,
    nullable: true,
    byPath: true,
    description: 'Campaigns of Media Group98 that target the municipality by name or through its ambit, in start-date order.',
    args: { filter: t.arg({ type: CommsCampaignAttributeFilter }), ...pageArgs(t.arg) },
    load: async (codes: string[], ctx: Context, { filter, ...page }) =>
      campaignPagesOfMunicipalities(ctx.db, codes, await campaignAttributes(ctx, filter), page),
    resolve: (m) => m.istatCode,
  }),
  commsEvents: t.loadable({
    type: CommsEventConnection,
    nullable: true,
    byPath: true,
    description: 'Campaign events held in the municipality, in date order.',
    args: { ...eventRangeArgs(t.arg), ...pageArgs(t.arg) },
    load: async (codes: string[], ctx: Context, { from, to, ...page }) => {
      checkDateRange(from, to);
      return eventPagesOf(ctx.db, 'municipality_code', codes, { from, to }, page);
    },
    resolve: (m) => m.istatCode,
  }),
}));

builder.objectFields(Ambit, (t) => ({
  commsCampaigns: t.loadable({
    type: CommsCampaignConnection,
    nullable: true,
    byPath: true,
    description: 'Campaigns of Media Group98 that target the ambit as a whole or any of its municipalities, in start-date order.',
    args: { filter: t.arg({ type: CommsCampaignAttributeFilter }), ...pageArgs(t.arg) },
    load: async (codes: string[], ctx: Context, { filter, ...page }) => campaignPagesOfAmbits(ctx.db, codes, await campaignAttributes(ctx, filter), page),
    resolve: (a) => a.code,
  }),
}));

function emptyPage(args: PageArgs): Page<CampaignRow> {
  // The arguments are checked as for a real page, so a bad cursor fails the same way.
  const { after } = readPageArgs(args, 2);
  return { nodes: [], cursors: [], hasNextPage: false, hasPreviousPage: after !== undefined, totalCount: () => 0 };
}

builder.objectFields(Partner, (t) => ({
  commsCampaigns: t.loadable({
    type: CommsCampaignConnection,
    nullable: true,
    byPath: true,
    description: `Campaigns the partner runs: those of Media Group98 (${PARTNER_ID}); empty for every other partner.`,
    args: { filter: t.arg({ type: CommsCampaignFilter }), ...pageArgs(t.arg) },
    load: async (ids: string[], ctx: Context, { filter, ...page }) => {
      const checked = await campaignFilter(ctx, filter);
      const own = ids.includes(PARTNER_ID) ? await campaignPage(ctx.db, checked, page) : null;
      return ids.map((id) => (id === PARTNER_ID && own ? own : emptyPage(page)));
    },
    resolve: (p) => p.id,
  }),
}));
