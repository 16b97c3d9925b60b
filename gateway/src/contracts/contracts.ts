// API contracts: one filtered schema per audience, computed from the @tags of the subgraphs, and
// the plugin that serves each caller only its own. A BI tool introspects and is validated against
// a schema in which personal fields do not exist; an anonymous caller sees only the public
// reference data. The subgraphs still check every field themselves: contracts are what callers
// can see and ask, not the last line.
//
//   full    the whole API schema (partner operators; their subgraphs decide what they may read)
//   bi      full minus every field tagged personal, pseudonymous or oversight (BI tools, the region)
//   public  only the fields tagged public (anonymous callers)
//
// Rules: a tag on an object or interface type covers all its fields (from every subgraph, so
// entities such as Municipality are tagged field by field). Exclusion wins over inclusion. A
// type tagged with an excluded tag goes, with every field, argument and input field of its type.
// After filtering, what is left empty goes (an object without fields, a connection or edge whose
// nodes went, an input without fields), then everything no longer reachable from the root types.
import type { ApolloServerPlugin, GraphQLResponse } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { Supergraph } from '@apollo/federation-internals';
import type { Role } from '@pleiadi/kit';
import {
  assertValidSchema,
  buildASTSchema,
  execute,
  GraphQLError,
  GraphQLSchema,
  Kind,
  parse,
  printSchema,
  specifiedRules,
  validate,
  type DefinitionNode,
  type DirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type InputValueDefinitionNode,
  type NamedTypeNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type TypeDefinitionNode,
  type TypeNode,
} from 'graphql';
import type { GatewayContext } from '../context.ts';

export const CONTRACT_NAMES = ['public', 'bi', 'region', 'full'] as const;
export type ContractName = (typeof CONTRACT_NAMES)[number];
export type Contracts = Record<ContractName, GraphQLSchema>;

/** What a contract keeps: fields with an `include` tag (when given), never one with an `exclude` tag. */
export interface ContractFilter {
  include?: readonly string[];
  exclude: readonly string[];
}

const NOT_FOR_BI = ['personal', 'pseudonymous', 'oversight'] as const;

/** `null`: the API schema as it is. */
export const CONTRACT_FILTERS: Record<ContractName, ContractFilter | null> = {
  public: { include: ['public'], exclude: NOT_FOR_BI },
  bi: { exclude: NOT_FOR_BI },
  // The regional table: everything but personal data and pseudonyms, with the audit trails it oversees.
  region: { exclude: ['personal', 'pseudonymous'] },
  full: null,
};

const CONTRACT_OF_ROLE: Record<Role, ContractName> = {
  anonymous: 'public',
  bi: 'bi',
  region: 'region',
  partner: 'full',
};

/** The contract a caller of this role is served; an unknown role gets the narrowest one. */
export function contractFor(role: Role): ContractName {
  return Object.hasOwn(CONTRACT_OF_ROLE, role) ? CONTRACT_OF_ROLE[role] : 'public';
}

/** The client API schema of a supergraph, as the gateway serves it (no join__/link__, no @inaccessible). */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

/**
 * The tags of every schema element of a supergraph, by schema coordinate: `Type`, `Type.field`,
 * `Type.field(arg:)`, `Enum.VALUE`. Reads the @tag directive under the name the supergraph links it as.
 */
export function tagsOf(supergraph: string | DocumentNode): Map<string, Set<string>> {
  const document = typeof supergraph === 'string' ? parse(supergraph) : supergraph;
  const directive = tagDirectiveName(document);
  const tags = new Map<string, Set<string>>();
  const note = (coordinate: string, directives: readonly DirectiveNode[] | undefined) => {
    for (const d of directives ?? []) {
      if (d.name.value !== directive) continue;
      const name = d.arguments?.find((a) => a.name.value === 'name')?.value;
      if (name?.kind !== Kind.STRING) continue;
      let set = tags.get(coordinate);
      if (!set) tags.set(coordinate, (set = new Set()));
      set.add(name.value);
    }
  };
  for (const definition of document.definitions) {
    if (!('name' in definition) || !definition.name || definition.kind === Kind.DIRECTIVE_DEFINITION) continue;
    const type = definition.name.value;
    note(type, definition.directives);
    if ('fields' in definition) {
      for (const field of definition.fields ?? []) {
        note(`${type}.${field.name.value}`, field.directives);
        for (const arg of ('arguments' in field ? field.arguments : undefined) ?? []) note(`${type}.${field.name.value}(${arg.name.value}:)`, arg.directives);
      }
    }
    if ('values' in definition) for (const value of definition.values ?? []) note(`${type}.${value.name.value}`, value.directives);
  }
  return tags;
}

