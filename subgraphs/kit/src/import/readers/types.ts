import type { RejectCode } from '../codes.ts';

/** A record as a tabular reader hands it over: its cells in column order, and where it starts. */
export interface RawRecord {
  row: number;
  cells: unknown[];
}

/** The file cannot be read at all: reported as one reject, nothing is loaded. */
export class FileError extends Error {
  constructor(
    readonly code: RejectCode,
    message: string,
    readonly column = '',
  ) {
    super(message);
  }
}
