// Reference data loaded on every start: the territory (ISTAT list from the kit; the ambits'
// province mapping only inserted when missing, so a correction made in the database stays),
// the ATECO 2007 classification, and IAL's offices (sedi), one in each province capital.
import { emiliaRomagnaMunicipalities, emiliaRomagnaProvinces, seedTerritoryTables } from '@pleiadi/kit';
import type { Kysely } from 'kysely';
import type { IalDatabase } from '../types.ts';
import { ATECO_SECTIONS } from './ateco.ts';
import { forgetDivisions } from '../repositories/ateco.ts';
import { forgetOffices } from '../repositories/offices.ts';
import { forgetTerritory } from '../repositories/territory.ts';

/** The provincial capitals (ISTAT codes), where IAL has its offices. */
export const PROVINCE_CAPITALS: Readonly<Record<string, string>> = {
  PC: '033032', PR: '034027', RE: '035033', MO: '036023', BO: '037006',
  FE: '038008', RA: '039014', FC: '040012', RN: '099014',
};

export const officeId = (provinceCode: string) => `ial-${provinceCode.toLowerCase()}`;

export async function seedReference(db: Kysely<IalDatabase>): Promise<void> {
  const municipalities = emiliaRomagnaMunicipalities();
  const provinces = emiliaRomagnaProvinces(municipalities);
  const nameOf = new Map(municipalities.map((m) => [m.istatCode, m.name]));

  await db.transaction().execute(async (tx) => {
    await seedTerritoryTables(tx);
    await tx
      .insertInto('ateco_section')
      .values(ATECO_SECTIONS.map(({ code, name }) => ({ code, name })))
      .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })))
      .execute();
    await tx
      .insertInto('ateco_division')
      .values(ATECO_SECTIONS.flatMap((s) => s.divisions.map(([code, name]) => ({ code, section_code: s.code, name }))))
      .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), section_code: eb.ref('excluded.section_code') })))
      .execute();
    // Offices keep their id; a renamed or moved office is corrected in the database and stays so.
    await tx
      .insertInto('office')
      .values(
        provinces.map((p) => {
          const capital = PROVINCE_CAPITALS[p.code];
          if (!capital || !nameOf.has(capital)) throw new Error(`Province ${p.code} has no capital in the ISTAT list`);
          return { id: officeId(p.code), name: `IAL Emilia-Romagna, sede di ${nameOf.get(capital)}`, municipality_code: capital, province_code: p.code };
        }),
      )
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  });
  forgetOffices(db);
  forgetTerritory(db);
  forgetDivisions(db);
}
