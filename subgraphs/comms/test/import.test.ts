// Media Group98's imports on a real database: the committed example files load in order and
// re-load unchanged, a campaign's lists update in place, the bad examples are reported with stable
// codes, and the demo's records exported to the documented format and imported into an empty
// database give the very same indicator facts (AMIF O.2.4).
import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { prepareSubgraphDatabase, REPOSITORY_ROOT } from '@pleiadi/kit';
import { exportCsvStream, formatDocs, runImport, type ImportOptions } from '@pleiadi/kit/import';
import { createTestDatabase, factsWithoutErrors, queryIndicatorFacts, reportKey, type TestDatabase } from '@pleiadi/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commsImports, IMPORT_OWNER } from '../src/import/index.ts';
import { PARTNER_ID } from '../src/schema/entities.ts';
import { definition, schema, type CommsDatabase } from '../src/index.ts';

const EXAMPLES = path.join(REPOSITORY_ROOT, 'docs', 'imports', 'examples', 'comms');
const table = (name: string) => commsImports.tables.find((t) => t.name === name)!;
const load = (database: TestDatabase<CommsDatabase>, name: string, input: string | Readable, options: Partial<ImportOptions> = {}) =>
  runImport(database.db, table(name), typeof input === 'string' ? createReadStream(path.join(EXAMPLES, input)) : input, { format: 'csv', ...options }, { linkageKey: 'unused-by-comms', store: 'comms' });

async function fresh(label: string, demo = false) {
  const database = await createTestDatabase<CommsDatabase>(label);
  await prepareSubgraphDatabase(definition, database.db, { demo });
  return database;
}

const GOOD: Record<string, number> = { campaigns: 2, materials: 3, events: 1, reach: 3 };
const BAD: Record<string, [number, string, string][]> = {
  campaigns: [[2, 'action_code', 'NOT_ALLOWED'], [3, 'channels', 'NOT_ALLOWED'], [3, 'ambits', 'NOT_ALLOWED']],
  materials: [[2, 'language_code', 'UNKNOWN_REFERENCE'], [3, 'campaign_source_id', 'UNKNOWN_REFERENCE']],
  events: [[2, 'kind', 'NOT_ALLOWED']],
  reach: [[2, 'copies', 'OUT_OF_RANGE']],
};

describe('comms imports', () => {
  let database: TestDatabase<CommsDatabase>;
  beforeAll(async () => {
    database = await fresh('comms_import');
  });
  afterAll(() => database?.drop());

  it('lets Media Group98\u2019s own operators import, and nobody else', () => {
    expect(IMPORT_OWNER).toBe(PARTNER_ID);
    expect(commsImports.storeFor({ role: 'partner', partnerId: PARTNER_ID, purpose: 'import' })).toBe('comms');
    expect(commsImports.storeFor({ role: 'bi', purpose: 'import' })).toBeUndefined();
  });

  it('loads the example files in order, then again without changing anything', async () => {
    for (const [name, inserted] of Object.entries(GOOD)) {
      const report = await load(database, name, `${name}.csv`);
      expect([name, report.inserted, report.rejectCount, report.rejects.slice(0, 2)]).toEqual([name, inserted, 0, []]);
    }
    for (const name of Object.keys(GOOD)) {
      const report = await load(database, name, `${name}.csv`);
      expect([name, report.inserted, report.updated, report.unchanged]).toEqual([name, 0, 0, GOOD[name]]);
    }
    const targets = await database.db.selectFrom('campaign_municipality').select('municipality_code').orderBy('municipality_code').execute();
    expect(targets.map((t) => t.municipality_code)).toEqual(['037006', '037032']);
  });

  it('updates a campaign whose lists alone changed', async () => {
    const corrected = readFileSync(path.join(EXAMPLES, 'campaigns.csv'), 'utf8').replace('it|ar|en,,037006|037032', 'it|ar,,037006');
    const report = await load(database, 'campaigns', Readable.from([corrected]));
    expect([report.updated, report.unchanged]).toEqual([1, 1]);
    const languages = await database.db.selectFrom('campaign_language').select('language_code').execute();
    expect(languages).toHaveLength(4);
  });

  it('reports the bad examples with stable codes', async () => {
    for (const [name, expected] of Object.entries(BAD)) {
      const report = await load(database, name, `${name}.bad.csv`);
      expect([name, report.rejects.map((r) => [r.row, r.column, r.code])]).toEqual([name, expected]);
    }
  });

  it('keeps docs/imports/comms.md in step with the formats', () => {
    expect(readFileSync(path.join(REPOSITORY_ROOT, 'docs', 'imports', 'comms.md'), 'utf8'), 'run: npm run import -w @pleiadi/comms -- docs').toBe(formatDocs(commsImports));
  });
});

describe('comms round trip', () => {
  let source: TestDatabase<CommsDatabase>;
  let target: TestDatabase<CommsDatabase>;
  beforeAll(async () => {
    [source, target] = await Promise.all([fresh('comms_rt_src', true), fresh('comms_rt_dst')]);
  });
  afterAll(() => Promise.all([source?.drop(), target?.drop()]));

  it('gives identical indicator facts after exporting the demo records and importing them into an empty database', async () => {
    for (const t of commsImports.tables) {
      const report = await runImport(target.db, t, exportCsvStream(source.db, t), { format: 'csv' }, { linkageKey: 'unused-by-comms', store: 'comms' });
      expect([t.name, report.rejectCount, report.rejects.slice(0, 3)]).toEqual([t.name, 0, []]);
      expect(report.inserted).toBeGreaterThan(0);
    }
    for (const [from, to] of [['2025-06-01', '2026-12-31'], ['2026-01-01', '2026-03-31']]) {
      const key = reportKey(from, to);
      const [a, b] = await Promise.all([queryIndicatorFacts(schema, source, 'commsIndicatorFacts', key), queryIndicatorFacts(schema, target, 'commsIndicatorFacts', key)]);
      const facts = factsWithoutErrors(a);
      expect(facts.length).toBeGreaterThan(5);
      expect(factsWithoutErrors(b)).toEqual(facts);
    }
  });
});
