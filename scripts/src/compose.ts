// `npm run compose`: print every subgraph's SDL from its code into subgraphs/<name>/schema.graphql
// and compose schema/supergraph.graphql from them. `--check` writes nothing and fails on drift.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPOSITORY_ROOT } from '@pleiadi/kit';
import { composeSupergraph } from './composition.ts';
import { printSubgraphFromCode, readRegistry, sdlPath, SUPERGRAPH_PATH } from './registry.ts';

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
    if (options.write) writeFileSync(file, text);
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
