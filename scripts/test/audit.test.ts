// `npm run audit:verify` and `npm run audit:retention` as an owner runs them, on the cpia
// subgraph's own database (PostgreSQL when TEST_DATABASE_URL is set, an embedded PGlite data
// directory otherwise): a row altered directly in SQL, behind the append-only trigger, is reported
// as that exact link with exit 1; retention leaves a trail that still verifies.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { definition, schema, type CpiaDatabase } from '@pleiadi/cpia';
import { DEMO_LINKAGE_KEY, openDatabase, prepareSubgraphDatabase, REPOSITORY_ROOT, type Database, type Viewer } from '@pleiadi/kit';
import { createTestDatabase, execute, insertTestParticipant, type TestDatabase } from '@pleiadi/kit/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const tsx = path.join(REPOSITORY_ROOT, 'node_modules', '.bin', 'tsx');
const cli = path.join(REPOSITORY_ROOT, 'scripts', 'src', 'audit.ts');
const OWN: Viewer = { role: 'partner', partnerId: 'cpia-bologna', subject: 'operator-1', operationName: 'Find' };
const CODES = ['RSSMRA80A01H501U', 'BNCLRA85M41A944H'];
/** Each command is a fresh process that loads the subgraphs' code: slow on a busy machine. */
const SPAWNS = 300_000;

// On PostgreSQL the test keeps its connection; the embedded database is closed while the command runs.
let server: TestDatabase<CpiaDatabase> | undefined;
let directory = '';
let env: Record<string, string> = {};

async function withDatabase<T>(work: (db: Database<CpiaDatabase>) => Promise<T>): Promise<T> {
  if (server) return work(server);
  const embedded = await openDatabase<CpiaDatabase>({ dataDir: path.join(directory, 'cpia') });
  try {
    return await work(embedded);
  } finally {
    await embedded.close();
  }
}

async function audit(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(tsx, [cli, ...args], { cwd: REPOSITORY_ROOT, env: { ...process.env, PLEIADI_LOG: 'silent', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A DBA's edit, with the table's triggers off. */
const behindTheTriggers = (db: Database<CpiaDatabase>, statement: ReturnType<typeof sql>) =>
  db.db.transaction().execute(async (trx) => {
    await sql`alter table audit_record disable trigger user`.execute(trx);
    await statement.execute(trx);
    await sql`alter table audit_record enable trigger user`.execute(trx);
  });

const lastRecord = (db: Database<CpiaDatabase>) => db.db.selectFrom('audit_record').select(['id', 'hash']).orderBy('id', 'desc').executeTakeFirstOrThrow();

beforeAll(async () => {
  directory = mkdtempSync(path.join(tmpdir(), 'pleiadi-audit-'));
  if (process.env.TEST_DATABASE_URL) {
    server = await createTestDatabase<CpiaDatabase>('audit_cli');
    env = { CPIA_DATABASE_URL: server.url! };
  } else {
    env = { PLEIADI_DATA_DIR: directory };
  }
  await withDatabase(async (database) => {
    await prepareSubgraphDatabase(definition, database.db, { demo: false });
    const ids = [];
    for (const [i, fiscalCode] of CODES.entries()) ids.push(await insertTestParticipant(database.db, DEMO_LINKAGE_KEY, { fiscalCode, gender: i ? 'F' : 'M', birthDate: '1980-01-01' }));
    for (const id of [...ids, ...ids]) await execute(schema, database, 'query($id: ID!) { cpiaParticipant(id: $id) { lastName } }', { id: String(id) }, OWN);
  });
});
afterAll(async () => {
  await server?.drop();
  rmSync(directory, { recursive: true, force: true });
});

describe('npm run audit:verify', () => {
  it('reports an intact chain and its head, exit 0', async () => {
    const head = await withDatabase(lastRecord);
    const result = await audit('verify', 'cpia');
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(`cpia / cpia: 4 records, chain intact; head record ${head.id}, hash ${head.hash}`);
  });

  it('reports the exact record a DBA altered in SQL, and which hash differs, exit 1', async () => {
    const third = await withDatabase(async (database) => {
      const rows = await database.db.selectFrom('audit_record').select('id').orderBy('id').execute();
      await behindTheTriggers(database, sql`update audit_record set partner_id = 'ial-er' where id = ${rows[2].id}`);
      return rows[2].id;
    });
    const result = await audit('verify', 'cpia', '--store', 'cpia');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`^cpia / cpia: BROKEN at record ${third}: its stored hash [0-9a-f]{16}… differs from [0-9a-f]{16}…, the hash of its contents`));
    for (const code of CODES) expect(result.stdout + result.stderr).not.toContain(code);

    // Put back as it was, the record verifies again.
    await withDatabase((database) => behindTheTriggers(database, sql`update audit_record set partner_id = 'cpia-bologna' where id = ${third}`));
    expect((await audit('verify', 'cpia')).code).toBe(0);
  }, SPAWNS);
});

describe('npm run audit:retention', () => {
  it('removes the records older than the retention behind an anchor, and the trail still verifies', async () => {
    const young = await audit('retention', 'cpia', '--days', '30');
    expect(young).toMatchObject({ code: 0, stdout: 'cpia / cpia: nothing older than 30 days\n' });

    env = { ...env, PLEIADI_AUDIT_RETENTION_DAYS: '0' };
    const result = await audit('retention', 'cpia');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^cpia \/ cpia: removed 4 records older than 0 days \(through record \d+\); anchor record \d+\n$/);
    const verified = await audit('verify', 'cpia');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/: 1 records, chain intact/);
    const kinds = await withDatabase((database) => database.db.selectFrom('audit_record').select(['kind', 'role']).execute());
    expect(kinds).toEqual([{ kind: 'RETENTION', role: 'system' }]);
  }, SPAWNS);

  it('refuses to run without a retention, or on a subgraph without personal data', async () => {
    const { PLEIADI_AUDIT_RETENTION_DAYS: _, ...without } = env;
    env = without;
    // Exit 2, never 1 (a broken chain), for every mistake of the command line.
    const results = await Promise.all([
      audit('retention', 'cpia'),
      audit('retention', 'cpia', '--days=-3'),
      audit('verify', 'cpia', '--since', 'x'),
      audit('verify', 'anci'),
      audit('verify', 'ats', '--store', 'ats_nowhere'),
    ]);
    expect(results.map((r) => r.code)).toEqual([2, 2, 2, 2, 2]);
    expect(results.map((r) => r.stderr)).toEqual([
      expect.stringContaining('PLEIADI_AUDIT_RETENTION_DAYS'),
      expect.stringContaining('0 or more'),
      expect.stringContaining('usage'),
      expect.stringContaining('cpia, ats, ial'),
      expect.stringContaining('its stores: ats_emilia_nord'),
    ]);
  }, SPAWNS);
});
