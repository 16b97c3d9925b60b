// `npm run compose`: print every subgraph's SDL from its code into subgraphs/<name>/schema.graphql,
// compose schema/supergraph.graphql from them and print the API contract of each audience into
// schema/contracts/<contract>.graphql (a contract the supergraph does not offer has no file, and is
// named with its reason). `--check` writes nothing and fails on drift.
import { existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildContracts, CONTRACT_NAMES, type ContractName } from '@pleiadi/gateway';
import { REPOSITORY_ROOT } from '@pleiadi/kit';
import { printSchema } from 'graphql';
import { composeSupergraph } from './composition.ts';
import { printSubgraphFromCode, readRegistry, SCHEMA_DIR, sdlPath, SUPERGRAPH_PATH } from './registry.ts';

export const CONTRACTS_DIR = path.join(SCHEMA_DIR, 'contracts');
export const contractPath = (name: ContractName) => path.join(CONTRACTS_DIR, `${name}.graphql`);

export interface ComposeOutcome {
  /** Files whose committed text differs from what the code produces (or that should not exist). */
  drifted: string[];
  errors: string[];
  /** Contracts the supergraph does not offer, each `name: reason`. */
  notOffered: string[];
}

/** The SDL of each contract `compose` writes, `null` for one the supergraph does not offer. */
export function contractFiles(supergraphSdl: string): { files: Record<ContractName, string | null>; notOffered: string[] } {
  const contracts = buildContracts(supergraphSdl);
  const files = {} as Record<ContractName, string | null>;
  for (const name of CONTRACT_NAMES) {
    const schema = contracts[name];
    files[name] = schema ? printSchema(schema) + '\n' : null;
  }
  return { files, notOffered: Object.entries(contracts.notOffered).map(([name, reason]) => `${name}: ${reason}`) };
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
  // A file left from when a contract was offered would tell its audience of a schema no one serves.
  const remove = (file: string) => {
    if (!existsSync(file)) return;
    drifted.push(relative(file));
    if (options.write) unlinkSync(file);
  };

  const subgraphs = [];
  for (const entry of registry) {
    const sdl = await printSubgraphFromCode(entry);
    compare(sdlPath(entry), sdl);
    subgraphs.push({ name: entry.name, url: entry.url, sdl });
  }
  const result = composeSupergraph(subgraphs);
  if (!result.ok) return { drifted, errors: result.errors, notOffered: [] };
  compare(SUPERGRAPH_PATH, result.supergraphSdl);
  let contracts;
  try {
    contracts = contractFiles(result.supergraphSdl);
  } catch (error) {
    // Only a supergraph the gateway could not read either: a contract that cannot be built is just not offered.
    return { drifted, errors: [`CONTRACT_ERROR: ${(error as Error).message}`], notOffered: [] };
  }
  for (const name of CONTRACT_NAMES) {
    const text = contracts.files[name];
    if (text === null) remove(contractPath(name));
    else compare(contractPath(name), text);
  }
  return { drifted, errors: [], notOffered: contracts.notOffered };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes('--check');
  const { drifted, errors, notOffered } = await compose({ write: !check });
  if (errors.length) {
    console.error(`Composition failed:\n${errors.map((e) => `  - ${e}`).join('\n')}`);
    process.exit(1);
  }
  if (notOffered.length) console.log(`API contracts not offered (their callers get CONTRACT_UNAVAILABLE):\n${notOffered.map((n) => `  - ${n}`).join('\n')}`);
  if (check && drifted.length) {
    console.error(`Generated schema files are out of date: ${drifted.join(', ')}.\nRun \`npm run compose\` and commit the result.`);
    process.exit(1);
  }
  console.log(drifted.length ? `Updated ${drifted.join(', ')}.` : 'Schema files are up to date.');
}
