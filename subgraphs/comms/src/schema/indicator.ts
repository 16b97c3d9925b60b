// AMIF output indicator O.2.4 as far as Media Group98's own data goes.
import { checkDateRange } from '@pleiadi/kit';
import { builder } from '../builder.ts';
import { informationOutput, type InformationOutput } from '../db/repositories/indicators.ts';
import { requireAmbit } from './inputs.ts';

const CommsInformationOutput = builder.objectRef<InformationOutput>('CommsInformationOutput').implement({
  description: 'The information packages and campaigns counted for AMIF output indicator O.2.4.',
  fields: (t) => ({
    informationPackages: t.exposeInt('information_packages', {
      description: 'Materials of kind INFO_PACK or LEAFLET published in the range; each language version counts once.',
    }),
    campaigns: t.exposeInt('campaigns', { description: 'Campaigns active in the range (running on at least one of its days).' }),
    total: t.int({
      description: 'Information packages plus campaigns: the value of O.2.4 for the range.',
      resolve: (o) => o.information_packages + o.campaigns,
    }),
  }),
});

const InformationFilter = builder.inputType('CommsInformationOutputFilter', {
  fields: (t) => ({
    ambit: t.string({ description: 'Only campaigns, and packages of campaigns, targeting this ambit as a whole or any of its municipalities.' }),
    from: t.field({ type: 'Date' }),
    to: t.field({ type: 'Date' }),
  }),
});

builder.queryFields((t) => ({
  informationPackagesAndCampaigns: t.field({
    type: CommsInformationOutput,
    description:
      'AMIF O.2.4, "information packages and awareness-raising campaigns": counts the information packages ' +
      '(materials of kind INFO_PACK or LEAFLET, one per language version, published within from–to) and the ' +
      'campaigns active within from–to (starting on or before "to" and ending on or after "from"), optionally ' +
      'limited to those targeting an ambit. Counts things produced, not people.',
    args: { filter: t.arg({ type: InformationFilter }) },
    resolve: (_root, { filter }, ctx) => {
      checkDateRange(filter?.from, filter?.to);
      return informationOutput(ctx.db, { ambitCode: filter?.ambit ? requireAmbit(filter.ambit) : null, from: filter?.from, to: filter?.to });
    },
  }),
}));
