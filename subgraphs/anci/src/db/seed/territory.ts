// Loads the territory master data on every start. Municipality names follow the ISTAT list;
// the ambits and the province→ambit mapping are only inserted when missing, so a mapping
// corrected in the database stays as corrected.
import { DEFAULT_AMBITS, emiliaRomagnaMunicipalities, emiliaRomagnaProvinces } from '@pleiadi/kit';
import type { Kysely } from 'kysely';
import type { AnciDatabase } from '../types.ts';

export async function seedTerritory(db: Kysely<AnciDatabase>): Promise<void> {
  const municipalities = emiliaRomagnaMunicipalities();
  const provinces = emiliaRomagnaProvinces(municipalities);
  const ambitOf = new Map<string, string>(DEFAULT_AMBITS.flatMap((a) => a.provinces.map((p) => [p, a.code] as const)));

  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('ambit')
      .values(DEFAULT_AMBITS.map(({ code, name }) => ({ code, name })))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    await tx
      .insertInto('province')
      .values(
        provinces.map((p) => {
          const ambit = ambitOf.get(p.code);
          if (!ambit) throw new Error(`Province ${p.code} has no ambit in the default mapping`);
          return { code: p.code, istat_code: p.istatCode, name: p.name, ambit_code: ambit };
        }),
      )
      .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })))
      .execute();
    await tx
      .insertInto('municipality')
      .values(municipalities.map((m) => ({ istat_code: m.istatCode, name: m.name, province_code: m.provinceCode })))
      .onConflict((oc) =>
        oc.column('istat_code').doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), province_code: eb.ref('excluded.province_code') })),
      )
      .execute();
  });
}
