// Events of a campaign: info days, public meetings, workshops, school meetings, festivals and
// info desks, each held in one municipality.
import { checkDateRange } from '@pleiadi/kit';
import { builder, connection, pageArgs, type Context } from '../builder.ts';
import { eventPage, eventPagesOf, eventsById } from '../db/repositories/events.ts';
import { EVENT_KINDS } from '../db/types.ts';
import { CommsCampaign } from './campaign.ts';
import { parseId, requireAmbit, requireMunicipality } from './inputs.ts';
import { Municipality } from './refs.ts';

export const CommsEventKind = builder.enumType('CommsEventKind', { values: EVENT_KINDS });

export const CommsEvent = builder.loadableObject('CommsEvent', {
  description: 'A public event of a campaign.',
  load: (ids: number[], ctx: Context) => eventsById(ctx.db, ids),
  sort: (event) => event.id,
  fields: (t) => ({
    id: t.id({ resolve: (e) => String(e.id) }),
    title: t.exposeString('title'),
    kind: t.field({ type: CommsEventKind, resolve: (e) => e.kind }),
    heldOn: t.field({ type: 'Date', resolve: (e) => e.held_on }),
    municipality: t.field({ type: Municipality, resolve: (e) => ({ istatCode: e.municipality_code }) }),
    campaign: t.field({ type: CommsCampaign, resolve: (e) => e.campaign_id }),
  }),
});

export const CommsEventConnection = connection('CommsEvent', CommsEvent);

const CommsEventFilter = builder.inputType('CommsEventFilter', {
  fields: (t) => ({
    kind: t.field({ type: CommsEventKind }),
    municipality: t.string({ description: 'ISTAT code of the municipality it is held in.' }),
    ambit: t.string({ description: 'Events held in the municipalities of this ambit.' }),
    from: t.field({ type: 'Date', description: 'Held on or after this date.' }),
    to: t.field({ type: 'Date', description: 'Held on or before this date.' }),
  }),
});

/** The from–to arguments of a nested event list. */
export function eventRangeArgs(arg: Parameters<typeof pageArgs>[0]) {
  return {
    from: arg({ type: 'Date', description: 'Held on or after this date.' }),
    to: arg({ type: 'Date', description: 'Held on or before this date.' }),
  };
}

builder.objectFields(CommsCampaign, (t) => ({
  events: t.loadable({
    type: CommsEventConnection,
    byPath: true,
    description: 'Its events in date order, optionally within from–to (inclusive).',
    args: { ...eventRangeArgs(t.arg), ...pageArgs(t.arg) },
    load: async (ids: number[], ctx: Context, { from, to, ...page }) => {
      checkDateRange(from, to);
      return eventPagesOf(ctx.db, 'campaign_id', ids, { from, to }, page);
    },
    resolve: (c) => c.id,
  }),
}));

builder.queryFields((t) => ({
  commsEvent: t.field({
    type: CommsEvent,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => CommsEvent.getDataloader(ctx).load(parseId(id)),
  }),
  commsEvents: t.field({
    type: CommsEventConnection,
    description: 'Campaign events in date order.',
    args: { filter: t.arg({ type: CommsEventFilter }), ...pageArgs(t.arg) },
    resolve: (_root, { filter, first, after }, ctx) => {
      checkDateRange(filter?.from, filter?.to);
      return eventPage(
        ctx.db,
        {
          kind: filter?.kind,
          municipalityCode: filter?.municipality ? requireMunicipality(filter.municipality) : null,
          ambitCode: filter?.ambit ? requireAmbit(filter.ambit) : null,
          from: filter?.from,
          to: filter?.to,
        },
        { first, after },
      );
    },
  }),
}));
