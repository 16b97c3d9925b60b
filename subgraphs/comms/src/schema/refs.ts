// Entities owned elsewhere that this subgraph points to and extends: Municipality and Ambit
// (anci) and Partner (region). Only their keys live here.
import { connection, externalAmbit, externalMunicipality, externalPartner } from '../builder.ts';

export const Municipality = externalMunicipality();

export const Ambit = externalAmbit();

export const Partner = externalPartner();

/** anci owns MunicipalityConnection; a list of municipalities from here has its own name. */
export const CommsMunicipalityConnection = connection('CommsMunicipality', Municipality);
