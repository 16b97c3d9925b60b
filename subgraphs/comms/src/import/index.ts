// What Media Group98's operators import into their own database, in loading order. No people:
// nothing to erase, no per-person audit trail (the database keeps none).
import type { PartnerImports } from '@pleiadi/kit/import';
import { campaigns } from './campaigns.ts';
import { events, materials, reach } from './tables.ts';

/** Media Group98 in the partner registry (schema/entities.ts's PARTNER_ID; checked by the import test). */
export const IMPORT_OWNER = 'media-group98';

export const commsImports: PartnerImports = {
  subgraph: 'comms',
  title: 'Media Group98',
  tables: [campaigns, materials, events, reach],
  audited: false,
  storeFor: (viewer) => (viewer.role === 'partner' && viewer.partnerId === IMPORT_OWNER ? 'comms' : undefined),
  ownerOf: () => IMPORT_OWNER,
};
