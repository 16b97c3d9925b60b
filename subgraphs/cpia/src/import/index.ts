// What the CPIA network's operators import into their own database, in loading order, and how a
// person is erased from it. Used by the command line (cli.ts), the upload route of the subgraph
// (server.ts) and the docs (docs/imports/cpia.md).
import { participantsTable, type PartnerImports } from '@pleiadi/kit/import';
import { sql } from 'kysely';
import { courses, enrolments, integrationSurveys } from './tables.ts';

/**
 * The partner whose operators import: CPIA Metropolitano di Bologna, the network lead (the same id
 * as schema/access.ts's OWN_PARTNER_ID, checked by the import test; not imported from there so
 * that an import process loads the engine, not the whole subgraph).
 */
export const IMPORT_OWNER = 'cpia-bologna';

export const cpiaImports: PartnerImports = {
  subgraph: 'cpia',
  title: 'CPIA network',
  tables: [participantsTable('the CPIA network'), courses, enrolments, integrationSurveys],
  audited: true,
  storeFor: (viewer) => (viewer.role === 'partner' && viewer.partnerId === IMPORT_OWNER ? 'cpia' : undefined),
  ownerOf: () => IMPORT_OWNER,
  erase: async (tx, { participantId }) => {
    const surveys = await sql`delete from integration_survey where participant_id = ${participantId}`.execute(tx);
    const removed = await sql`delete from enrolment where participant_id = ${participantId}`.execute(tx);
    return { integration_survey: Number(surveys.numAffectedRows ?? 0), enrolment: Number(removed.numAffectedRows ?? 0) };
  },
};