function tagDirectiveName(document: DocumentNode): string {
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const link of definition.directives ?? []) {
      if (link.name.value !== 'link') continue;
      const arg = (name: string) => link.arguments?.find((a) => a.name.value === name)?.value;
      const url = arg('url');
      const as = arg('as');
      if (url?.kind === Kind.STRING && url.value.includes('specs.apollo.dev/tag/')) return as?.kind === Kind.STRING ? as.value : 'tag';
    }
  }
  return 'tag';
}

/** Every contract of a supergraph. Throws if the supergraph is invalid or a contract is not a valid schema. */
export function buildContracts(supergraphSdl: string): Contracts {
  const api = apiSchemaOf(supergraphSdl);
  const tags = tagsOf(supergraphSdl);
  const contracts = {} as Contracts;
  for (const name of CONTRACT_NAMES) {
    const filter = CONTRACT_FILTERS[name];
    try {
      contracts[name] = filter ? filterSchema(api, tags, filter) : api;
    } catch (error) {
      throw new Error(`The "${name}" contract cannot be built: ${(error as Error).message}`, { cause: error });
    }
  }
  return contracts;
}

type TypeDef = TypeDefinitionNode;
const namedType = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type));
const isRequired = (value: InputValueDefinitionNode) => value.type.kind === Kind.NON_NULL_TYPE && !value.defaultValue;

