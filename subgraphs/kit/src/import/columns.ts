// The columns of an import format: each a zod schema (what validation runs) together with what
// the documentation prints about it (type, allowed values, example), so the docs of a format and
// its checks come from one definition and cannot drift apart.
import { z } from 'zod';
import { isValidFiscalCode } from '../fiscal-code.ts';
import { normaliseFiscalCode } from '../pseudonym.ts';
import { municipalityByCode } from '../territory.ts';
import type { RejectCode } from './codes.ts';

export interface ColumnDoc {
  /** The type as the docs name it: text, integer, decimal, date, boolean, code… */
  type: string;
  description: string;
  required: boolean;
  /** The exhaustive list of allowed values, when there is one. */
  allowed?: readonly string[];
  example: string;
  /** Personal data: never repeated in a rejects report (masked). */
  personal: boolean;
}

export interface Column<T> {
  schema: z.ZodType<T | undefined>;
  doc: ColumnDoc;
  /** The code of a value this column refuses, unless a check names a more precise one. */
  failure: RejectCode;
}

interface Common {
  description: string;
  example: string;
  personal?: boolean;
}

/** Cells as readers hand them over: trimmed text, empty as absent. XLSX and JSON keep their types. */
function blank(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  return value;
}

/** A refinement whose failure carries its own stable code (read back in validate.ts). */
export function coded(code: RejectCode, message: string) {
  return { message, params: { code } };
}

function column<T>(inner: z.ZodType<T>, doc: Omit<ColumnDoc, 'required' | 'personal'> & { personal?: boolean }, failure: RejectCode): Column<T> {
  return {
    schema: z.preprocess(blank, inner.optional()) as z.ZodType<T | undefined>,
    doc: { ...doc, required: true, personal: doc.personal ?? false },
    failure,
  };
}

/** The column may be left empty. */
export function optional<T>(col: Column<T>): Column<T | null> {
  return { ...col, doc: { ...col.doc, required: false } } as Column<T | null>;
}

const text = (max: number) => z.union([z.string(), z.number().transform(String)]).pipe(z.string().refine((s) => s.length <= max, coded('TOO_LONG', `at most ${max} characters`)));

export function textColumn(options: Common & { max?: number }): Column<string> {
  const max = options.max ?? 200;
  return column(text(max), { type: `text (≤ ${max} characters)`, ...options }, 'INVALID_TEXT');
}

/** The partner's own identifier of a record: what makes a re-import update in place. */
export function sourceIdColumn(description: string, example: string): Column<string> {
  return column(
    text(100).pipe(z.string().regex(/^[\p{L}\p{N}._:/-]+$/u, coded('INVALID_SOURCE_ID', 'letters, digits and . _ : / - only'))),
    { type: 'identifier (≤ 100 characters: letters, digits, . _ : / -)', description, example },
    'INVALID_SOURCE_ID',
  );
}

const inRange = (min: number, max: number) => z.number().refine((n) => n >= min && n <= max, coded('OUT_OF_RANGE', `from ${min} to ${max}`));

const INTEGER = z.union([z.number(), z.string().regex(/^[+-]?\d+$/).transform(Number)]).pipe(z.number().int());

export function integerColumn(options: Common & { min?: number; max?: number }): Column<number> {
  const min = options.min ?? 0;
  const max = options.max ?? 2_147_483_647;
  const inner = INTEGER.pipe(inRange(min, max));
  return column(inner, { type: `integer (${min}–${max})`, ...options }, 'INVALID_NUMBER');
}

// Italian exports write a decimal comma (12,5); thousands separators are not accepted.
const DECIMAL = z.union([z.number(), z.string().regex(/^[+-]?\d+([.,]\d+)?$/).transform((s) => Number(s.replace(',', '.')))]).pipe(z.number());

