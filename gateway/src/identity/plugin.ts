// Once the operation is resolved, and every refusal before it has had its say: the request gets
// its identity, the viewer is named with its operation, and the internal token that vouches for
// the caller to the subgraphs (naming the operation and its SHA-256 for their audit trails) is signed.
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode } from 'graphql';
import { signInternalToken } from '@pleiadi/kit';
import type { GatewayContext } from '../context.ts';
import { requestIdentity } from './request-identity.ts';

export function createIdentityPlugin(internalSecret: string): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation, source, request, document }) {
          // A request whose operation cannot be picked is the client's error (Apollo's gateway would answer 500).
          if (!operation) throw unresolvedOperation(document, request.operationName);
          const identity = requestIdentity({ source, operation, variables: request.variables, viewer: contextValue.viewer });
          contextValue.identity = identity;
          contextValue.viewer = {
            ...contextValue.viewer,
            operationName: identity.operationName?.slice(0, 100) ?? undefined,
            operationHash: identity.documentHash,
          };
          contextValue.internalToken = signInternalToken(contextValue.viewer, internalSecret);
        },
      };
    },
  };
}

function unresolvedOperation(document: DocumentNode, operationName: string | undefined): GraphQLError {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
  const message = operationName
    ? `Unknown operation named "${operationName.slice(0, 100)}".`
    : operations > 1
      ? 'Must provide operation name if query contains multiple operations.'
      : 'Must provide an operation.';
  return new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } });
}
