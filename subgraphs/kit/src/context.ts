// What a subgraph's resolvers get for each request: who is asking (viewer.ts), the databases,
// the audit collector and the grants. It sits above those modules; none of them imports it.
import type { Kysely } from 'kysely';
import type { AuditCollector } from './audit.ts';
import type { ParticipantGrants } from './grant.ts';
import type { LongStrings } from './spliced-json.ts';
import type { RequestScope } from './telemetry/request-scope.ts';
import type { Viewer } from './viewer.ts';

export type { Role, Viewer } from './viewer.ts';
export { ANONYMOUS } from './viewer.ts';

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
  /** Long base64 strings the answer holds back until it is written, when served over HTTP (spliced-json.ts). */
  longStrings?: LongStrings;
  /** The request's id and trace, for its log lines (telemetry/request-scope.ts); set when served over HTTP. */
  requestScope?: RequestScope;
}
