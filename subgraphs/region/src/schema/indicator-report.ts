// The regional tables' indicator report: every indicator of the catalogue for the scopes asked,
// counted from the partners' facts. The facts travel inside the graph only: each feeding
// partner resolves its @inaccessible `<subgraph>IndicatorFacts` on the IndicatorReport entity and
// the figures here @require them, so the gateway's query planner does the join's fetching.
import { badUserInput, checkDateRange, indicatorFactsMissing, formatReportKey, newReportKey, parseReportKey, type IndicatorReportKey } from '@pleiadi/kit';
import { builder, externalMunicipality, type Context } from '../builder.ts';
import { actionExists, periodByRange, periodsByCode, reportCatalogue, type ReportCatalogue } from '../db/repositories/programme.ts';
import { FIRST_AGE_COLUMN, FIRST_GENDER_COLUMN, GENDERS, TOTAL } from '../indicators/count.ts';
import { computeFigures, type Cell, type IndicatorFigures, type ReportFigures } from '../indicators/figures.ts';
import { SCOPE_KINDS, territory, type TerritorialUnit } from '../indicators/territory.ts';
import { smallCountThreshold } from '../indicators/threshold.ts';
import { IndicatorDefinition, IndicatorTarget } from './indicator.ts';
import { Ambit } from './partner.ts';
import { Action, ReportingPeriod } from './programme.ts';

/** The partners whose facts a report joins, in the order that decides a person's gender and age. */
const FACT_FIELDS = ['cpiaIndicatorFacts', 'atsIndicatorFacts', 'ialIndicatorFacts', 'anciIndicatorFacts', 'commsIndicatorFacts'] as const;
type FactField = (typeof FACT_FIELDS)[number];
type ReportFacts = Partial<Record<FactField, string | null>>;
type ReportRef = { key: string } & ReportFacts;

const subgraphOf = (field: FactField) => field.replace(/IndicatorFacts$/, '');

interface Computed {
  catalogue: ReportCatalogue;
  figures: ReportFigures;
}

// One computation per report and request, however many `scopes` fields (aliases) ask for it.
const computed = new WeakMap<Context, Map<string, Promise<Computed>>>();
function figuresOf(report: ReportRef, ctx: Context): Promise<Computed> {
  let perRequest = computed.get(ctx);
  if (!perRequest) computed.set(ctx, (perRequest = new Map()));
  let result = perRequest.get(report.key);
  if (!result) {
    result = reportCatalogue(ctx.db).then((catalogue) => ({
      catalogue,
      figures: computeFigures(Object.fromEntries(FACT_FIELDS.map((f) => [subgraphOf(f), report[f]])), catalogue, territory(), smallCountThreshold),
    }));
    perRequest.set(report.key, result);
  }
  return result;
}

const SuppressionReason = builder.enumType('SuppressionReason', {
  values: {
    SMALL_COUNT: { description: 'A count of people under the small-count threshold.' },
    COMPLEMENTARY: { description: 'Withheld so that a small count cannot be recomputed from a total and the other cells.' },
  },
});

const IndicatorScopeKind = builder.enumType('IndicatorScopeKind', { values: SCOPE_KINDS });

interface CellShape extends Cell {
  code: string;
  label: string;
}

const FigureCell = builder.objectRef<CellShape>('FigureCell').implement({
  description: 'One cell of a breakdown: a gender, an age band or a sub-territory.',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'F or M; an age band code; an ambit, province or ISTAT municipality code.' }),
    label: t.exposeString('label'),
    value: t.int({ nullable: true, description: 'Null when withheld (see suppressed); zero is a real zero.', resolve: (c) => c.value }),
    suppressed: t.field({ type: SuppressionReason, nullable: true, resolve: (c) => c.suppressed }),
  }),
});

interface FigureShape {
  unit: TerritorialUnit;
  indicator: IndicatorFigures;
  computed: Computed;
}

const cellOf = (figure: FigureShape, unit: number, column: number) => figure.indicator.cell(unit, column);

