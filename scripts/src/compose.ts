// `npm run compose`: print every subgraph's SDL from its code into subgraphs/<name>/schema.graphql,
// compose schema/supergraph.graphql from them and print the API contract of each audience into
// schema/contracts/<contract>.graphql. `--check` writes nothing and fails on drift.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildContracts, CONTRACT_NAMES, type ContractName } from '@pleiadi/gateway';
import { REPOSITORY_ROOT } from '@pleiadi/kit';
import { printSchema } from 'graphql';
import { composeSupergraph } from './composition.ts';
import { printSubgraphFromCode, readRegistry, SCHEMA_DIR, sdlPath, SUPERGRAPH_PATH } from './registry.ts';

export const CONTRACTS_DIR = path.join(SCHEMA_DIR, 'contracts');
export const contractPath = (name: ContractName) => path.join(CONTRACTS_DIR, `${name}.graphql`);

export interface ComposeOutcome {
  /** Files whose committed text differs from what the code produces. */
  drifted: string[];
  errors: string[];
}

export async function compose(options: { write: boolean }): Promise<ComposeOutcome> {
  const registry = readRegistry();
  const drifted: string[] = [];
  const relative = (file: string) => path.relative(REPOSITORY_ROOT, file);
  const compare = (file: string, text: string) => {
    const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (current === text) return;
    drifted.push(relative(file));
    if (!options.write) return;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  };

  const subgraphs = [];
  for (const entry of registry) {
    const sdl = await printSubgraphFromCode(entry);
    compare(sdlPath(entry), sdl);
    subgraphs.push({ name: entry.name, url: entry.url, sdl });
  }
  const result = composeSupergraph(subgraphs);
  if (!result.ok) return { drifted, errors: result.errors };
  compare(SUPERGRAPH_PATH, result.supergraphSdl);
  let contracts;
  try {
    contracts = buildContracts(result.supergraphSdl);
  } catch (error) {
    return { drifted, errors: [`CONTRACT_ERROR: ${(error as Error).message}`] };
  }
  for (const name of CONTRACT_NAMES) compare(contractPath(name), printSchema(contracts[name]) + '\n');
  return { drifted, errors: [] };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes('--check');
  const { drifted, errors } = await compose({ write: !check });
  if (errors.length) {
    console.error(`Composition failed:\n${errors.map((e) => `  - ${e}`).join('\n')}`);
    process.exit(1);
  }
  if (check && drifted.length) {
    console.error(`Generated schema files are out of date: ${drifted.join(', ')}.\nRun \`npm run compose\` and commit the result.`);
    process.exit(1);
  }
  console.log(drifted.length ? `Updated ${drifted.join(', ')}.` : 'Schema files are up to date.');
}
