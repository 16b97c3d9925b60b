// Municipality and Ambit are owned by anci: here they are only referenced by key, so IAL's
// offices and employers can point at them and add fields to them. Also the checks of
// territorial filters.
import { badUserInput, checkIstatCode } from '@pleiadi/kit';
import { externalAmbit, externalMunicipality, type Context } from '../builder.ts';
import { municipalityExists, provinceCodes } from '../db/repositories/territory.ts';

export const Municipality = externalMunicipality();

export const Ambit = externalAmbit();

/** An ambit code given as a filter: one of the plan's four (the kit's check). */
export { requireKnownAmbit as requireAmbit } from '@pleiadi/kit';

export async function requireMunicipality(ctx: Context, istatCode: string, argument = 'municipality'): Promise<string> {
  checkIstatCode(istatCode, argument);
  if (!(await municipalityExists(ctx.db, istatCode))) {
    throw badUserInput(`No municipality of Emilia-Romagna has ISTAT code ${istatCode}.`, argument);
  }
  return istatCode;
}

export async function requireProvince(ctx: Context, code: string, argument = 'province'): Promise<string> {
  const upper = code.toUpperCase();
  const known = (await provinceCodes(ctx.db)).map((p) => p.code);
  if (!known.includes(upper)) {
    throw badUserInput(`Unknown province "${code.slice(0, 20)}". Use a two-letter code of Emilia-Romagna: ${known.join(', ')}.`, argument);
  }
  return upper;
}
