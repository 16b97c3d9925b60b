// Where campaigns and events are placed. The territory belongs to anci's database; this subgraph
// reads the same ISTAT list from the kit and the default province→ambit mapping of the design.
import { defaultAmbitOf, emiliaRomagnaMunicipalities, municipalityByCode } from '@pleiadi/kit';

/** The ambit of a municipality of the region, or null for a code outside it. */
export function ambitOfMunicipality(istatCode: string): string | null {
  const municipality = municipalityByCode(istatCode);
  return (municipality && defaultAmbitOf(municipality)) ?? null;
}

let byAmbit: Map<string, string[]> | undefined;

/** ISTAT codes of the municipalities of an ambit (empty for an unknown ambit). */
export function municipalitiesOfAmbit(ambitCode: string): string[] {
  if (!byAmbit) {
    byAmbit = new Map();
    for (const m of emiliaRomagnaMunicipalities()) {
      const ambit = defaultAmbitOf(m);
      if (ambit) byAmbit.set(ambit, [...(byAmbit.get(ambit) ?? []), m.istatCode]);
    }
  }
  return byAmbit.get(ambitCode) ?? [];
}
