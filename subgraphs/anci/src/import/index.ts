// What ANCI Emilia-Romagna's operators import into their own database, in loading order. No
// people: nothing to erase, no per-person audit trail (the database keeps none).
import type { PartnerImports } from '@pleiadi/kit/import';
import { governanceTables, meetingAttendances, meetings, members, operatorTrainings, organisations, trainingAttendances } from './tables.ts';

/** ANCI Emilia-Romagna in the partner registry. */
export const IMPORT_OWNER = 'anci-er';

export const anciImports: PartnerImports = {
  subgraph: 'anci',
  title: 'ANCI Emilia-Romagna',
  tables: [organisations, governanceTables, members, meetings, meetingAttendances, operatorTrainings, trainingAttendances],
  audited: false,
  storeFor: (viewer) => (viewer.role === 'partner' && viewer.partnerId === IMPORT_OWNER ? 'anci' : undefined),
  ownerOf: () => IMPORT_OWNER,
};
