// Compares two client-facing (API) schemas: what breaks existing clients, what may surprise them,
// what is only added. graphql-js's findBreakingChanges / findDangerousChanges do the bulk; this
// module names each change by its schema coordinate (`Type`, `Type.field`, `Type.field(arg:)`,
// `@directive`) and adds what they leave out:
//   - a non-null argument or input field whose default is removed becomes required: breaking
//     (graphql-js calls the argument case a default-value change and ignores input fields);
//   - an input field's default value changed: dangerous (graphql-js checks arguments only);
//   - an argument or input field whose type was relaxed (made nullable…): dangerous;
//   - an input type made @oneOf: breaking;
//   - an optional argument or optional input field added: safe (graphql-js calls them dangerous);
//   - the safe additions themselves (types, fields, deprecations, safely narrowed output types);
//   - a hint when a removal next to an addition looks like a rename.
import { Supergraph } from '@apollo/federation-internals';
import {
  astFromValue,
  BreakingChangeType,
  DangerousChangeType,
  findBreakingChanges,
  findDangerousChanges,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  isRequiredArgument,
  isRequiredInputField,
  isScalarType,
  isUnionType,
  print,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

export type ChangeLevel = 'breaking' | 'dangerous' | 'safe';

export interface SchemaChange {
  level: ChangeLevel;
  /** graphql-js's change type (FIELD_REMOVED, VALUE_ADDED_TO_ENUM…) or one of ours (ARG_BECAME_REQUIRED…). */
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

// Each graphql-js description names what changed; these read the coordinate back (graphql 16 wording).
const COORDINATE_PATTERNS: Record<string, [RegExp, (m: RegExpMatchArray) => string]> = {
  [BreakingChangeType.TYPE_REMOVED]: [/^(?:Standard scalar )?(\w+) was removed/, (m) => m[1]],
  [BreakingChangeType.TYPE_CHANGED_KIND]: [/^(\w+) changed from /, (m) => m[1]],
  [BreakingChangeType.TYPE_REMOVED_FROM_UNION]: [/ was removed from union type (\w+)\.$/, (m) => m[1]],
  [BreakingChangeType.VALUE_REMOVED_FROM_ENUM]: [/^(\w+) was removed from enum type (\w+)\.$/, (m) => `${m[2]}.${m[1]}`],
  [BreakingChangeType.REQUIRED_INPUT_FIELD_ADDED]: [/^A required field (\w+) on input type (\w+) was added\.$/, (m) => `${m[2]}.${m[1]}`],
  [BreakingChangeType.IMPLEMENTED_INTERFACE_REMOVED]: [/^(\w+) no longer implements interface /, (m) => m[1]],
  [BreakingChangeType.FIELD_REMOVED]: [/^(\w+)\.(\w+) was removed\.$/, (m) => `${m[1]}.${m[2]}`],
  [BreakingChangeType.FIELD_CHANGED_KIND]: [/^(\w+)\.(\w+) changed type from /, (m) => `${m[1]}.${m[2]}`],
  [BreakingChangeType.ARG_REMOVED]: [/^(\w+)\.(\w+) arg (\w+) was removed\.$/, (m) => `${m[1]}.${m[2]}(${m[3]}:)`],
  [BreakingChangeType.ARG_CHANGED_KIND]: [/^(\w+)\.(\w+) arg (\w+) has changed type /, (m) => `${m[1]}.${m[2]}(${m[3]}:)`],
  [BreakingChangeType.REQUIRED_ARG_ADDED]: [/^A required arg (\w+) on (\w+)\.(\w+) was added\.$/, (m) => `${m[2]}.${m[3]}(${m[1]}:)`],
  [BreakingChangeType.DIRECTIVE_REMOVED]: [/^(\w+) was removed\.$/, (m) => `@${m[1]}`],
  [BreakingChangeType.DIRECTIVE_ARG_REMOVED]: [/^(\w+) was removed from (\w+)\.$/, (m) => `@${m[2]}(${m[1]}:)`],
  [BreakingChangeType.REQUIRED_DIRECTIVE_ARG_ADDED]: [/^A required arg (\w+) on directive (\w+) was added\.$/, (m) => `@${m[2]}(${m[1]}:)`],
  [BreakingChangeType.DIRECTIVE_REPEATABLE_REMOVED]: [/ was removed from (\w+)\.$/, (m) => `@${m[1]}`],
  [BreakingChangeType.DIRECTIVE_LOCATION_REMOVED]: [/ was removed from (\w+)\.$/, (m) => `@${m[1]}`],
  [DangerousChangeType.VALUE_ADDED_TO_ENUM]: [/^(\w+) was added to enum type (\w+)\.$/, (m) => `${m[2]}.${m[1]}`],
  [DangerousChangeType.TYPE_ADDED_TO_UNION]: [/ was added to union type (\w+)\.$/, (m) => m[1]],
  [DangerousChangeType.OPTIONAL_INPUT_FIELD_ADDED]: [/^An optional field (\w+) on input type (\w+) was added\.$/, (m) => `${m[2]}.${m[1]}`],
  [DangerousChangeType.OPTIONAL_ARG_ADDED]: [/^An optional arg (\w+) on (\w+)\.(\w+) was added\.$/, (m) => `${m[2]}.${m[3]}(${m[1]}:)`],
  [DangerousChangeType.IMPLEMENTED_INTERFACE_ADDED]: [/ added to interfaces implemented by (\w+)\.$/, (m) => m[1]],
  [DangerousChangeType.ARG_DEFAULT_VALUE_CHANGE]: [/^(\w+)\.(\w+) arg (\w+) (?:defaultValue was removed|has changed defaultValue)/, (m) => `${m[1]}.${m[2]}(${m[3]}:)`],
};

function coordinateOf(type: string, description: string): string | null {
  const pattern = COORDINATE_PATTERNS[type];
  const match = pattern && description.match(pattern[0]);
  return match ? pattern[1](match) : null;
}

/** `Type.field(arg:)` → `Type.field`; `Type.field` → `Type`; `Type` → `Type`. */
function parentOf(coordinate: string): string {
  if (coordinate.endsWith(':)')) return coordinate.slice(0, coordinate.indexOf('('));
  const dot = coordinate.indexOf('.');
  return dot < 0 ? coordinate : coordinate.slice(0, dot);
}

// Changes an operation can be hit by without naming the changed element itself.
const AFFECTS_PARENT = new Set<string>([
  BreakingChangeType.REQUIRED_ARG_ADDED,
  'ARG_BECAME_REQUIRED',
  DangerousChangeType.ARG_DEFAULT_VALUE_CHANGE,
  BreakingChangeType.REQUIRED_INPUT_FIELD_ADDED,
  'INPUT_FIELD_BECAME_REQUIRED',
  'INPUT_FIELD_DEFAULT_VALUE_CHANGE',
  BreakingChangeType.VALUE_REMOVED_FROM_ENUM,
  DangerousChangeType.VALUE_ADDED_TO_ENUM,
]);

function change(level: ChangeLevel, type: string, coordinate: string | null, description: string): SchemaChange {
  const affects = coordinate === null || level === 'safe' ? [] : [AFFECTS_PARENT.has(type) ? parentOf(coordinate) : coordinate];
  return { level, type, coordinate, description, affects };
}

const kindName = (type: GraphQLNamedType): string =>
  isObjectType(type) ? 'object type' : isInterfaceType(type) ? 'interface' : isUnionType(type) ? 'union' : isEnumType(type) ? 'enum' : isInputObjectType(type) ? 'input type' : isScalarType(type) ? 'scalar' : 'type';

function printDefault(value: unknown, type: GraphQLInputType): string | undefined {
  if (value === undefined) return undefined;
  const ast = astFromValue(value, type);
  return ast ? print(ast) : String(value);
}

/** Compares argument or input-field pairs that graphql-js found type-safe, for what it leaves out. */
function compareInputValue(
  coordinate: string,
  what: 'arg' | 'input field',
  before: GraphQLArgument | GraphQLInputField,
  after: GraphQLArgument | GraphQLInputField,
): SchemaChange[] {
  const out: SchemaChange[] = [];
  const required = what === 'arg' ? isRequiredArgument : isRequiredInputField;
  const oldType = String(before.type);
  const newType = String(after.type);
  const sameType = oldType === newType;
  if (!required(before) && required(after) && sameType) {
    out.push(
      change(
        'breaking',
        what === 'arg' ? 'ARG_BECAME_REQUIRED' : 'INPUT_FIELD_BECAME_REQUIRED',
        coordinate,
        `${coordinate} lost its default value and is now required: operations that leave it out fail.`,
      ),
    );
    return out;
  }
  if (!sameType && !isNonNullType(after.type) && isNonNullType(before.type)) {
    out.push(
      change(
        'dangerous',
        what === 'arg' ? 'ARG_MADE_NULLABLE' : 'INPUT_FIELD_MADE_NULLABLE',
        coordinate,
        `${coordinate} changed type from ${oldType} to ${newType}: operations still validate, but the subgraph must now accept null or no value.`,
      ),
    );
  } else if (!sameType) {
    out.push(
      change(
        'dangerous',
        what === 'arg' ? 'ARG_TYPE_RELAXED' : 'INPUT_FIELD_TYPE_RELAXED',
        coordinate,
        `${coordinate} changed type from ${oldType} to ${newType}: operations still validate, but the subgraph must now accept more values.`,
      ),
    );
  }
  if (what === 'input field') {
    const oldDefault = printDefault(before.defaultValue, before.type);
    const newDefault = printDefault(after.defaultValue, after.type);
    if (oldDefault !== undefined && oldDefault !== newDefault) {
      out.push(
        change(
          'dangerous',
          'INPUT_FIELD_DEFAULT_VALUE_CHANGE',
          coordinate,
          newDefault === undefined
            ? `${coordinate} defaultValue was removed.`
            : `${coordinate} has changed defaultValue from ${oldDefault} to ${newDefault}.`,
        ),
      );
    }
  }
  if (!before.deprecationReason && after.deprecationReason) {
    out.push(change('safe', 'DEPRECATION_ADDED', coordinate, `${coordinate} is now deprecated: ${after.deprecationReason}`));
  }
  return out;
}

/** What graphql-js leaves out, found by walking the types both schemas have, plus the safe additions. */
function walk(oldSchema: GraphQLSchema, newSchema: GraphQLSchema, flagged: Set<string>): SchemaChange[] {
  const out: SchemaChange[] = [];
  for (const newType of Object.values(newSchema.getTypeMap())) {
    if (newType.name.startsWith('__')) continue;
    const oldType = oldSchema.getType(newType.name);
    if (!oldType) {
      out.push(change('safe', 'TYPE_ADDED', newType.name, `${kindName(newType)} ${newType.name} was added.`));
      continue;
    }
    if ((isObjectType(oldType) && isObjectType(newType)) || (isInterfaceType(oldType) && isInterfaceType(newType))) {
      const oldFields = oldType.getFields();
      for (const newField of Object.values(newType.getFields())) {
        const coordinate = `${newType.name}.${newField.name}`;
        const oldField = oldFields[newField.name];
        if (!oldField) {
          out.push(change('safe', 'FIELD_ADDED', coordinate, `${coordinate}: ${String(newField.type)} was added.`));
          continue;
        }
        if (String(oldField.type) !== String(newField.type) && !flagged.has(coordinate)) {
          out.push(
            change('safe', 'FIELD_TYPE_NARROWED', coordinate, `${coordinate} changed type from ${String(oldField.type)} to ${String(newField.type)}, which clients can still read.`),
          );
        }
        if (!oldField.deprecationReason && newField.deprecationReason) {
          out.push(change('safe', 'DEPRECATION_ADDED', coordinate, `${coordinate} is now deprecated: ${newField.deprecationReason}`));
        }
        for (const newArg of newField.args) {
          const argCoordinate = `${coordinate}(${newArg.name}:)`;
          const oldArg = oldField.args.find((arg) => arg.name === newArg.name);
          if (oldArg && !flagged.has(argCoordinate)) out.push(...compareInputValue(argCoordinate, 'arg', oldArg, newArg));
        }
      }
    } else if (isInputObjectType(oldType) && isInputObjectType(newType)) {
      const oldFields = oldType.getFields();
      for (const newField of Object.values(newType.getFields())) {
        const coordinate = `${newType.name}.${newField.name}`;
        const oldField = oldFields[newField.name];
        if (oldField && !flagged.has(coordinate)) out.push(...compareInputValue(coordinate, 'input field', oldField, newField));
      }
      if (!oldType.isOneOf && newType.isOneOf) {
        out.push(change('breaking', 'INPUT_TYPE_BECAME_ONE_OF', newType.name, `${newType.name} became @oneOf: values setting several fields (or none) are now refused.`));
      }
    } else if (isEnumType(oldType) && isEnumType(newType)) {
      for (const newValue of newType.getValues()) {
        const oldValue = oldType.getValue(newValue.name);
        if (oldValue && !oldValue.deprecationReason && newValue.deprecationReason) {
          const coordinate = `${newType.name}.${newValue.name}`;
          out.push(change('safe', 'DEPRECATION_ADDED', coordinate, `${coordinate} is now deprecated: ${newValue.deprecationReason}`));
        }
      }
    }
  }
  for (const directive of newSchema.getDirectives()) {
    if (!oldSchema.getDirective(directive.name)) out.push(change('safe', 'DIRECTIVE_ADDED', `@${directive.name}`, `Directive @${directive.name} was added.`));
  }
  return out;
}

// Pairs of (removal, addition) in one parent that look like a rename.
const RENAME_PAIRS: [removed: string, added: string][] = [
  [BreakingChangeType.TYPE_REMOVED, 'TYPE_ADDED'],
  [BreakingChangeType.FIELD_REMOVED, 'FIELD_ADDED'],
  [BreakingChangeType.FIELD_REMOVED, DangerousChangeType.OPTIONAL_INPUT_FIELD_ADDED],
  [BreakingChangeType.FIELD_REMOVED, BreakingChangeType.REQUIRED_INPUT_FIELD_ADDED],
  [BreakingChangeType.VALUE_REMOVED_FROM_ENUM, DangerousChangeType.VALUE_ADDED_TO_ENUM],
  [BreakingChangeType.ARG_REMOVED, DangerousChangeType.OPTIONAL_ARG_ADDED],
  [BreakingChangeType.ARG_REMOVED, BreakingChangeType.REQUIRED_ARG_ADDED],
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
  const parent = (c: SchemaChange) => (c.type === BreakingChangeType.TYPE_REMOVED || c.type === 'TYPE_ADDED' ? '' : parentOf(c.coordinate ?? ''));
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

export function diffApiSchemas(oldSchema: GraphQLSchema, newSchema: GraphQLSchema): SchemaDiff {
  const fromGraphqlJs = [
    ...findBreakingChanges(oldSchema, newSchema).map((c) => change('breaking', c.type, coordinateOf(c.type, c.description), c.description)),
    ...findDangerousChanges(oldSchema, newSchema).map((c) => {
      // Adding an optional argument or input field changes nothing for existing operations.
      const safe = c.type === DangerousChangeType.OPTIONAL_ARG_ADDED || c.type === DangerousChangeType.OPTIONAL_INPUT_FIELD_ADDED;
      return change(safe ? 'safe' : 'dangerous', c.type, coordinateOf(c.type, c.description), c.description);
    }),
  ];
  // Arguments and fields graphql-js already reported as breaking are not looked at again.
  const flagged = new Set(fromGraphqlJs.filter((c) => c.level === 'breaking' && c.coordinate).map((c) => c.coordinate as string));
  const extra = walk(oldSchema, newSchema, flagged);
  // A default removed from a non-null argument makes it required: breaking, not a default-value change.
  const nowRequired = new Set(extra.filter((c) => c.type === 'ARG_BECAME_REQUIRED').map((c) => c.coordinate));
  const all = [
    ...fromGraphqlJs.filter((c) => !(c.type === DangerousChangeType.ARG_DEFAULT_VALUE_CHANGE && nowRequired.has(c.coordinate))),
    ...extra,
  ];
  addRenameHints(all, oldSchema, newSchema);
  const byCoordinate = (a: SchemaChange, b: SchemaChange) => (a.coordinate ?? '').localeCompare(b.coordinate ?? '') || a.type.localeCompare(b.type);
  return {
    breaking: all.filter((c) => c.level === 'breaking').sort(byCoordinate),
    dangerous: all.filter((c) => c.level === 'dangerous').sort(byCoordinate),
    safe: all.filter((c) => c.level === 'safe').sort(byCoordinate),
  };
}
