// Who may see the network's people. Participants in full (names, fiscal codes, enrolments) are for
// the operators of the network's partner, CPIA Metropolitano di Bologna, only; see participant.ts
// for their fields and participant-entity.ts for what other partners may learn by pseudonym.
import type { Viewer } from '@pleiadi/kit';
import { NETWORK_LEAD_PARTNER_ID } from '../db/seed/reference.ts';

/** The partner-registry id whose operators are the network's own. */
export const OWN_PARTNER_ID = NETWORK_LEAD_PARTNER_ID;

/** The scope of every field that returns personal data of the network's participants. */
export const OWN_OPERATORS = { partner: OWN_PARTNER_ID } as const;

export function isOwnOperator(viewer: Viewer): boolean {
  return viewer.role === 'partner' && viewer.partnerId === OWN_PARTNER_ID;
}
