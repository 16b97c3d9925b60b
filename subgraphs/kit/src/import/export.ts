// A table's stored rows written in its documented import format (CSV, UTF-8): what the round trip
// re-imports, and how a partner can move its records from one database to another.
import { Readable } from 'node:stream';
import type { AnyDatabase, ImportTable } from './table.ts';

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The table's rows as CSV lines, header first, page by page. */
export async function* exportCsv(db: AnyDatabase, table: ImportTable): AsyncGenerator<string> {
  if (!table.export) throw new Error(`The ${table.name} format has no export.`);
  const columns = Object.keys(table.columns);
  yield `${columns.join(',')}\n`;
  let lines: string[] = [];
  for await (const row of table.export(db)) {
    lines.push(`${columns.map((c) => csvField(row[c])).join(',')}\n`);
    if (lines.length >= 1000) {
      yield lines.join('');
      lines = [];
    }
  }
  if (lines.length) yield lines.join('');
}

export function exportCsvStream(db: AnyDatabase, table: ImportTable): Readable {
  return Readable.from(exportCsv(db, table), { objectMode: false });
}
