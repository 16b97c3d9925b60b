// Reference data of every store: the consortium of each ambit and its lead partner (ids of the
// Region's partner registry). Inserted when missing, so a lead corrected in the database stays.
import type { Kysely } from 'kysely';
import { ambitOfStore } from '../stores.ts';
import type { AtsDatabase } from '../types.ts';

export const CONSORTIA: AtsDatabase['consortium'][] = [
  { ambit_code: 'EMILIA_NORD', name: 'ATS Emilia Nord', lead_partner_id: 'dimora-abramo' },
  { ambit_code: 'EMILIA_CENTRO_ORIENTALE', name: 'ATS Emilia Centro-Orientale', lead_partner_id: 'cidas' },
  { ambit_code: 'BOLOGNA', name: 'ATS Metropolitano di Bologna', lead_partner_id: 'arcolaio' },
  { ambit_code: 'ROMAGNA', name: 'ATS Romagna', lead_partner_id: 'cidas' },
];

export async function seedReference(db: Kysely<AtsDatabase>, store: string): Promise<void> {
  ambitOfStore(store); // refuses a store that is not one of the four ambits
  await db
    .insertInto('consortium')
    .values(CONSORTIA)
    .onConflict((oc) => oc.column('ambit_code').doNothing())
    .execute();
}
