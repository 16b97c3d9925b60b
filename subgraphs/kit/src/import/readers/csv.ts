// A streaming CSV reader for what partners' offices export: UTF-8 (with or without BOM) or
// Windows-1252 (Excel's "CSV" on Italian Windows), `,` `;` or tab separated (guessed from the
// header), quoted fields with doubled quotes and line breaks inside, CRLF or LF. Reads chunk by
// chunk: memory stays flat however long the file.
import type { Readable } from 'node:stream';
import { FileError, type RawRecord } from './types.ts';

export type CsvEncoding = 'utf-8' | 'windows-1252';

const SNIFF_BYTES = 64 * 1024;

/** UTF-8 unless the first bytes are not valid UTF-8 (then Windows-1252), or as declared. */
function chooseEncoding(head: Buffer, declared?: CsvEncoding): CsvEncoding {
  if (declared) return declared;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  try {
    // `stream: true` forgives a character cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

async function* decoded(input: Readable, declared?: CsvEncoding): AsyncGenerator<string> {
  let decoder: InstanceType<typeof TextDecoder> | undefined;
  let head: Buffer[] = [];
  let headBytes = 0;
  const decode = (chunk: Buffer, stream: boolean) => {
    try {
      return decoder!.decode(chunk, { stream });
    } catch {
      throw new FileError('INVALID_ENCODING', 'The file is not valid UTF-8 past its beginning: save it as UTF-8, or declare the encoding windows-1252.');
    }
  };
  for await (const data of input as AsyncIterable<Buffer | string>) {
    const chunk = typeof data === 'string' ? Buffer.from(data) : data;
    if (!decoder) {
      head.push(chunk);
      headBytes += chunk.length;
      if (headBytes < SNIFF_BYTES) continue;
      const start = Buffer.concat(head);
      head = [];
      decoder = new TextDecoder(chooseEncoding(start, declared), { fatal: true, ignoreBOM: false });
      yield decode(start, true);
    } else {
      yield decode(chunk, true);
    }
  }
  if (!decoder) {
    const start = Buffer.concat(head);
    decoder = new TextDecoder(chooseEncoding(start, declared), { fatal: true, ignoreBOM: false });
    yield decode(start, true);
  }
  yield decode(Buffer.alloc(0), false);
}

function guessDelimiter(firstLine: string): string {
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

/** Records of cells, the header first; `row` is the line on which each record starts. */
export async function* readCsv(input: Readable, options: { encoding?: CsvEncoding } = {}): AsyncGenerator<RawRecord> {
  let delimiter: string | undefined;
  let cells: string[] = [];
  let field = '';
  let quoted = false; // inside a quoted field
  let afterQuote = false; // just read a quote inside a quoted field: a second one is a literal quote
  let line = 1;
  let recordLine = 1;
  let pending = ''; // text before the first line end, to guess the delimiter

  const endRecord = (): RawRecord | undefined => {
    cells.push(field);
    field = '';
    const record = cells;
    cells = [];
    const row = recordLine;
    recordLine = line;
    // Blank lines (and a trailing line break) are no record.
    return record.length === 1 && record[0] === '' ? undefined : { row, cells: record };
  };

  for await (let text of decoded(input, options.encoding)) {
    if (!delimiter) {
      pending += text;
      const end = pending.search(/\r?\n/);
      if (end < 0 && text !== '') continue;
      delimiter = guessDelimiter(end < 0 ? pending : pending.slice(0, end));
      text = pending;
      pending = '';
    }
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quoted) {
        if (afterQuote) {
          afterQuote = false;
          if (c === '"') {
            field += '"';
            continue;
          }
          quoted = false; // the quote closed the field; fall through to read c as unquoted
        } else if (c === '"') {
          afterQuote = true;
          continue;
        } else {
          if (c === '\n') line += 1;
          field += c;
          continue;
        }
      }
      if (c === delimiter) {
        cells.push(field);
        field = '';
      } else if (c === '\n') {
        line += 1;
        const record = endRecord();
        if (record) yield record;
      } else if (c === '\r') {
        // CRLF: the \n ends the record.
      } else if (c === '"' && field === '') {
        quoted = true;
      } else {
        field += c;
      }
    }
  }
  if (quoted && !afterQuote) throw new FileError('UNREADABLE_FILE', `A quoted field opened on line ${recordLine} is never closed.`);
  const last = endRecord();
  if (last) yield last;
}
