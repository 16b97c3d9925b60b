// Who may see IAL's people: its own operators in full (participant.ts); by pseudonym, IAL's
// facts also to a partner serving the same person (participant-entity.ts).
import type { Viewer } from '@pleiadi/kit';
import { IAL_PARTNER_ID } from './partner.ts';

/** IAL Emilia-Romagna's own operators: the only callers who see its participants in full. */
export const OWN_OPERATORS = { partner: IAL_PARTNER_ID };
export const PERSONAL = ['personal'];
export const PSEUDONYMOUS = ['pseudonymous'];

export function isOwnOperator(viewer: Viewer): boolean {
  return viewer.role === 'partner' && viewer.partnerId === IAL_PARTNER_ID;
}
