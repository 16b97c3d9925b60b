// Composes subgraph SDLs into the supergraph and explains failures in terms a partner team can act on.
import { composeServices } from '@apollo/composition';
import { parse, type GraphQLError } from 'graphql';

export interface SubgraphSdl {
  name: string;
  url: string;
  sdl: string;
}

export type CompositionResult = { ok: true; supergraphSdl: string } | { ok: false; errors: string[] };

const FIXES: Record<string, string> = {
  INVALID_FIELD_SHARING: 'a field resolved by several subgraphs must be @shareable in each of them, or owned by one subgraph only',
  FIELD_TYPE_MISMATCH: 'the same field must have compatible types in every subgraph that defines it',
  EXTERNAL_MISSING_ON_BASE: 'an @external field must be defined by the subgraph that owns the entity',
  KEY_FIELDS_SELECT_INVALID_TYPE: 'key fields must be scalars, enums or objects of them',
  SATISFIABILITY_ERROR: 'some field cannot be reached from the root types: check keys and the entity resolvers',
  TYPE_KIND_MISMATCH: 'a type with the same name must be of the same kind (object, enum, input…) everywhere',
  ENUM_VALUE_MISMATCH: 'an enum used as input must have the same values in every subgraph',
  INVALID_GRAPHQL: 'the SDL does not parse: regenerate it with `npm run compose`',
};

export function describeCompositionError(error: GraphQLError): string {
  const code = String(error.extensions?.code ?? 'COMPOSITION_ERROR');
  const fix = FIXES[code];
  return `${code}: ${error.message}${fix ? `\n    fix: ${fix}` : ''}`;
}

export function composeSupergraph(subgraphs: SubgraphSdl[]): CompositionResult {
  const parsed: { name: string; url: string; typeDefs: ReturnType<typeof parse> }[] = [];
  const errors: string[] = [];
  for (const subgraph of subgraphs) {
    try {
      parsed.push({ name: subgraph.name, url: subgraph.url, typeDefs: parse(subgraph.sdl) });
    } catch (error) {
      errors.push(`INVALID_GRAPHQL: [${subgraph.name}] ${(error as Error).message}`);
    }
  }
  if (errors.length) return { ok: false, errors };
  const result = composeServices(parsed);
  if (result.errors?.length || !result.supergraphSdl) {
    return { ok: false, errors: (result.errors ?? []).map(describeCompositionError) };
  }
  return { ok: true, supergraphSdl: result.supergraphSdl.trimEnd() + '\n' };
}
