// Campaigns: Media Group98's awareness-raising and information campaigns, each under one action
// of the plan, aimed at ambits or municipalities, in several languages over several channels.
import { checkDateRange, groupByKeys } from '@pleiadi/kit';
import { builder, connection, pageArgs, type Context } from '../builder.ts';
import {
  ambitsOfCampaigns,
  campaignPage,
  campaignsById,
  municipalityPagesOfCampaigns,
  type CampaignAttributeFilter,
  type CampaignFilter,
} from '../db/repositories/campaigns.ts';
import { ACTION_CODES, CHANNELS } from '../db/types.ts';
import { parseId, requireAmbit, requireMunicipality } from './inputs.ts';
import { CommsLanguage, requireLanguage } from './language.ts';
import { Ambit, CommsMunicipalityConnection } from './refs.ts';

export const CommsActionCode = builder.enumType('CommsActionCode', {
  description: 'The action of the plan a campaign belongs to.',
  values: {
    AZ01: { value: ACTION_CODES[0], description: 'Azione 01: multilevel governance and capacity building of service operators.' },
    AZ02: { value: ACTION_CODES[1], description: 'Azione 02: skills, orientation and access to services.' },
    AZ03: { value: ACTION_CODES[2], description: 'Azione 03: participation in economic, social and cultural life; qualified information.' },
  } as const,
});

export const CommsChannel = builder.enumType('CommsChannel', {
  description: 'A channel a campaign reaches people through.',
  values: CHANNELS,
});

export const CommsCampaign = builder.loadableObject('CommsCampaign', {
  description: 'An information or awareness-raising campaign run by Media Group98.',
  load: (ids: number[], ctx: Context) => campaignsById(ctx.db, ids),
  sort: (campaign) => campaign.id,
  fields: (t) => ({
    id: t.id({ resolve: (c) => String(c.id) }),
    title: t.exposeString('title', { description: 'The public (Italian) title of the campaign.' }),
    actionCode: t.field({ type: CommsActionCode, resolve: (c) => c.action_code }),
    startsOn: t.field({ type: 'Date', resolve: (c) => c.starts_on }),
    endsOn: t.field({ type: 'Date', resolve: (c) => c.ends_on }),
    objective: t.exposeString('objective'),
    channels: t.field({ type: [CommsChannel], resolve: (c) => c.channels }),
    languages: t.field({
      type: [CommsLanguage],
      description: 'Languages its materials are published in, Italian first.',
      resolve: (c) => c.language_codes,
    }),
    targetAmbits: t.loadableList({
      type: Ambit,
      description: 'Ambits targeted as a whole (all four for a region-wide campaign).',
      load: async (ids: number[], ctx: Context) =>
        groupByKeys(ids, await ambitsOfCampaigns(ctx.db, ids), (row) => row.campaign_id).map((rows) => rows.map((r) => ({ code: r.ambit_code }))),
      resolve: (c) => c.id,
    }),
    targetMunicipalities: t.loadable({
      type: CommsMunicipalityConnection,
      byPath: true,
      description: 'Municipalities targeted one by one, in ISTAT-code order (none when it targets whole ambits).',
      args: pageArgs(t.arg),
      load: async (ids: number[], ctx: Context, args) =>
        (await municipalityPagesOfCampaigns(ctx.db, ids, args)).map((page) => ({
          ...page,
          nodes: page.nodes.map((row) => ({ istatCode: row.municipality_code })),
        })),
      resolve: (c) => c.id,
    }),
  }),
});

export const CommsCampaignConnection = connection('CommsCampaign', CommsCampaign);

const LANGUAGE_HELP = 'ISO 639-1 code of a language the campaign publishes in, e.g. ar.';
const FROM_HELP = 'Campaigns that end on or after this date.';
const TO_HELP = 'Campaigns that start on or before this date.';

export const CommsCampaignAttributeFilter = builder.inputType('CommsCampaignAttributeFilter', {
  description: 'Filters on what a campaign is: its action, languages, channels and period.',
  fields: (t) => ({
    action: t.field({ type: CommsActionCode }),
    language: t.string({ description: LANGUAGE_HELP }),
    channel: t.field({ type: CommsChannel }),
    from: t.field({ type: 'Date', description: FROM_HELP }),
    to: t.field({ type: 'Date', description: TO_HELP }),
  }),
});

export const CommsCampaignFilter = builder.inputType('CommsCampaignFilter', {
  fields: (t) => ({
    action: t.field({ type: CommsActionCode }),
    ambit: t.string({ description: 'Campaigns targeting this ambit as a whole or any of its municipalities.' }),
    municipality: t.string({ description: 'ISTAT code: campaigns targeting this municipality by name or through its ambit.' }),
    language: t.string({ description: LANGUAGE_HELP }),
    channel: t.field({ type: CommsChannel }),
    from: t.field({ type: 'Date', description: FROM_HELP }),
    to: t.field({ type: 'Date', description: TO_HELP }),
  }),
});

type AttributeInput = { action?: CampaignFilter['action']; language?: string | null; channel?: CampaignFilter['channel']; from?: string | null; to?: string | null };

/** A filter as given, checked and in repository terms. */
export async function campaignAttributes(ctx: Context, filter: AttributeInput | null | undefined): Promise<CampaignAttributeFilter> {
  checkDateRange(filter?.from, filter?.to);
  return {
    action: filter?.action,
    languageCode: filter?.language ? await requireLanguage(ctx, filter.language) : null,
    channel: filter?.channel,
    from: filter?.from,
    to: filter?.to,
  };
}

export async function campaignFilter(
  ctx: Context,
  filter: (AttributeInput & { ambit?: string | null; municipality?: string | null }) | null | undefined,
): Promise<CampaignFilter> {
  const ambitCode = filter?.ambit ? requireAmbit(filter.ambit) : null;
  const municipalityCode = filter?.municipality ? requireMunicipality(filter.municipality) : null;
  return { ...(await campaignAttributes(ctx, filter)), ambitCode, municipalityCode };
}

builder.queryFields((t) => ({
  commsCampaign: t.field({
    type: CommsCampaign,
    nullable: true,
    description: 'A campaign by id; null when there is none.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => CommsCampaign.getDataloader(ctx).load(parseId(id)),
  }),
  commsCampaigns: t.field({
    type: CommsCampaignConnection,
    description: 'Campaigns in start-date order.',
    args: { filter: t.arg({ type: CommsCampaignFilter }), ...pageArgs(t.arg) },
    resolve: async (_root, { filter, first, after }, ctx) => campaignPage(ctx.db, await campaignFilter(ctx, filter), { first, after }),
  }),
}));
