// Variables to try each registered operation with, in the explorer's example tabs.
export const examples: Record<string, Record<string, unknown>> = {
  CpiaCourses: { filter: { ambit: 'BOLOGNA' }, first: 5 },
  MunicipalitiesOfAmbit: { ambit: 'BOLOGNA', first: 5 },
  RegionalDashboard: { period: '2026' },
  IndicatorTrend: { period: '2026-Q1' },
  TerritoryReport: { period: '2026', scope: { kind: 'AMBIT', code: 'BOLOGNA' } },
};
