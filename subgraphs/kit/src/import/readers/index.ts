// Every readable format as one stream of records keyed by column name. Tabular formats (CSV,
// XLSX) give a header first; JSON Lines names the columns in each object.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { readCsv, type CsvEncoding } from './csv.ts';
import { FileError, type RawRecord } from './types.ts';
import { readXlsx } from './xlsx.ts';

export { FileError } from './types.ts';
export type { CsvEncoding } from './csv.ts';

export const FORMATS = ['csv', 'xlsx', 'jsonl'] as const;
export type ImportFormat = (typeof FORMATS)[number];

/** The format a file name says: .csv/.txt, .xlsx, .jsonl/.ndjson. */
export function formatOfName(name: string): ImportFormat | undefined {
  const extension = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (extension === 'csv' || extension === 'txt') return 'csv';
  if (extension === 'xlsx') return 'xlsx';
  if (extension === 'jsonl' || extension === 'ndjson') return 'jsonl';
  return undefined;
}

export type ReadEvent =
  | { kind: 'header'; columns: string[] }
  | { kind: 'row'; row: number; values: Record<string, unknown> }
  | { kind: 'bad'; row: number; message: string };

/** Header names as partners type them: case, spaces and a BOM forgiven. */
export function normaliseHeader(name: unknown): string {
  return String(name ?? '').replace(/^\uFEFF/, '').trim().toLowerCase().replace(/\s+/g, '_');
}

async function* tabular(records: AsyncGenerator<RawRecord>): AsyncGenerator<ReadEvent> {
  let header: string[] | undefined;
  for await (const record of records) {
    if (!header) {
      header = record.cells.map(normaliseHeader);
      while (header.length && header[header.length - 1] === '') header.pop();
      yield { kind: 'header', columns: header };
      continue;
    }
    if (record.cells.every((c) => c === undefined || c === '')) continue;
    const values: Record<string, unknown> = {};
    header.forEach((name, i) => {
      if (name) values[name] = record.cells[i];
    });
    yield { kind: 'row', row: record.row, values };
  }
  if (!header) throw new FileError('UNREADABLE_FILE', 'The file is empty: a header row is expected.');
}

async function* jsonLines(input: Readable): AsyncGenerator<ReadEvent> {
  let row = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    row += 1;
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      yield { kind: 'bad', row, message: 'the line is not a JSON object' };
      continue;
    }
    const values: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) values[normaliseHeader(key)] = v;
    yield { kind: 'row', row, values };
  }
}

export function readRecords(input: Readable, format: ImportFormat, options: { encoding?: CsvEncoding } = {}): AsyncGenerator<ReadEvent> {
  switch (format) {
    case 'csv':
      return tabular(readCsv(input, options));
    case 'xlsx':
      return tabular(readXlsx(input));
    case 'jsonl':
      return jsonLines(input);
  }
}
