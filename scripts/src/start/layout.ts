// Where `npm start` puts things: each subgraph's URL (the registry's, or <NAME>_SUBGRAPH_URL, which
// the gateway reads too), and which subgraphs share a host process. Node built-ins only: the
// launcher reads this before it loads anything heavy, so the hosts start at once.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REGISTRY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../schema/subgraphs.json');

function registryNames(): { name: string; url: string }[] {
  return (JSON.parse(readFileSync(REGISTRY, 'utf8')) as { subgraphs: { name: string; url: string }[] }).subgraphs;
}

export function subgraphUrl(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const entry = registryNames().find((e) => e.name === name);
  if (!entry) throw new Error(`No subgraph named ${name} in schema/subgraphs.json`);
  return env[`${name.toUpperCase()}_SUBGRAPH_URL`] ?? entry.url;
}

/**
 * The host processes and the subgraphs of each, in the order each starts them. One: split in two,
 * the hosts spent ~14 CPU s on a warm start where one spends ~7.5 (each loads the libraries,
 * compiles PGlite and builds its heap), on two cores the gateway also needs meanwhile.
 */
export function hostGroups(): string[][] {
  return [registryNames().map((e) => e.name)];
}
