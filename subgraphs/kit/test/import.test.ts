// The import engine's parts that need no database: the streaming readers (CSV encodings,
// separators and quoting; JSON Lines), value parsing, the rejects report's escaping and masking,
// and the documented list of reject codes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from '../src/env.ts';
import { parseDate, readRecords, REJECT_CODES, rejectsCsvLine, type ImportFormat, type ReadEvent } from '../src/import/index.ts';

async function read(chunks: (string | Buffer)[], format: ImportFormat = 'csv', encoding?: 'utf-8' | 'windows-1252'): Promise<ReadEvent[]> {
  const events: ReadEvent[] = [];
  for await (const event of readRecords(Readable.from(chunks), format, { encoding })) events.push(event);
  return events;
}

describe('the CSV reader', () => {
  it('reads quoted fields with separators, doubled quotes and line breaks, across chunks, with row numbers', async () => {
    const text = 'a,b,c\r\n1,"x, ""y""",3\r\n"multi\nline",,\r\n\r\n4,5,6';
    const whole = await read([text]);
    const split = await read(text.split('').map((c) => Buffer.from(c)));
    expect(split).toEqual(whole);
    expect(whole).toEqual([
      { kind: 'header', columns: ['a', 'b', 'c'] },
      { kind: 'row', row: 2, values: { a: '1', b: 'x, "y"', c: '3' } },
      { kind: 'row', row: 3, values: { a: 'multi\nline', b: '', c: '' } },
      { kind: 'row', row: 6, values: { a: '4', b: '5', c: '6' } },
    ]);
  });

  it('tells UTF-8 (with or without BOM) from Windows-1252 and guesses ; and tab separators', async () => {
    const latin = await read([Buffer.from('Nome;Città\r\nNiccolò;Forlì\r\n', 'latin1')]);
    expect(latin).toEqual([{ kind: 'header', columns: ['nome', 'città'] }, { kind: 'row', row: 2, values: { nome: 'Niccolò', città: 'Forlì' } }]);
    const bom = await read([Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Source ID\tNome\nP-1\tNiccolò\n')])]);
    expect(bom[0]).toEqual({ kind: 'header', columns: ['source_id', 'nome'] });
    expect(bom[1]).toMatchObject({ values: { source_id: 'P-1', nome: 'Niccolò' } });
  });

  it('refuses a file that turns out not to be UTF-8 after the sample, and an unclosed quote', async () => {
    const head = `a\n${'x\n'.repeat(40_000)}`;
    await expect(read([head, Buffer.from('Forl\xec\n', 'latin1')])).rejects.toMatchObject({ code: 'INVALID_ENCODING' });
    await expect(read(['a,b\n"open,1\n'])).rejects.toMatchObject({ code: 'UNREADABLE_FILE' });
  });

  it('reads JSON Lines, reporting lines that are not objects', async () => {
    expect(await read(['{"Source ID":"P-1","n":2}\n[1]\n\n{"a":null}\n'], 'jsonl')).toEqual([
      { kind: 'row', row: 1, values: { source_id: 'P-1', n: 2 } },
      { kind: 'bad', row: 2, message: 'the line is not a JSON object' },
      { kind: 'row', row: 4, values: { a: null } },
    ]);
  });
});

describe('values and the rejects report', () => {
  it('parses ISO and Italian dates and refuses impossible ones', () => {
    expect([parseDate('2026-02-28'), parseDate('3/6/2026'), parseDate(new Date(Date.UTC(2026, 0, 9)))]).toEqual(['2026-02-28', '2026-06-03', '2026-01-09']);
    expect([parseDate('2026-02-30'), parseDate('31/04/2026'), parseDate('2026-1-1'), parseDate(45000)]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('escapes report cells, and defuses spreadsheet formulas', () => {
    expect(rejectsCsvLine({ row: 3, column: 'name', value: '=HYPERLINK("x")', code: 'TOO_LONG', message: 'a, b' })).toBe('3,name,"\'=HYPERLINK(""x"")",TOO_LONG,"a, b"\r\n');
  });

  it('documents every reject code in docs/imports/README.md', () => {
    const readme = readFileSync(path.join(REPOSITORY_ROOT, 'docs', 'imports', 'README.md'), 'utf8');
    for (const [code, meaning] of Object.entries(REJECT_CODES)) expect(readme).toContain(`| \`${code}\` | ${meaning} |`);
  });
});
