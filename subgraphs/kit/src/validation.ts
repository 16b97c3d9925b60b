// Argument checks shared by the subgraphs: each throws BAD_USER_INPUT with a readable message.
import { badUserInput } from './errors.ts';
import { AMBIT_CODES, type AmbitCode } from './territory.ts';

const ISTAT_CODE = /^\d{6}$/;
const AMBIT_CODE = /^[A-Z][A-Z_]{1,39}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function checkIstatCode(value: string, argument = 'istatCode'): string {
  if (!ISTAT_CODE.test(value)) {
    throw badUserInput(
      `"${truncate(value)}" is not an ISTAT municipality code: it must be exactly 6 digits, e.g. "037006" for Bologna.`,
      argument,
    );
  }
  return value;
}

/** Ambit codes are upper-case words joined by underscores, e.g. EMILIA_NORD. */
export function checkAmbitCodeFormat(value: string, argument = 'ambit'): string {
  if (!AMBIT_CODE.test(value)) {
    throw badUserInput(
      `"${truncate(value)}" is not an ambit code: use one of the upper-case codes such as EMILIA_NORD or BOLOGNA.`,
      argument,
    );
  }
  return value;
}

export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A from–to filter on calendar dates; both ends inclusive, either may be open. */
export function checkDateRange(from: string | null | undefined, to: string | null | undefined): void {
  if (from && to && from > to) {
    throw badUserInput(`The date range is inverted: "from" (${from}) is after "to" (${to}).`, 'from');
  }
}

export function truncate(value: string, max = 40): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

/** An ambit code given as a filter: well-formed and one of the plan's four ambits. */
export function requireKnownAmbit(code: string, argument = 'ambit'): AmbitCode {
  checkAmbitCodeFormat(code, argument);
  if (!(AMBIT_CODES as readonly string[]).includes(code)) {
    throw badUserInput(`Unknown ambit "${code}". Known ambits: ${AMBIT_CODES.join(', ')}.`, argument);
  }
  return code as AmbitCode;
}

/** `%text%` for (I)LIKE, with the text's own wildcards and escape character taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
