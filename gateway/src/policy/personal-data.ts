// Early refusal of personal and pseudonymous fields at the gateway: fields tagged
// @tag(name: "personal") or @tag(name: "pseudonymous") in the subgraphs are for partner operators
// only (each subgraph then checks it is their own partner). Callers of any other role are refused
// before a single subgraph is called. The subgraphs enforce the same rules themselves.
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../context.ts';
import { tagsOf, type TagMap } from '../contracts/tags.ts';

export const PERSONAL_TAGS = ['personal', 'pseudonymous'];
/** Fields whose every reading the subgraphs audit: the personal ones and the audit trails themselves. */
export const AUDITED_TAGS = [...PERSONAL_TAGS, 'oversight'];

/** `Type.field` of every field the supergraph tags as personal or pseudonymous. */
export function personalFieldsOf(supergraph: string | TagMap): Set<string> {
  return taggedFieldsOf(supergraph, PERSONAL_TAGS);
}

/** `Type.field` of every field the supergraph (or its tags, read once) tags with any of `among`. */
export function taggedFieldsOf(supergraph: string | TagMap, among: readonly string[]): Set<string> {
  const tags = typeof supergraph === 'string' ? tagsOf(supergraph) : supergraph;
  const fields = new Set<string>();
  for (const [coordinate, set] of tags) {
    // Fields only: not types (`Type`), nor arguments (`Type.field(arg:)`).
    if (!coordinate.includes('.') || coordinate.includes('(')) continue;
    if ([...set].some((tag) => among.includes(tag))) fields.add(coordinate);
  }
  return fields;
}

/**
 * Refuses personal and pseudonymous fields to every caller but partner operators, and notes on the
 * context whether the operation reads any of `auditedFields` (by default the personal ones).
 */
export function createPersonalDataPlugin(personalFields: ReadonlySet<string>, auditedFields: ReadonlySet<string> = personalFields): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, schema, contextValue }) {
          contextValue.readsAuditedData = fieldsReached(document, schema, auditedFields).size > 0;
          if (contextValue.viewer.role === 'partner' || personalFields.size === 0) return;
          const reached = fieldsReached(document, schema, personalFields);
          if (reached.size) {
            throw new GraphQLError(`Personal and pseudonymous data is for the operators of the partner that holds it; refused: ${[...reached].sort().join(', ')}.`, {
              extensions: { code: 'FORBIDDEN', http: { status: 403 } },
            });
          }
        },
      };
    },
  };
}

// Apollo keeps one parsed document per operation text, so a repeated operation is walked once per
// schema and field set here, not on every request. The field sets are refilled when the
// supergraph changes, which always brings a new schema: keyed by schema first, nothing goes stale.
const reachedCache = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<ReadonlySet<string>, Set<string>>>>();

/** Which of `fields` (as `Type.field`) an operation selects, fragments included. */
export function fieldsReached(document: DocumentNode, schema: GraphQLSchema, fields: ReadonlySet<string>): Set<string> {
  let perDocument = reachedCache.get(schema);
  if (!perDocument) reachedCache.set(schema, (perDocument = new WeakMap()));
  let perSet = perDocument.get(document);
  if (!perSet) perDocument.set(document, (perSet = new Map()));
  let reached = perSet.get(fields);
  if (!reached) perSet.set(fields, (reached = walk(document, schema, fields)));
  return reached;
}

function walk(document: DocumentNode, schema: GraphQLSchema, fields: ReadonlySet<string>): Set<string> {
  const typeInfo = new TypeInfo(schema);
  const reached = new Set<string>();
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        const key = parent ? `${parent.name}.${node.name.value}` : '';
        if (fields.has(key)) reached.add(key);
      },
    }),
  );
  return reached;
}
