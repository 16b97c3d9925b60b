// PostgreSQL text cannot hold the NUL character: a string argument carrying one would reach the
// driver and fail there as an internal error. Every subgraph refuses it up front as the caller's
// mistake, whether it came as a literal in the operation or inside the variables (the gateway's
// `_entities` representations included).
import type { ApolloServerPlugin } from '@apollo/server';
import { visit, type DocumentNode } from 'graphql';
import { badUserInput } from './errors.ts';

const NUL = '\u0000';

/** The path of the first string holding a NUL inside a variables value, or undefined. */
function nulPathIn(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes(NUL) ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPathIn(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const found = nulPathIn(inner, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

// Apollo hands the same parsed document to every request of an operation it has seen: each is
// walked once.
const walked = new WeakMap<DocumentNode, boolean>();

function hasNulLiteral(document: DocumentNode): boolean {
  const known = walked.get(document);
  if (known !== undefined) return known;
  let found = false;
  visit(document, {
    StringValue(node) {
      if (node.value.includes(NUL)) found = true;
    },
  });
  walked.set(document, found);
  return found;
}

export function refuseNulInput<Ctx extends object>(): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const inVariables = nulPathIn(request.variables ?? {}, '$');
          if (inVariables || hasNulLiteral(document)) {
            const where = inVariables ? `variable ${inVariables.slice(2)}` : 'a string argument';
            const error = badUserInput(`Text may not contain the NUL character (U+0000); found in ${where}.`);
            // An answer with errors, like a resolver's refusal, so the gateway passes the code on
            // (a non-2xx reply from a subgraph reaches callers as the gateway's own failure).
            (error.extensions as Record<string, unknown>).http = { status: 200 };
            throw error;
          }
        },
      };
    },
  };
}
