// Who is asking, as a subgraph sees it. Access-control issues fill this from verified
// credentials; until then every caller is anonymous and sees only public data.
import type { Kysely } from 'kysely';

export type Role = 'anonymous' | 'region' | 'partner' | 'bi';

export interface Viewer {
  role: Role;
  /** Partner registry id, for role `partner`. */
  partnerId?: string;
  /** Ambit code, for an operator of an ambit consortium (ATS). */
  ambit?: string;
  /** Declared purpose of processing, e.g. `case-coordination` or `reporting`. */
  purpose?: string;
}

export const ANONYMOUS: Viewer = Object.freeze({ role: 'anonymous' });

export interface SubgraphContext<DB = unknown> {
  subgraph: string;
  /** The subgraph's database; for a subgraph with several, the first. */
  db: Kysely<DB>;
  /** Every database of the subgraph by store name (the ats subgraph has one per ambit). */
  stores: Readonly<Record<string, Kysely<DB>>>;
  viewer: Viewer;
}
