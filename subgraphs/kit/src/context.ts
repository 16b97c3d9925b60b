// Who is asking, as a subgraph sees it: filled from the internal token the gateway signs for
// each request (see identity.ts).
import type { Kysely } from 'kysely';
import type { AuditCollector } from './audit.ts';
import type { ParticipantGrants } from './grant.ts';

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

export interface SubgraphContext<DB = unknown> {
  subgraph: string;
  /** The subgraph's database; for a subgraph with several, the first. */
  db: Kysely<DB>;
  /** Every database of the subgraph by store name (the ats subgraph has one per ambit). */
  stores: Readonly<Record<string, Kysely<DB>>>;
  viewer: Viewer;
  /** What this request does with personal or pseudonymous data; written to the audit trail. */
  audit: AuditCollector;
  /** Signs and checks participant grants (see grant.ts). */
  grants: ParticipantGrants;
}
