// The subgraph registry (schema/subgraphs.json) and each subgraph's schema, printed from its code.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { printSubgraphSchema } from '@apollo/subgraph';
import { REPOSITORY_ROOT } from '@pleiadi/kit';
import type { GraphQLSchema } from 'graphql';

export interface SubgraphEntry {
  name: string;
  package: string;
  dir: string;
  url: string;
}

export const SCHEMA_DIR = path.join(REPOSITORY_ROOT, 'schema');
export const SUPERGRAPH_PATH = path.join(SCHEMA_DIR, 'supergraph.graphql');

export function readRegistry(): SubgraphEntry[] {
  const file = JSON.parse(readFileSync(path.join(SCHEMA_DIR, 'subgraphs.json'), 'utf8')) as { subgraphs: SubgraphEntry[] };
  return file.subgraphs;
}

export function sdlPath(entry: SubgraphEntry): string {
  return path.join(REPOSITORY_ROOT, entry.dir, 'schema.graphql');
}

/** The subgraph's SDL as its code builds it now. */
export async function printSubgraphFromCode(entry: SubgraphEntry): Promise<string> {
  const module = (await import(entry.package)) as { schema: GraphQLSchema };
  return printSubgraphSchema(module.schema).trimEnd() + '\n';
}
