// `npm run check -- <subgraph> [--json] [--allow-breaking "<reason>"] [--base <git ref>]`: would this
// subgraph's schema, as its code prints it now, break the graph's clients?
//
// It composes the subgraph's working-copy SDL with the other subgraphs' committed
// subgraphs/<name>/schema.graphql, compares the client-facing (API) schema of the result with the
// API schema of the committed schema/supergraph.graphql, and validates every registered operation
// of schema/operations/ against the new API schema. Exit 0 when nothing breaks; 1 on composition
// errors, breaking changes or operations that no longer validate; 2 on bad usage.
// `--allow-breaking "<reason>"` turns breaking changes and broken operations (never composition
// errors: there would be no supergraph to deploy) into exit 0, printing the reason and who is hit.
// `--base <ref>` takes the committed files from a git ref (e.g. origin/main) instead of the
// working tree: what CI should do, since a branch carries its own regenerated supergraph.
// `--sdl <file>` checks that SDL file instead of what the subgraph's code prints.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { formatReport } from './check/format.ts';
import { checkSubgraph } from './check/report.ts';
import { UsageError, type CheckReport } from './check/types.ts';

export { formatReport } from './check/format.ts';
export { checkSubgraph } from './check/report.ts';
export type * from './check/types.ts';
export { UsageError } from './check/types.ts';

const USAGE = 'usage: npm run check -- <subgraph> [--json] [--allow-breaking "<reason>"] [--base <git ref>] [--sdl <file>]';

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, 'allow-breaking': { type: 'string' }, base: { type: 'string' }, sdl: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const fail = (message: string) => {
    if (values.json) console.log(JSON.stringify({ subgraph: positionals[0] ?? null, error: message, ok: false }, null, 2));
    else console.error(`${message}\n${USAGE}`);
    return 2;
  };
  if (positionals.length !== 1) return fail('Name exactly one subgraph.');
  if (values['allow-breaking'] !== undefined && !values['allow-breaking'].trim()) return fail('--allow-breaking needs a reason, e.g. --allow-breaking "field removed with the agreement of ART-ER BI (ticket 123)".');
  let report: CheckReport;
  try {
    let sdl: string | undefined;
    if (values.sdl !== undefined) {
      try {
        sdl = readFileSync(values.sdl, 'utf8');
      } catch (error) {
        return fail(`Cannot read --sdl ${values.sdl}: ${(error as Error).message}`);
      }
    }
    report = await checkSubgraph(positionals[0], { sdl, allowBreaking: values['allow-breaking'] ?? null, base: values.base });
  } catch (error) {
    if (error instanceof UsageError) return fail(error.message);
    // E.g. the subgraph's code does not build: no SDL to check.
    const message = `The check could not run: ${(error as Error).stack ?? String(error)}`;
    if (values.json) console.log(JSON.stringify({ subgraph: positionals[0], error: message, ok: false }, null, 2));
    else console.error(message);
    return 1;
  }
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else process.stdout.write(formatReport(report));
  return report.ok ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
