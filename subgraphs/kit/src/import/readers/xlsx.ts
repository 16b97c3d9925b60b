// XLSX through exceljs's streaming reader: the first worksheet, row by row, without building the
// workbook in memory. Date cells arrive as dates, numbers as numbers; formulas give their result.
// exceljs (with its zip libraries) is loaded on the first XLSX upload, not at start: it took about
// 0.3 s of every process's start for a reader most runs never use.
import type { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { FileError, type RawRecord } from './types.ts';

function cellValue(value: ExcelJS.CellValue): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('result' in value) return cellValue(value.result as ExcelJS.CellValue);
  if ('text' in value) return value.text;
  if ('error' in value) return undefined;
  return String(value);
}

export async function* readXlsx(input: Readable): AsyncGenerator<RawRecord> {
  const { default: excel } = await import('exceljs');
  const workbook = new excel.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // date cells are told from numbers by their format
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  try {
    for await (const worksheet of workbook) {
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as ExcelJS.CellValue[];
        // exceljs numbers cells from 1.
        yield { row: row.number, cells: values.slice(1).map(cellValue) };
      }
      return; // the first worksheet only
    }
  } catch (error) {
    if (error instanceof FileError) throw error;
    throw new FileError('UNREADABLE_FILE', 'The file is not a readable XLSX workbook.');
  }
}
