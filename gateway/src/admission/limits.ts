// Limits on what one operation may ask of the graph, checked at the gateway before any subgraph
// is called (and, for the document size, before the document is even parsed). Each refusal has
// its own stable `extensions.code`, HTTP 400, and a message with the limit and the measured value.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  GraphQLError,
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
import { rejectRequest, throwIfRejected } from './early-rejection.ts';

export interface RequestLimits {
  /** Deepest field nesting, fragments included: `{ a { b } }` is 2. */
  maxDepth: number;
  /** Aliased fields in the operation as executed (a fragment spread twice counts twice). */
  maxAliases: number;
  /** Distinct top-level fields (response keys) of the operation. */
  maxRootFields: number;
  /** Estimated cost, see `measureOperation`. */
  maxCost: number;
  /** UTF-8 bytes of the query text. */
  maxDocumentBytes: number;
}

export const DEFAULT_LIMITS: Readonly<RequestLimits> = Object.freeze({
  maxDepth: 12,
  maxAliases: 30,
  maxRootFields: 20,
  maxCost: 50_000,
  maxDocumentBytes: 20_000,
});

export const LimitErrorCode = {
  DOCUMENT_TOO_LARGE: 'DOCUMENT_TOO_LARGE',
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  TOO_MANY_ALIASES: 'TOO_MANY_ALIASES',
  TOO_MANY_ROOT_FIELDS: 'TOO_MANY_ROOT_FIELDS',
  QUERY_TOO_COSTLY: 'QUERY_TOO_COSTLY',
} as const;
export type LimitErrorCode = (typeof LimitErrorCode)[keyof typeof LimitErrorCode];

// Connection page sizes: the subgraphs accept `first` from 0 to 1000 and default to 50.
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;
/** What a list without paging arguments counts for in the cost estimate. */
export const UNPAGED_LIST_SIZE = 10;

// Environment variable, limit, and the range a sensible deployment stays within.
const ENVIRONMENT: { variable: string; key: keyof RequestLimits; min: number; max: number }[] = [
  { variable: 'PLEIADI_MAX_DEPTH', key: 'maxDepth', min: 2, max: 100 },
  { variable: 'PLEIADI_MAX_ALIASES', key: 'maxAliases', min: 0, max: 10_000 },
  { variable: 'PLEIADI_MAX_ROOT_FIELDS', key: 'maxRootFields', min: 1, max: 1_000 },
  { variable: 'PLEIADI_MAX_COST', key: 'maxCost', min: 1, max: 1_000_000_000 },
  // Above the HTTP front's 1 MB body limit the check could never trigger.
  { variable: 'PLEIADI_MAX_DOCUMENT_BYTES', key: 'maxDocumentBytes', min: 100, max: 1_000_000 },
];

/**
 * The limits from PLEIADI_MAX_DEPTH, PLEIADI_MAX_ALIASES, PLEIADI_MAX_ROOT_FIELDS,
 * PLEIADI_MAX_COST and PLEIADI_MAX_DOCUMENT_BYTES; unset or empty means the default. Throws at
 * startup on anything but a whole number in the limit's range, so a typo never silently
 * disables a protection.
 */
export function limitsFromEnvironment(env: NodeJS.ProcessEnv = process.env): RequestLimits {
  const limits: RequestLimits = { ...DEFAULT_LIMITS };
  for (const { variable, key, min, max } of ENVIRONMENT) {
    const raw = env[variable]?.trim();
    if (!raw) continue;
    const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw new Error(
        `${variable}=${JSON.stringify(env[variable])} is not a valid limit: expected a whole number from ${min} to ${max} (default ${DEFAULT_LIMITS[key]}).`,
      );
    }
    limits[key] = value;
  }
  return limits;
}

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

const format = (n: number) => (Number.isFinite(n) && n < 1e15 ? Math.round(n).toLocaleString('en-US') : 'more than 10^15');

function limitError(code: LimitErrorCode, message: string, limit: number, measured: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code, limit, measured: Number.isFinite(measured) ? measured : Number.MAX_SAFE_INTEGER, http: { status: 400 } },
  });
}

export function documentTooLarge(bytes: number, limits: RequestLimits): GraphQLError {
  return limitError(
    LimitErrorCode.DOCUMENT_TOO_LARGE,
    `The query document is ${format(bytes)} bytes; the gateway accepts at most ${format(limits.maxDocumentBytes)}. Split it into smaller operations.`,
    limits.maxDocumentBytes,
    bytes,
  );
}

/** The first limit the measured operation exceeds, as the error to answer with; undefined if none. */
export function checkLimits(measure: OperationMeasure, limits: RequestLimits): GraphQLError | undefined {
  if (measure.depth > limits.maxDepth) {
    return limitError(
      LimitErrorCode.QUERY_TOO_DEEP,
      `The query nests fields ${format(measure.depth)} levels deep; the limit is ${format(limits.maxDepth)}. Fetch the deeper data with a separate query.`,
      limits.maxDepth,
      measure.depth,
    );
  }
  if (measure.aliases > limits.maxAliases) {
    return limitError(
      LimitErrorCode.TOO_MANY_ALIASES,
      `The query uses ${format(measure.aliases)} aliases (fragments counted where they are spread); the limit is ${format(limits.maxAliases)}.`,
      limits.maxAliases,
      measure.aliases,
    );
  }
  if (measure.rootFields > limits.maxRootFields) {
    return limitError(
      LimitErrorCode.TOO_MANY_ROOT_FIELDS,
      `The query selects ${format(measure.rootFields)} top-level fields; the limit is ${format(limits.maxRootFields)}. Split it into several queries.`,
      limits.maxRootFields,
      measure.rootFields,
    );
  }
  if (measure.cost !== undefined && measure.cost > limits.maxCost) {
    return limitError(
      LimitErrorCode.QUERY_TOO_COSTLY,
      `The query's estimated cost is ${format(measure.cost)}; the limit is ${format(limits.maxCost)}. ` +
        `Every field costs 1 times the sizes of the lists above it (a connection's page is its "first", 50 when not given; other lists count ${UNPAGED_LIST_SIZE}): ask for smaller pages or fewer nested lists.`,
      limits.maxCost,
      measure.cost,
    );
  }
  return undefined;
}

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * Enforces `limits` on every operation before execution, so before the gateway plans it or
 * calls a subgraph. The document size is checked on the raw text before parsing; depth,
 * aliases, root fields and cost on the operation selected by `operationName`, after validation.
 */
export function createLimitsPlugin<TContext extends BaseContext = BaseContext>(limits: RequestLimits): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ request }) {
      if (typeof request.query === 'string' && utf8Bytes(request.query) > limits.maxDocumentBytes) {
        rejectRequest(request, documentTooLarge(utf8Bytes(request.query), limits));
      }
      return {
        // A persisted query's text is only known here; it is parsed anyway, but still refused.
        async didResolveSource({ source }) {
          if (utf8Bytes(source) > limits.maxDocumentBytes) rejectRequest(request, documentTooLarge(utf8Bytes(source), limits));
        },
        async didResolveOperation({ schema, document, operation }) {
          throwIfRejected(request);
          // No operation (e.g. an unknown operationName): execution reports it without any fetch.
          if (!operation) return;
          const error = checkLimits(measureOperation(schema, document, operation, request.variables ?? {}), limits);
          if (error) throw error;
        },
      };
    },
  };
}
