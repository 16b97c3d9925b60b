// A table is a model first (columns, rows, figures with their disclosure), rendered on screen and
// written to CSV and XLSX from that same model: the downloads hold the figures the screen shows.
import { h } from './dom.ts';
import { language, locale, t } from './i18n.ts';

export type Disclosure = 'EXACT' | 'PERTURBED' | 'SMALL_COUNT';

export interface Figure {
  value: number | null;
  disclosure?: Disclosure | null;
}

export type Cell = string | number | null | Figure;

export interface Column {
  key: string;
  label: string;
  kind: 'text' | 'number' | 'figure' | 'percent';
}

export interface Row {
  cells: Record<string, Cell>;
  /** Where the first column links to (the territory drill-down). */
  href?: string;
}

export interface TableModel {
  id: string;
  title: string;
  columns: Column[];
  rows: Row[];
  /** Noise bound for the marks' explanation. */
  maxNoise?: number;
  threshold?: number;
}

const isFigure = (cell: Cell): cell is Figure => typeof cell === 'object' && cell !== null;

export const formatNumber = (value: number, digits = 0) => value.toLocaleString(locale(), { maximumFractionDigits: digits });

/** The words for a mark, for the cell's tooltip and for screen readers. */
function markOf(figure: Figure, model: TableModel): { symbol: string; text: string; className: string } | undefined {
  if (figure.value === null) return { symbol: t('markWithheld'), text: t('withheld'), className: 'withheld' };
  if (figure.disclosure === 'PERTURBED') return { symbol: t('markPerturbed'), text: `${t('perturbed')} (±${model.maxNoise ?? 5})`, className: 'perturbed' };
  if (figure.disclosure === 'SMALL_COUNT') return { symbol: t('markSmall'), text: `${t('smallCount')} (1–${(model.threshold ?? 5) - 1})`, className: 'small' };
  return undefined;
}

function renderCell(column: Column, cell: Cell, model: TableModel, href?: string): HTMLTableCellElement {
  if (isFigure(cell)) {
    const mark = markOf(cell, model);
    return h(
      'td',
      { class: `num figure ${mark?.className ?? ''}`, 'data-col': column.key, 'data-value': cell.value ?? '', 'data-disclosure': cell.value === null ? 'WITHHELD' : (cell.disclosure ?? '') },
      // A withheld figure is never shown as 0: only its mark.
      cell.value === null ? null : formatNumber(cell.value),
      mark && h('abbr', { class: 'mark', title: mark.text, 'aria-hidden': 'true' }, mark.symbol),
      mark && h('span', { class: 'sr-only' }, ` (${mark.text})`),
    );
  }
  if (column.kind === 'text') {
    const text = cell === null ? '' : String(cell);
    return h('td', { 'data-col': column.key }, href ? h('a', { href }, text) : text);
  }
  const value = typeof cell === 'number' ? cell : null;
  const text = value === null ? '—' : column.kind === 'percent' ? `${formatNumber(value)}%` : formatNumber(value);
  return h('td', { class: 'num', 'data-col': column.key, 'data-value': value ?? '' }, text);
}

export function renderTable(model: TableModel): HTMLElement {
  const captionId = `${model.id}-caption`;
  const table = h(
    'table',
    { id: model.id, 'aria-labelledby': captionId },
    h('caption', { id: captionId }, model.title),
    h('thead', {}, h('tr', {}, model.columns.map((c) => h('th', { scope: 'col', class: c.kind === 'text' ? '' : 'num' }, c.label)))),
    h(
      'tbody',
      {},
      model.rows.map((row) => h('tr', {}, model.columns.map((column, i) => renderCell(column, row.cells[column.key] ?? null, model, i === 0 ? row.href : undefined)))),
    ),
  );
  return h(
    'div',
    { class: 'table-block' },
    h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-labelledby': captionId }, table),
    h(
      'div',
      { class: 'downloads' },
      h('button', { type: 'button', 'data-download': 'csv', 'data-table': model.id, onclick: () => void download(model, 'csv') }, `${t('downloadCsv')}`, h('span', { class: 'sr-only' }, `: ${model.title}`)),
      h('button', { type: 'button', 'data-download': 'xlsx', 'data-table': model.id, onclick: () => void download(model, 'xlsx') }, `${t('downloadXlsx')}`, h('span', { class: 'sr-only' }, `: ${model.title}`)),
    ),
  );
}

/** Header and rows as written to a file: a figure column is its value and its disclosure mark. */
export function tableRecords(model: TableModel): { header: string[]; rows: (string | number | null)[][] } {
  const header: string[] = [];
  for (const column of model.columns) {
    header.push(column.label);
    if (column.kind === 'figure') header.push(`${column.label} – ${t('disclosure')}`);
  }
  const rows = model.rows.map((row) =>
    model.columns.flatMap((column) => {
      const cell = row.cells[column.key] ?? null;
      if (column.kind === 'figure') {
        const figure = isFigure(cell) ? cell : { value: null };
        return [figure.value, figure.value === null ? 'WITHHELD' : (figure.disclosure ?? '')];
      }
      return [isFigure(cell) ? cell.value : cell];
    }),
  );
  return { header, rows };
}

export function toCsv(model: TableModel): string {
  const { header, rows } = tableRecords(model);
  const quote = (v: string | number | null) => (v === null ? '' : typeof v === 'number' ? String(v) : /[",\n;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [header, ...rows].map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
}

export async function toXlsx(model: TableModel): Promise<ArrayBuffer> {
  // Loaded on demand: exceljs is large and only a download needs it.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'PLEIADI';
  const sheet = workbook.addWorksheet(model.id.slice(0, 31));
  const { header, rows } = tableRecords(model);
  sheet.addRow(header).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  sheet.columns.forEach((column) => (column.width = 16));
  const notes = workbook.addWorksheet(language() === 'it' ? 'Note' : 'Notes');
  notes.addRow([model.title]);
  notes.addRow([t('rulePerturbed', { noise: model.maxNoise ?? 5, below: (model.threshold ?? 5) - 1 })]);
  notes.addRow([t('ruleCounts')]);
  return (await workbook.xlsx.writeBuffer()) as ArrayBuffer;
}

async function download(model: TableModel, format: 'csv' | 'xlsx'): Promise<void> {
  const blob =
    format === 'csv'
      ? new Blob(['\ufeff', toCsv(model)], { type: 'text/csv;charset=utf-8' })
      : new Blob([await toXlsx(model)], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: `pleiadi-${model.id}.${format}` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
