// The command line a partner's operator runs against the partner's own database:
//   npm run import -w @pleiadi/<subgraph> -- <table> <file> [--dry-run] [--all-or-nothing]
//        [--format csv|xlsx|jsonl] [--encoding utf-8|windows-1252] [--rejects <file>] [--store <store>]
//   npm run import -w @pleiadi/<subgraph> -- erase (--fiscal-code <code> | --source-id <id>) [--store <store>]
//   npm run import -w @pleiadi/<subgraph> -- docs     (rewrites docs/imports/<subgraph>.md from the formats)
// The database is the subgraph's own: <STORE>_DATABASE_URL, or the embedded one under
// PLEIADI_DATA_DIR — which only one process may open, so not while `npm start` runs it.
import { createReadStream, createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Viewer } from '../context.ts';
import { openDatabase, type Database } from '../database.ts';
import { databaseUrl, databaseUrlVariable, dataDir, REPOSITORY_ROOT } from '../env.ts';
import { linkageKey } from '../pseudonym.ts';
import { prepareSubgraphDatabase, storesOf, type SubgraphDefinition } from '../subgraph.ts';
import { formatDocs } from './docs.ts';
import { auditImport, erasePerson } from './erase.ts';
import { formatOfName, FORMATS, type CsvEncoding, type ImportFormat } from './readers/index.ts';
import { rejectsCsvLine, REJECTS_HEADER, summary } from './report.ts';
import { runImport } from './run.ts';
import type { PartnerImports } from './table.ts';

class UsageError extends Error {}

const OPTIONS = {
  'dry-run': { type: 'boolean' },
  'all-or-nothing': { type: 'boolean' },
  format: { type: 'string' },
  encoding: { type: 'string' },
  rejects: { type: 'string' },
  store: { type: 'string' },
  batch: { type: 'string' },
  'fiscal-code': { type: 'string' },
  'source-id': { type: 'string' },
} as const;

/** Paths as the operator typed them: npm runs workspace scripts in the package, INIT_CWD is where they were. */
function resolvePath(file: string): string {
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
}

async function openStore(definition: SubgraphDefinition<unknown>, store: string): Promise<Database<unknown>> {
  const url = databaseUrl(store);
  if (url) return openDatabase({ url, maxConnections: 2 });
  // An embedded database belongs to the process that opened it: two would corrupt it.
  const port = Number(process.env.PORT) || definition.defaultPort;
  const running = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(500) }).then(() => true, () => false);
  if (running) {
    throw new UsageError(
      `The ${definition.name} subgraph is running on port ${port} with its embedded database (${dataDir(store)}), which only that process may open.\n` +
        `Upload through the gateway instead (see docs/imports/README.md), or stop npm start first, or set ${databaseUrlVariable(store)}.`,
    );
  }
  return openDatabase({ dataDir: dataDir(store) });
}

