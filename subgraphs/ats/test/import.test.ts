// An ambit consortium's imports on a real database: the committed example files load into the
// ambit's store in order and re-load unchanged, the bad examples are reported with stable codes,
// only the lead of the caller's ambit gets a store, a person is erased with their cases, services
// and attendances, and the generator's records of one ambit exported to the documented format and
// imported into an empty database give the very same indicator facts.
import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { prepareSubgraphDatabase, REPOSITORY_ROOT } from '@pleiadi/kit';
import { erasePerson, exportCsvStream, formatDocs, runImport } from '@pleiadi/kit/import';
import { createTestDatabase, factsWithoutErrors, queryIndicatorFacts, reportKey, type TestDatabase } from '@pleiadi/kit/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atsImports } from '../src/import/index.ts';
import { definition, generate, schema, STORES, type AtsDatabase } from '../src/index.ts';

const KEY = 'test-linkage-key-for-ats-imports-0123456789';
const STORE = 'ats_bologna';
const EXAMPLES = path.join(REPOSITORY_ROOT, 'docs', 'imports', 'examples', 'ats');
const load = (database: TestDatabase<AtsDatabase>, table: string, file: string) =>
  runImport(database.db, atsImports.tables.find((t) => t.name === table)!, createReadStream(path.join(EXAMPLES, file)), { format: 'csv' }, { linkageKey: KEY, store: STORE });
const count = async (database: TestDatabase<AtsDatabase>, table: string) =>
  (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(database.db)).rows[0].n;

async function fresh(label: string, store = STORE) {
  const database = await createTestDatabase<AtsDatabase>(label);
  await prepareSubgraphDatabase(definition, database.db, { demo: false, store });
  return database;
}

const GOOD: Record<string, number> = {
  participants: 5, service_points: 2, cases: 3, service_deliveries: 4, associations: 2, community_activities: 2, attendances: 3, integration_surveys: 1,
};
const BAD: Record<string, [number, string, string][]> = {
  service_points: [[2, 'languages', 'NOT_ALLOWED'], [3, 'kind', 'NOT_ALLOWED'], [3, 'service_kinds', 'NOT_ALLOWED']],
  cases: [[2, 'closed_on', 'INCONSISTENT_ROW'], [3, 'service_point_source_id', 'UNKNOWN_REFERENCE']],
  service_deliveries: [[2, 'duration_minutes', 'OUT_OF_RANGE'], [2, 'language', 'NOT_ALLOWED'], [2, 'mediator_code', 'NOT_ALLOWED'], [3, 'case_source_id', 'UNKNOWN_REFERENCE']],
  associations: [[2, 'municipality_code', 'REQUIRED']],
  community_activities: [[2, 'kind', 'NOT_ALLOWED']],
  attendances: [[3, 'source_id', 'DUPLICATE_IN_FILE'], [2, 'activity_source_id', 'UNKNOWN_REFERENCE']],
  integration_surveys: [[2, 'helped_integration', 'INVALID_BOOLEAN']],
};

