// What every stage of a gateway request reads and writes: the one context type, and the types the
// stages hand each other. It imports nothing of the gateway's own, so any stage can import it.
import type { RequestScope, Viewer } from '@pleiadi/kit';

/**
 * What identifies the request as it is executed (see identity/request-identity.ts): the response
 * cache, in-flight sharing, audit names and logs all use this, never the raw request fields.
 */
export interface RequestIdentity {
  /** SHA-256 (hex) of the document text executed, after persisted-query or safelist lookup. */
  documentHash: string;
  /** The operation selected in that document, or null for its single anonymous one. */
  operationName: string | null;
  operationKind: 'query' | 'mutation' | 'subscription';
  /** SHA-256 of the canonical encoding of the variables the operation defines. */
  variablesHash: string;
  /** Who the answer may depend on: role and the claims the subgraphs decide by. */
  scope: string;
  /** SHA-256 of all of the above: equal keys, equal answers. */
  key: string;
}

/** What every gateway request carries. */
export interface GatewayContext {
  /** The verified caller (auth stage), later named with its operation (identity stage). */
  viewer: Viewer;
  /** The token vouching for the caller to the subgraphs, signed once the operation is known. */
  internalToken: string;
  /** Set once the operation is resolved. */
  identity?: RequestIdentity;
  /**
   * Whether the operation selects a field tagged personal, pseudonymous or oversight, whose every
   * reading the subgraphs audit (policy stage): such answers are never cached, nor their fetches
   * batched with another request's. Unknown (undefined) counts as yes.
   */
  readsAuditedData?: boolean;
  /** Subgraphs this request has fetched from, for what reports on the request (which partners it reached). */
  fetchedSubgraphs: Set<string>;
  /** Long strings of this request's subgraph answers that later subgraph requests may carry as they are (subgraphs/verbatim.ts). */
  verbatimStrings?: Set<string>;
  /** The request's id and trace (the kit's telemetry/request-scope.ts): its log lines name them, its subgraph requests carry the trace. */
  requestScope?: RequestScope;
}

/** A context as built for each request before the operation is known. */
export function initialContext(viewer: Viewer, requestScope?: RequestScope): GatewayContext {
  return { viewer, internalToken: '', fetchedSubgraphs: new Set(), requestScope };
}
