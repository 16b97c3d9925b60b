// The three encodings of a table, as text chunks: CSV (RFC 4180: header row, CRLF, quotes where
// needed; a list inside a row is JSON text), NDJSON (one JSON object per line) and JSON (one array
// of objects). Values are written as the graph answered them; null is an empty CSV field.
import type { Column } from './table-shape.ts';

export const FORMATS = {
  csv: 'text/csv; charset=utf-8; header=present',
  ndjson: 'application/x-ndjson; charset=utf-8',
  json: 'application/json; charset=utf-8',
} as const;
export type Format = keyof typeof FORMATS;

function csvField(value: unknown): string {
  if (value == null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export interface TableEncoder {
  head(): string;
  /** One page of flattened rows (values in column order). */
  rows(rows: readonly unknown[][]): string;
  tail(): string;
}

export function encoder(format: Format, columns: readonly Column[]): TableEncoder {
  const names = columns.map((c) => c.name);
  const asObject = (row: readonly unknown[]) => {
    const object: Record<string, unknown> = {};
    names.forEach((name, i) => (object[name] = row[i]));
    return object;
  };
  if (format === 'csv') {
    return { head: () => `${names.map(csvField).join(',')}\r\n`, rows: (rows) => rows.map((r) => `${r.map(csvField).join(',')}\r\n`).join(''), tail: () => '' };
  }
  if (format === 'ndjson') {
    return { head: () => '', rows: (rows) => rows.map((r) => `${JSON.stringify(asObject(r))}\n`).join(''), tail: () => '' };
  }
  let first = true;
  return {
    head: () => '[',
    rows: (rows) =>
      rows
        .map((r) => {
          const text = `${first ? '\n' : ',\n'}${JSON.stringify(asObject(r))}`;
          first = false;
          return text;
        })
        .join(''),
    tail: () => (first ? ']\n' : '\n]\n'),
  };
}
