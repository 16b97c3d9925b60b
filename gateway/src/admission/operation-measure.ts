// How much an operation asks of the graph, measured as it would execute: depth, aliases, root
// fields and an estimated cost. The limits (limits.ts) compare these with what the gateway allows.
import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

// Connection page sizes: the subgraphs accept `first` from 0 to 1000 and default to 50.
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;
/** What a list without paging arguments counts for in the cost estimate. */
export const UNPAGED_LIST_SIZE = 10;

export interface OperationMeasure {
  depth: number;
  aliases: number;
  rootFields: number;
  /** Undefined when the variables do not fit the operation: the gateway refuses it before any fetch. */
  cost: number | undefined;
}

interface SelectionMeasure {
  depth: number;
  aliases: number;
  cost: number;
}

const NOTHING: SelectionMeasure = { depth: 0, aliases: 0, cost: 0 };

/** A Relay connection: its `nodes`/`edges` hold one page, whose size is the field's `first`. */
function isConnectionType(type: GraphQLNamedType | undefined): boolean {
  if (!isObjectType(type)) return false;
  const fields = type.getFields();
  return 'pageInfo' in fields && ('nodes' in fields || 'edges' in fields);
}

function fieldDefinition(schema: GraphQLSchema, parent: GraphQLNamedType | undefined, node: FieldNode): GraphQLField<unknown, unknown> | undefined {
  const name = node.name.value;
  if (name === '__typename') return TypeNameMetaFieldDef;
  if (parent && parent === schema.getQueryType()) {
    if (name === '__schema') return SchemaMetaFieldDef;
    if (name === '__type') return TypeMetaFieldDef;
  }
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

/**
 * Measures the operation as it would execute: fragments and inline fragments expanded, every
 * field counted where it is used. Cost: each field costs 1 times the product of the sizes of the
 * lists above it; a connection's `nodes`/`edges` hold `first` items (variables resolved; 50 when
 * absent; at most 1000, the schema's maximum), any other list counts as 10. `@skip`/`@include`
 * are ignored, so the estimate is an upper bound. Introspection (`__schema`, `__type`) counts as
 * one field of depth 1: the gateway answers it from memory.
 *
 * Each fragment is measured once per page size and reused, so a document that spreads fragments
 * into each other exponentially is measured in linear time; a fragment cycle (which validation
 * rejects anyway) contributes nothing instead of recursing forever.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
): OperationMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  const variableValues = coerced.coerced;

  const measured = new Map<string, SelectionMeasure>();
  const inProgress = new Set<string>();

  const pageSize = (field: GraphQLField<unknown, unknown>, node: FieldNode): number => {
    if (!field.args.some((arg) => arg.name === 'first')) return DEFAULT_PAGE_SIZE;
    let first: unknown;
    try {
      first = getArgumentValues(field, node, variableValues ?? {}).first;
    } catch {
      first = undefined;
    }
    if (typeof first !== 'number') return DEFAULT_PAGE_SIZE;
    return Math.min(Math.max(first, 0), MAX_PAGE_SIZE);
  };

  // `page` is the page size of the connection whose selection this is (1 elsewhere).
  const measureSelections = (selectionSet: SelectionSetNode, parent: GraphQLNamedType | undefined, page: number): SelectionMeasure => {
    let depth = 0;
    let aliases = 0;
    let cost = 0;
    const add = (inner: SelectionMeasure) => {
      depth = Math.max(depth, inner.depth);
      aliases += inner.aliases;
      cost += inner.cost;
    };
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) aliases += 1;
        const field = fieldDefinition(schema, parent, selection);
        if (!selection.selectionSet || !field) {
          depth = Math.max(depth, 1);
          cost += 1;
          continue;
        }
        const type = getNamedType(field.type);
        let items = 1;
        let childPage = 1;
        if (isConnectionType(type)) {
          childPage = pageSize(field, selection);
        } else if (isConnectionType(parent) && (selection.name.value === 'nodes' || selection.name.value === 'edges')) {
          items = page;
        } else {
          for (let t = getNullableType(field.type); isListType(t); t = getNullableType(t.ofType)) items *= UNPAGED_LIST_SIZE;
        }
        const inner = measureSelections(selection.selectionSet, type, childPage);
        aliases += inner.aliases;
        if (field === SchemaMetaFieldDef || field === TypeMetaFieldDef) {
          // Introspection is answered from the gateway's own schema, never by a subgraph, and
          // graphql-js's MaxIntrospectionDepthRule already bounds its recursion; counting it
          // would refuse the standard introspection query (15 deep) that tools send.
          depth = Math.max(depth, 1);
          cost += 1;
          continue;
        }
        depth = Math.max(depth, 1 + inner.depth);
        cost += 1 + items * inner.cost;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        add(measureSelections(selection.selectionSet, type ?? undefined, page));
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || inProgress.has(name)) continue;
        const key = `${name}\u0000${page}`;
        let inner = measured.get(key);
        if (!inner) {
          inProgress.add(name);
          inner = measureSelections(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? undefined, page);
          inProgress.delete(name);
          measured.set(key, inner);
        }
        add(inner);
      }
    }
    return { depth, aliases, cost };
  };

  const root = schema.getRootType(operation.operation) ?? undefined;
  const whole = root ? measureSelections(operation.selectionSet, root, 1) : NOTHING;
  return {
    depth: whole.depth,
    aliases: whole.aliases,
    rootFields: rootResponseKeys(operation.selectionSet, fragments).size,
    cost: variableValues ? whole.cost : undefined,
  };
}

// Fields selected twice under one response key are merged by execution: count keys, not selections.
function rootResponseKeys(
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  keys = new Set<string>(),
  visited = new Set<string>(),
): Set<string> {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      keys.add((selection.alias ?? selection.name).value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      rootResponseKeys(selection.selectionSet, fragments, keys, visited);
    } else if (!visited.has(selection.name.value)) {
      visited.add(selection.name.value);
      const fragment = fragments.get(selection.name.value);
      if (fragment) rootResponseKeys(fragment.selectionSet, fragments, keys, visited);
    }
  }
  return keys;
}
