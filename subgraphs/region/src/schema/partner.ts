// The partner registry. Partner is an entity owned here; Ambit (owned by anci) gets its partners.
import { badUserInput, checkAmbitCodeFormat, groupByKeys } from '@pleiadi/kit';
import { builder, connection, pageArgs, type Context, externalAmbit } from '../builder.ts';
import { partnerAmbits, partnerPage, partnersById, partnersOfAmbits } from '../db/repositories/programme.ts';
import { PARTNER_KINDS } from '../db/types.ts';

const PartnerKind = builder.enumType('PartnerKind', { values: PARTNER_KINDS });

export const Ambit = externalAmbit();

export const Partner = builder.loadableObject('Partner', {
  description: 'A partner of the plan, from the registry kept by the Region.',
  load: (ids: string[], ctx: Context) => partnersById(ctx.db, ids),
  sort: (partner) => partner.id,
  fields: (t) => ({
    id: t.exposeID('id', { tag: ['public'] }),
    name: t.exposeString('name', { tag: ['public'] }),
    kind: t.field({ type: PartnerKind, tag: ['public'], resolve: (p) => p.kind }),
    isLead: t.exposeBoolean('is_lead', { description: 'True for the lead beneficiary (the Region).', tag: ['public'] }),
    network: t.exposeString('network', { description: 'The partner network it belongs to.', tag: ['public'] }),
    subgraph: t.exposeString('subgraph', { nullable: true, description: 'The subgraph its IT team maintains, if any.', tag: ['public'] }),
    ambits: t.loadableList({
      type: Ambit,
      tag: ['public'],
      description: 'Ambits the partner covers.',
      load: async (ids: string[], ctx: Context) =>
        groupByKeys(ids, await partnerAmbits(ctx.db, ids), (row) => row.partner_id).map((rows) => rows.map((r) => ({ code: r.ambit_code }))),
      resolve: (p) => p.id,
    }),
  }),
});

builder.asEntity(Partner, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, ctx) => Partner.getDataloader(ctx).load(ref.id),
});

builder.objectFields(Ambit, (t) => ({
  partners: t.loadableList({
    type: Partner,
    tag: ['public'],
    nullable: true,
    description: 'Partners active in the ambit.',
    load: async (codes: string[], ctx: Context) => {
      const rows = await partnersOfAmbits(ctx.db, codes);
      return groupByKeys(codes, rows, (row) => row.ambit_code).map((group) => group.map(({ ambit_code: _a, ...partner }) => partner));
    },
    resolve: (ambit) => ambit.code,
  }),
}));

const PartnerConnection = connection('Partner', Partner, { tag: ['public'] });

const PartnerFilter = builder.inputType('PartnerFilter', {
  fields: (t) => ({
    ambit: t.string({ description: 'Partners covering this ambit.' }),
    subgraph: t.string({ description: 'Partners whose data is behind this subgraph, e.g. ats.' }),
  }),
});

builder.queryFields((t) => ({
  partner: t.field({
    type: Partner,
    tag: ['public'],
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => {
      if (!/^[a-z0-9-]{1,60}$/.test(String(id))) throw badUserInput(`"${String(id).slice(0, 30)}" is not a partner id (lower-case words joined by dashes, e.g. ial-er).`, 'id');
      return Partner.getDataloader(ctx).load(String(id));
    },
  }),
  partners: t.field({
    type: PartnerConnection,
    tag: ['public'],
    args: { filter: t.arg({ type: PartnerFilter }), ...pageArgs(t.arg) },
    resolve: (_root, { filter, first, after }, ctx) =>
      partnerPage(ctx.db, { ambitCode: filter?.ambit ? checkAmbitCodeFormat(filter.ambit) : null, subgraph: filter?.subgraph }, { first, after }),
  }),
}));
