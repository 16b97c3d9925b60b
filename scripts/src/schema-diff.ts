// Compares two client-facing (API) schemas: what breaks existing clients, what may surprise them,
// what is only added. @graphql-inspector/core finds and classifies the changes; this module names
// each by its schema coordinate (`Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`,
// `@directive`), says which coordinates an operation must use to be hit by it, and adds two
// things of the project's own:
//   - a non-null argument or input field whose default is removed becomes required: breaking
//     (the inspector calls it a default-value change, dangerous);
//   - a hint when a removal next to an addition looks like a rename.
// Where our old hand-written diff disagreed with the inspector (an optional argument added is
// dangerous, not safe; a required argument made nullable is safe, not dangerous) the inspector's
// verdict stands: neither changes what `check` lets through.
import { Supergraph } from '@apollo/federation-internals';
import { ChangeType, CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { isEnumType, isInputObjectType, isInterfaceType, isNonNullType, isObjectType, isScalarType, isUnionType, type GraphQLNamedType, type GraphQLSchema } from 'graphql';

export type ChangeLevel = 'breaking' | 'dangerous' | 'safe';

export interface SchemaChange {
  level: ChangeLevel;
  /** The inspector's change type (FIELD_REMOVED, ENUM_VALUE_ADDED…) or ARGUMENT_BECAME_REQUIRED / INPUT_FIELD_BECAME_REQUIRED. */
  type: string;
  /** Schema coordinate of what changed: `Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`, `@directive`. */
  coordinate: string | null;
  description: string;
  /** What to consider, e.g. that a removal next to an addition looks like a rename. */
  hint?: string;
  /**
   * Coordinates whose use by an operation means the operation is (or may be) affected: the
   * field for a new required argument, the input type for a new required input field…
   */
  affects: string[];
}

export interface SchemaDiff {
  breaking: SchemaChange[];
  dangerous: SchemaChange[];
  safe: SchemaChange[];
}

/** The client-facing schema of a supergraph: no join__/link__ machinery, no @inaccessible elements. */
export function apiSchemaOfSupergraph(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

const LEVELS: Record<CriticalityLevel, ChangeLevel> = {
  [CriticalityLevel.Breaking]: 'breaking',
  [CriticalityLevel.Dangerous]: 'dangerous',
  [CriticalityLevel.NonBreaking]: 'safe',
};

// Changes whose path ends in an argument name (`Type.field.arg`, `@directive.arg`).
const ARGUMENT_CHANGES = new Set<string>([
  ChangeType.FieldArgumentAdded,
  ChangeType.FieldArgumentRemoved,
  ChangeType.FieldArgumentTypeChanged,
  ChangeType.FieldArgumentDefaultChanged,
  ChangeType.FieldArgumentDescriptionChanged,
  ChangeType.DirectiveArgumentAdded,
  ChangeType.DirectiveArgumentRemoved,
  ChangeType.DirectiveArgumentTypeChanged,
  ChangeType.DirectiveArgumentDefaultValueChanged,
  ChangeType.DirectiveArgumentDescriptionChanged,
]);

// Changes an operation can be hit by without naming the changed element itself: it names the field
// of a new or changed argument, the input type of a new field, the enum of a value.
const AFFECTS_PARENT = new Set<string>([
  ChangeType.FieldArgumentAdded,
  ChangeType.FieldArgumentDefaultChanged,
  'ARGUMENT_BECAME_REQUIRED',
  ChangeType.InputFieldAdded,
  ChangeType.InputFieldDefaultValueChanged,
  'INPUT_FIELD_BECAME_REQUIRED',
  ChangeType.EnumValueRemoved,
  ChangeType.EnumValueAdded,
]);

/** `Query.list.first` → `Query.list(first:)` for argument changes; other paths as they are. */
function coordinateOf(change: Change): string | null {
  // A deprecation's path ends in the directive (`Query.c.@deprecated`): the coordinate is `Query.c`.
  const path = change.type.includes('DEPRECATION') ? change.path?.replace(/\.@deprecated$/, '') : change.path;
  if (!path) return null;
  if (!ARGUMENT_CHANGES.has(change.type)) return path;
  const last = path.lastIndexOf('.');
  return last < 0 ? path : `${path.slice(0, last)}(${path.slice(last + 1)}:)`;
}

/** `Type.field(arg:)` → `Type.field`; `Type.field` → `Type`; `Type` → `Type`. */
function parentOf(coordinate: string): string {
  if (coordinate.endsWith(':)')) return coordinate.slice(0, coordinate.indexOf('('));
  const dot = coordinate.indexOf('.');
  return dot < 0 ? coordinate : coordinate.slice(0, dot);
}

function schemaChange(level: ChangeLevel, type: string, coordinate: string | null, description: string): SchemaChange {
  const affects = coordinate === null || level === 'safe' ? [] : [AFFECTS_PARENT.has(type) ? parentOf(coordinate) : coordinate];
  return { level, type, coordinate, description, affects };
}

/** The argument or input field at a coordinate of `schema`, if any. */
function inputValueAt(schema: GraphQLSchema, coordinate: string) {
  const match = /^(\w+)\.(\w+)(?:\((\w+):\))?$/.exec(coordinate);
  if (!match) return undefined;
  const [, typeName, member, arg] = match;
  const type = schema.getType(typeName);
  if (arg && (isObjectType(type) || isInterfaceType(type))) return type.getFields()[member]?.args.find((a) => a.name === arg);
  if (!arg && isInputObjectType(type)) return type.getFields()[member];
  return undefined;
}

/** A default removed from a non-null argument or input field: the element is now required. */
function becameRequired(change: SchemaChange, newSchema: GraphQLSchema): SchemaChange {
  const isDefaultChange = change.type === ChangeType.FieldArgumentDefaultChanged || change.type === ChangeType.InputFieldDefaultValueChanged;
  const value = isDefaultChange && change.coordinate ? inputValueAt(newSchema, change.coordinate) : undefined;
  if (!value || !isNonNullType(value.type) || value.defaultValue !== undefined) return change;
  const type = change.type === ChangeType.FieldArgumentDefaultChanged ? 'ARGUMENT_BECAME_REQUIRED' : 'INPUT_FIELD_BECAME_REQUIRED';
  return schemaChange('breaking', type, change.coordinate, `${change.coordinate} lost its default value and is now required: operations that leave it out fail.`);
}

const kindName = (type: GraphQLNamedType): string =>
  isObjectType(type) ? 'object type' : isInterfaceType(type) ? 'interface' : isUnionType(type) ? 'union' : isEnumType(type) ? 'enum' : isInputObjectType(type) ? 'input type' : isScalarType(type) ? 'scalar' : 'type';

// Pairs of (removal, addition) in one parent that look like a rename.
const RENAME_PAIRS: [removed: string, added: string][] = [
  [ChangeType.TypeRemoved, ChangeType.TypeAdded],
  [ChangeType.FieldRemoved, ChangeType.FieldAdded],
  [ChangeType.InputFieldRemoved, ChangeType.InputFieldAdded],
  [ChangeType.EnumValueRemoved, ChangeType.EnumValueAdded],
  [ChangeType.FieldArgumentRemoved, ChangeType.FieldArgumentAdded],
];

/** What a coordinate is, for comparing a removed element with an added one: its type, or its kind for a named type. */
function shapeAt(schema: GraphQLSchema, coordinate: string): string | undefined {
  const match = coordinate.match(/^(\w+)(?:\.(\w+)(?:\((\w+):\))?)?$/);
  if (!match) return undefined;
  const [, typeName, member, arg] = match;
  const type = schema.getType(typeName);
  if (!type) return undefined;
  if (!member) return kindName(type);
  if (isEnumType(type)) return type.getValue(member) ? 'enum value' : undefined;
  if (!isObjectType(type) && !isInterfaceType(type) && !isInputObjectType(type)) return undefined;
  const field = type.getFields()[member];
  if (!field) return undefined;
  if (!arg) return String(field.type);
  const argument = 'args' in field ? field.args.find((a) => a.name === arg) : undefined;
  return argument ? String(argument.type) : undefined;
}

function addRenameHints(changes: SchemaChange[], oldSchema: GraphQLSchema, newSchema: GraphQLSchema): void {
  const parent = (c: SchemaChange) => (c.type === ChangeType.TypeRemoved || c.type === ChangeType.TypeAdded ? '' : parentOf(c.coordinate ?? ''));
  for (const [removedType, addedType] of RENAME_PAIRS) {
    const removed = changes.filter((c) => c.type === removedType && c.coordinate);
    const added = changes.filter((c) => c.type === addedType && c.coordinate);
    for (const removal of removed) {
      // Same parent, same type (or kind): one candidate on each side, or it is only a guess.
      const shape = shapeAt(oldSchema, removal.coordinate as string);
      const candidates = added.filter((a) => parent(a) === parent(removal) && shape !== undefined && shapeAt(newSchema, a.coordinate as string) === shape);
      const rivals = removed.filter((r) => parent(r) === parent(removal) && shapeAt(oldSchema, r.coordinate as string) === shape);
      if (candidates.length !== 1 || rivals.length !== 1 || removal.hint) continue;
      const target = candidates[0].coordinate;
      removal.hint =
        `looks renamed to ${target}: keep ${removal.coordinate} next to it, marked @deprecated(reason: "Use ${target}"), ` +
        'until the clients using it have moved, then remove it.';
    }
  }
}

// A deprecation shows as the deprecation change and again as the @deprecated directive (and its
// reason argument) being added: the directive-usage echoes are dropped.
const isDeprecatedUsage = (change: Change) => change.type.startsWith('DIRECTIVE_USAGE_') && /\.@deprecated(\.|$)/.test(change.path ?? '');

/** An addition inside something added by the same diff (a new type's fields, a new field's arguments): one change, the outer one. */
function insideAnAddition(changes: SchemaChange[]): (change: SchemaChange) => boolean {
  const added = new Set(changes.filter((c) => c.type.endsWith('_ADDED') && c.coordinate).map((c) => c.coordinate));
  return (change) => change.type.endsWith('_ADDED') && change.coordinate !== null && change.coordinate !== parentOf(change.coordinate) && added.has(parentOf(change.coordinate));
}

export async function diffApiSchemas(oldSchema: GraphQLSchema, newSchema: GraphQLSchema): Promise<SchemaDiff> {
  const all = (await diff(oldSchema, newSchema))
    .filter((change) => !isDeprecatedUsage(change))
    .map((change) => becameRequired(schemaChange(LEVELS[change.criticality.level], change.type, coordinateOf(change), change.message), newSchema));
  const inside = insideAnAddition(all);
  // A type change the inspector already calls breaking says it all (Int → Int! without default).
  const brokenByType = new Set(all.filter((c) => c.level === 'breaking' && c.type.endsWith('_TYPE_CHANGED')).map((c) => c.coordinate));
  const ours = (c: SchemaChange) => c.type === 'ARGUMENT_BECAME_REQUIRED' || c.type === 'INPUT_FIELD_BECAME_REQUIRED';
  const changes = all.filter((change) => !inside(change) && !(ours(change) && brokenByType.has(change.coordinate)));
  addRenameHints(changes, oldSchema, newSchema);
  const byCoordinate = (a: SchemaChange, b: SchemaChange) => (a.coordinate ?? '').localeCompare(b.coordinate ?? '') || a.type.localeCompare(b.type);
  return {
    breaking: changes.filter((c) => c.level === 'breaking').sort(byCoordinate),
    dangerous: changes.filter((c) => c.level === 'dangerous').sort(byCoordinate),
    safe: changes.filter((c) => c.level === 'safe').sort(byCoordinate),
  };
}
