// The programme, its three actions and the reporting periods.
import { badUserInput, checkDateRange, groupByKeys } from '@pleiadi/kit';
import { builder, type Context } from '../builder.ts';
import { actionsByCode, allActions, objectivesOfActions, periods, periodsByCode, programme } from '../db/repositories/programme.ts';
import { PERIOD_KINDS } from '../db/types.ts';
import { Partner } from './partner.ts';

const Programme = builder.objectRef<Awaited<ReturnType<typeof programme>> & object>('Programme').implement({
  description: 'The PLEIADI plan, co-funded by the EU Asylum, Migration and Integration Fund (FAMI/AMIF 2021-2027).',
  fields: (t) => ({
    code: t.exposeString('code', { tag: ['public'] }),
    title: t.exposeString('title', { tag: ['public'] }),
    fund: t.exposeString('fund', { tag: ['public'] }),
    startsOn: t.field({ type: 'Date', tag: ['public'], resolve: (p) => p.starts_on }),
    endsOn: t.field({ type: 'Date', tag: ['public'], resolve: (p) => p.ends_on }),
    budgetEur: t.exposeFloat('budget_eur', { tag: ['public'] }),
    lead: t.field({ type: Partner, tag: ['public'], resolve: (p) => p.lead_partner_id }),
  }),
});

export const Action = builder.loadableObject('Action', {
  load: (codes: string[], ctx: Context) => actionsByCode(ctx.db, codes),
  sort: (action) => action.code,
  fields: (t) => ({
    code: t.exposeString('code', { description: 'AZ01, AZ02 or AZ03.', tag: ['public'] }),
    number: t.exposeInt('number', { tag: ['public'] }),
    title: t.exposeString('title', { tag: ['public'] }),
    summary: t.exposeString('summary', { tag: ['public'] }),
    beneficiaries: t.exposeString('beneficiaries', { description: 'Who the action finally benefits.', tag: ['public'] }),
    objectives: t.loadableList({
      type: 'String',
      tag: ['public'],
      load: async (codes: string[], ctx: Context) =>
        groupByKeys(codes, await objectivesOfActions(ctx.db, codes), (o) => o.action_code).map((rows) => rows.map((o) => o.description)),
      resolve: (action) => action.code,
    }),
  }),
});

const PeriodKind = builder.enumType('ReportingPeriodKind', { values: PERIOD_KINDS });

export const ReportingPeriod = builder.loadableObject('ReportingPeriod', {
  description: 'A quarter or calendar year of the programme, clipped to its start and end.',
  load: (codes: string[], ctx: Context) => periodsByCode(ctx.db, codes),
  sort: (period) => period.code,
  fields: (t) => ({
    code: t.exposeString('code', { description: 'e.g. 2026 or 2026-Q1.', tag: ['public'] }),
    kind: t.field({ type: PeriodKind, tag: ['public'], resolve: (p) => p.kind }),
    startsOn: t.field({ type: 'Date', tag: ['public'], resolve: (p) => p.starts_on }),
    endsOn: t.field({ type: 'Date', tag: ['public'], resolve: (p) => p.ends_on }),
  }),
});

builder.queryFields((t) => ({
  programme: t.field({
    type: Programme,
    tag: ['public'],
    resolve: async (_root, _args, ctx) => {
      const row = await programme(ctx.db);
      if (!row) throw new Error('The programme row is missing from the region database');
      return row;
    },
  }),
  actions: t.field({ type: [Action], tag: ['public'], resolve: (_root, _args, ctx) => allActions(ctx.db) }),
  action: t.field({
    type: Action,
    tag: ['public'],
    nullable: true,
    args: { code: t.arg.string({ required: true }) },
    resolve: (_root, { code }, ctx) => {
      if (!/^AZ\d{2}$/.test(code)) throw badUserInput(`"${code.slice(0, 20)}" is not an action code: use AZ01, AZ02 or AZ03.`, 'code');
      return Action.getDataloader(ctx).load(code);
    },
  }),
  reportingPeriods: t.field({
    type: [ReportingPeriod],
    tag: ['public'],
    description: 'Reporting periods in date order (at most 5 years and 18 quarters over the programme).',
    args: { kind: t.arg({ type: PeriodKind }), from: t.arg({ type: 'Date' }), to: t.arg({ type: 'Date' }) },
    resolve: (_root, { kind, from, to }, ctx) => {
      checkDateRange(from, to);
      return periods(ctx.db, { kind, from, to });
    },
  }),
  reportingPeriod: t.field({
    type: ReportingPeriod,
    tag: ['public'],
    nullable: true,
    args: { code: t.arg.string({ required: true }) },
    resolve: (_root, { code }, ctx) => {
      if (!/^\d{4}(-Q[1-4])?$/.test(code)) throw badUserInput(`"${code.slice(0, 20)}" is not a period code: use a year (2026) or a quarter (2026-Q1).`, 'code');
      return ReportingPeriod.getDataloader(ctx).load(code);
    },
  }),
}));
