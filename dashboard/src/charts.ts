// Every chart of the page is Observable Plot (bundled, SVG): bars of achieved values beside their
// targets, and trend lines over the programme's quarters. Each chart is a figure with a caption;
// the same figures are in a table beside it for keyboard and screen-reader users.
import * as Plot from '@observablehq/plot';
import { h } from './dom.ts';
import { formatNumber, type Disclosure } from './table.ts';
import { t } from './i18n.ts';

export interface Bar {
  label: string;
  value: number | null;
  disclosure?: Disclosure | null;
  target?: number | null;
}

const INK = '#1a1a1a';
const BAR = '#1f5f99';
const TARGET = '#b3261e';

function figure(title: string, chart: Element, id: string): HTMLElement {
  const captionId = `${id}-title`;
  // One accessible image per chart, named by its caption: Plot's labels on inner groups are noise
  // (and not allowed on elements without a role).
  for (const inner of chart.querySelectorAll('[aria-label], [aria-description]')) {
    inner.removeAttribute('aria-label');
    inner.removeAttribute('aria-description');
  }
  chart.setAttribute('role', 'img');
  chart.setAttribute('aria-labelledby', captionId);
  return h('figure', { class: 'chart', 'data-chart': id }, h('figcaption', { id: captionId }, title), chart);
}

const labelOf = (bar: Bar) => (bar.value === null ? t('markWithheld') : `${formatNumber(bar.value)}${bar.disclosure === 'PERTURBED' ? ` ${t('markPerturbed')}` : bar.disclosure === 'SMALL_COUNT' ? ` ${t('markSmall')}` : ''}`);

/** Horizontal bars, one per unit, with the target as a red tick where there is one. */
export function barChart(id: string, title: string, bars: Bar[]): HTMLElement {
  const shown = bars.filter((b) => b.value !== null);
  const max = Math.max(1, ...bars.map((b) => Math.max(b.value ?? 0, b.target ?? 0)));
  const chart = Plot.plot({
    width: 440,
    height: 34 + bars.length * 26,
    marginLeft: 175,
    marginRight: 60,
    style: { fontSize: '12px', color: INK, background: 'transparent' },
    // Counts: whole-number ticks, even when the largest is 1.
    x: { domain: [0, max * 1.05], grid: true, label: null, ticks: Math.min(5, Math.ceil(max)), tickFormat: (v: number) => (Number.isInteger(v) ? formatNumber(v) : '') },
    y: { domain: bars.map((b) => b.label), label: null },
    marks: [
      Plot.barX(shown, { y: 'label', x: 'value', fill: BAR }),
      Plot.tickX(
        bars.filter((b) => b.target != null),
        { y: 'label', x: 'target', stroke: TARGET, strokeWidth: 3 },
      ),
      Plot.text(bars, { y: 'label', x: (b: Bar) => b.value ?? 0, text: labelOf, dx: 4, textAnchor: 'start', fill: INK }),
      Plot.ruleX([0]),
    ],
  });
  return figure(title, chart, id);
}

export interface TrendPoint {
  period: string;
  value: number | null;
  disclosure?: Disclosure | null;
}

/** A line over every quarter of the programme; quarters without figures (not started) stay empty. */
export function trendChart(id: string, title: string, periods: string[], points: TrendPoint[]): HTMLElement {
  const known = points.filter((p) => p.value !== null);
  const chart = Plot.plot({
    width: 420,
    height: 180,
    marginBottom: 40,
    style: { fontSize: '11px', color: INK, background: 'transparent' },
    x: { type: 'point', domain: periods, label: null, tickRotate: -45 },
    y: { grid: true, label: null, zero: true, tickFormat: (v: number) => (Number.isInteger(v) ? formatNumber(v) : '') },
    marks: [Plot.lineY(known, { x: 'period', y: 'value', stroke: BAR, strokeWidth: 2 }), Plot.dot(known, { x: 'period', y: 'value', fill: BAR, r: 3, title: (p: TrendPoint) => `${p.period}: ${formatNumber(p.value ?? 0)}` })],
  });
  return figure(title, chart, id);
}
