// The territory view: region → ambit → province → municipality, each with its figures beside
// targets, by gender and age band, and its sub-territories (links one level down); a chart per
// indicator.
import { barChart, type Bar } from '../charts.ts';
import { h, mount } from '../dom.ts';
import { t } from '../i18n.ts';
import { figureOf, shareOf, targetFor, type FigureCell, type Report, type Scope } from '../model.ts';
import { disclosureNote, errorsNote } from '../notes.ts';
import { ask, reportVariables, session } from '../session.ts';
import { renderTable, type Column, type TableModel } from '../table.ts';

export interface ScopeRef {
  kind: 'REGION' | 'AMBIT' | 'PROVINCE' | 'MUNICIPALITY';
  code?: string;
}

const CHILD_KIND: Record<ScopeRef['kind'], ScopeRef['kind'] | undefined> = { REGION: 'AMBIT', AMBIT: 'PROVINCE', PROVINCE: 'MUNICIPALITY', MUNICIPALITY: undefined };
const CHART_BARS = 12;
/** Names seen so far, for the breadcrumb of a path opened from a link. */
const names = new Map<string, string>();

/** `#/territory/AMBIT:BOLOGNA/PROVINCE:BO` → the path from the region down. */
export function parsePath(segments: string[]): ScopeRef[] {
  return segments
    .map((segment) => segment.split(':'))
    .filter(([kind, code]) => kind in CHILD_KIND && kind !== 'REGION' && code)
    .map(([kind, code]) => ({ kind: kind as ScopeRef['kind'], code }));
}

const hrefOf = (path: ScopeRef[]) => `#/territory${path.map((s) => `/${s.kind}:${s.code}`).join('')}`;

function breakdownTable(id: string, title: string, scope: Scope, pick: (f: Scope['figures'][number]) => FigureCell[] | undefined, report: Report): TableModel | undefined {
  const people = scope.figures.filter((f) => pick(f)?.length);
  if (!people.length) return undefined;
  const cells0 = pick(people[0]) ?? [];
  const columns: Column[] = [
    { key: 'code', label: t('code'), kind: 'text' },
    ...cells0.map((c) => ({ key: c.code, label: c.code === 'F' || c.code === 'M' ? t(`gender_${c.code}`) : c.label, kind: 'figure' as const })),
  ];
  const rows = people.map((f) => ({ cells: { code: f.indicator.code, ...Object.fromEntries((pick(f) ?? []).map((c) => [c.code, figureOf(c)])) } }));
  return { id, title, columns, rows, maxNoise: report.maxNoise, threshold: report.smallCountThreshold };
}

export function territoryTables(report: Report, path: ScopeRef[]): TableModel[] {
  const scope = report.scopes[0];
  const noise = { maxNoise: report.maxNoise, threshold: report.smallCountThreshold };
  const figures: TableModel = {
    id: 'territory-figures',
    title: `${scope.name} · ${session.period}`,
    columns: [
      { key: 'code', label: t('code'), kind: 'text' },
      { key: 'indicator', label: t('indicator'), kind: 'text' },
      { key: 'value', label: t('achieved'), kind: 'figure' },
      { key: 'target', label: t('target'), kind: 'number' },
      { key: 'share', label: t('shareOfTarget'), kind: 'percent' },
    ],
    rows: scope.figures.map((f) => {
      const target = targetFor(f.targets, report.to);
      return { cells: { code: f.indicator.code, indicator: f.indicator.wording, value: figureOf(f), target: target?.value ?? null, share: shareOf(f.value, target) } };
    }),
    ...noise,
  };
  const tables = [figures];
  const gender = breakdownTable('territory-gender', `${t('byGender')} · ${scope.name}`, scope, (f) => f.byGender, report);
  const age = breakdownTable('territory-age', `${t('byAgeBand')} · ${scope.name}`, scope, (f) => f.byAgeBand, report);
  if (gender) tables.push(gender);
  if (age) tables.push(age);
  const childKind = CHILD_KIND[path[path.length - 1]?.kind ?? 'REGION'];
  const children = scope.figures[0]?.bySubTerritory ?? [];
  if (childKind && children.length) {
    tables.push({
      id: 'territory-sub',
      title: `${t('bySubTerritory')} · ${scope.name}`,
      columns: [{ key: 'name', label: t('bySubTerritory'), kind: 'text' }, ...scope.figures.map((f) => ({ key: f.indicator.code, label: f.indicator.code, kind: 'figure' as const }))],
      rows: children.map((child, i) => ({
        href: hrefOf([...path, { kind: childKind, code: child.code }]),
        cells: { name: child.label, ...Object.fromEntries(scope.figures.map((f) => [f.indicator.code, figureOf(f.bySubTerritory![i])])) },
      })),
      ...noise,
    });
    for (const child of children) names.set(`${childKind}:${child.code}`, child.label);
  }
  return tables;
}

function chartsOf(scope: Scope): HTMLElement[] {
  return scope.figures.map((f) => {
    const sub = f.bySubTerritory ?? [];
    // Below a municipality there is no territory: its chart is its people by gender and age band.
    const cells = sub.length ? [...sub].sort((a, b) => (b.value ?? -1) - (a.value ?? -1)).slice(0, CHART_BARS) : [...f.byGender, ...(f.byAgeBand ?? [])];
    const bars: Bar[] = cells.length
      ? cells.map((c) => ({ label: c.code === 'F' || c.code === 'M' ? t(`gender_${c.code}`) : c.label, value: c.value, disclosure: c.disclosure }))
      : [{ label: scope.name, value: f.value, disclosure: f.disclosure }];
    return barChart(`territory-${f.indicator.code}`, `${f.indicator.code} — ${f.indicator.wording}`, bars);
  });
}

export async function renderTerritory(target: HTMLElement, path: ScopeRef[]): Promise<void> {
  const current = path[path.length - 1] ?? { kind: 'REGION' as const };
  const answer = await ask<{ indicatorReport: Report | null }>('TerritoryReport', { ...reportVariables(), scope: current.code ? current : { kind: 'REGION' } });
  const report = answer.data?.indicatorReport;
  const scope = report?.scopes?.[0];
  if (scope) names.set(`${current.kind}:${current.code}`, scope.name);
  const crumbs = [{ label: t('region'), href: hrefOf([]) }, ...path.map((s, i) => ({ label: names.get(`${s.kind}:${s.code}`) ?? s.code ?? '', href: hrefOf(path.slice(0, i + 1)) }))];
  const breadcrumb = h(
    'nav',
    { 'aria-label': t('breadcrumb'), class: 'breadcrumb' },
    h('ol', {}, crumbs.map((c, i) => h('li', {}, i === crumbs.length - 1 ? h('span', { 'aria-current': 'page' }, c.label) : h('a', { href: c.href }, c.label)))),
  );
  if (!report || !scope) {
    mount(target, h('h2', {}, t('territory')), breadcrumb, errorsNote(answer.errors) ?? h('p', {}, t('noFigures')));
    return;
  }
  mount(
    target,
    h('h2', { 'data-scope': `${current.kind}:${current.code ?? ''}` }, `${t('territory')} · ${scope.name} · ${session.period}${session.action ? ` · ${session.action}` : ''}`),
    breadcrumb,
    errorsNote(answer.errors),
    disclosureNote(report),
    territoryTables(report, path).map(renderTable),
    h('div', { class: 'charts' }, chartsOf(scope)),
  );
}
