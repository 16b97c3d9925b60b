// Argument checks of the cpia fields, each failing with BAD_USER_INPUT and a readable message.
// Territory codes are checked against the kit's copy of ISTAT's list and the four ambits.
import { badUserInput, checkIstatCode, emiliaRomagnaProvinces, municipalityByCode } from '@pleiadi/kit';

/** An ambit code given as a filter: one of the plan's four (the kit's check). */
export { requireKnownAmbit as requireAmbit } from '@pleiadi/kit';

export function requireProvince(code: string, argument = 'province'): string {
  const upper = code.toUpperCase();
  const known = emiliaRomagnaProvinces().map((p) => p.code);
  if (!known.includes(upper)) {
    throw badUserInput(`Unknown province "${code.slice(0, 20)}". Use a two-letter code of Emilia-Romagna: ${known.join(', ')}.`, argument);
  }
  return upper;
}

export function requireMunicipality(istatCode: string, argument = 'municipality'): string {
  checkIstatCode(istatCode, argument);
  if (!municipalityByCode(istatCode)) throw badUserInput(`No municipality of Emilia-Romagna has ISTAT code ${istatCode}.`, argument);
  return istatCode;
}

/** A numeric id argument; anything else is the caller's mistake. */
export function parseId(id: string | number, argument = 'id'): number {
  const value = Number(id);
  if (!Number.isSafeInteger(value) || value <= 0) throw badUserInput(`"${String(id).slice(0, 20)}" is not a valid id.`, argument);
  return value;
}
