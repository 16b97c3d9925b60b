// The territorial units the figures are counted in, as one array: the region, its four ambits,
// nine provinces and 330 municipalities, each with its parent. From the kit's ISTAT list and the
// default province→ambit mapping (the same one the partners place their records with).
import { DEFAULT_AMBITS, defaultAmbitOf, emiliaRomagnaMunicipalities, emiliaRomagnaProvinces, placeOfAmbit, PLACE_REGION } from '@pleiadi/kit';

export const SCOPE_KINDS = ['REGION', 'AMBIT', 'PROVINCE', 'MUNICIPALITY'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

export interface TerritorialUnit {
  index: number;
  kind: ScopeKind;
  /** EMILIA_ROMAGNA, an ambit code, a province code (BO) or an ISTAT municipality code. */
  code: string;
  name: string;
  parent: number | null;
  children: number[];
}

export interface Territory {
  units: TerritorialUnit[];
  /** The unit of a fact's place code (see the kit's indicator-facts.ts). */
  unitOfPlace: Map<number, number>;
  find(kind: ScopeKind, code: string | null | undefined): TerritorialUnit | undefined;
}

export const REGION_CODE = 'EMILIA_ROMAGNA';

let cached: Territory | undefined;

export function territory(): Territory {
  return (cached ??= build());
}

function build(): Territory {
  const units: TerritorialUnit[] = [];
  const add = (kind: ScopeKind, code: string, name: string, parent: number | null) => {
    const unit: TerritorialUnit = { index: units.length, kind, code, name, parent, children: [] };
    units.push(unit);
    if (parent !== null) units[parent].children.push(unit.index);
    return unit.index;
  };
  const unitOfPlace = new Map<number, number>([[PLACE_REGION, add('REGION', REGION_CODE, 'Emilia-Romagna', null)]]);
  const ambitUnit = new Map<string, number>();
  for (const ambit of DEFAULT_AMBITS) {
    const index = add('AMBIT', ambit.code, ambit.name, 0);
    ambitUnit.set(ambit.code, index);
    unitOfPlace.set(placeOfAmbit(ambit.code), index);
  }
  const municipalities = emiliaRomagnaMunicipalities();
  const provinceUnit = new Map<string, number>();
  for (const province of emiliaRomagnaProvinces(municipalities)) {
    const ambit = DEFAULT_AMBITS.find((a) => (a.provinces as readonly string[]).includes(province.code));
    if (ambit) provinceUnit.set(province.code, add('PROVINCE', province.code, province.name, ambitUnit.get(ambit.code)!));
  }
  for (const m of municipalities) {
    const province = defaultAmbitOf(m) ? provinceUnit.get(m.provinceCode) : undefined;
    if (province !== undefined) unitOfPlace.set(Number(m.istatCode), add('MUNICIPALITY', m.istatCode, m.name, province));
  }
  const byKey = new Map(units.map((u) => [`${u.kind}:${u.code}`, u]));
  return {
    units,
    unitOfPlace,
    find: (kind, code) => byKey.get(`${kind}:${kind === 'REGION' ? REGION_CODE : (code ?? '')}`),
  };
}
