// Query parameters → the operation's variables, checked against the variables' types in the API
// schema (graphql-js coerceInputValue). Scalars come as text (`ambit=BOLOGNA`, `first=10`, lists as
// repeated parameters); an input object as JSON (`filter={"ambit":"BOLOGNA"}`) or field by field
// (`filter.ambit=BOLOGNA`). `limit` caps the rows; the connection's page variables are the feed's.
import {
  coerceInputValue,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  valueFromAST,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { FeedError } from '../auth/bi-keys.ts';
import type { BiOperation } from './operations.ts';
import { variableType } from './table-shape.ts';

/** Parameters every table takes besides its variables. */
export const TABLE_PARAMETERS = ['limit'] as const;
export const MAX_LIMIT = 10_000_000;

const bad = (message: string) => new FeedError(400, 'BAD_PARAMETER', message);

function fromText(text: string, type: GraphQLInputType, name: string): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return [fromText(text, nullable.ofType, name)];
  if (isInputObjectType(nullable)) {
    try {
      return JSON.parse(text);
    } catch {
      throw bad(`Parameter "${name}" must be JSON for ${String(type)}, e.g. ${name}={"…":"…"}, or given field by field as ${name}.<field>=….`);
    }
  }
  if (isScalarType(nullable)) {
    if (nullable.name === 'Int') return /^-?\d{1,10}$/.test(text) ? Number(text) : text;
    if (nullable.name === 'Float') return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
    if (nullable.name === 'Boolean') return text === 'true' ? true : text === 'false' ? false : text;
  }
  if (isEnumType(nullable)) return text;
  return text;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown) {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (node[key] == null || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

/** The field type at a dotted path inside an input object type. */
function fieldType(type: GraphQLInputType, path: string[], name: string): GraphQLInputType {
  let current = type;
  for (const key of path) {
    const inner = getNullableType(current);
    const field = isInputObjectType(inner) ? inner.getFields()[key] : undefined;
    if (!field) throw new FeedError(400, 'UNKNOWN_PARAMETER', `Parameter "${name}": ${String(inner)} has no field "${key}".`);
    current = field.type;
  }
  return current;
}

export interface TableRequest {
  variables: Record<string, unknown>;
  limit?: number;
}

export function tableRequest(schema: GraphQLSchema, table: BiOperation, params: URLSearchParams): TableRequest {
  const paged = new Set([table.shape.connection?.afterVariable, table.shape.connection?.firstVariable].filter(Boolean));
  const raw: Record<string, unknown> = {};
  let limit: number | undefined;
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    if (key === 'limit') {
      if (values.length !== 1 || !/^\d{1,8}$/.test(values[0]) || Number(values[0]) > MAX_LIMIT) throw bad(`"limit" must be a whole number from 0 to ${MAX_LIMIT}.`);
      limit = Number(values[0]);
      continue;
    }
    const [variable, ...path] = key.split('.');
    const type = variableType(schema, table.operation, variable);
    if (!type || paged.has(variable)) {
      const allowed = (table.operation.variableDefinitions ?? []).map((d) => d.variable.name.value).filter((n) => !paged.has(n));
      throw new FeedError(400, 'UNKNOWN_PARAMETER', `${table.name} takes no parameter "${key.slice(0, 60)}"; it takes ${[...allowed, 'limit'].join(', ')}.`);
    }
    const leafType = fieldType(type, path, key);
    const value = isListType(getNullableType(leafType)) ? values.flatMap((v) => fromText(v, leafType, key) as unknown[]) : fromText(values[values.length - 1], leafType, key);
    if (path.length) setPath((raw[variable] ??= {}) as Record<string, unknown>, path, value);
    else raw[variable] = value;
  }
  const variables: Record<string, unknown> = {};
  for (const definition of table.operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (paged.has(name)) continue;
    const type = variableType(schema, table.operation, name)!;
    if (!Object.hasOwn(raw, name)) {
      if (isNonNullType(type) && !definition.defaultValue) throw new FeedError(400, 'MISSING_PARAMETER', `${table.name} needs the parameter "${name}" (${String(type)}).`);
      if (definition.defaultValue) variables[name] = valueFromAST(definition.defaultValue, type);
      continue;
    }
    const problems: string[] = [];
    const value = coerceInputValue(raw[name], type, (path, _invalid, error) => problems.push(`${[name, ...path].join('.')}: ${error.message}`));
    if (problems.length) throw bad(`Parameter "${name}" is not a valid ${String(type)}: ${problems[0].slice(0, 300)}`);
    variables[name] = value;
  }
  return { variables, limit };
}
