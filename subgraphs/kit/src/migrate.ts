// Runs a subgraph's dated migrations (files named YYYYMMDD_NNN_what.ts, applied in name order).
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

// A bundle (the build `npm start` runs) holds the migrations compiled in: plain node cannot import
// the .ts files of the folder. The build registers them here under their folder's path.
const bundled = new Map<string, Record<string, Migration>>();

export function registerBundledMigrations(folder: string, migrations: Record<string, Migration>): void {
  bundled.set(path.resolve(folder), migrations);
}

// kysely's FileMigrationProvider imports from inside node_modules, where test runners do not
// transform TypeScript; importing from here works under tsx and vitest alike.
class FolderMigrationProvider implements MigrationProvider {
  constructor(private readonly folder: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const compiled = bundled.get(path.resolve(this.folder));
    if (compiled) return compiled;
    const files = (await readdir(this.folder)).filter((f) => /^\d{8}_\d{3}_[\w-]+\.(ts|js|mjs)$/.test(f)).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      migrations[file.replace(/\.\w+$/, '')] = (await import(pathToFileURL(path.join(this.folder, file)).href)) as Migration;
    }
    return migrations;
  }
}

/**
 * Whether the database has every migration of the folder applied, and no other. Two small queries:
 * kysely's Migrator reads the whole catalogue three times and takes its lock even when there is
 * nothing to do, which on the embedded PGlite was 0.3–1 s per store at every start.
 */
async function upToDate(db: Kysely<unknown>, names: readonly string[]): Promise<boolean> {
  const { rows: table } = await sql<{ present: boolean }>`select to_regclass('kysely_migration') is not null as present`.execute(db);
  if (!table[0]?.present) return false;
  const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  // Sorted here, as kysely sorts: the database's collation might order names otherwise.
  const applied = rows.map((row) => row.name).sort();
  return applied.length === names.length && applied.every((name, i) => name === names[i]);
}

export async function migrateToLatest(db: Kysely<unknown>, migrationFolder: string): Promise<string[]> {
  const provider = new FolderMigrationProvider(migrationFolder);
  // In the order kysely applies them: by name.
  if (await upToDate(db, Object.keys(await provider.getMigrations()).sort())) return [];
  const migrator = new Migrator({ db, provider });
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((r) => r.status === 'Error');
  if (error || failed) {
    const which = failed ? `migration ${failed.migrationName}` : 'the migration run';
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`Database migration failed at ${which}: ${reason}`);
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
