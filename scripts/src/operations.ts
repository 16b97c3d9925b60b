// The registered client operations of schema/operations/ as the schema check sees them: which
// file, which operation, which clients own it, what schema elements it uses, and whether it still
// validates. The same rules as the gateway's loader (gateway/src/persisted-operations.ts): one
// named operation per `*.graphql` file, fragments allowed, names unique.
//
// An optional comment in the file's leading comment block names the clients that send it:
//   # client: Regional dashboard
//   # clients: ART-ER BI, ANCI monitoring
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPOSITORY_ROOT } from '@pleiadi/kit';
import {
  getNamedType,
  isInputObjectType,
  Kind,
  parse,
  typeFromAST,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { SCHEMA_DIR } from './registry.ts';

export const OPERATIONS_DIR = path.join(SCHEMA_DIR, 'operations');

export interface RegisteredOperation {
  /** Path from the repository root, e.g. schema/operations/CpiaCourses.graphql. */
  file: string;
  name: string;
  /** From `# client:` / `# clients:` lines; empty when the file names none. */
  clients: string[];
  /** The rest of the leading comment: what the operation is for. */
  about: string;
  document: DocumentNode;
}

export interface RegistrationProblem {
  file: string;
  message: string;
}

const CLIENT_LINE = /^#\s*clients?\s*:\s*(.*)$/i;

/** Clients and description from the comment lines before the first line of GraphQL. */
export function readLeadingComment(text: string): { clients: string[]; about: string } {
  const clients: string[] = [];
  const about: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    if (!line.startsWith('#')) break;
    const client = line.match(CLIENT_LINE);
    if (client) clients.push(...client[1].split(',').map((name) => name.trim()).filter(Boolean));
    else about.push(line.replace(/^#\s?/, '').trim());
  }
  return { clients, about: about.join(' ').trim() };
}

export function loadRegisteredOperations(dir: string = OPERATIONS_DIR): { operations: RegisteredOperation[]; problems: RegistrationProblem[] } {
  const operations: RegisteredOperation[] = [];
  const problems: RegistrationProblem[] = [];
  const files = readdirSync(dir).filter((file) => file.endsWith('.graphql')).sort();
  const fileOfName = new Map<string, string>();
  for (const base of files) {
    const file = path.relative(REPOSITORY_ROOT, path.join(dir, base));
    const text = readFileSync(path.join(dir, base), 'utf8');
    let document: DocumentNode;
    try {
      document = parse(text);
    } catch (error) {
      problems.push({ file, message: `not a GraphQL document: ${(error as Error).message}` });
      continue;
    }
    const defined = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
    const name = defined.length === 1 ? defined[0].name?.value : undefined;
    if (!name) {
      problems.push({ file, message: `must hold exactly one named operation (it has ${defined.length}${defined.length === 1 ? ', unnamed' : ''})` });
      continue;
    }
    const other = fileOfName.get(name);
    if (other) {
      problems.push({ file, message: `operation ${name} is also registered in ${other}` });
      continue;
    }
    fileOfName.set(name, file);
    operations.push({ file, name, ...readLeadingComment(text), document });
  }
  return { operations, problems };
}

/** Validation messages of the operation against a schema (none: it still runs). */
export function validationMessages(schema: GraphQLSchema, operation: RegisteredOperation): string[] {
  return validate(schema, operation.document).map((error) => {
    const location = error.locations?.[0];
    return location ? `${error.message} (line ${location.line})` : error.message;
  });
}

/**
 * The schema coordinates an operation uses: `Type` for every type it touches, `Type.field` for
 * every field it selects or input field it sets, `Type.field(arg:)` for every argument it passes,
 * `Enum.VALUE` for enum literals and `@directive`. Input types of its variables count with all
 * their fields, since a client may set any of them.
 */
export function operationUsage(schema: GraphQLSchema, document: DocumentNode): Set<string> {
  const used = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  const addInputType = (type: GraphQLNamedType, seen = new Set<string>()) => {
    if (seen.has(type.name)) return;
    seen.add(type.name);
    used.add(type.name);
    if (!isInputObjectType(type)) return;
    for (const field of Object.values(type.getFields())) {
      used.add(`${type.name}.${field.name}`);
      addInputType(getNamedType(field.type), seen);
    }
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (!parent || !field) return;
        used.add(parent.name);
        used.add(`${parent.name}.${node.name.value}`);
        used.add(getNamedType(field.type).name);
      },
      Argument(node) {
        const directive = typeInfo.getDirective();
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (directive) used.add(`@${directive.name}(${node.name.value}:)`);
        else if (parent && field) used.add(`${parent.name}.${field.name}(${node.name.value}:)`);
        const type = typeInfo.getInputType();
        if (type) used.add(getNamedType(type).name);
      },
      ObjectField(node) {
        const parent = typeInfo.getParentInputType();
        if (parent) used.add(`${getNamedType(parent).name}.${node.name.value}`);
      },
      EnumValue(node) {
        const type = typeInfo.getInputType();
        if (type) used.add(`${getNamedType(type).name}.${node.value}`);
      },
      VariableDefinition(node) {
        const type = typeFromAST(schema, node.type);
        if (type) addInputType(getNamedType(type));
      },
      Directive(node) {
        used.add(`@${node.name.value}`);
      },
      InlineFragment(node) {
        if (node.typeCondition) used.add(node.typeCondition.name.value);
      },
      FragmentDefinition(node) {
        used.add(node.typeCondition.name.value);
      },
    }),
  );
  return used;
}
