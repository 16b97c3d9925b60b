// Checks of the arguments every ATS list shares, and the routing they imply: which ambit
// stores a filter needs. Each check throws BAD_USER_INPUT with a readable message.
import { AMBIT_CODES, badUserInput, checkIstatCode, type AmbitCode } from '@pleiadi/kit';
import { ambitOfMunicipality, storeFor, type Store, type Stores } from '../db/stores.ts';

/** Said of every field that reads ambit databases it does not already hold a row of. */
export const WHEN_DOWN = ' Null, with a DATA_SOURCE_UNAVAILABLE error naming the store, while an ambit database it needs is down.';

/** An ambit code given as a filter: one of the plan's four (the kit's check). */
export { requireKnownAmbit as requireAmbit } from '@pleiadi/kit';

/** A municipality of Emilia-Romagna and the ambit whose consortium serves it. */
export function requireMunicipality(istatCode: string, argument = 'municipality'): { istatCode: string; ambit: AmbitCode } {
  checkIstatCode(istatCode, argument);
  const ambit = ambitOfMunicipality(istatCode);
  if (!ambit) throw badUserInput(`No municipality of Emilia-Romagna has ISTAT code ${istatCode}.`, argument);
  return { istatCode, ambit };
}

/** An ISO 639-1 language code, e.g. "ar"; case does not matter. */
export function readLanguage(code: string, argument = 'language'): string {
  const lower = code.toLowerCase();
  if (!/^[a-z]{2}$/.test(lower)) throw badUserInput(`"${code.slice(0, 20)}" is not an ISO 639-1 language code: use two letters, e.g. "ar" or "uk".`, argument);
  return lower;
}

/** An ISO 3166-1 alpha-2 country code, e.g. "MA"; case does not matter. */
export function readCountry(code: string, argument = 'community'): string {
  const upper = code.toUpperCase();
  if (!/^[A-Z]{2}$/.test(upper)) throw badUserInput(`"${code.slice(0, 20)}" is not an ISO 3166-1 country code: use two letters, e.g. "MA" or "UA".`, argument);
  return upper;
}

/**
 * The stores a filtered list must read: the filter's ambit, the ambit of its municipality, both
 * (none when they disagree), or all four when the filter names no place.
 */
export function storesFor(stores: Stores, ...constraints: (AmbitCode | null | undefined)[]): Store[] {
  const wanted = AMBIT_CODES.filter((ambit) => constraints.every((c) => !c || c === ambit));
  return wanted.map((ambit) => storeFor(stores, ambit));
}
