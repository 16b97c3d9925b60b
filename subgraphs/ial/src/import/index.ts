// What IAL's operators import into their own database, in loading order, and how a person is
// erased from it (their job path and all on it; employers stay). Used by cli.ts, the subgraph's
// upload route (server.ts) and docs/imports/ial.md.
import { participantsTable, type PartnerImports } from '@pleiadi/kit/import';
import { sql } from 'kysely';
import { employers, integrationSurveys, jobPaths, orientationSessions, placements, recognitions, skillsAssessments, traineeships } from './tables.ts';

/** IAL Emilia-Romagna in the partner registry (schema/partner.ts's IAL_PARTNER_ID; checked by the import test). */
export const IMPORT_OWNER = 'ial-er';

const ON_A_PATH = ['orientation_session', 'skills_assessment', 'qualification_recognition', 'integration_survey', 'traineeship', 'placement'];

export const ialImports: PartnerImports = {
  subgraph: 'ial',
  title: 'IAL Emilia-Romagna',
  tables: [participantsTable('IAL Emilia-Romagna'), employers, jobPaths, orientationSessions, skillsAssessments, recognitions, traineeships, placements, integrationSurveys],
  audited: true,
  storeFor: (viewer) => (viewer.role === 'partner' && viewer.partnerId === IMPORT_OWNER ? 'ial' : undefined),
  ownerOf: () => IMPORT_OWNER,
  erase: async (tx, { participantId }) => {
    const removed: Record<string, number> = {};
    const paths = sql`(select id from job_path where participant_id = ${participantId})`;
    for (const table of ON_A_PATH) {
      const result = await sql`delete from ${sql.table(table)} where job_path_id in ${paths}`.execute(tx);
      removed[table] = Number(result.numAffectedRows ?? 0);
    }
    const result = await sql`delete from job_path where participant_id = ${participantId}`.execute(tx);
    removed.job_path = Number(result.numAffectedRows ?? 0);
    return removed;
  },
};