/** The API schema restricted to what `filter` keeps; always a valid schema (or an error). */
export function filterSchema(api: GraphQLSchema, tags: ReadonlyMap<string, ReadonlySet<string>>, filter: ContractFilter): GraphQLSchema {
  const document = parse(printSchema(api));
  const tagged = (coordinate: string, among: readonly string[] | undefined) => !!among && [...(tags.get(coordinate) ?? [])].some((t) => among.includes(t));
  const excluded = (coordinate: string) => tagged(coordinate, filter.exclude);

  const types = new Map<string, TypeDef>();
  const original = new Map<string, Set<string>>();
  const others: DefinitionNode[] = [];
  for (const definition of document.definitions) {
    if ('name' in definition && definition.name && definition.kind !== Kind.DIRECTIVE_DEFINITION) {
      const type = definition as TypeDef;
      types.set(type.name.value, type);
      if ('fields' in type) original.set(type.name.value, new Set((type.fields ?? []).map((f) => f.name.value)));
    } else {
      others.push(definition);
    }
  }

  // 1. Tags: drop excluded types, fields, arguments and input fields; keep only included fields.
  for (const [name, type] of [...types]) {
    if (excluded(name)) {
      types.delete(name);
      continue;
    }
    switch (type.kind) {
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_DEFINITION: {
        const fields: FieldDefinitionNode[] = [];
        for (const field of type.fields ?? []) {
          const coordinate = `${name}.${field.name.value}`;
          if (excluded(coordinate)) continue;
          if (filter.include && !tagged(coordinate, filter.include) && !tagged(name, filter.include)) continue;
          const args = (field.arguments ?? []).filter((arg) => !excluded(`${coordinate}(${arg.name.value}:)`));
          // A field cannot be asked without a required argument: it goes with it.
          if ((field.arguments ?? []).some((arg) => !args.includes(arg) && isRequired(arg))) continue;
          fields.push({ ...field, arguments: args });
        }
        types.set(name, { ...type, fields });
        break;
      }
      case Kind.INPUT_OBJECT_TYPE_DEFINITION: {
        const fields = (type.fields ?? []).filter((field) => !excluded(`${name}.${field.name.value}`));
        if ((type.fields ?? []).some((field) => !fields.includes(field) && isRequired(field))) types.delete(name);
        else types.set(name, { ...type, fields });
        break;
      }
      case Kind.ENUM_TYPE_DEFINITION: {
        const values = (type.values ?? []).filter((value) => excluded(`${name}.${value.name.value}`));
        if (values.length) throw new Error(`excluding enum values is not supported: ${values.map((v) => `${name}.${v.name.value}`).join(', ')}`);
        break;
      }
      default:
        break;
    }
  }

  // 2. What filtering emptied goes, and what pointed to it, until nothing changes.
  const exists = (type: TypeNode | NamedTypeNode) => {
    const name = namedType(type);
    return types.has(name) || BUILT_IN_SCALARS.has(name);
  };
  for (let changed = true; changed; ) {
    changed = false;
    const set = (name: string, type: TypeDef | undefined) => {
      changed = true;
      if (type) types.set(name, type);
      else types.delete(name);
    };
    for (const [name, type] of [...types]) {
      switch (type.kind) {
        case Kind.OBJECT_TYPE_DEFINITION:
        case Kind.INTERFACE_TYPE_DEFINITION: {
          const before = type.fields ?? [];
          const fields = before
            .filter((field) => exists(field.type) && (field.arguments ?? []).every((arg) => exists(arg.type) || !isRequired(arg)))
            .map((field) => ((field.arguments ?? []).every((arg) => exists(arg.type)) ? field : { ...field, arguments: (field.arguments ?? []).filter((arg) => exists(arg.type)) }));
          const interfaces = (type.interfaces ?? []).filter(exists);
          const had = original.get(name)!;
          const kept = new Set(fields.map((f) => f.name.value));
          // A Relay edge without its node, or a connection without nodes and edges, is only a count of hidden things.
          const edge = had.has('cursor') && had.has('node');
          const connection = had.has('pageInfo') && (had.has('edges') || had.has('nodes'));
          const hollow = (edge && !kept.has('node')) || (connection && !kept.has('edges') && !kept.has('nodes'));
          if (!fields.length || hollow) set(name, undefined);
          else if (fields.length !== before.length || fields.some((f, i) => f !== before[i]) || interfaces.length !== (type.interfaces ?? []).length) {
            set(name, { ...type, fields, interfaces });
          }
          break;
        }
        case Kind.INPUT_OBJECT_TYPE_DEFINITION: {
          const before = type.fields ?? [];
          const fields = before.filter((field) => exists(field.type));
          if (!fields.length || before.some((field) => !fields.includes(field) && isRequired(field))) set(name, undefined);
          else if (fields.length !== before.length) set(name, { ...type, fields });
          break;
        }
        case Kind.UNION_TYPE_DEFINITION: {
          const members = (type.types ?? []).filter(exists);
          if (!members.length) set(name, undefined);
          else if (members.length !== (type.types ?? []).length) set(name, { ...type, types: members });
          break;
        }
        default:
          break;
      }
    }
  }

  // An object keeps an interface only while it still has every field of it.
  for (const [name, type] of types) {
    if (type.kind !== Kind.OBJECT_TYPE_DEFINITION || !type.interfaces?.length) continue;
    const own = new Set((type.fields ?? []).map((f) => f.name.value));
    const interfaces = type.interfaces.filter((i) => {
      const definition = types.get(i.name.value);
      return definition?.kind === Kind.INTERFACE_TYPE_DEFINITION && (definition.fields ?? []).every((f) => own.has(f.name.value));
    });
    if (interfaces.length !== type.interfaces.length) types.set(name, { ...type, interfaces });
  }

  // 3. Only what the root types still reach.
  const roots = [api.getQueryType(), api.getMutationType(), api.getSubscriptionType()].flatMap((t) => (t && types.has(t.name) ? [t.name] : []));
  if (!roots.includes(api.getQueryType()?.name ?? 'Query')) throw new Error('no field of the query type is left');
  const reached = new Set<string>();
  const visit = (name: string) => {
    const type = types.get(name);
    if (!type || reached.has(name)) return;
    reached.add(name);
    if ('fields' in type) {
      for (const field of type.fields ?? []) {
        visit(namedType(field.type));
        for (const arg of ('arguments' in field ? field.arguments : undefined) ?? []) visit(namedType(arg.type));
      }
    }
    if ('interfaces' in type) for (const i of type.interfaces ?? []) visit(i.name.value);
    if (type.kind === Kind.UNION_TYPE_DEFINITION) for (const member of type.types ?? []) visit(member.name.value);
    if (type.kind === Kind.INTERFACE_TYPE_DEFINITION) {
      for (const [other, definition] of types) {
        if ('interfaces' in definition && definition.interfaces?.some((i) => i.name.value === name)) visit(other);
      }
    }
  };
  roots.forEach(visit);
  for (const other of others) {
    if (other.kind === Kind.DIRECTIVE_DEFINITION) for (const arg of other.arguments ?? []) visit(namedType(arg.type));
  }

  const definitions: DefinitionNode[] = [];
  for (const definition of document.definitions) {
    if ('name' in definition && definition.name && definition.kind !== Kind.DIRECTIVE_DEFINITION) {
      const name = definition.name.value;
      if (reached.has(name)) definitions.push(types.get(name)!);
    } else if (definition.kind === Kind.SCHEMA_DEFINITION) {
      definitions.push({ ...definition, operationTypes: definition.operationTypes.filter((o) => reached.has(o.type.name.value)) });
    } else {
      definitions.push(definition);
    }
  }
  const contract = buildASTSchema({ kind: Kind.DOCUMENT, definitions }, { assumeValidSDL: false });
  assertValidSchema(contract);
  return contract;
}