export function decimalColumn(options: Common & { min?: number; max?: number }): Column<number> {
  const min = options.min ?? 0;
  const max = options.max ?? 99_999;
  const inner = DECIMAL.pipe(inRange(min, max));
  return column(inner, { type: `decimal (${min}–${max}; 12.5 or 12,5)`, ...options }, 'INVALID_NUMBER');
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A calendar date from YYYY-MM-DD, DD/MM/YYYY (Italian exports) or a spreadsheet date cell. */
export function parseDate(value: unknown): string | undefined {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return undefined;
    // Spreadsheet dates are midnight UTC of the calendar day (exceljs reads them so).
    return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  }
  if (typeof value !== 'string') return undefined;
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  let [y, m, d] = match ? [match[1], match[2], match[3]] : [];
  if (!match) {
    match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
    if (!match) return undefined;
    [d, m, y] = [pad(Number(match[1])), pad(Number(match[2])), match[3]];
  }
  const iso = `${y}-${m}-${d}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : undefined;
}

export function dateColumn(options: Common & { min?: string; max?: string }): Column<string> {
  const min = options.min ?? '1900-01-01';
  const max = options.max ?? '2099-12-31';
  const inner = z.unknown().transform((value, ctx) => {
    const iso = parseDate(value);
    if (!iso) ctx.addIssue({ code: 'custom', ...coded('INVALID_DATE', 'a date as YYYY-MM-DD or DD/MM/YYYY') });
    else if (iso < min || iso > max) ctx.addIssue({ code: 'custom', ...coded('OUT_OF_RANGE', `a date from ${min} to ${max}`) });
    return iso ?? '';
  });
  return column(inner, { type: 'date (YYYY-MM-DD or DD/MM/YYYY)', ...options }, 'INVALID_DATE');
}

const TRUE = new Set(['true', '1', 'yes', 'y', 'si', 'sì', 'x']);
const FALSE = new Set(['false', '0', 'no', 'n']);

export function booleanColumn(options: Common): Column<boolean> {
  const inner = z.union([
    z.boolean(),
    z.number().refine((n) => n === 0 || n === 1).transform((n) => n === 1),
    z.string().transform((s, ctx) => {
      const lower = s.toLowerCase();
      if (TRUE.has(lower)) return true;
      if (FALSE.has(lower)) return false;
      ctx.addIssue({ code: 'custom', message: 'not a yes/no value' });
      return false;
    }),
  ]);
  return column(inner, { type: 'boolean (true/false, 1/0, sì/no)', ...options }, 'INVALID_BOOLEAN');
}

/** One of a fixed list of codes (case-insensitive on input, stored as listed). */
export function codeColumn<const V extends string>(values: readonly V[], options: Common): Column<V> {
  const byUpper = new Map(values.map((v) => [v.toUpperCase(), v]));
  const inner = z.union([z.string(), z.number().transform(String)]).transform((s, ctx) => {
    const value = byUpper.get(s.toUpperCase().replace(/[\s-]+/g, '_')) ?? byUpper.get(s.toUpperCase());
    if (!value) ctx.addIssue({ code: 'custom', ...coded('NOT_ALLOWED', `one of ${values.join(', ')}`) });
    return value as V;
  });
  return column(inner, { type: 'code', allowed: values, ...options }, 'NOT_ALLOWED');
}

/** An ISTAT municipality code of Emilia-Romagna (6 digits; a spreadsheet may have dropped the leading 0). */
export function municipalityColumn(options: Common): Column<string> {
  const inner = z.union([z.string(), z.number().transform(String)]).transform((s, ctx) => {
    const code = /^\d{5,6}$/.test(s) ? s.padStart(6, '0') : s;
    if (!/^\d{6}$/.test(code)) ctx.addIssue({ code: 'custom', ...coded('INVALID_MUNICIPALITY', 'an ISTAT municipality code of 6 digits') });
    else if (!municipalityByCode(code)) ctx.addIssue({ code: 'custom', ...coded('UNKNOWN_MUNICIPALITY', 'not a municipality of Emilia-Romagna in the ISTAT list') });
    return code;
  });
  return column(inner, { type: 'ISTAT municipality code (6 digits, Emilia-Romagna)', ...options }, 'INVALID_MUNICIPALITY');
}

/** An Italian fiscal code: layout and check character; spaces and letter case are forgiven. */
export function fiscalCodeColumn(options: Omit<Common, 'personal'>): Column<string> {
  const inner = z.string().transform((s, ctx) => {
    const code = normaliseFiscalCode(s);
    if (!isValidFiscalCode(code)) ctx.addIssue({ code: 'custom', ...coded('INVALID_FISCAL_CODE', 'not a valid fiscal code (layout or check character)') });
    return code;
  });
  return column(inner, { type: 'fiscal code (16 characters, check character verified)', ...options, personal: true }, 'INVALID_FISCAL_CODE');
}

/** ISO 3166-1 alpha-2 country code, or OTHER. */
export function countryColumn(options: Common): Column<string> {
  const inner = z.string().transform((s, ctx) => {
    const code = s.toUpperCase();
    if (!/^[A-Z]{2}$/.test(code) && code !== 'OTHER') ctx.addIssue({ code: 'custom', ...coded('INVALID_COUNTRY', 'an ISO 3166-1 alpha-2 code (e.g. MA) or OTHER') });
    return code;
  });
  return column(inner, { type: 'country (ISO 3166-1 alpha-2, or OTHER)', ...options }, 'INVALID_COUNTRY');
}

/** A list of codes in one cell, separated by `|` (e.g. `it|en|ar`). */
export function codeListColumn(pattern: RegExp, options: Common & { what: string }): Column<string[]> {
  const inner = z.union([z.string(), z.array(z.string())]).transform((value, ctx) => {
    const items = (Array.isArray(value) ? value : value.split('|')).map((s) => s.trim()).filter(Boolean);
    if (!items.length || items.some((s) => !pattern.test(s))) ctx.addIssue({ code: 'custom', ...coded('NOT_ALLOWED', `${options.what}, separated by |`) });
    return [...new Set(items)];
  });
  return column(inner, { type: `list of ${options.what} separated by |`, description: options.description, example: options.example }, 'NOT_ALLOWED');
}

/** A code of a given shape (e.g. ISO 639-1 `[a-z]{2}`), lower- or upper-cased as the pattern wants. */
export function patternColumn(pattern: RegExp, options: Common & { type: string; caseOf?: 'lower' | 'upper' }): Column<string> {
  const inner = z.union([z.string(), z.number().transform(String)]).transform((s, ctx) => {
    const value = options.caseOf === 'lower' ? s.toLowerCase() : options.caseOf === 'upper' ? s.toUpperCase() : s;
    if (!pattern.test(value)) ctx.addIssue({ code: 'custom', ...coded('NOT_ALLOWED', options.type) });
    return value;
  });
  return column(inner, options, 'NOT_ALLOWED');
}
