// Municipality and Ambit are owned by anci; here they are references the network's sites point
// to and that get the network's fields.
import { externalAmbit, externalMunicipality } from '../builder.ts';

export const Municipality = externalMunicipality();

export const Ambit = externalAmbit();
