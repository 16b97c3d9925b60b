// Builds the check's report: composes the subgraph's SDL with the others' committed ones, compares
// API schemas and contracts, and validates the registered operations (see ../check.ts).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildContracts, CONTRACT_NAMES } from '@pleiadi/gateway';
import { REPOSITORY_ROOT } from '@pleiadi/kit';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { composeSupergraph } from '../composition.ts';
import { loadRegisteredOperations, OPERATIONS_DIR, operationUsage, validationMessages } from '../operations.ts';
import { printSubgraphFromCode, readRegistry, SCHEMA_DIR, sdlPath, SUPERGRAPH_PATH } from '../registry.ts';
import { apiSchemaOfSupergraph, diffApiSchemas, type SchemaChange } from '../schema-diff.ts';
import { UsageError, type CheckOptions, type CheckReport, type ReportedChange } from './types.ts';

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
