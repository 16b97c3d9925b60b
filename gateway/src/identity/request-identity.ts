// One identity per request, derived from what is executed rather than from what was sent: the
// document after persisted-query or safelist lookup (a hash-only request has no query text of its
// own), the operation selected in it, the variables it defines in a canonical encoding, and the
// caller's scope. The response cache, in-flight sharing, the subgraphs' audit names and the logs
// all identify a request by this, and only by this.
import { createHash } from 'node:crypto';
import type { OperationDefinitionNode } from 'graphql';
import type { Viewer } from '@pleiadi/kit';
import type { RequestIdentity } from '../context.ts';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * A canonical JSON encoding: object keys sorted, `undefined` members left out, as JSON.stringify
 * would otherwise. Called on input already bounded in depth (admission/input-bounds.ts).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const members = Object.keys(value)
    .sort()
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${members.join(',')}}`;
}

/** The claims every subgraph answers by (role, partner, ambit, purpose); not who the caller is. */
export function scopeOf(viewer: Viewer): string {
  return JSON.stringify([viewer.role, viewer.partnerId ?? null, viewer.ambit ?? null, viewer.purpose ?? null]);
}

export interface ExecutedRequest {
  /** The document text executed. */
  source: string;
  /** The operation selected (undefined when none could be: execution then reports it). */
  operation: OperationDefinitionNode | undefined;
  variables: Record<string, unknown> | undefined;
  viewer: Viewer;
}

export function requestIdentity({ source, operation, variables, viewer }: ExecutedRequest): RequestIdentity {
  const documentHash = sha256(source);
  const operationName = operation?.name?.value ?? null;
  const operationKind = operation?.operation ?? 'query';
  // Only the variables the operation defines reach execution: others must not split the cache.
  const defined: Record<string, unknown> = {};
  for (const definition of operation?.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (variables && Object.hasOwn(variables, name)) defined[name] = variables[name];
  }
  const variablesHash = sha256(canonicalJson(defined));
  const scope = scopeOf(viewer);
  const key = sha256(JSON.stringify([documentHash, operationName, operationKind, variablesHash, scope]));
  return { documentHash, operationName, operationKind, variablesHash, scope, key };
}
