// Information materials: each language version of a leaflet, poster, video, web page, radio
// spot, event kit or information pack is one material.
import { checkDateRange } from '@pleiadi/kit';
import { builder, connection, pageArgs, type Context } from '../builder.ts';
import { materialPage, materialPagesOfCampaigns, materialsById } from '../db/repositories/materials.ts';
import { INFORMATION_PACKAGE_KINDS, MATERIAL_KINDS } from '../db/types.ts';
import { CommsCampaign } from './campaign.ts';
import { parseId } from './inputs.ts';
import { CommsLanguage, requireLanguage } from './language.ts';

export const CommsMaterialKind = builder.enumType('CommsMaterialKind', { values: MATERIAL_KINDS });

export const CommsMaterial = builder.loadableObject('CommsMaterial', {
  description: 'An information material in one language.',
  load: (ids: number[], ctx: Context) => materialsById(ctx.db, ids),
  sort: (material) => material.id,
  fields: (t) => ({
    id: t.id({ resolve: (m) => String(m.id) }),
    kind: t.field({ type: CommsMaterialKind, resolve: (m) => m.kind }),
    language: t.field({ type: CommsLanguage, resolve: (m) => m.language_code }),
    title: t.exposeString('title'),
    publishedOn: t.field({ type: 'Date', resolve: (m) => m.published_on }),
    isInformationPackage: t.boolean({
      description: 'Counts as an information package for AMIF indicator O.2.4 (an information pack or a leaflet).',
      resolve: (m) => INFORMATION_PACKAGE_KINDS.includes(m.kind),
    }),
    campaign: t.field({ type: CommsCampaign, resolve: (m) => m.campaign_id }),
  }),
});

const CommsMaterialConnection = connection('CommsMaterial', CommsMaterial);

const CommsCampaignMaterialFilter = builder.inputType('CommsCampaignMaterialFilter', {
  fields: (t) => ({
    kind: t.field({ type: CommsMaterialKind }),
    language: t.string({ description: 'ISO 639-1 code, e.g. uk.' }),
  }),
});

const CommsMaterialFilter = builder.inputType('CommsMaterialFilter', {
  fields: (t) => ({
    kind: t.field({ type: CommsMaterialKind }),
    language: t.string({ description: 'ISO 639-1 code, e.g. uk.' }),
    from: t.field({ type: 'Date', description: 'Published on or after this date.' }),
    to: t.field({ type: 'Date', description: 'Published on or before this date.' }),
  }),
});

builder.objectFields(CommsCampaign, (t) => ({
  materials: t.loadable({
    type: CommsMaterialConnection,
    byPath: true,
    description: 'Its materials in publication order.',
    args: { filter: t.arg({ type: CommsCampaignMaterialFilter }), ...pageArgs(t.arg) },
    load: async (ids: number[], ctx: Context, { filter, ...page }) =>
      materialPagesOfCampaigns(
        ctx.db,
        ids,
        { kind: filter?.kind, languageCode: filter?.language ? await requireLanguage(ctx, filter.language) : null },
        page,
      ),
    resolve: (c) => c.id,
  }),
}));

builder.queryFields((t) => ({
  commsMaterial: t.field({
    type: CommsMaterial,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => CommsMaterial.getDataloader(ctx).load(parseId(id)),
  }),
  commsMaterials: t.field({
    type: CommsMaterialConnection,
    description: 'Materials of every campaign in publication order.',
    args: { filter: t.arg({ type: CommsMaterialFilter }), ...pageArgs(t.arg) },
    resolve: async (_root, { filter, first, after }, ctx) => {
      checkDateRange(filter?.from, filter?.to);
      const languageCode = filter?.language ? await requireLanguage(ctx, filter.language) : null;
      return materialPage(ctx.db, { kind: filter?.kind, languageCode, from: filter?.from, to: filter?.to }, { first, after });
    },
  }),
}));
