// The rejects report: one CSV line per problem (row, column, value, code, message) and a printed
// summary. Values of personal columns (fiscal codes, names, birth dates) are never repeated: the
// report may be mailed around to fix the file, and must not carry the people in it.
import type { ImportReport, ImportTable, Reject } from './table.ts';

export const MASK = '[personal value withheld]';
export const REJECTS_HEADER = ['row', 'column', 'value', 'code', 'message'] as const;

export function maskedValue(table: ImportTable, column: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (table.columns[column]?.doc.personal) return MASK;
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function csvCell(value: string | number): string {
  let text = String(value);
  // A cell starting with = + - @ would run as a formula when the report is opened in a spreadsheet.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",;\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function rejectsCsvLine(reject: Reject): string {
  return `${[reject.row, reject.column, reject.value, reject.code, reject.message].map(csvCell).join(',')}\r\n`;
}

export function rejectsCsv(rejects: readonly Reject[]): string {
  return `${REJECTS_HEADER.join(',')}\r\n${rejects.map(rejectsCsvLine).join('')}`;
}

/** The printed summary: counts, what happened to the database, rejects by code, the first few. */
export function summary(report: ImportReport, shown = 10): string {
  const lines = [
    `${report.table} (${report.format})${report.dryRun ? ' — dry run, nothing written' : ''}${report.allOrNothing ? ' — all or nothing' : ''}`,
    `  rows read ${report.rows}: inserted ${report.inserted}, updated ${report.updated}, unchanged ${report.unchanged}, rejected ${report.rejected}`,
  ];
  if (report.fileRefused) lines.push('  the file was refused as a whole: nothing was loaded');
  else if (!report.dryRun && !report.committed) lines.push('  rows were rejected, so nothing was written (all or nothing)');
  if (report.rejectCount) {
    const byCode = new Map<string, number>();
    for (const r of report.rejects) byCode.set(r.code, (byCode.get(r.code) ?? 0) + 1);
    const partial = report.rejects.length < report.rejectCount ? ` (by code, of the first ${report.rejects.length})` : '';
    lines.push(`  ${report.rejectCount} problems${partial}: ${[...byCode].map(([code, n]) => `${code} ${n}`).join(', ')}`);
    for (const r of report.rejects.slice(0, shown)) {
      lines.push(`  row ${r.row}${r.column ? `, ${r.column}` : ''}${r.value ? ` = ${r.value}` : ''}: ${r.code} — ${r.message}`);
    }
    if (report.rejectCount > shown) lines.push(`  … ${report.rejectCount - shown} more in the rejects report`);
  }
  return lines.join('\n');
}
