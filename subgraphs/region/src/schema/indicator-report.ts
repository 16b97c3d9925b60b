// The regional tables' indicator report: every indicator of the catalogue for the scopes asked,
// counted from the partners' facts. The facts travel inside the graph only: each feeding
// partner resolves its @inaccessible `<subgraph>IndicatorFacts` on the IndicatorReport entity and
// the figures here @require them, so the gateway's query planner does the join's fetching.
// Who sees what (figures.ts, README "Small counts"): the region under the official-statistics
// purpose gets exact figures, each read recorded in exact_figure_read first; everyone else gets
// cell-key-perturbed counts of people, and a caller other than the region only the published
// reporting periods (quarters and years), so that no one can average the noise of many windows.
import { badUserInput, checkDateRange, ErrorCode, indicatorFactsMissing, formatReportKey, keepFromSharedCaches, newReportKey, parseReportKey, type IndicatorReportKey, type Viewer } from '@pleiadi/kit';
import { GraphQLError } from 'graphql';
import { builder, externalMunicipality, type Context } from '../builder.ts';
import { recordExactRead } from '../db/repositories/exact-reads.ts';
import { actionExists, periodByRange, periodsByCode, reportCatalogue, type ReportCatalogue } from '../db/repositories/programme.ts';
import { FIRST_AGE_COLUMN, FIRST_GENDER_COLUMN, GENDERS, TOTAL } from '../indicators/count.ts';
import { computeFigures, type Cell, type IndicatorFigures, type ReportFigures } from '../indicators/figures.ts';
import { maxNoiseFor, NOISE_VARIANCE } from '../indicators/perturbation.ts';
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

/** The declared purpose under which the region's own role reads exact figures (audited). */
export const OFFICIAL_STATISTICS = 'official-statistics';

export const exactFiguresFor = (viewer: Viewer) => viewer.role === 'region' && viewer.purpose === OFFICIAL_STATISTICS;

/** Any from–to window for the region's role; the published reporting periods only for everyone else. */
const anyWindowFor = (viewer: Viewer) => viewer.role === 'region';

// One computation per report and request, however many `scopes` fields (aliases) ask for it.
const computed = new WeakMap<Context, Map<string, Promise<Computed>>>();
function figuresOf(report: ReportRef, ctx: Context): Promise<Computed> {
  let perRequest = computed.get(ctx);
  if (!perRequest) computed.set(ctx, (perRequest = new Map()));
  let result = perRequest.get(report.key);
  if (!result) {
    result = reportCatalogue(ctx.db).then((catalogue) => ({
      catalogue,
      figures: computeFigures(Object.fromEntries(FACT_FIELDS.map((f) => [subgraphOf(f), report[f]])), catalogue, territory(), {
        threshold: smallCountThreshold,
        exact: exactFiguresFor(ctx.viewer),
      }),
    }));
    perRequest.set(report.key, result);
  }
  return result;
}

const SuppressionReason = builder.enumType('SuppressionReason', {
  description: 'Deprecated with the `suppressed` fields: figures are perturbed, not withheld.',
  values: {
    SMALL_COUNT: { description: 'A count of people under the small-count threshold.' },
    COMPLEMENTARY: { description: 'Withheld so that a small count cannot be recomputed from a total and the other cells.' },
  },
});

const FigureDisclosure = builder.enumType('FigureDisclosure', {
  description: 'How far a figure is the true count.',
  values: {
    EXACT: { description: 'The true count: of authorities or items (never perturbed), or of people to the region under its official-statistics purpose.' },
    PERTURBED: {
      description: `A count of people with cell-key noise of at most maxNoise either way (mean 0, variance noiseVariance from the threshold up): never 1 to threshold - 1, and 0 only for at most maxNoise people. The same people always get the same noise; a total and its parts are perturbed each on its own, so they may not add up.`,
    },
    SMALL_COUNT: { description: 'Exact-figures readers only: a true count of 1 to threshold - 1 people, not for release.' },
  },
});

const SUPPRESSED_DEPRECATION = 'Always null: counts of people are perturbed, never withheld. See disclosure.';

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
    value: t.int({ nullable: true, description: 'The count, as disclosure says (never null since counts are perturbed rather than withheld).', resolve: (c) => c.value }),
    disclosure: t.field({ type: FigureDisclosure, resolve: (c) => c.disclosure }),
    suppressed: t.field({ type: SuppressionReason, nullable: true, deprecationReason: SUPPRESSED_DEPRECATION, resolve: () => null }),
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
      description: 'Distinct people (or authorities, or items) in the scope and period, as disclosure says (never null).',
      resolve: (f) => cellOf(f, f.unit.index, TOTAL).value,
    }),
    disclosure: t.field({ type: FigureDisclosure, resolve: (f) => cellOf(f, f.unit.index, TOTAL).disclosure }),
    suppressed: t.field({ type: SuppressionReason, nullable: true, deprecationReason: SUPPRESSED_DEPRECATION, resolve: () => null }),
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
      smallCountThreshold: t.int({ description: 'Counts of people from 1 to this minus one are never published as such.', resolve: () => smallCountThreshold }),
      exactFigures: t.boolean({
        description: `True for the region under the ${OFFICIAL_STATISTICS} purpose (each read audited): exact counts. False for everyone else: counts of people perturbed.`,
        resolve: (_r, _args, ctx) => exactFiguresFor(ctx.viewer),
      }),
      maxNoise: t.int({ description: 'The most a published count of people differs from the true one (0 for exact figures).', resolve: (_r, _a, ctx) => (exactFiguresFor(ctx.viewer) ? 0 : maxNoiseFor(smallCountThreshold)) }),
      noiseVariance: t.float({ description: 'The variance of that noise for counts from the threshold up (0 for exact figures).', resolve: (_r, _a, ctx) => (exactFiguresFor(ctx.viewer) ? 0 : NOISE_VARIANCE) }),
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
          if (exactFiguresFor(ctx.viewer)) {
            // Recorded before the figures leave, and never kept in a shared cache (each read is audited).
            keepFromSharedCaches(ctx);
            const { from, to, action } = parseReportKey(report.key);
            await recordExactRead(ctx.db, ctx.viewer, { from, to, action, scopes: units.map((u) => `${u.kind}:${u.code}`) });
          }
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
      'The AMIF indicators of the catalogue for a period and an action (or all): people de-duplicated across partners, counts of people perturbed (exact for the region under the official-statistics purpose). Callers other than the region ask for published reporting periods only. Ask for scopes on the result.',
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
    // Any window would let a caller average the noise of many overlapping ones (README, "Small counts").
    if (!anyWindowFor(ctx.viewer) && !(await periodByRange(ctx.db, period.from, period.to))) {
      throw new GraphQLError('Only the published reporting periods (quarters and years, by code or by their first and last day) are open to this caller.', {
        extensions: { code: ErrorCode.FORBIDDEN, argument: 'period' },
      });
    }
    return { from: period.from, to: period.to };
  }
  const [row] = await periodsByCode(ctx.db, [period.code!]);
  if (!row) throw badUserInput(`"${period.code!.slice(0, 20)}" is not a reporting period (e.g. 2026 or 2026-Q1).`, 'period');
  return { from: row.starts_on, to: row.ends_on };
}
