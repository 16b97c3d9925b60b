// The programme overview: every indicator of the catalogue for the chosen period and action, for
// the region and its four ambits, achieved beside target; and the trend over the quarters so far.
import { barChart, trendChart, type TrendPoint } from '../charts.ts';
import { h, mount } from '../dom.ts';
import { t } from '../i18n.ts';
import { figureOf, quarters, reportWithoutFigures, shareOf, targetFor, type Report, type Scope } from '../model.ts';
import { disclosureNote, errorsNote } from '../notes.ts';
import { ask, reportVariables, session } from '../session.ts';
import { renderTable, type Column, type Figure, type TableModel } from '../table.ts';

const scopeLabel = (scope: Scope) => (scope.code === 'EMILIA_ROMAGNA' ? t('region') : scope.name);

export function overviewTable(report: Report): TableModel {
  const columns: Column[] = [
    { key: 'code', label: t('code'), kind: 'text' },
    { key: 'indicator', label: t('indicator'), kind: 'text' },
  ];
  for (const scope of report.scopes) {
    const name = scopeLabel(scope);
    columns.push(
      { key: `${scope.code}:value`, label: `${name} – ${t('achieved')}`, kind: 'figure' },
      { key: `${scope.code}:target`, label: `${name} – ${t('target')}`, kind: 'number' },
      { key: `${scope.code}:share`, label: `${name} – ${t('shareOfTarget')}`, kind: 'percent' },
    );
  }
  const first = report.scopes[0];
  const rows = (first?.figures ?? []).map((figure, i) => {
    const cells: TableModel['rows'][number]['cells'] = { code: figure.indicator.code, indicator: figure.indicator.wording };
    for (const scope of report.scopes) {
      const f = scope.figures[i];
      const target = targetFor(f.targets, report.to);
      cells[`${scope.code}:value`] = figureOf(f);
      cells[`${scope.code}:target`] = target?.value ?? null;
      cells[`${scope.code}:share`] = shareOf(f.value, target);
    }
    return { cells };
  });
  return { id: 'overview', title: `${t('indicatorsVsTargets')} · ${session.period}`, columns, rows, maxNoise: report.maxNoise, threshold: report.smallCountThreshold };
}

export async function renderOverview(target: HTMLElement): Promise<void> {
  const answer = await ask<{ indicatorReport: Report | null }>('RegionalDashboard', reportVariables());
  const reference = session.reference!;
  const answered = answer.data?.indicatorReport;
  // Without the report (a partner down), the catalogue and targets still show, every figure marked.
  const report = answered?.scopes ? answered : reportWithoutFigures(reference, reference.reportingPeriods.find((p) => p.code === session.period));
  const table = overviewTable(report);
  const charts = report.scopes[0].figures.map((figure, i) =>
    barChart(
      `overview-${figure.indicator.code}`,
      `${figure.indicator.code} — ${figure.indicator.wording}`,
      report.scopes.map((scope) => {
        const f = scope.figures[i];
        return { label: scopeLabel(scope), value: f.value, disclosure: f.disclosure, target: targetFor(f.targets, report.to)?.value ?? null };
      }),
    ),
  );
  const trend = h('section', { 'aria-labelledby': 'trend-title', class: 'trend' }, h('h3', { id: 'trend-title' }, t('trend')), h('p', { 'aria-live': 'polite' }, t('loading')));
  mount(
    target,
    h('h2', {}, `${t('overview')} · ${session.period}${session.action ? ` · ${session.action}` : ''}`),
    errorsNote(answer.errors),
    disclosureNote(report),
    renderTable(table),
    h('div', { class: 'charts' }, charts),
    trend,
  );
  // The table and charts are up; the trend's points follow (one report per quarter).
  void renderTrend(trend, report).finally(() => trend.setAttribute('data-state', 'done'));
}

async function renderTrend(target: HTMLElement, report: Report): Promise<void> {
  const { all, started } = quarters(session.reference?.reportingPeriods ?? []);
  // A few at a time: each point is a report the partners compute.
  const points = new Map<string, Awaited<ReturnType<typeof trendPoint>>>();
  const queue = [...started];
  await Promise.all(
    Array.from({ length: 3 }, async () => {
      for (let period = queue.shift(); period; period = queue.shift()) points.set(period, await trendPoint(period));
    }),
  );
  const indicators = report.scopes[0].figures.map((f) => f.indicator);
  const columns: Column[] = [{ key: 'code', label: t('code'), kind: 'text' }, ...started.map((p) => ({ key: p, label: p, kind: 'figure' as const }))];
  const table: TableModel = {
    id: 'trend',
    title: `${t('trendTable')} · ${t('region')}`,
    columns,
    rows: indicators.map((indicator) => ({
      cells: { code: indicator.code, ...Object.fromEntries(started.map((p) => [p, points.get(p)?.get(indicator.code) ?? { value: null }])) },
    })),
    maxNoise: report.maxNoise,
    threshold: report.smallCountThreshold,
  };
  const charts = indicators.map((indicator) =>
    trendChart(
      `trend-${indicator.code}`,
      `${indicator.code} — ${indicator.wording}`,
      all,
      started.map((period): TrendPoint => ({ period, ...(points.get(period)?.get(indicator.code) ?? { value: null }) })),
    ),
  );
  mount(target, h('h3', { id: 'trend-title' }, t('trend')), h('div', { class: 'charts' }, charts), h('details', {}, h('summary', {}, t('trendTable')), renderTable(table)));
}

async function trendPoint(period: string): Promise<Map<string, Figure>> {
  const answer = await ask<{ indicatorReport: { scopes: Scope[] } | null }>('IndicatorTrend', { ...reportVariables(), period });
  const figures = answer.data?.indicatorReport?.scopes?.[0]?.figures ?? [];
  return new Map(figures.map((f) => [f.indicator.code, figureOf(f)]));
}