const IndicatorFigure = builder.objectRef<FigureShape>('IndicatorFigure').implement({
  description: 'An indicator achieved in a scope and period, beside its targets.',
  fields: (t) => ({
    indicator: t.field({ type: IndicatorDefinition, resolve: (f) => f.computed.catalogue.indicators.find((d) => d.code === f.indicator.code)! }),
    value: t.int({
      nullable: true,
      description: 'Distinct people (or authorities, or items) in the scope and period; null when withheld.',
      resolve: (f) => cellOf(f, f.unit.index, TOTAL).value,
    }),
    suppressed: t.field({ type: SuppressionReason, nullable: true, resolve: (f) => cellOf(f, f.unit.index, TOTAL).suppressed }),
    targets: t.field({
      type: [IndicatorTarget],
      description: "The project's targets for this indicator and scope (the region or an ambit), by due date.",
      resolve: (f) =>
        f.unit.kind === 'REGION' || f.unit.kind === 'AMBIT'
          ? f.computed.catalogue.targets.filter(
              (target) => target.indicator_code === f.indicator.code && target.scope_kind === f.unit.kind && (f.unit.kind === 'REGION' || target.scope_code === f.unit.code),
            )
          : [],
    }),
    byGender: t.field({
      type: [FigureCell],
      description: 'People by gender; empty for indicators that count authorities or items.',
      resolve: (f) => (f.indicator.countsPeople ? GENDERS.map((g, i) => ({ code: g, label: g, ...cellOf(f, f.unit.index, FIRST_GENDER_COLUMN + i) })) : []),
    }),
    byAgeBand: t.field({
      type: [FigureCell],
      description: 'People by age band (age on the first day of the period); empty for authorities or items.',
      resolve: (f) =>
        f.indicator.countsPeople
          ? f.computed.catalogue.ageBands.map((band, i) => ({ code: band.code, label: band.label, ...cellOf(f, f.unit.index, FIRST_AGE_COLUMN + i) }))
          : [],
    }),
    bySubTerritory: t.field({
      type: [FigureCell],
      description: "The scope's ambits, provinces or municipalities; empty for a municipality.",
      resolve: (f) => {
        const units = territory().units;
        return f.unit.children.map((child) => ({ code: units[child].code, label: units[child].name, ...cellOf(f, child, TOTAL) }));
      },
    }),
  }),
});

interface ScopeShape {
  unit: TerritorialUnit;
  computed: Computed;
}

const IndicatorScope = builder.objectRef<ScopeShape>('IndicatorScope').implement({
  description: 'The region, an ambit, a province or a municipality, with its figures.',
  fields: (t) => ({
    kind: t.field({ type: IndicatorScopeKind, resolve: (s) => s.unit.kind }),
    code: t.string({ description: 'EMILIA_ROMAGNA, an ambit code, a province code (e.g. BO) or an ISTAT municipality code.', resolve: (s) => s.unit.code }),
    name: t.string({ resolve: (s) => s.unit.name }),
    ambit: t.field({ type: Ambit, nullable: true, resolve: (s) => (s.unit.kind === 'AMBIT' ? { code: s.unit.code } : null) }),
    municipality: t.field({ type: externalMunicipality(), nullable: true, resolve: (s) => (s.unit.kind === 'MUNICIPALITY' ? { istatCode: s.unit.code } : null) }),
    figures: t.field({
      type: [IndicatorFigure],
      description: 'Every indicator of the catalogue in reporting order, or those named.',
      args: { indicators: t.arg.stringList({ description: 'Indicator codes, e.g. ["O.2.3", "R.2.8"].' }) },
      resolve: (scope, { indicators }) => {
        const all = scope.computed.catalogue.indicators;
        const unknown = indicators?.find((code) => !all.some((d) => d.code === code));
        if (unknown !== undefined) throw badUserInput(`"${unknown.slice(0, 20)}" is not an indicator of the catalogue.`, 'indicators');
        const wanted = indicators ? all.filter((d) => indicators.includes(d.code)) : all;
        return wanted.map((d) => ({ unit: scope.unit, indicator: scope.computed.figures.indicators.get(d.code)!, computed: scope.computed }));
      },
    }),
  }),
});

const IndicatorScopeInput = builder.inputType('IndicatorScopeInput', {
  fields: (t) => ({
    kind: t.field({ type: IndicatorScopeKind, required: true }),
    code: t.string({ description: 'The ambit, province (e.g. BO) or ISTAT municipality code; omitted for REGION.' }),
  }),
});

const IndicatorPeriodInput = builder.inputType('IndicatorPeriodInput', {
  description: 'A reporting period of the programme by code (e.g. 2026 or 2026-Q1), or a from–to range: one or the other.',
  fields: (t) => ({
    code: t.string(),
    from: t.field({ type: 'Date' }),
    to: t.field({ type: 'Date' }),
  }),
});