export async function runImportCli(definition: SubgraphDefinition<unknown>, imports: PartnerImports, argv = process.argv.slice(2)): Promise<number> {
  try {
    return await main(definition, imports, argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    return 2;
  }
}

async function main(definition: SubgraphDefinition<unknown>, imports: PartnerImports, argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${usage(imports)}`);
  }
  const { positionals, values } = parsed;
  const [command, file] = positionals;
  if (command === 'docs') {
    const target = path.join(REPOSITORY_ROOT, 'docs', 'imports', `${imports.subgraph}.md`);
    writeFileSync(target, formatDocs(imports));
    console.log(`wrote ${path.relative(REPOSITORY_ROOT, target)}`);
    return 0;
  }
  const stores = storesOf(definition);
  const store = values.store ?? (stores.length === 1 ? stores[0] : undefined);
  if (!store || !stores.includes(store)) throw new UsageError(`Name the store with --store: one of ${stores.join(', ')}.`);
  const actor: Viewer = { role: 'system' as Viewer['role'], subject: `cli:${userInfo().username}`, partnerId: imports.ownerOf(store), purpose: command === 'erase' ? 'erasure' : 'import' };

  if (command === 'erase') {
    const fiscalCode = values['fiscal-code'];
    const sourceId = values['source-id'];
    if (!fiscalCode === !sourceId) throw new UsageError('erase needs exactly one of --fiscal-code <code> or --source-id <id>.');
    const database = await openStore(definition, store);
    try {
      await prepareSubgraphDatabase(definition, database.db, { demo: false, store });
      const result = await erasePerson(database.db, imports, store, fiscalCode ? { fiscalCode } : { sourceId: sourceId! }, actor);
      if (!result.found) {
        console.log(`${imports.subgraph} / ${store}: no such person; nothing removed.`);
        return 1;
      }
      console.log(`${imports.subgraph} / ${store}: erased one person — removed ${Object.entries(result.removed).map(([k, n]) => `${k} ${n}`).join(', ')}; the erasure is recorded in the audit trail (without the data).`);
      return 0;
    } finally {
      await database.close();
    }
  }

  const table = imports.tables.find((t) => t.name === command);
  if (!table || !file) throw new UsageError(usage(imports));
  const input = resolvePath(file);
  if (!existsSync(input)) throw new UsageError(`No such file: ${input}`);
  const format = (values.format ?? formatOfName(input)) as ImportFormat | undefined;
  if (!format || !FORMATS.includes(format)) throw new UsageError(`Say the format with --format ${FORMATS.join('|')} (the file name does not).`);
  const encoding = values.encoding as CsvEncoding | undefined;
  if (encoding && encoding !== 'utf-8' && encoding !== 'windows-1252') throw new UsageError('--encoding is utf-8 or windows-1252.');
  const batchSize = values.batch ? Number(values.batch) : undefined;
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0)) throw new UsageError('--batch is a whole number of rows.');

  const rejectsPath = values.rejects
    ? resolvePath(values.rejects)
    : path.join(REPOSITORY_ROOT, '.data', 'imports', `${imports.subgraph}-${table.name}-${new Date().toISOString().replace(/[:.]/g, '-')}.rejects.csv`);
  let rejects: ReturnType<typeof createWriteStream> | undefined;
  const onReject = (line: Parameters<typeof rejectsCsvLine>[0]) => {
    if (!rejects) {
      mkdirSync(path.dirname(rejectsPath), { recursive: true });
      rejects = createWriteStream(rejectsPath);
      rejects.write(`${REJECTS_HEADER.join(',')}\r\n`);
    }
    rejects.write(rejectsCsvLine(line));
  };

  const database = await openStore(definition, store);
  try {
    await prepareSubgraphDatabase(definition, database.db, { demo: false, store });
    const report = await runImport(
      database.db,
      table,
      createReadStream(input),
      { format, encoding, dryRun: values['dry-run'], allOrNothing: values['all-or-nothing'], batchSize, onReject },
      { linkageKey: linkageKey({ embedded: database.kind === 'pglite' }), store },
    );
    await auditImport(database.db, imports, store, actor, report);
    console.log(`${imports.subgraph} / ${store}: ${summary(report)}`);
    if (rejects) {
      await new Promise((resolve) => rejects!.end(resolve));
      console.log(`  rejects report: ${rejectsPath}`);
    }
    return report.rejectCount || (!report.committed && !report.dryRun) ? 1 : 0;
  } finally {
    await database.close();
  }
}

function usage(imports: PartnerImports): string {
  const tables = imports.tables.map((t) => t.name).join('|');
  return [
    `usage: npm run import -w @pleiadi/${imports.subgraph} -- <${tables}> <file> [--dry-run] [--all-or-nothing] [--format ${FORMATS.join('|')}] [--encoding utf-8|windows-1252] [--rejects <file>] [--batch <rows>] [--store <store>]`,
    ...(imports.erase ? [`       npm run import -w @pleiadi/${imports.subgraph} -- erase (--fiscal-code <code> | --source-id <id>) [--store <store>]`] : []),
    `       npm run import -w @pleiadi/${imports.subgraph} -- docs`,
  ].join('\n');
}
