// The registered operations (schema/operations/*.graphql) as BI tables: each query's text (sent
// byte for byte, so safelist mode accepts it), its variables and its table shape.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { tableShape, type TableShape } from './table-shape.ts';

export interface BiOperation {
  name: string;
  text: string;
  /** The leading comment of the file (its description), without `#`. */
  description: string;
  operation: OperationDefinitionNode;
  shape: TableShape;
}

export function loadBiOperations(dir: string, schema: GraphQLSchema): Map<string, BiOperation> {
  const operations = new Map<string, BiOperation>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.graphql')).sort()) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const document = parse(text);
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    // Only queries are tables; the safelist loader already refuses malformed files at start-up.
    if (!operation?.name || operation.operation !== 'query') continue;
    const description = text
      .split('\n')
      .filter((line) => line.startsWith('#') && !line.startsWith('# client:'))
      .map((line) => line.replace(/^#\s?/, ''))
      .join(' ')
      .trim();
    try {
      operations.set(operation.name.value, { name: operation.name.value, text, description, operation, shape: tableShape(schema, operation, fragments) });
    } catch {
      // An operation the current supergraph cannot serve is left out of the feeds (the gateway's
      // operation checks report it); the others are still served.
    }
  }
  return operations;
}