const BUILT_IN_SCALARS = new Set(['String', 'Int', 'Float', 'Boolean', 'ID']);

/** Contracts that follow the supergraph: built once, then again for every new supergraph SDL. */
export interface ContractsStore {
  /** The contracts being served: those of the last supergraph given to `update`. */
  get(): Contracts;
  /**
   * Serves the contracts of a new supergraph (a no-op for the current one; no rebuild for one just
   * prepared). When they cannot be built it throws and keeps serving the previous ones.
   */
  update(supergraphSdl: string): Contracts;
  /**
   * Builds the contracts of a supergraph about to be served, without serving them yet: a check
   * that throws when they cannot be built (for the supergraph source's `validate`), whose work
   * the following `update` with the same SDL reuses.
   */
  prepare(supergraphSdl: string): Contracts;
  /** The supergraph SDL the contracts being served come from. */
  readonly supergraphSdl: string | undefined;
}

/** A store of contracts, serving those of `supergraphSdl` when given (the contract plugin fills it otherwise). */
export function contractsStore(supergraphSdl?: string): ContractsStore {
  type Built = { sdl: string; contracts: Contracts };
  let current: Built | undefined;
  let prepared: Built | undefined;
  const build = (sdl: string): Built => (current?.sdl === sdl ? current : prepared?.sdl === sdl ? prepared : { sdl, contracts: buildContracts(sdl) });
  const store: ContractsStore = {
    get() {
      if (!current) throw new Error('No contracts yet: the store has not been given a supergraph.');
      return current.contracts;
    },
    update(sdl) {
      current = build(sdl);
      if (prepared?.sdl === sdl) prepared = undefined;
      return current.contracts;
    },
    prepare(sdl) {
      const built = build(sdl);
      if (built !== current) prepared = built;
      return built.contracts;
    },
    get supergraphSdl() {
      return current?.sdl;
    },
  };
  if (supergraphSdl !== undefined) store.update(supergraphSdl);
  return store;
}

const VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED';
const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

/** Validation results per parsed document and contract: Apollo hands the same document back for the same text. */
const validated = new WeakMap<DocumentNode, Map<GraphQLSchema, readonly GraphQLError[]>>();

function validateAgainst(contract: GraphQLSchema, document: DocumentNode): readonly GraphQLError[] {
  let perContract = validated.get(document);
  if (!perContract) validated.set(document, (perContract = new Map()));
  let errors = perContract.get(contract);
  if (!errors) perContract.set(contract, (errors = validate(contract, document, specifiedRules)));
  return errors;
}

/** The root fields an operation selects, through fragments, as written (before @skip/@include). */
function rootFieldNames(document: DocumentNode, operation: OperationDefinitionNode): Set<string> {
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const names = new Set<string>();
  const seen = new Set<string>();
  const walk = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) names.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return names;
}

function refusal(message: string, from?: GraphQLError): GraphQLError {
  return new GraphQLError(message, {
    nodes: from?.nodes,
    source: from?.source,
    positions: from?.positions,
    extensions: { code: VALIDATION_FAILED, http: { status: 400 } },
  });
}

