// What an ambit consortium's operators import into their ambit's own database, in loading order,
// and how a person is erased from it. The database is the one of the operator's ambit (the token's
// `ambit`), and only for the partner leading that ambit's consortium.
import { participantsTable, type PartnerImports } from '@pleiadi/kit/import';
import { sql } from 'kysely';
import { CONSORTIA } from '../db/seed/reference.ts';
import { ambitOfStore, isAmbitCode, storeOf } from '../db/stores.ts';
import { associations, attendances, cases, communityActivities, integrationSurveys, serviceDeliveries, servicePoints } from './tables.ts';

// The leads as reference data seeds them; a lead corrected in the database is not seen here.
const leadOf = new Map(CONSORTIA.map((c) => [c.ambit_code, c.lead_partner_id]));

export const atsImports: PartnerImports = {
  subgraph: 'ats',
  title: 'the ambit consortia (ATS)',
  tables: [participantsTable('the consortium of the ambit'), servicePoints, cases, serviceDeliveries, associations, communityActivities, attendances, integrationSurveys],
  audited: true,
  cliArgs: '--store ats_bologna',
  uploadNote:
    'Each ambit has its own database: an upload goes to the database of the ambit its token names, and only the partner leading that ' +
    'ambit\'s consortium may upload (token `--role partner --partner arcolaio --ambit BOLOGNA --purpose import`; the leads are ' +
    '`dimora-abramo` for EMILIA_NORD, `cidas` for EMILIA_CENTRO_ORIENTALE and ROMAGNA, `arcolaio` for BOLOGNA). On the command line, ' +
    'name the database with `--store ats_<ambit>` (`ats_emilia_nord`, `ats_emilia_centro_orientale`, `ats_bologna`, `ats_romagna`).',
  storeFor: (viewer) =>
    viewer.role === 'partner' && viewer.ambit && isAmbitCode(viewer.ambit) && leadOf.get(viewer.ambit) === viewer.partnerId ? storeOf(viewer.ambit) : undefined,
  ownerOf: (store) => leadOf.get(ambitOfStore(store))!,
  erase: async (tx, { participantId }) => {
    const ofCases = sql`(select id from case_taking where participant_id = ${participantId})`;
    const removed: Record<string, number> = {};
    const run = async (table: string, query: ReturnType<typeof sql>) => (removed[table] = Number((await query.execute(tx)).numAffectedRows ?? 0));
    await run('integration_survey', sql`delete from integration_survey where case_id in ${ofCases}`);
    await run('service_delivery', sql`delete from service_delivery where case_id in ${ofCases}`);
    await run('case_taking', sql`delete from case_taking where participant_id = ${participantId}`);
    await run('activity_attendance', sql`delete from activity_attendance where participant_id = ${participantId}`);
    return removed;
  },
};
