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
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { buildContracts, CONTRACT_NAMES } from '@pleiadi/gateway';
import { REPOSITORY_ROOT } from '@pleiadi/kit';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { composeSupergraph } from './composition.ts';
import { loadRegisteredOperations, OPERATIONS_DIR, operationUsage, validationMessages } from './operations.ts';
import { printSubgraphFromCode, readRegistry, SCHEMA_DIR, sdlPath, SUPERGRAPH_PATH } from './registry.ts';
import { apiSchemaOfSupergraph, diffApiSchemas, type SchemaChange } from './schema-diff.ts';

export interface CheckOptions {
  /** SDL to check instead of the one the subgraph's code prints now. */
  sdl?: string;
  /** Read the other subgraphs' SDLs and the supergraph from this git ref instead of the working tree. */
  base?: string;
  /** Folder of registered operations (default schema/operations/). */
  operationsDir?: string;
  /** Why breaking changes are deliberate: the check then passes, naming who is hit. */
  allowBreaking?: string | null;
}

export interface ReportedChange {
  type: string;
  coordinate: string | null;
  description: string;
  hint?: string;
  /** Registered operations that use what changed (breaking and dangerous changes). */
  operations: string[];
}

export interface OperationReport {
  operation: string | null;
  file: string;
  clients: string[];
  about: string;
  /** Validation messages against the new API schema (empty: it still validates). */
  messages: string[];
  /** It did not validate against the committed supergraph either: not caused by this change. */
  alreadyBroken: boolean;
}

export interface AffectedOperation {
  operation: string;
  file: string;
  clients: string[];
  /** It no longer validates. Otherwise it still validates but uses something that changed in a breaking way. */
  broken: boolean;
  /** Coordinates of the breaking changes it uses. */
  changes: string[];
}

export interface CheckReport {
  subgraph: string;
  /** Where the checked SDL came from. */
  source: 'working copy' | 'given SDL';
  /** What it was compared with. */
  baseline: string;
  composed: boolean;
  compositionErrors: string[];
  breaking: ReportedChange[];
  dangerous: ReportedChange[];
  safe: ReportedChange[];
  brokenOperations: OperationReport[];
  /** Operations that are broken or use something changed in a breaking way, with their clients. */
  affectedOperations: AffectedOperation[];
  /** Number of registered operations checked. */
  operationsChecked: number;
  allowedBreaking: string | null;
  ok: boolean;
  /** Remarks on how to read the result. */
  notes: string[];
}

export class UsageError extends Error {}

