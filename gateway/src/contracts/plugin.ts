// The request stage of contracts: each caller is validated against, and introspects, only its own
// contract, before any subgraph is called.
import type { ApolloServerPlugin, GraphQLResponse } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { createLogger } from '@pleiadi/kit';
import { execute, GraphQLError, Kind, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { GatewayContext } from '../context.ts';
import { CONTRACT_AUDIENCES, contractFor, type ContractName } from './audiences.ts';
import type { Contracts } from './build.ts';
import { contractsStore, type ContractsStore } from './store.ts';

export const CONTRACT_UNAVAILABLE = 'CONTRACT_UNAVAILABLE';
const VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED';
const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

const log = createLogger('gateway');

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

/** A caller whose contract this graph does not offer: refused, never served a wider schema instead. */
function unavailable(name: ContractName): GraphQLError {
  const audience = CONTRACT_AUDIENCES[name];
  return new GraphQLError(
    `This graph does not offer the "${name}" API contract, the schema served to ${audience}: its subgraphs tag nothing for them, ` +
      `or what is tagged does not make a usable schema. Requests from ${audience} are refused until it is offered.`,
    { extensions: { code: CONTRACT_UNAVAILABLE, contract: name, http: { status: 403 } } },
  );
}

/**
 * Serves each caller its contract (see `contractFor`): the operation is validated against it
 * (a field outside it is refused with GRAPHQL_VALIDATION_FAILED, HTTP 400, as if it did not exist,
 * before any subgraph is called), and introspection is answered from it. Apollo's own validation
 * and its introspection switch apply first, against the whole API schema. A caller whose
 * contract the supergraph does not offer is refused with CONTRACT_UNAVAILABLE (HTTP 403); the
 * `full` contract is the API schema itself and always served.
 *
 * Given a store (by default its own), the plugin updates it whenever the gateway loads a
 * supergraph, at start and on every hot reload, in the same synchronous step as the gateway's
 * schema swap.
 */
export function createContractPlugin(contracts: Contracts | ContractsStore = contractsStore()): ApolloServerPlugin<GatewayContext> {
  const store = isStore(contracts) ? contracts : undefined;
  let servedSdl: string | undefined;
  let logged: Contracts | undefined;
  /** The contracts of the schema being served; undefined while they could not be built at all. */
  const current = (): Contracts | undefined => {
    if (!store) return contracts as Contracts;
    if (servedSdl !== undefined && store.supergraphSdl !== servedSdl) return undefined;
    return store.get();
  };

  return {
    async serverWillStart() {
      return {
        // Called synchronously with the gateway's schema swap: no request sees the new schema with old contracts.
        schemaDidLoadOrUpdate({ coreSupergraphSdl }) {
          if (!store || coreSupergraphSdl === undefined) return;
          servedSdl = coreSupergraphSdl;
          try {
            const built = store.update(coreSupergraphSdl);
            if (built === logged) return;
            logged = built;
            for (const [name, reason] of Object.entries(built.notOffered)) {
              log.warn(`API contract "${name}" not offered (${CONTRACT_AUDIENCES[name as ContractName]} are refused with ${CONTRACT_UNAVAILABLE}): ${reason}`);
            }
          } catch (error) {
            log.error(`no API contract but "full" is offered for this supergraph: ${(error as Error).message}`);
          }
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
          contract = current()?.[name];
          if (!contract) throw unavailable(name);
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
