// Checks of the arguments this subgraph takes: each mistake is BAD_USER_INPUT with a message
// that says what to pass instead.
import { badUserInput, checkIstatCode, municipalityByCode } from '@pleiadi/kit';

export function parseId(id: string | number, argument = 'id'): number {
  const value = Number(id);
  if (!Number.isSafeInteger(value) || value <= 0 || value > 2_147_483_647) {
    throw badUserInput(`"${String(id).slice(0, 20)}" is not a valid id.`, argument);
  }
  return value;
}

/** An ambit code given as a filter: one of the plan's four (the kit's check). */
export { requireKnownAmbit as requireAmbit } from '@pleiadi/kit';

/** An ISTAT code given as a filter; it must be a municipality of Emilia-Romagna. */
export function requireMunicipality(istatCode: string, argument = 'municipality'): string {
  checkIstatCode(istatCode, argument);
  if (!municipalityByCode(istatCode)) throw badUserInput(`No municipality of Emilia-Romagna has ISTAT code ${istatCode}.`, argument);
  return istatCode;
}