function gitShow(ref: string, file: string): string {
  try {
    return execFileSync('git', ['show', `${ref}:./${file}`], { cwd: REPOSITORY_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    throw new UsageError(`Cannot read ${file} at ${ref}: ${stderr || (error as Error).message}`);
  }
}

/** Whether the working-tree file differs from git HEAD (undefined: no git to ask). */
function differsFromHead(file: string): boolean | undefined {
  try {
    execFileSync('git', ['diff', '--quiet', 'HEAD', '--', file], { cwd: REPOSITORY_ROOT, stdio: 'ignore' });
    return false;
  } catch (error) {
    return (error as { status?: number }).status === 1 ? true : undefined;
  }
}

const apiSchemaCache = new Map<string, GraphQLSchema>();
function cachedApiSchema(supergraphSdl: string): GraphQLSchema {
  let schema = apiSchemaCache.get(supergraphSdl);
  if (!schema) {
    schema = apiSchemaOfSupergraph(supergraphSdl);
    if (apiSchemaCache.size > 4) apiSchemaCache.clear();
    apiSchemaCache.set(supergraphSdl, schema);
  }
  return schema;
}

export async function checkSubgraph(name: string, options: CheckOptions = {}): Promise<CheckReport> {
  const registry = readRegistry();
  const entry = registry.find((candidate) => candidate.name === name);
  if (!entry) throw new UsageError(`Unknown subgraph "${name}": expected one of ${registry.map((e) => e.name).join(', ')}.`);
  const allowedBreaking = options.allowBreaking?.trim() || null;
  const relative = (file: string) => path.relative(REPOSITORY_ROOT, file);
  const committed = (file: string) => (options.base ? gitShow(options.base, relative(file)) : readFileSync(file, 'utf8'));

  const sdl = options.sdl ?? (await printSubgraphFromCode(entry));
  const subgraphs = registry.map((other) => ({ name: other.name, url: other.url, sdl: other === entry ? sdl : committed(sdlPath(other)) }));
  const baseline = `${relative(SUPERGRAPH_PATH)} ${options.base ? `at ${options.base}` : 'in the working tree'}`;
  const report: CheckReport = {
    subgraph: name,
    source: options.sdl === undefined ? 'working copy' : 'given SDL',
    baseline,
    composed: false,
    compositionErrors: [],
    breaking: [],
    dangerous: [],
    safe: [],
    brokenOperations: [],
    affectedOperations: [],
    operationsChecked: 0,
    allowedBreaking,
    ok: false,
    notes: [],
  };

  const composition = composeSupergraph(subgraphs);
  if (!composition.ok) {
    report.compositionErrors = composition.errors;
    if (allowedBreaking) report.notes.push('--allow-breaking does not apply to composition errors: without a supergraph there is nothing to deploy.');
    return report;
  }
  report.composed = true;

  const oldApi = cachedApiSchema(committed(SUPERGRAPH_PATH));
  const newApi = cachedApiSchema(composition.supergraphSdl);
  const diff = await diffApiSchemas(oldApi, newApi);

  const { operations, problems } = loadRegisteredOperations(options.operationsDir ?? OPERATIONS_DIR);
  report.operationsChecked = operations.length;
  const usage = new Map(operations.map((operation) => [operation.name, operationUsage(oldApi, operation.document)]));
  const usedBy = (change: SchemaChange) => operations.filter((operation) => change.affects.some((c) => usage.get(operation.name)?.has(c))).map((operation) => operation.name);
  const toReported = (change: SchemaChange): ReportedChange => ({
    type: change.type,
    coordinate: change.coordinate,
    description: change.description,
    ...(change.hint ? { hint: change.hint } : {}),
    operations: usedBy(change),
  });
  report.breaking = diff.breaking.map(toReported);
  report.dangerous = diff.dangerous.map(toReported);
  report.safe = diff.safe.map(toReported);

  // What an audience sees also changes with @tags (a field losing `public`, gaining `personal`):
  // compare each committed contract with the one the new supergraph yields.
  const newContracts = buildContracts(composition.supergraphSdl);
  for (const contract of CONTRACT_NAMES) {
    const file = path.join(SCHEMA_DIR, 'contracts', `${contract}.graphql`);
    let committedContract: GraphQLSchema;
    try {
      committedContract = buildSchema(committed(file));
    } catch {
      continue; // no committed contract yet: nothing its audience could rely on
    }
    const newContract = newContracts[contract];
    if (!newContract) {
      // Its whole audience loses the graph: they would get CONTRACT_UNAVAILABLE.
      report.breaking.push({
        type: 'CONTRACT_NOT_OFFERED',
        coordinate: null,
        description: `[${contract} contract] no longer offered: ${newContracts.notOffered[contract]}; its callers would get CONTRACT_UNAVAILABLE`,
        operations: [],
      });
      continue;
    }
    const seen = new Set(report.breaking.map((change) => change.coordinate));
    for (const change of (await diffApiSchemas(committedContract, newContract)).breaking) {
      if (change.coordinate && seen.has(change.coordinate)) continue;
      report.breaking.push({ ...toReported(change), description: `[${contract} contract] ${change.description}` });
    }
  }

  for (const problem of problems) {
    report.brokenOperations.push({ operation: null, file: problem.file, clients: [], about: '', messages: [problem.message], alreadyBroken: true });
  }
  for (const operation of operations) {
    const messages = validationMessages(newApi, operation);
    const changes = diff.breaking.filter((change) => change.affects.some((c) => usage.get(operation.name)?.has(c))).map((change) => change.coordinate ?? change.description);
    const alreadyBroken = messages.length > 0 && validationMessages(oldApi, operation).length > 0;
    if (messages.length) {
      report.brokenOperations.push({ operation: operation.name, file: operation.file, clients: operation.clients, about: operation.about, messages, alreadyBroken });
    }
    if ((messages.length && !alreadyBroken) || changes.length) {
      report.affectedOperations.push({ operation: operation.name, file: operation.file, clients: operation.clients, broken: messages.length > 0 && !alreadyBroken, changes: [...new Set(changes)] });
    }
  }

  const newlyBroken = report.brokenOperations.filter((operation) => !operation.alreadyBroken);
  const breaks = report.breaking.length > 0 || newlyBroken.length > 0;
  report.ok = !breaks || allowedBreaking !== null;
  if (report.brokenOperations.some((operation) => operation.alreadyBroken)) {
    report.notes.push('Operations marked "already broken" fail against the committed supergraph too: not caused by this change, and they do not fail the check.');
  }
  if (!breaks && allowedBreaking) report.notes.push('--allow-breaking was given, but nothing breaks.');
  // After `npm run compose` the working tree's supergraph already holds the change: nothing is left to compare.
  const unchanged = !diff.breaking.length && !diff.dangerous.length && !diff.safe.length;
  if (unchanged && !options.base && sdl === readFileSync(sdlPath(entry), 'utf8') && differsFromHead(SUPERGRAPH_PATH)) {
    report.notes.push(
      `${relative(SUPERGRAPH_PATH)} differs from the last commit, and ${relative(sdlPath(entry))} already equals this SDL: ` +
        'if `npm run compose` wrote your change into them, this check compared your change with itself. ' +
        `Compare with a commit instead: npm run check -- ${name} --base HEAD (in CI: --base origin/main or the target branch).`,
    );
  }
  return report;
}

// ---------------------------------------------------------------------------------------------
// The readable report.

function clientsOf(operation: { clients: string[]; about: string }): string {
  if (operation.clients.length) return `client: ${operation.clients.join(', ')}`;
  const about = operation.about.length > 90 ? `${operation.about.slice(0, 89)}…` : operation.about;
  return about ? `client not recorded; the file says: "${about}"` : 'client not recorded';
}

export function formatReport(report: CheckReport): string {
  const lines: string[] = [];
  const push = (...more: string[]) => lines.push(...more);
  push(`Schema check of "${report.subgraph}" (${report.source}) against ${report.baseline}`);
  push('');
  if (!report.composed) {
    push(`COMPOSITION FAILED (${report.compositionErrors.length} error${report.compositionErrors.length === 1 ? '' : 's'}): the supergraph cannot be built with this SDL.`);
    for (const error of report.compositionErrors) push(`  - ${error.replace(/\n/g, '\n  ')}`);
    for (const note of report.notes) push('', `Note: ${note}`);
    push('', 'Result: FAILED — fix the composition errors above.');
    return lines.join('\n') + '\n';
  }
  const section = (title: string, changes: ReportedChange[], withOperations: boolean) => {
    push(`${title} (${changes.length})`);
    if (!changes.length) push('  none');
    for (const change of changes) {
      push(`  - ${change.coordinate ?? '?'} [${change.type}] ${change.description}`);
      if (change.hint) push(`      hint: ${change.hint}`);
      if (withOperations && change.operations.length) push(`      used by registered operation${change.operations.length === 1 ? '' : 's'}: ${change.operations.join(', ')}`);
    }
    push('');
  };
  section('BREAKING changes', report.breaking, true);
  section('Dangerous changes (do not fail the check; tell the clients)', report.dangerous, true);
  section('Safe changes', report.safe, false);

  const newlyBroken = report.brokenOperations.filter((operation) => !operation.alreadyBroken);
  push(`Registered operations: ${report.operationsChecked} checked against the new API schema, ${newlyBroken.length} broken by this change`);
  for (const operation of report.brokenOperations) {
    push(`  ✗ ${operation.operation ?? '(unregistrable)'} — ${operation.file} — ${clientsOf(operation)}${operation.alreadyBroken ? ' — already broken' : ''}`);
    for (const message of operation.messages) push(`      ${message}`);
  }
  const atRisk = report.affectedOperations.filter((operation) => !operation.broken);
  for (const operation of atRisk) {
    push(`  ! ${operation.operation} — ${operation.file} — ${clientsOf({ clients: operation.clients, about: '' })} — still validates, but uses ${operation.changes.join(', ')}`);
  }
  push('');

  const failing = report.breaking.length > 0 || newlyBroken.length > 0;
  if (failing && report.allowedBreaking) {
    const bar = '!'.repeat(78);
    push(bar, `!! BREAKING CHANGES ALLOWED: ${report.allowedBreaking}`);
    push(`!! ${report.breaking.length} breaking change${report.breaking.length === 1 ? '' : 's'}; operations affected:`);
    if (!report.affectedOperations.length) push('!!   none of the registered operations (unregistered clients may still be hit)');
    for (const operation of report.affectedOperations) {
      push(`!!   ${operation.operation} (${operation.file}) — ${operation.clients.length ? `client: ${operation.clients.join(', ')}` : 'client not recorded'}${operation.broken ? ' — NO LONGER VALIDATES' : ''}`);
    }
    push('!! Tell these clients before the new supergraph is deployed.', bar, '');
  }
  for (const note of report.notes) push(`Note: ${note}`);
  if (report.notes.length) push('');
  if (!failing) {
    push(`Result: OK — nothing breaks${report.dangerous.length ? `; ${report.dangerous.length} dangerous change${report.dangerous.length === 1 ? '' : 's'} to tell clients about` : ''}.`);
  } else if (report.allowedBreaking) {
    push('Result: PASSED WITH BREAKING CHANGES ALLOWED (see above).');
  } else {
    const parts = [];
    if (report.breaking.length) parts.push(`${report.breaking.length} breaking change${report.breaking.length === 1 ? '' : 's'}`);
    if (newlyBroken.length) parts.push(`${newlyBroken.length} registered operation${newlyBroken.length === 1 ? '' : 's'} broken`);
    push(`Result: FAILED — ${parts.join(', ')}.`);
    push('  Prefer additive changes: add the new field, type or value next to the old one and mark the old one');
    push('  @deprecated until its clients have moved. If the break is deliberate and agreed with the clients, rerun with');
    push(`  --allow-breaking "<reason>".`);
  }
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// The command line.

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
