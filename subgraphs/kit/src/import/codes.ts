// The stable codes of a rejects report: what a partner's operator (or their software) keys on to
// fix a row. Never renamed; new ones may be added. Documented in docs/imports/README.md.
export const REJECT_CODES = {
  // The file as a whole
  UNREADABLE_FILE: 'the file cannot be read in the declared format (not CSV/XLSX/JSON Lines, or damaged)',
  INVALID_ENCODING: 'the text is neither UTF-8 nor Windows-1252 as declared',
  MISSING_COLUMN: 'a required column is missing from the header',
  UNKNOWN_COLUMN: 'a column the format does not have (a typo?)',
  DUPLICATE_COLUMN: 'the same column twice in the header',
  // One row
  INVALID_JSON: 'a JSON Lines line that is not a JSON object',
  REQUIRED: 'a required value is empty',
  INVALID_TEXT: 'not text',
  TOO_LONG: 'text longer than the column allows',
  INVALID_SOURCE_ID: 'an identifier with characters other than letters, digits and . _ : / -',
  INVALID_NUMBER: 'not a number of the expected kind',
  OUT_OF_RANGE: 'a number or date outside the allowed range',
  INVALID_DATE: 'not a calendar date (YYYY-MM-DD or DD/MM/YYYY)',
  INVALID_BOOLEAN: 'not a yes/no value',
  NOT_ALLOWED: 'not one of the allowed codes',
  INVALID_MUNICIPALITY: 'not an ISTAT municipality code of 6 digits',
  UNKNOWN_MUNICIPALITY: 'not a municipality of Emilia-Romagna in the ISTAT list',
  INVALID_FISCAL_CODE: 'not a valid fiscal code (layout or check character)',
  INVALID_COUNTRY: 'not an ISO 3166-1 alpha-2 country code',
  INCONSISTENT_ROW: 'values of the row contradict each other (e.g. an end before the start)',
  DUPLICATE_IN_FILE: 'the same identifier (or person) on an earlier row of the file',
  UNKNOWN_REFERENCE: 'names a record (by its source id or code) that is not in the database',
  PERSON_ALREADY_RECORDED: 'this fiscal code is already recorded under another source id',
  DATABASE_CONSTRAINT: 'the database refused the row (a rule the format does not check); the constraint is named',
} as const;

export type RejectCode = keyof typeof REJECT_CODES;
