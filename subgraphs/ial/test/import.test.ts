// IAL's imports on a real database: the committed example files load in order and re-load
// unchanged, the bad examples are reported with stable codes (personal values masked), a person is
// erased with their job path and all on it, and the generator's records exported to the documented
// format and imported into an empty database give the very same indicator facts.
import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { prepareSubgraphDatabase, pseudonymOf, REPOSITORY_ROOT } from '@pleiadi/kit';
import { erasePerson, exportCsvStream, formatDocs, MASK, runImport } from '@pleiadi/kit/import';
import { createTestDatabase, factsWithoutErrors, queryIndicatorFacts, reportKey, type TestDatabase } from '@pleiadi/kit/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ialImports, IMPORT_OWNER } from '../src/import/index.ts';
import { IAL_PARTNER_ID } from '../src/schema/partner.ts';
import { definition, generate, schema, type IalDatabase } from '../src/index.ts';

const KEY = 'test-linkage-key-for-ial-imports-0123456789';
const EXAMPLES = path.join(REPOSITORY_ROOT, 'docs', 'imports', 'examples', 'ial');
const load = (database: TestDatabase<IalDatabase>, table: string, file: string) =>
  runImport(database.db, ialImports.tables.find((t) => t.name === table)!, createReadStream(path.join(EXAMPLES, file)), { format: 'csv' }, { linkageKey: KEY, store: 'ial' });
const count = async (database: TestDatabase<IalDatabase>, table: string) =>
  (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(database.db)).rows[0].n;

async function fresh(label: string) {
  const database = await createTestDatabase<IalDatabase>(label);
  await prepareSubgraphDatabase(definition, database.db, { demo: false });
  return database;
}

const GOOD: Record<string, number> = {
  participants: 5, employers: 2, job_paths: 3, orientation_sessions: 3, skills_assessments: 1, recognitions: 2, traineeships: 1, placements: 1, integration_surveys: 1,
};
const BAD: Record<string, [number, string, string][]> = {
  employers: [[2, 'ateco_code', 'NOT_ALLOWED'], [3, 'municipality_code', 'UNKNOWN_MUNICIPALITY'], [3, 'size_band', 'NOT_ALLOWED']],
  job_paths: [[3, 'closed_on', 'INCONSISTENT_ROW'], [2, 'office_id', 'UNKNOWN_REFERENCE'], [4, 'participant_source_id', 'UNKNOWN_REFERENCE']],
  orientation_sessions: [[2, 'minutes', 'OUT_OF_RANGE'], [3, 'job_path_source_id', 'UNKNOWN_REFERENCE']],
  skills_assessments: [[2, 'completed_on', 'INVALID_DATE']],
  recognitions: [[2, 'country', 'INVALID_COUNTRY']],
  traineeships: [[2, 'hours_per_week', 'OUT_OF_RANGE']],
  placements: [[2, 'contract_kind', 'NOT_ALLOWED']],
  integration_surveys: [[2, 'helped_integration', 'REQUIRED']],
};

describe('ial imports', () => {
  let database: TestDatabase<IalDatabase>;
  beforeAll(async () => {
    database = await fresh('ial_import');
  });
  afterAll(() => database?.drop());

  it('loads the example files in order, then again without changing anything', async () => {
    expect(ialImports.tables.map((t) => t.name)).toEqual(Object.keys(GOOD));
    for (const [table, inserted] of Object.entries(GOOD)) {
      const report = await load(database, table, `${table}.csv`);
      expect([table, report.inserted, report.rejectCount]).toEqual([table, inserted, 0]);
    }
    for (const table of Object.keys(GOOD)) {
      const report = await load(database, table, `${table}.csv`);
      expect([table, report.inserted, report.updated, report.unchanged]).toEqual([table, 0, 0, GOOD[table]]);
    }
    const people = await database.db.selectFrom('participant').select('pseudonym').orderBy('id').execute();
    expect(people[0].pseudonym).toBe(pseudonymOf('BNLMNA90A41Z999V', KEY));
  });

  it('reports the bad examples with stable codes, masking personal values', async () => {
    const people = await load(database, 'participants', 'participants.bad.csv');
    expect(people.rejects.filter((r) => ['fiscal_code', 'birth_date'].includes(r.column)).every((r) => r.value === MASK)).toBe(true);
    for (const [table, expected] of Object.entries(BAD)) {
      const report = await load(database, table, `${table}.bad.csv`);
      expect([table, report.rejects.map((r) => [r.row, r.column, r.code])]).toEqual([table, expected]);
    }
    expect(await count(database, 'job_path')).toBe(3);
  });

  it('erases a person with their job path and everything on it, keeping employers', async () => {
    const result = await erasePerson(database.db, ialImports, 'ial', { sourceId: 'P-0002' }, { role: 'partner', partnerId: IMPORT_OWNER, purpose: 'erasure' });
    expect(result.removed).toMatchObject({ participant: 1, job_path: 1, orientation_session: 1, traineeship: 1, placement: 1, integration_survey: 1 });
    expect([await count(database, 'job_path'), await count(database, 'employer'), await count(database, 'placement')]).toEqual([2, 2, 0]);
    expect(IMPORT_OWNER).toBe(IAL_PARTNER_ID);
  });

  it('keeps docs/imports/ial.md in step with the formats', () => {
    expect(readFileSync(path.join(REPOSITORY_ROOT, 'docs', 'imports', 'ial.md'), 'utf8'), 'run: npm run import -w @pleiadi/ial -- docs').toBe(formatDocs(ialImports));
  });
});

describe('ial round trip', () => {
  let source: TestDatabase<IalDatabase>;
  let target: TestDatabase<IalDatabase>;
  beforeAll(async () => {
    [source, target] = await Promise.all([fresh('ial_rt_src'), fresh('ial_rt_dst')]);
    await generate(source.db, { seed: 5, participants: 1500, linkageKey: KEY, store: 'ial' });
  });
  afterAll(() => Promise.all([source?.drop(), target?.drop()]));

  it('gives identical indicator facts after exporting the generated records and importing them into an empty database', async () => {
    for (const t of ialImports.tables) {
      const report = await runImport(target.db, t, exportCsvStream(source.db, t), { format: 'csv' }, { linkageKey: KEY, store: 'ial' });
      expect([t.name, report.rejectCount, report.rejects.slice(0, 3)]).toEqual([t.name, 0, []]);
    }
    for (const [from, to] of [['2025-06-01', '2026-10-31'], ['2026-01-01', '2026-03-31']]) {
      const key = reportKey(from, to);
      const [a, b] = await Promise.all([queryIndicatorFacts(schema, source, 'ialIndicatorFacts', key), queryIndicatorFacts(schema, target, 'ialIndicatorFacts', key)]);
      const facts = factsWithoutErrors(a);
      expect(facts.length).toBeGreaterThan(20);
      expect(factsWithoutErrors(b)).toEqual(facts);
    }
  });
});
