// ANCI's imports on a real database: the committed example files load in order and re-load
// unchanged, the bad examples are reported with stable codes, and the demo's governance and
// training records exported to the documented format and imported into an empty database give the
// very same indicator facts (AMIF O.2.2).
import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { prepareSubgraphDatabase, REPOSITORY_ROOT } from '@pleiadi/kit';
import { exportCsvStream, formatDocs, runImport } from '@pleiadi/kit/import';
import { createTestDatabase, factsWithoutErrors, queryIndicatorFacts, reportKey, type TestDatabase } from '@pleiadi/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anciImports } from '../src/import/index.ts';
import { definition, schema, type AnciDatabase } from '../src/index.ts';

const EXAMPLES = path.join(REPOSITORY_ROOT, 'docs', 'imports', 'examples', 'anci');
const load = (database: TestDatabase<AnciDatabase>, table: string, file: string) =>
  runImport(database.db, anciImports.tables.find((t) => t.name === table)!, createReadStream(path.join(EXAMPLES, file)), { format: 'csv' }, { linkageKey: 'unused-by-anci', store: 'anci' });

async function fresh(label: string, demo = false) {
  const database = await createTestDatabase<AnciDatabase>(label);
  await prepareSubgraphDatabase(definition, database.db, { demo });
  return database;
}

const GOOD: Record<string, number> = { organisations: 4, governance_tables: 2, members: 3, meetings: 2, meeting_attendances: 3, operator_trainings: 1, training_attendances: 2 };
const BAD: Record<string, [number, string, string][]> = {
  organisations: [[2, 'municipality_code', 'UNKNOWN_MUNICIPALITY'], [3, 'kind', 'NOT_ALLOWED']],
  governance_tables: [[2, 'ambit_code', 'INCONSISTENT_ROW'], [3, 'ambit_code', 'NOT_ALLOWED']],
  members: [[2, 'organisation_source_id', 'UNKNOWN_REFERENCE']],
  meetings: [[2, 'held_on', 'INVALID_DATE']],
  meeting_attendances: [[2, 'meeting_source_id', 'UNKNOWN_REFERENCE']],
  operator_trainings: [[2, 'ends_on', 'INCONSISTENT_ROW']],
  training_attendances: [[2, 'operators', 'OUT_OF_RANGE']],
};

describe('anci imports', () => {
  let database: TestDatabase<AnciDatabase>;
  beforeAll(async () => {
    database = await fresh('anci_import');
  });
  afterAll(() => database?.drop());

  it('lets ANCI\u2019s own operators import, and nobody else', () => {
    expect(anciImports.storeFor({ role: 'partner', partnerId: 'anci-er', purpose: 'import' })).toBe('anci');
    expect(anciImports.storeFor({ role: 'partner', partnerId: 'cpia-bologna', purpose: 'import' })).toBeUndefined();
  });

  it('loads the example files in order, then again without changing anything', async () => {
    expect(anciImports.tables.map((t) => t.name)).toEqual(Object.keys(GOOD));
    for (const [table, inserted] of Object.entries(GOOD)) {
      const report = await load(database, table, `${table}.csv`);
      expect([table, report.inserted, report.rejectCount, report.rejects.slice(0, 2)]).toEqual([table, inserted, 0, []]);
    }
    for (const table of Object.keys(GOOD)) {
      const report = await load(database, table, `${table}.csv`);
      expect([table, report.inserted, report.updated, report.unchanged]).toEqual([table, 0, 0, GOOD[table]]);
    }
  });

  it('reports the bad examples with stable codes', async () => {
    for (const [table, expected] of Object.entries(BAD)) {
      const report = await load(database, table, `${table}.bad.csv`);
      expect([table, report.rejects.map((r) => [r.row, r.column, r.code])]).toEqual([table, expected]);
    }
  });

  it('keeps docs/imports/anci.md in step with the formats', () => {
    expect(readFileSync(path.join(REPOSITORY_ROOT, 'docs', 'imports', 'anci.md'), 'utf8'), 'run: npm run import -w @pleiadi/anci -- docs').toBe(formatDocs(anciImports));
  });
});

describe('anci round trip', () => {
  let source: TestDatabase<AnciDatabase>;
  let target: TestDatabase<AnciDatabase>;
  beforeAll(async () => {
    [source, target] = await Promise.all([fresh('anci_rt_src', true), fresh('anci_rt_dst')]);
  });
  afterAll(() => Promise.all([source?.drop(), target?.drop()]));

  it('gives identical indicator facts after exporting the demo records and importing them into an empty database', async () => {
    for (const t of anciImports.tables) {
      const report = await runImport(target.db, t, exportCsvStream(source.db, t), { format: 'csv' }, { linkageKey: 'unused-by-anci', store: 'anci' });
      expect([t.name, report.rejectCount, report.rejects.slice(0, 3)]).toEqual([t.name, 0, []]);
      expect(report.inserted).toBeGreaterThan(0);
    }
    for (const [from, to] of [['2025-06-01', '2026-12-31'], ['2026-01-01', '2026-03-31']]) {
      const key = reportKey(from, to);
      const [a, b] = await Promise.all([queryIndicatorFacts(schema, source, 'anciIndicatorFacts', key), queryIndicatorFacts(schema, target, 'anciIndicatorFacts', key)]);
      const facts = factsWithoutErrors(a);
      expect(facts.length).toBeGreaterThan(5);
      expect(factsWithoutErrors(b)).toEqual(facts);
    }
  });
});