describe('ats imports', () => {
  let database: TestDatabase<AtsDatabase>;
  beforeAll(async () => {
    database = await fresh('ats_import');
  });
  afterAll(() => database?.drop());

  it('gives each ambit lead the store of its own ambit, and nobody else any', () => {
    expect(atsImports.storeFor({ role: 'partner', partnerId: 'arcolaio', ambit: 'BOLOGNA', purpose: 'import' })).toBe('ats_bologna');
    expect(atsImports.storeFor({ role: 'partner', partnerId: 'cidas', ambit: 'ROMAGNA', purpose: 'import' })).toBe('ats_romagna');
    expect(atsImports.storeFor({ role: 'partner', partnerId: 'cidas', ambit: 'BOLOGNA', purpose: 'import' })).toBeUndefined();
    expect(atsImports.storeFor({ role: 'partner', partnerId: 'arcolaio', purpose: 'import' })).toBeUndefined();
  });

  it('loads the example files in order, then again without changing anything', async () => {
    expect(atsImports.tables.map((t) => t.name)).toEqual(Object.keys(GOOD));
    for (const [table, inserted] of Object.entries(GOOD)) {
      const report = await load(database, table, `${table}.csv`);
      expect([table, report.inserted, report.rejectCount, report.rejects.slice(0, 2)]).toEqual([table, inserted, 0, []]);
    }
    for (const table of Object.keys(GOOD)) {
      const report = await load(database, table, `${table}.csv`);
      expect([table, report.inserted, report.updated, report.unchanged]).toEqual([table, 0, 0, GOOD[table]]);
    }
    const point = await database.db.selectFrom('service_point').select(['languages', 'service_kinds']).where(sql.ref('source_id'), '=', 'SP-BO-02').executeTakeFirstOrThrow();
    expect(point).toEqual({ languages: ['it', 'fr'], service_kinds: ['ORIENTATION', 'INTERCULTURAL_MEDIATION'] });
  });

  it('reports the bad examples with stable codes', async () => {
    for (const [table, expected] of Object.entries(BAD)) {
      const report = await load(database, table, `${table}.bad.csv`);
      expect([table, report.rejects.map((r) => [r.row, r.column, r.code])]).toEqual([table, expected]);
    }
    expect(await count(database, 'case_taking')).toBe(3);
  });

  it('erases a person with their cases, the services in them and their attendances', async () => {
    const result = await erasePerson(database.db, atsImports, STORE, { sourceId: 'P-0001' }, { role: 'partner', partnerId: 'arcolaio', ambit: 'BOLOGNA', purpose: 'erasure' });
    expect(result.removed).toEqual({ participant: 1, case_taking: 1, service_delivery: 2, integration_survey: 0, activity_attendance: 1 });
    expect([await count(database, 'case_taking'), await count(database, 'activity_attendance'), await count(database, 'community_activity')]).toEqual([2, 2, 2]);
  });

  it('keeps docs/imports/ats.md in step with the formats', () => {
    expect(readFileSync(path.join(REPOSITORY_ROOT, 'docs', 'imports', 'ats.md'), 'utf8'), 'run: npm run import -w @pleiadi/ats -- docs').toBe(formatDocs(atsImports));
  });
});

describe('ats round trip', () => {
  const others: Record<string, TestDatabase<AtsDatabase>> = {};
  let source: TestDatabase<AtsDatabase>;
  let target: TestDatabase<AtsDatabase>;
  beforeAll(async () => {
    [source, target] = await Promise.all([fresh('ats_rt_src'), fresh('ats_rt_dst')]);
    for (const store of STORES.filter((s) => s !== STORE)) others[store] = await fresh(`${store}_rt`, store);
    await generate(source.db, { seed: 3, participants: 800, linkageKey: KEY, store: STORE });
  });
  afterAll(() => Promise.all([source?.drop(), target?.drop(), ...Object.values(others).map((d) => d.drop())]));

  it('gives identical indicator facts after exporting the generated records of an ambit and importing them into an empty database', async () => {
    for (const t of atsImports.tables) {
      const report = await runImport(target.db, t, exportCsvStream(source.db, t), { format: 'csv' }, { linkageKey: KEY, store: STORE });
      expect([t.name, report.rejectCount, report.rejects.slice(0, 3)]).toEqual([t.name, 0, []]);
    }
    for (const [from, to] of [['2025-06-01', '2026-10-31'], ['2026-01-01', '2026-03-31']]) {
      const key = reportKey(from, to);
      const [a, b] = await Promise.all([
        queryIndicatorFacts(schema, { ...others, [STORE]: source }, 'atsIndicatorFacts', key),
        queryIndicatorFacts(schema, { ...others, [STORE]: target }, 'atsIndicatorFacts', key),
      ]);
      const facts = factsWithoutErrors(a);
      expect(facts.length).toBeGreaterThan(20);
      expect(factsWithoutErrors(b)).toEqual(facts);
    }
  });
});
