// A supergraph SDL built once per process: at start the gateway's checks, its contracts and the
// BI feeds each needed the built supergraph, and each `Supergraph.build` cost ~0.3 s of the start.
// Keyed by the SDL itself; the last few are kept (the serving one and a hot-reload candidate).
import { Supergraph } from '@apollo/federation-internals';
import type { GraphQLSchema } from 'graphql';

const KEPT = 3;
const built = new Map<string, { supergraph: Supergraph; api?: GraphQLSchema }>();

function entryOf(supergraphSdl: string) {
  let entry = built.get(supergraphSdl);
  if (entry) {
    built.delete(supergraphSdl); // most recently used last
  } else {
    entry = { supergraph: Supergraph.build(supergraphSdl) };
    if (built.size >= KEPT) built.delete(built.keys().next().value!);
  }
  built.set(supergraphSdl, entry);
  return entry;
}

/** The built supergraph; throws as `Supergraph.build` does on an invalid one (never cached). */
export function supergraphOf(supergraphSdl: string): Supergraph {
  return entryOf(supergraphSdl).supergraph;
}

/** The client API schema of a supergraph, as the gateway serves it (no join__/link__, no @inaccessible). Read only: shared. */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  const entry = entryOf(supergraphSdl);
  return (entry.api ??= entry.supergraph.apiSchema().toGraphQLJSSchema());
}
