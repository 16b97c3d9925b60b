// How a registered operation becomes a table: which list gives the rows, how the connection is
// paged, and which columns a row has — all read once from the operation and the API schema, so the
// header row, the OpenAPI document and every row agree before a single page is fetched.
//
// The rule (docs/bi.md): the rows are the first list met walking the selection in document order
// through single objects — a connection's `nodes` (paged through `$after` to the end) or any other
// list. Each row's columns are its selected fields, nested single objects flattened with "_"
// (`site { municipality { name } }` → `site_municipality_name`, aliases as written); a list inside
// a row stays one column (JSON text in CSV). Fields outside the row list are not in the table.
import {
  getNamedType,
  getNullableType,
  isInputType,
  isLeafType,
  isListType,
  isObjectType,
  Kind,
  typeFromAST,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

export interface Column {
  name: string;
  /** Path of response keys inside a row. */
  path: string[];
  /** GraphQL type of the value, e.g. `String`, `[String!]`, `[IndicatorTarget]` (JSON in CSV). */
  graphqlType: string;
  kind: 'string' | 'integer' | 'number' | 'boolean' | 'list';
  nullable: boolean;
}

export interface TableShape {
  /** Response keys from `data` to the list of rows. */
  rowPath: string[];
  /** The connection's response keys (rows are `nodes` inside it), when the rows are paged. */
  connection?: { path: string[]; afterVariable: string; firstVariable?: string };
  columns: Column[];
}

type Fragments = Record<string, FragmentDefinitionNode>;

function fieldsOf(selection: SelectionSetNode | undefined, fragments: Fragments): FieldNode[] {
  const fields: FieldNode[] = [];
  for (const node of selection?.selections ?? []) {
    if (node.kind === Kind.FIELD) fields.push(node);
    else if (node.kind === Kind.INLINE_FRAGMENT) fields.push(...fieldsOf(node.selectionSet, fragments));
    else if (fragments[node.name.value]) fields.push(...fieldsOf(fragments[node.name.value].selectionSet, fragments));
  }
  return fields.filter((f) => !f.name.value.startsWith('__'));
}

const keyOf = (field: FieldNode) => field.alias?.value ?? field.name.value;

function variableOfArgument(field: FieldNode, argument: string): string | undefined {
  const value = field.arguments?.find((a) => a.name.value === argument)?.value;
  return value?.kind === Kind.VARIABLE ? value.name.value : undefined;
}

function columnKind(type: GraphQLOutputType): Column['kind'] {
  if (isListType(getNullableType(type))) return 'list';
  const name = getNamedType(type).name;
  if (name === 'Int') return 'integer';
  if (name === 'Float') return 'number';
  if (name === 'Boolean') return 'boolean';
  return 'string';
}

function columnsOf(parent: GraphQLObjectType, selection: SelectionSetNode | undefined, fragments: Fragments, prefix: string[], into: Column[]) {
  for (const field of fieldsOf(selection, fragments)) {
    const definition = parent.getFields()[field.name.value];
    if (!definition) throw new Error(`${parent.name} has no field ${field.name.value}`);
    const path = [...prefix, keyOf(field)];
    const nullable = getNullableType(definition.type) === definition.type;
    const inner = getNullableType(definition.type);
    const named = getNamedType(definition.type);
    if (!isListType(inner) && isObjectType(named) && field.selectionSet) {
      const before = into.length;
      columnsOf(named, field.selectionSet, fragments, path, into);
      // A nullable object's columns are null when it is.
      if (nullable) for (const column of into.slice(before)) column.nullable = true;
    } else {
      into.push({ name: path.join('_'), path, graphqlType: String(definition.type).replace(/!$/, ''), kind: columnKind(definition.type), nullable });
    }
  }
}

/** Unique column names: a clash (`a_b` and `a { b }`) gets `_2`, `_3`… in document order. */
function dedupe(columns: Column[]): Column[] {
  const seen = new Map<string, number>();
  for (const column of columns) {
    const count = (seen.get(column.name) ?? 0) + 1;
    seen.set(column.name, count);
    if (count > 1) column.name = `${column.name}_${count}`;
  }
  return columns;
}

export function tableShape(schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Fragments): TableShape {
  const root = operation.operation === 'query' ? schema.getQueryType() : undefined;
  if (!root) throw new Error('only queries are served as tables');
  const walk = (parent: GraphQLObjectType, selection: SelectionSetNode | undefined, path: string[]): TableShape | undefined => {
    for (const field of fieldsOf(selection, fragments)) {
      const definition = parent.getFields()[field.name.value];
      if (!definition) throw new Error(`${parent.name} has no field ${field.name.value}`);
      const named = getNamedType(definition.type);
      const here = [...path, keyOf(field)];
      if (!isObjectType(named) || isLeafType(named)) continue;
      if (isListType(getNullableType(definition.type))) {
        const columns: Column[] = [];
        columnsOf(named, field.selectionSet, fragments, [], columns);
        return { rowPath: here, columns: dedupe(columns) };
      }
      const inner = fieldsOf(field.selectionSet, fragments);
      const nodes = inner.find((f) => f.name.value === 'nodes');
      const pageInfo = inner.find((f) => f.name.value === 'pageInfo');
      const after = variableOfArgument(field, 'after');
      if (nodes && pageInfo && after && named.getFields().nodes) {
        const infoKeys = fieldsOf(pageInfo.selectionSet, fragments).map((f) => f.name.value);
        if (infoKeys.includes('hasNextPage') && infoKeys.includes('endCursor')) {
          const nodeType = getNamedType(named.getFields().nodes.type) as GraphQLObjectType;
          const columns: Column[] = [];
          columnsOf(nodeType, nodes.selectionSet, fragments, [], columns);
          return {
            rowPath: [...here, keyOf(nodes)],
            connection: { path: here, afterVariable: after, firstVariable: variableOfArgument(field, 'first') },
            columns: dedupe(columns),
          };
        }
      }
      const deeper = walk(named, field.selectionSet, here);
      if (deeper) return deeper;
    }
    return undefined;
  };
  const found = walk(root, operation.selectionSet, []);
  if (found) return found;
  // No list at all: the whole answer is one row.
  const columns: Column[] = [];
  columnsOf(root, operation.selectionSet, fragments, [], columns);
  return { rowPath: [], columns: dedupe(columns) };
}

/** The GraphQL type of a variable, as the API schema knows it. */
export function variableType(schema: GraphQLSchema, operation: OperationDefinitionNode, name: string): GraphQLInputType | undefined {
  const definition = operation.variableDefinitions?.find((d) => d.variable.name.value === name);
  const type = definition ? typeFromAST(schema, definition.type as never) : undefined;
  return type && isInputType(type) ? type : undefined;
}

/** The value at a path of response keys (undefined past a null). */
export function valueAt(data: unknown, path: readonly string[]): unknown {
  let value = data;
  for (const key of path) {
    if (value == null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** One row as column values, in column order (null where the answer has none). */
export function flattenRow(node: unknown, columns: readonly Column[]): unknown[] {
  return columns.map((column) => valueAt(node, column.path) ?? null);
}
