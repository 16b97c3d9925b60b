// @apollo/gateway turns the request's operation into federation-internals' Operation afresh on
// every request before it shapes the answer (executeQueryPlan: `operationFromDocument(apiSchema,
// …, { validate: false })`), though the parsed document is the one Apollo Server keeps per query
// text and the schema changes only with the supergraph. Building it was ~9% of the gateway's CPU on
// the six-partner query (the call's own time and the garbage it leaves). The Operation depends on
// the schema and the definitions alone (variables come later) and is only read from then on, so it
// is built once per schema and operation definition, and reused while both live.
//
// Applied to federation-internals' flattened exports object, which @apollo/gateway reads at each
// call: by federation-exports.ts under node, by the bundle's build (scripts/bin/build.mjs) there.
// Only that execution-time call is reused; planning and validating calls pass through untouched.

type Definitions = readonly object[];
type OperationFromDocument = (schema: object, document: { definitions: Definitions }, options?: { validate?: boolean; operationName?: string }) => unknown;

const REUSING = Symbol.for('pleiadi.operationReuse');

/** Whether `fn` is the reusing operationFromDocument this module installs. */
export function isReusingOperations(fn: unknown): boolean {
  return typeof fn === 'function' && REUSING in fn;
}

/** Makes `internals.operationFromDocument` reuse what it built; false where it cannot (an export held by a getter). */
export function reuseOperations(internals: Record<string, unknown>): boolean {
  const descriptor = Object.getOwnPropertyDescriptor(internals, 'operationFromDocument');
  if (!descriptor || !('value' in descriptor) || !descriptor.writable || typeof descriptor.value !== 'function') return false;
  if (isReusingOperations(descriptor.value)) return true;
  internals.operationFromDocument = reusing(descriptor.value as OperationFromDocument);
  return true;
}

function reusing(build: OperationFromDocument): OperationFromDocument {
  // Schema → the document's first definition (its operation) → the definitions it was built from.
  const built = new WeakMap<object, WeakMap<object, { definitions: Definitions; operation: unknown }>>();
  const reuse: OperationFromDocument = (schema, document, options) => {
    const first = document.definitions[0];
    if (options?.validate !== false || options.operationName !== undefined || first === undefined) return build(schema, document, options);
    let bySchema = built.get(schema);
    if (!bySchema) built.set(schema, (bySchema = new WeakMap()));
    const known = bySchema.get(first);
    if (known && sameDefinitions(known.definitions, document.definitions)) return known.operation;
    const operation = build(schema, document, options);
    bySchema.set(first, { definitions: [...document.definitions], operation });
    return operation;
  };
  return Object.assign(reuse, { [REUSING]: true });
}

function sameDefinitions(a: Definitions, b: Definitions): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
