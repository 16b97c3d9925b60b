// The indicator catalogue: AMIF common indicators used by the plan, who feeds them, and targets.
import { badUserInput, groupByKeys } from '@pleiadi/kit';
import { builder, type Context } from '../builder.ts';
import {
  allIndicators,
  indicatorChildren,
  indicatorFeeds,
  indicatorsByCode,
  indicatorTargets,
  partnersOfSubgraphs,
  type PartnerRow,
} from '../db/repositories/programme.ts';
import { INDICATOR_KINDS, INDICATOR_UNITS, SCOPE_KINDS, type RegionDatabase } from '../db/types.ts';
import { Ambit, Partner } from './partner.ts';

const IndicatorKind = builder.enumType('IndicatorKind', { values: INDICATOR_KINDS });
const IndicatorUnit = builder.enumType('IndicatorUnit', { values: INDICATOR_UNITS });
const TargetScopeKind = builder.enumType('TargetScopeKind', { values: SCOPE_KINDS });

export const IndicatorTarget = builder.objectRef<RegionDatabase['indicator_target']>('IndicatorTarget').implement({
  fields: (t) => ({
    scopeKind: t.field({ type: TargetScopeKind, tag: ['public'], resolve: (target) => target.scope_kind }),
    ambit: t.field({ type: Ambit, tag: ['public'], nullable: true, resolve: (target) => (target.scope_kind === 'AMBIT' ? { code: target.scope_code } : null) }),
    value: t.exposeInt('target_value', { tag: ['public'] }),
    dueBy: t.field({ type: 'Date', tag: ['public'], resolve: (target) => target.due_by }),
  }),
});

const IndicatorFeed = builder.objectRef<RegionDatabase['indicator_feed']>('IndicatorFeed').implement({
  fields: (t) => ({
    subgraph: t.exposeString('subgraph', { tag: ['public'] }),
    fact: t.exposeString('fact', { tag: ['public'], description: 'e.g. CIVIC_ORIENTATION: what the partner reports about the people or items it counts.' }),
  }),
});

export const IndicatorDefinition = builder.loadableObject('IndicatorDefinition', {
  description: 'An indicator of the catalogue. Wording, feeds and targets are data: they change without code.',
  load: (codes: string[], ctx: Context) => indicatorsByCode(ctx.db, codes),
  sort: (indicator) => indicator.code,
  fields: (t) => ({
    code: t.exposeString('code', { description: 'e.g. O.2.3.1 or R.2.8.', tag: ['public'] }),
    wording: t.exposeString('wording', { tag: ['public'] }),
    kind: t.field({ type: IndicatorKind, tag: ['public'], resolve: (d) => d.kind }),
    unit: t.field({ type: IndicatorUnit, tag: ['public'], resolve: (d) => d.unit }),
    countsPeople: t.exposeBoolean('counts_people', { description: 'Counts of people follow the small-count rule.', tag: ['public'] }),
    source: t.exposeString('source', { tag: ['public'] }),
    feedingSubgraphs: t.loadableList({
      type: 'String',
      tag: ['public'],
      load: async (codes: string[], ctx: Context) =>
        groupByKeys(codes, await indicatorFeeds(ctx.db, codes), (f) => f.indicator_code).map((rows) => [...new Set(rows.map((f) => f.subgraph))]),
      resolve: (d) => d.code,
    }),
    fedBy: t.loadableList({
      type: Partner,
      tag: ['public'],
      description: 'Partners whose data feeds the indicator.',
      load: async (codes: string[], ctx: Context) => {
        const feeds = await indicatorFeeds(ctx.db, codes);
        const partners: PartnerRow[] = await partnersOfSubgraphs(ctx.db, [...new Set(feeds.map((f) => f.subgraph))]);
        return groupByKeys(codes, feeds, (f) => f.indicator_code).map((rows) => {
          const subgraphs = new Set(rows.map((f) => f.subgraph));
          return partners.filter((p) => p.subgraph !== null && subgraphs.has(p.subgraph));
        });
      },
      resolve: (d) => d.code,
    }),
    feeds: t.loadableList({
      type: IndicatorFeed,
      tag: ['public'],
      description: 'Which fact of which partner subgraph the indicator counts (data: corrected without code).',
      load: async (codes: string[], ctx: Context) => groupByKeys(codes, await indicatorFeeds(ctx.db, codes), (f) => f.indicator_code),
      resolve: (d) => d.code,
    }),
    targets: t.loadableList({
      type: IndicatorTarget,
      tag: ['public'],
      load: async (codes: string[], ctx: Context) => groupByKeys(codes, await indicatorTargets(ctx.db, codes), (row) => row.indicator_code),
      resolve: (d) => d.code,
    }),
  }),
});

builder.objectFields(IndicatorDefinition, (t) => ({
  parent: t.field({ type: IndicatorDefinition, tag: ['public'], nullable: true, description: 'For an "of which" indicator, its total.', resolve: (d) => d.parent_code }),
  ofWhich: t.loadableList({
    type: IndicatorDefinition,
    tag: ['public'],
    description: 'The "of which" indicators under this one.',
    load: async (codes: string[], ctx: Context) =>
      groupByKeys(codes, await indicatorChildren(ctx.db, codes), (row) => row.parent_code ?? ''),
    resolve: (d) => d.code,
  }),
}));

builder.queryFields((t) => ({
  indicatorDefinitions: t.field({
    type: [IndicatorDefinition],
    tag: ['public'],
    description: 'The whole catalogue in reporting order (a fixed, short list set by the Regulation and the plan).',
    resolve: (_root, _args, ctx) => allIndicators(ctx.db),
  }),
  indicatorDefinition: t.field({
    type: IndicatorDefinition,
    tag: ['public'],
    nullable: true,
    args: { code: t.arg.string({ required: true }) },
    resolve: (_root, { code }, ctx) => {
      if (!/^[OR]\.\d+(\.\d+)*$/.test(code)) throw badUserInput(`"${code.slice(0, 20)}" is not an indicator code such as O.2.3 or R.2.8.`, 'code');
      return IndicatorDefinition.getDataloader(ctx).load(code);
    },
  }),
}));
