// Entities owned elsewhere that this subgraph adds fields to: Municipality and Ambit (anci),
// Partner (region). Only their keys are known here.
import { externalAmbit, externalMunicipality, externalPartner } from '../builder.ts';

export const Municipality = externalMunicipality();

export const Ambit = externalAmbit();

export const Partner = externalPartner();