const MAX_SCOPES = 400;

export const IndicatorReport = builder
  .externalRef('IndicatorReport', builder.selection<{ key: string }>('key'), (ref) => ref as ReportRef)
  .implement({
    description: 'The indicators for one period and one action (or all), for whichever scopes are asked.',
    externalFields: (t) => Object.fromEntries(FACT_FIELDS.map((f) => [f, t.string({ nullable: true })])) as Record<FactField, ReturnType<typeof t.string>>,
    fields: (t) => ({
      key: t.exposeString('key', { inaccessible: true }),
      from: t.field({ type: 'Date', resolve: (r) => parseReportKey(r.key).from }),
      to: t.field({ type: 'Date', resolve: (r) => parseReportKey(r.key).to }),
      action: t.field({ type: Action, nullable: true, description: 'Null for every action.', resolve: (r) => parseReportKey(r.key).action }),
      smallCountThreshold: t.int({ description: 'Counts of people from 1 to this minus one are withheld.', resolve: () => smallCountThreshold }),
      scopes: t.field({
        type: [IndicatorScope],
        description: 'The scopes asked, in order: e.g. the region and its four ambits for a dashboard.',
        args: { scopes: t.arg({ type: [IndicatorScopeInput], required: true }) },
        requires: builder.selection<ReportFacts>('cpiaIndicatorFacts atsIndicatorFacts ialIndicatorFacts anciIndicatorFacts commsIndicatorFacts'),
        resolve: async (report, args, ctx) => {
          if (args.scopes.length > MAX_SCOPES) throw badUserInput(`At most ${MAX_SCOPES} scopes in one report.`, 'scopes');
          const units = args.scopes.map((scope) => {
            const unit = territory().find(scope.kind, scope.code);
            if (!unit) throw badUserInput(`No ${scope.kind.toLowerCase()} "${String(scope.code).slice(0, 20)}" in Emilia-Romagna.`, 'scopes');
            return unit;
          });
          // A partner whose facts did not arrive would make every figure it feeds silently low.
          const missing = FACT_FIELDS.filter((f) => typeof report[f] !== 'string').map(subgraphOf);
          if (missing.length) throw indicatorFactsMissing(missing);
          const result = await figuresOf(report, ctx);
          return units.map((unit) => ({ unit, computed: result }));
        },
      }),
    }),
  });

builder.objectField(IndicatorReport, 'period', (t) =>
  t.field({
    type: ReportingPeriod,
    nullable: true,
    description: 'The reporting period whose first and last days are those of the report, if there is one.',
    resolve: async (r, _args, ctx) => {
      const { from, to } = parseReportKey(r.key);
      return (await periodByRange(ctx.db, from, to))?.code ?? null;
    },
  }),
);

builder.queryFields((t) => ({
  indicatorReport: t.field({
    type: IndicatorReport,
    description:
      'The AMIF indicators of the catalogue for a period and an action (or all): people de-duplicated across partners, small counts withheld. Ask for scopes on the result.',
    args: {
      period: t.arg({ type: IndicatorPeriodInput, required: true }),
      action: t.arg.string({ description: 'An action code such as AZ02; omitted for every action.' }),
    },
    resolve: async (_root, { period, action }, ctx) => {
      const range = await resolvePeriod(ctx, period);
      if (action != null && !(/^AZ\d\d$/.test(action) && (await actionExists(ctx.db, action)))) {
        throw badUserInput(`"${action.slice(0, 20)}" is not an action of the plan.`, 'action');
      }
      const key: IndicatorReportKey = newReportKey(range, action ?? null);
      return { key: formatReportKey(key) };
    },
  }),
}));

async function resolvePeriod(ctx: Context, period: { code?: string | null; from?: string | null; to?: string | null }) {
  const byCode = period.code != null;
  const byRange = period.from != null || period.to != null;
  if (byCode === byRange) throw badUserInput('Give a period code, or from and to — one or the other.', 'period');
  if (byRange) {
    if (period.from == null || period.to == null) throw badUserInput('A period range needs both from and to.', 'period');
    checkDateRange(period.from, period.to);
    return { from: period.from, to: period.to };
  }
  const [row] = await periodsByCode(ctx.db, [period.code!]);
  if (!row) throw badUserInput(`"${period.code!.slice(0, 20)}" is not a reporting period (e.g. 2026 or 2026-Q1).`, 'period');
  return { from: row.starts_on, to: row.ends_on };
}
