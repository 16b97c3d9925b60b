// IndicatorCells: one row per period × scope × indicator × breakdown cell of the indicator report,
// with its value as published (perturbed counts of people stay perturbed, flagged), its disclosure
// and, on total cells, the indicator's latest target for that scope. The periods are the reporting
// periods that have started; a $filter pinning `period` (eq / in) reads only those reports.
import type { BiOperation } from '../bi/operations.ts';
import { pullPages, runOperation } from '../bi/pull.ts';
import type { Property, RowContext } from './types.ts';

const property = (name: string, type: string, nullable = false): Property => ({ name, type, nullable });

export const INDICATOR_CELL_PROPERTIES: Property[] = [
  property('id', 'Edm.String'),
  property('period', 'Edm.String'),
  property('periodKind', 'Edm.String'),
  property('periodFrom', 'Edm.Date'),
  property('periodTo', 'Edm.Date'),
  property('scopeKind', 'Edm.String'),
  property('scopeCode', 'Edm.String'),
  property('scopeName', 'Edm.String'),
  property('indicator', 'Edm.String'),
  property('indicatorWording', 'Edm.String'),
  property('unit', 'Edm.String'),
  property('breakdown', 'Edm.String'),
  property('breakdownCode', 'Edm.String'),
  property('breakdownLabel', 'Edm.String'),
  property('value', 'Edm.Int32', true),
  property('disclosure', 'Edm.String'),
  property('perturbed', 'Edm.Boolean'),
  property('suppressed', 'Edm.Boolean'),
  property('maxNoise', 'Edm.Int32'),
  property('target', 'Edm.Int32', true),
  property('targetDueBy', 'Edm.Date', true),
];

interface Cell {
  code: string;
  label: string;
  value: number | null;
  disclosure: string;
}
interface Figure extends Omit<Cell, 'code' | 'label'> {
  indicator: { code: string; wording: string; unit: string };
  targets: { value: number; dueBy: string }[];
  byGender: Cell[];
  byAgeBand: Cell[];
}
interface Report {
  from: string;
  to: string;
  maxNoise: number;
  scopes: { kind: string; code: string; name: string; figures: Figure[] }[];
}

export async function* indicatorCells(context: RowContext, periodsTable: BiOperation, cellsTable: BiOperation): AsyncGenerator<Record<string, unknown>[]> {
  const { deps, viewer, requestScope } = context;
  const today = new Date().toISOString().slice(0, 10);
  const periods: { code: string; kind: string; startsOn: string; endsOn: string }[] = [];
  for await (const page of pullPages({ apollo: deps.apollo, viewer, requestScope, table: periodsTable, variables: { to: today } })) periods.push(...(page as typeof periods));
  const pinned = context.pinned('period')?.map(String);
  const kinds = context.pinned('periodKind')?.map(String);
  for (const period of periods) {
    if (pinned && !pinned.includes(period.code)) continue;
    if (kinds && !kinds.includes(period.kind)) continue;
    if (period.startsOn > today) continue;
    const rows: Record<string, unknown>[] = [];
    const data = (await runOperation({ apollo: deps.apollo, viewer, requestScope, table: cellsTable, variables: {} }, { period: period.code })) as { indicatorReport: Report | null } | null;
    for (const report of data?.indicatorReport ? [data.indicatorReport] : []) {
      {
        for (const scope of report.scopes) {
          for (const figure of scope.figures) {
            const target = [...figure.targets].sort((a, b) => (a.dueBy < b.dueBy ? 1 : -1))[0];
            const cell = (breakdown: string, c: Cell) => ({
              id: `${period.code}|${scope.kind}:${scope.code}|${figure.indicator.code}|${breakdown}:${c.code}`,
              period: period.code,
              periodKind: period.kind,
              periodFrom: report.from,
              periodTo: report.to,
              scopeKind: scope.kind,
              scopeCode: scope.code,
              scopeName: scope.name,
              indicator: figure.indicator.code,
              indicatorWording: figure.indicator.wording,
              unit: figure.indicator.unit,
              breakdown,
              breakdownCode: c.code,
              breakdownLabel: c.label,
              value: c.value,
              disclosure: c.disclosure,
              perturbed: c.disclosure === 'PERTURBED',
              suppressed: c.value === null,
              maxNoise: report.maxNoise,
              target: breakdown === 'TOTAL' ? (target?.value ?? null) : null,
              targetDueBy: breakdown === 'TOTAL' ? (target?.dueBy ?? null) : null,
            });
            rows.push(cell('TOTAL', { code: 'ALL', label: 'All', value: figure.value, disclosure: figure.disclosure }));
            for (const c of figure.byGender) rows.push(cell('GENDER', c));
            for (const c of figure.byAgeBand) rows.push(cell('AGE_BAND', c));
          }
        }
      }
    }
    yield rows;
  }
}
