// Who is asking, as a subgraph sees it: filled from the internal token the gateway signs for
// each request (see identity.ts). The bottom of the kit: it imports nothing of the kit.
export type Role = 'anonymous' | 'region' | 'partner' | 'bi';

export interface Viewer {
  role: Role;
  /** Who: the `sub` of the caller's token. */
  subject?: string;
  /** Partner registry id, for role `partner`. */
  partnerId?: string;
  /** Ambit code, for an operator of an ambit consortium (ATS). */
  ambit?: string;
  /** Declared purpose of processing, e.g. `case-coordination` or `reporting`. */
  purpose?: string;
  /** The operation the gateway is running, for the audit trail. */
  operationName?: string;
  operationHash?: string;
}

export const ANONYMOUS: Viewer = Object.freeze({ role: 'anonymous' });
