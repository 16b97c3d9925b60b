// One contract's schema: the API schema filtered by tags with @graphql-tools/utils (filterSchema,
// mapSchema, pruneSchema), then mended by the rules at the top of contracts.ts so what is left is a
// valid schema a caller can use. Only validation and introspection run against a contract;
// execution stays on the API schema, so the schemas built here carry no resolvers.
import { filterSchema as filterByTags, mapSchema, MapperKind, pruneSchema } from '@graphql-tools/utils';
import {
  assertValidSchema,
  getNamedType,
  GraphQLObjectType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  isUnionType,
  OperationTypeNode,
  type GraphQLArgument,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLInputField,
  type GraphQLSchema,
} from 'graphql';
import type { ContractFilter } from './audiences.ts';
import type { TagMap } from './tags.ts';

const OPERATION_OF_ROOT = { Query: OperationTypeNode.QUERY, Mutation: OperationTypeNode.MUTATION, Subscription: OperationTypeNode.SUBSCRIPTION } as const;

/** A value a caller must give: non-null without a default. */
const isRequired = (value: GraphQLArgument | GraphQLInputField) => isNonNullType(value.type) && value.defaultValue === undefined;

/** The API schema restricted to what `filter` keeps; always a valid schema, or an error saying why not. */
export function filterSchema(api: GraphQLSchema, tags: TagMap, filter: ContractFilter): GraphQLSchema {
  const tagged = (coordinate: string, among: readonly string[] | undefined) => !!among && [...(tags.get(coordinate) ?? [])].some((t) => among.includes(t));
  const excluded = (coordinate: string) => tagged(coordinate, filter.exclude);
  // A field's tag, or its type's (from every subgraph: hence entities are tagged field by field).
  const kept = (type: string, field: string) => {
    const coordinate = `${type}.${field}`;
    return !excluded(coordinate) && (!filter.include || tagged(coordinate, filter.include) || tagged(type, filter.include));
  };
  // A caller may receive any value of an output enum: dropping one would make answers invalid.
  const values = Object.values(api.getTypeMap()).flatMap((t) => (isEnumType(t) ? t.getValues().map((v) => `${t.name}.${v.name}`) : []));
  const excludedValues = values.filter(excluded);
  if (excludedValues.length) throw new Error(`excluding enum values is not supported: ${excludedValues.join(', ')}`);

  // 1. Tags: excluded types go (rewiring drops every field, argument and input field of their
  //    type); excluded fields, arguments and input fields go; with an include list, untagged fields go.
  let schema = filterByTags({
    schema: api,
    typeFilter: (name) => !excluded(name),
    // The root filter is called with the operation's conventional name: tags are on the real one.
    rootFieldFilter: (root, field) => kept(api.getRootType(OPERATION_OF_ROOT[root])?.name ?? root, field),
    objectFieldFilter: kept,
    interfaceFieldFilter: kept,
    inputObjectFieldFilter: (type, field) => !excluded(`${type}.${field}`),
    argumentFilter: (type, field, arg) => !excluded(`${type}.${field}(${arg}:)`),
  });

  // 2. What filtering emptied goes, and what pointed to it, until nothing changes.
  const queryName = api.getQueryType()?.name ?? 'Query';
  for (;;) {
    const gone = new Set<string>();
    const fieldsGone = new Set<string>();
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if ((isObjectType(type) || isInterfaceType(type)) && (!Object.keys(type.getFields()).length || hollow(api, type.name, type.getFields()))) gone.add(type.name);
      if (isInputObjectType(type) && (!Object.keys(type.getFields()).length || lostRequired(api, type.name, type.getFields()))) gone.add(type.name);
      if (isUnionType(type) && !type.getTypes().length) gone.add(type.name);
    }
    // A field cannot be asked without a required argument: it goes with it. (Rewiring alone would
    // keep the field and silently drop an argument whose type went.)
    for (const type of Object.values(schema.getTypeMap())) {
      if (gone.has(type.name) || !(isObjectType(type) || isInterfaceType(type))) continue;
      for (const field of Object.values(type.getFields())) {
        const args = new Map(field.args.map((a) => [a.name, getNamedType(a.type).name]));
        const lost = originalField(api, type.name, field.name)?.args.some((a) => isRequired(a) && (!args.has(a.name) || gone.has(args.get(a.name)!)));
        if (lost) fieldsGone.add(`${type.name}.${field.name}`);
      }
    }
    if (gone.has(queryName)) throw new Error('no field of the query type is left');
    if (!gone.size && !fieldsGone.size) break;
    schema = mapSchema(schema, {
      [MapperKind.TYPE]: (type) => (gone.has(type.name) ? null : undefined),
      [MapperKind.COMPOSITE_FIELD]: (_config, field, type) => (fieldsGone.has(`${type}.${field}`) ? null : undefined),
    });
  }

  // 3. An object keeps an interface only while it still has every field of it, with its arguments.
  const implementsAll = (type: GraphQLObjectType, i: GraphQLInterfaceType) => {
    const own = type.getFields();
    return Object.values(i.getFields()).every((f) => own[f.name] && f.args.every((a) => own[f.name].args.some((b) => b.name === a.name)));
  };
  const partial = (type: GraphQLNamedType): type is GraphQLObjectType => isObjectType(type) && type.getInterfaces().some((i) => !implementsAll(type, i));
  if (Object.values(schema.getTypeMap()).some(partial)) {
    schema = mapSchema(schema, {
      [MapperKind.OBJECT_TYPE]: (type) => (partial(type) ? new GraphQLObjectType({ ...type.toConfig(), interfaces: type.getInterfaces().filter((i) => implementsAll(type, i)) }) : undefined),
    });
  }

  // 4. Only what the root types still reach (with the implementations of interfaces that fields return).
  const contract = pruneSchema(schema);
  assertValidSchema(contract);
  return contract;
}

function originalField(api: GraphQLSchema, type: string, field: string) {
  const definition = api.getType(type);
  return isObjectType(definition) || isInterfaceType(definition) ? definition.getFields()[field] : undefined;
}

/** A Relay edge without its node, or a connection without nodes and edges, is only a count of hidden things. */
function hollow(api: GraphQLSchema, type: string, fields: Record<string, unknown>): boolean {
  const definition = api.getType(type);
  if (!isObjectType(definition) && !isInterfaceType(definition)) return false;
  const had = definition.getFields();
  const edge = 'cursor' in had && 'node' in had;
  const connection = 'pageInfo' in had && ('edges' in had || 'nodes' in had);
  return (edge && !('node' in fields)) || (connection && !('edges' in fields) && !('nodes' in fields));
}

/** An input that lost a required field cannot be given any more: it goes, with the arguments of its type. */
function lostRequired(api: GraphQLSchema, type: string, fields: Record<string, unknown>): boolean {
  const definition = api.getType(type);
  return isInputObjectType(definition) && Object.values(definition.getFields()).some((f) => isRequired(f) && !(f.name in fields));
}
