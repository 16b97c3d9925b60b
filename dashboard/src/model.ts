// The shapes of the registered operations' answers the page reads, and small helpers over them.
import type { Disclosure, Figure } from './table.ts';

export interface Period {
  code: string;
  kind: 'YEAR' | 'QUARTER';
  startsOn: string;
  endsOn: string;
}

export interface Target {
  value: number;
  dueBy: string;
}

export interface IndicatorDefinition {
  code: string;
  wording: string;
  unit: string;
  countsPeople: boolean;
  feedingSubgraphs: string[];
  parent: { code: string } | null;
  targets: (Target & { scopeKind: string; ambit: { code: string } | null })[];
}

export interface Reference {
  reportingPeriods: Period[];
  actions: { code: string; number: number; title: string }[];
  ambits: { code: string; name: string }[];
  partners: { nodes: { id: string; name: string; network: string; subgraph: string | null }[] };
  indicatorDefinitions: IndicatorDefinition[];
}

export interface FigureCell {
  code: string;
  label: string;
  value: number | null;
  disclosure: Disclosure | null;
}

export interface IndicatorFigure {
  indicator: { code: string; wording: string; unit: string; countsPeople?: boolean };
  value: number | null;
  disclosure: Disclosure | null;
  targets: Target[];
  byGender: FigureCell[];
  byAgeBand?: FigureCell[];
  bySubTerritory?: FigureCell[];
}

export interface Scope {
  kind?: string;
  code: string;
  name: string;
  figures: IndicatorFigure[];
}

export interface Report {
  from: string;
  to: string;
  smallCountThreshold: number;
  exactFigures: boolean;
  maxNoise: number;
  scopes: Scope[];
}

export const figureOf = (f: { value: number | null; disclosure: Disclosure | null }): Figure => ({ value: f.value, disclosure: f.disclosure });

/** The target a period is measured against: the first due on or after its end, else the last one. */
export function targetFor(targets: Target[], periodEnd: string): Target | undefined {
  const sorted = [...targets].sort((a, b) => a.dueBy.localeCompare(b.dueBy));
  return sorted.find((target) => target.dueBy >= periodEnd) ?? sorted[sorted.length - 1];
}

/** Achieved as a whole percentage of the target (null without a target or a value). */
export function shareOf(value: number | null, target: Target | undefined): number | null {
  if (value === null || !target || target.value <= 0) return null;
  return Math.round((value / target.value) * 100);
}

/** The year running today (else the last one): what a table opens on. */
export function defaultPeriod(periods: Period[], today = new Date().toISOString().slice(0, 10)): string {
  const years = periods.filter((p) => p.kind === 'YEAR');
  return (years.find((p) => p.startsOn <= today && today <= p.endsOn) ?? years[years.length - 1] ?? periods[0])?.code ?? '';
}

/** The programme's quarters in order, and those already started (the ones with figures). */
export function quarters(periods: Period[], today = new Date().toISOString().slice(0, 10)) {
  const all = periods.filter((p) => p.kind === 'QUARTER').sort((a, b) => a.startsOn.localeCompare(b.startsOn));
  return { all: all.map((p) => p.code), started: all.filter((p) => p.startsOn <= today).map((p) => p.code) };
}

/**
 * What is known without the partners: the region and the ambits with their targets and no figure.
 * Shown when a report cannot be computed (a partner down), so the table stays, marked, not empty.
 */
export function reportWithoutFigures(reference: Reference, period: Period | undefined): Report {
  const scope = (code: string, name: string, scopeKind: string, ambit?: string): Scope => ({
    code,
    name,
    figures: reference.indicatorDefinitions.map((d) => ({
      indicator: d,
      value: null,
      disclosure: null,
      targets: d.targets.filter((t) => t.scopeKind === scopeKind && (ambit === undefined || t.ambit?.code === ambit)),
      byGender: [],
    })),
  });
  return {
    from: period?.startsOn ?? '',
    to: period?.endsOn ?? '',
    smallCountThreshold: 5,
    exactFigures: false,
    maxNoise: 5,
    scopes: [scope('EMILIA_ROMAGNA', 'Emilia-Romagna', 'REGION'), ...reference.ambits.map((a) => scope(a.code, a.name, 'AMBIT', a.code))],
  };
}
