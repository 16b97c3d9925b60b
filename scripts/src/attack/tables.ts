// What an adversary collects: whole indicator reports through the gateway — every territorial unit
// (all 344 in one request), every indicator that counts people, each unit's total, genders and
// age bands — as one flat table per report. The exact figures of the same reports (the region under
// its official-statistics purpose) are the truth the attack is scored against, never its input.
import { territory } from '@pleiadi/region/territory';
import type { Federation } from '../federation.ts';

export type Caller = Parameters<Federation['queryAs']>[0];
export const EXACT_CALLER: Caller = { role: 'region', subject: 'attack-truth@art-er', purpose: 'official-statistics' };
export const BI_CALLER: Caller = { role: 'bi', subject: 'attack@bi' };
export const REGION_CALLER: Caller = { role: 'region', subject: 'attack@art-er' };

/** A report as asked: a period by code or window, one action or all. */
export interface ReportSpec {
  period: { code: string } | { from: string; to: string };
  action: string | null;
}

export const MARK = { EXACT: 0, PERTURBED: 1, SMALL_COUNT: 2 } as const;

/** One report: cells [indicator][unit][column] flattened; columns TOTAL, F, M, then the age bands. */
export interface ReportTable {
  spec: ReportSpec;
  from: string;
  to: string;
  indicators: string[];
  columns: number;
  values: Int32Array;
  marks: Uint8Array;
}

export const units = () => territory().units;

const QUERY = `query AttackReport($period: IndicatorPeriodInput!, $action: String, $scopes: [IndicatorScopeInput!]!, $indicators: [String!]) {
  indicatorReport(period: $period, action: $action) {
    from to
    scopes(scopes: $scopes) { code figures(indicators: $indicators) { value disclosure byGender { value disclosure } byAgeBand { value disclosure } } }
  }
}`;

interface CellAnswer {
  value: number;
  disclosure: keyof typeof MARK;
}
type FigureAnswer = CellAnswer & { byGender: CellAnswer[]; byAgeBand: CellAnswer[] };

/** The codes of the indicators that count people, in catalogue order. */
export async function peopleIndicators(federation: Federation): Promise<string[]> {
  const result = await federation.queryAs(REGION_CALLER, '{ indicatorDefinitions { code countsPeople } }');
  if (result.errors) throw new Error(result.errors[0].message);
  return (result.data!.indicatorDefinitions as { code: string; countsPeople: boolean }[]).filter((d) => d.countsPeople).map((d) => d.code);
}

/** The answer's error code when the caller is refused the report (e.g. FORBIDDEN for a window), else null. */
export async function refusal(federation: Federation, caller: Caller, spec: ReportSpec): Promise<string | null> {
  const result = await federation.queryAs(caller, QUERY, { ...spec, scopes: [{ kind: 'REGION' }], indicators: ['O.2.3'] });
  return result.errors ? String(result.errors[0].extensions?.code) : null;
}

export async function fetchReport(federation: Federation, caller: Caller, spec: ReportSpec, indicators: string[]): Promise<ReportTable> {
  const all = units();
  const scopes = all.map((u) => (u.kind === 'REGION' ? { kind: u.kind } : { kind: u.kind, code: u.code }));
  const result = await federation.queryAs(caller, QUERY, { ...spec, scopes, indicators });
  if (result.errors) throw new Error(`${JSON.stringify(spec)}: ${result.errors[0].extensions?.code} ${result.errors[0].message}`);
  const report = result.data!.indicatorReport as { from: string; to: string; scopes: { code: string; figures: FigureAnswer[] }[] };
  const columns = 1 + report.scopes[0].figures[0].byGender.length + report.scopes[0].figures[0].byAgeBand.length;
  const size = indicators.length * all.length * columns;
  const values = new Int32Array(size);
  const marks = new Uint8Array(size);
  report.scopes.forEach((scope, u) => {
    if (scope.code !== all[u].code) throw new Error('Scopes came back in another order.');
    scope.figures.forEach((figure, i) => {
      [figure, ...figure.byGender, ...figure.byAgeBand].forEach((cell, c) => {
        const at = (i * all.length + u) * columns + c;
        values[at] = cell.value;
        marks[at] = MARK[cell.disclosure];
      });
    });
  });
  return { spec, from: report.from, to: report.to, indicators, columns, values, marks };
}

/** Reports of one period: unfiltered and each action, for the action relations. */
export function withActions(period: ReportSpec['period']): ReportSpec[] {
  return [null, 'AZ01', 'AZ02', 'AZ03'].map((action) => ({ period, action }));
}

export const label = (spec: ReportSpec) => `${'code' in spec.period ? spec.period.code : `${spec.period.from}..${spec.period.to}`}/${spec.action ?? 'all'}`;