/**
 * Serves each caller its contract (see `contractFor`): the operation is validated against it
 * (a field outside it is refused with GRAPHQL_VALIDATION_FAILED, HTTP 400, as if it did not exist,
 * before any subgraph is called), and introspection is answered from it. Apollo's own validation
 * and its introspection switch apply first, against the whole API schema.
 *
 * Given a store (by default its own), the plugin updates it whenever the gateway loads a
 * supergraph, at start and on every hot reload, in the same synchronous step as the gateway's
 * schema swap; while the contracts of the supergraph being served cannot be built, it refuses
 * every caller with a narrower contract than `full` (CONTRACTS_UNAVAILABLE, HTTP 503).
 */
export function createContractPlugin(contracts: Contracts | ContractsStore = contractsStore()): ApolloServerPlugin<GatewayContext> {
  const store = isStore(contracts) ? contracts : undefined;
  let servedSdl: string | undefined;
  const current = (): Contracts => {
    if (!store) return contracts as Contracts;
    if (servedSdl !== undefined && store.supergraphSdl !== servedSdl) {
      throw new GraphQLError('The API contracts could not be built for the schema being served; try again later.', {
        extensions: { code: 'CONTRACTS_UNAVAILABLE', http: { status: 503 } },
      });
    }
    return store.get();
  };

  return {
    async serverWillStart() {
      return {
        // Called synchronously with the gateway's schema swap: no request sees the new schema with old contracts.
        schemaDidLoadOrUpdate({ coreSupergraphSdl }) {
          if (!store || coreSupergraphSdl === undefined) return;
          servedSdl = coreSupergraphSdl;
          store.update(coreSupergraphSdl);
        },
      };
    },

    async requestDidStart() {
      let contract: GraphQLSchema | undefined;
      let introspectionOnly = false;
      let validationErrors: readonly GraphQLError[] = [];
      return {
        async didResolveOperation({ contextValue, document, operation }) {
          // No verified viewer (a context built elsewhere) is the narrowest caller.
          const name = contractFor((contextValue as Partial<GatewayContext>).viewer?.role ?? 'anonymous');
          // `full` is the API schema itself: Apollo has validated the operation against it already.
          if (name === 'full') return;
          contract = current()[name];
          validationErrors = validateAgainst(contract, document);
          if (validationErrors.length) throw refusal(validationErrors[0].message, validationErrors[0]);
          if (!operation) return;
          const roots = rootFieldNames(document, operation);
          const introspection = [...roots].filter((r) => INTROSPECTION_ROOTS.has(r));
          if (!introspection.length) return;
          if ([...roots].some((r) => !INTROSPECTION_ROOTS.has(r) && r !== '__typename')) {
            throw refusal('Introspection (__schema, __type) must be asked in an operation of its own, without other fields.');
          }
          introspectionOnly = true;
        },

        async responseForOperation({ document, operationName, request, contextValue }): Promise<GraphQLResponse | null> {
          if (!introspectionOnly || !contract) return null;
          const result = await execute({ schema: contract, document, operationName, variableValues: request.variables, contextValue });
          const errors = result.errors?.map((e) => e.toJSON());
          return {
            http: { status: result.data === undefined ? 400 : undefined, headers: new HeaderMap() },
            body: { kind: 'single', singleResult: { ...(errors ? { errors } : {}), ...(result.data !== undefined ? { data: result.data } : {}) } },
          };
        },

        // A plugin refusal carries one error: put back every validation message, as Apollo's own validation does.
        async willSendResponse({ response }) {
          if (validationErrors.length < 2 || response.body.kind !== 'single') return;
          const sent = response.body.singleResult.errors;
          if (sent?.length !== 1 || sent[0].extensions?.code !== VALIDATION_FAILED || sent[0].message !== validationErrors[0].message) return;
          response.body.singleResult.errors = validationErrors.map((error) => ({ ...error.toJSON(), extensions: { code: VALIDATION_FAILED } }));
        },
      };
    },
  };
}

function isStore(value: Contracts | ContractsStore): value is ContractsStore {
  return typeof (value as ContractsStore).update === 'function';
}
