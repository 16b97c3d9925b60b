// The CPIA network's imports on a real database: the committed example files load, re-importing
// them changes nothing, a corrected file updates in place, the bad examples are reported row by
// row with stable codes and no personal value, dry runs and all-or-nothing runs write nothing,
// other encodings and formats read the same, a person is erased with everything hanging off them,
// and the generator's records exported to the documented format and imported into an empty
// database give the very same indicator facts.
import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { prepareSubgraphDatabase, pseudonymOf, REPOSITORY_ROOT } from '@pleiadi/kit';
import { erasePerson, exportCsvStream, formatDocs, MASK, runImport, type ImportFormat, type ImportOptions } from '@pleiadi/kit/import';
import { createTestDatabase, queryIndicatorFacts, reportKey, factsWithoutErrors, type TestDatabase } from '@pleiadi/kit/testing';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpiaImports, IMPORT_OWNER } from '../src/import/index.ts';
import { OWN_PARTNER_ID } from '../src/schema/access.ts';
import { definition, generate, schema, type CpiaDatabase } from '../src/index.ts';

const KEY = 'test-linkage-key-for-cpia-imports-0123456789';
const EXAMPLES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/imports/examples/cpia');
const FISCAL_CODES = ['BNLMNA90A41Z999V', 'HSSKRM88C12Z999J', 'DMTLNA95E55Z999L', 'KHNSLM79H20Z999D', 'PPVNNA92L63Z999V'];
const table = (name: string) => cpiaImports.tables.find((t) => t.name === name)!;

async function load(database: TestDatabase<CpiaDatabase>, name: string, input: string | Readable, options: Partial<ImportOptions> = {}) {
  const stream = typeof input === 'string' ? createReadStream(path.join(EXAMPLES, input)) : input;
  return runImport(database.db, table(name), stream, { format: 'csv' as ImportFormat, ...options }, { linkageKey: KEY, store: 'cpia' });
}

async function count(database: TestDatabase<CpiaDatabase>, tableName: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(tableName)}`.execute(database.db);
  return rows[0].n;
}

async function fresh(label: string) {
  const database = await createTestDatabase<CpiaDatabase>(label);
  await prepareSubgraphDatabase(definition, database.db, { demo: false });
  return database;
}

describe('cpia imports', () => {
  let database: TestDatabase<CpiaDatabase>;
  beforeAll(async () => {
    database = await fresh('cpia_import');
  });
  afterAll(() => database?.drop());

  it('loads the example files, pseudonymising people at the door', async () => {
    const reports = [];
    for (const name of ['participants', 'courses', 'enrolments', 'integration_surveys']) reports.push(await load(database, name, `${name}.csv`));
    expect(reports.map((r) => [r.table, r.inserted, r.rejected])).toEqual([['participants', 5, 0], ['courses', 3, 0], ['enrolments', 6, 0], ['integration_surveys', 3, 0]]);
    expect(reports.every((r) => r.committed)).toBe(true);
    const people = await database.db.selectFrom('participant').select(['pseudonym', 'fiscal_code']).orderBy('id').execute();
    expect(people.map((p) => p.pseudonym)).toEqual(FISCAL_CODES.map((c) => pseudonymOf(c, KEY)));
    const course = await database.db.selectFrom('course').selectAll().where(sql.ref('source_id'), '=', 'C-2026-RA-01').executeTakeFirstOrThrow();
    expect([course.kind, course.cefr_target, course.hours, course.action_code]).toEqual(['ITALIAN_L2_A2', 'A2', 80.5, 'AZ02']);
  });

  it('changes nothing when the same files are imported again', async () => {
    for (const name of ['participants', 'courses', 'enrolments', 'integration_surveys']) {
      const report = await load(database, name, `${name}.csv`);
      expect([report.inserted, report.updated, report.rejected, report.unchanged > 0]).toEqual([0, 0, 0, true]);
    }
    expect(await count(database, 'enrolment')).toBe(6);
  });

  it('updates in place from a corrected file, and a dry run reports without writing', async () => {
    const corrected = readFileSync(path.join(EXAMPLES, 'enrolments.csv'), 'utf8').replace('E-0006,P-0005,C-2026-RA-01,2026-02-03,A2,,30,ATTENDING,', 'E-0006,P-0005,C-2026-RA-01,2026-02-03,A2,B1,78,COMPLETED,true');
    const dry = await load(database, 'enrolments', Readable.from([corrected]), { dryRun: true });
    expect([dry.updated, dry.unchanged, dry.inserted, dry.committed]).toEqual([1, 5, 0, false]);
    const before = await database.db.selectFrom('enrolment').select(['status']).where(sql.ref('source_id'), '=', 'E-0006').executeTakeFirstOrThrow();
    expect(before.status).toBe('ATTENDING');
    const real = await load(database, 'enrolments', Readable.from([corrected]));
    expect([real.updated, real.unchanged, real.committed]).toEqual([1, 5, true]);
    const after = await database.db.selectFrom('enrolment').select(['status', 'exit_level']).where(sql.ref('source_id'), '=', 'E-0006').executeTakeFirstOrThrow();
    expect(after).toEqual({ status: 'COMPLETED', exit_level: 'B1' });
    expect(await count(database, 'enrolment')).toBe(6);
  });

  it('reports the bad examples row by row with stable codes, masking personal values', async () => {
    const people = await load(database, 'participants', 'participants.bad.csv');
    expect(people.rejects.map((r) => [r.row, r.column, r.code])).toEqual([
      [2, 'fiscal_code', 'INVALID_FISCAL_CODE'],
      [3, 'birth_date', 'INVALID_DATE'],
      [4, 'gender', 'NOT_ALLOWED'],
      [4, 'residence_municipality', 'UNKNOWN_MUNICIPALITY'],
      [6, 'first_name', 'REQUIRED'],
    ]);
    // Row 5 is Amina again, as stored: unchanged. Rows 3 and 4 name a fiscal code also on row 2…
    expect([people.unchanged, people.inserted, people.rejected]).toEqual([1, 0, 4]);
    expect(people.rejects.find((r) => r.column === 'fiscal_code')!.value).toBe(MASK);
    expect(people.rejects.find((r) => r.column === 'birth_date')!.value).toBe(MASK);
    expect(JSON.stringify(people.rejects)).not.toMatch(/RSSMRA|Rossi|Mario|1985/);

    const courses = await load(database, 'courses', 'courses.bad.csv');
    expect(courses.rejects.map((r) => [r.row, r.column, r.code])).toEqual([
      [2, 'kind', 'NOT_ALLOWED'],
      [3, 'ends_on', 'INCONSISTENT_ROW'],
      [5, 'hours', 'INVALID_NUMBER'],
      [5, 'capacity', 'OUT_OF_RANGE'],
      [4, 'site_municipality', 'UNKNOWN_REFERENCE'],
    ]);
    expect(courses.rejects[0].value).toBe('ITALIAN_L2_C2');

    const enrolments = await load(database, 'enrolments', 'enrolments.bad.csv');
    expect(enrolments.rejects.map((r) => [r.row, r.column, r.code])).toEqual([
      [4, 'entry_level', 'NOT_ALLOWED'],
      [5, 'exit_level', 'INCONSISTENT_ROW'],
      [5, 'certificate_issued', 'INCONSISTENT_ROW'],
      [2, 'course_source_id', 'UNKNOWN_REFERENCE'],
      [3, 'participant_source_id', 'UNKNOWN_REFERENCE'],
    ]);
    const surveys = await load(database, 'integration_surveys', 'integration_surveys.bad.csv');
    expect(surveys.rejects.map((r) => [r.row, r.column, r.code])).toEqual([[2, 'helped_integration', 'INVALID_BOOLEAN'], [3, 'course_source_id', 'UNKNOWN_REFERENCE']]);
    expect([await count(database, 'participant'), await count(database, 'course'), await count(database, 'enrolment'), await count(database, 'integration_survey')]).toEqual([5, 3, 6, 3]);
  });

  it('refuses a file with unknown or missing columns as a whole', async () => {
    const report = await load(database, 'courses', Readable.from(['source_id,site,kind\nC-1,037006,DIGITAL_SKILLS\n']));
    expect(report.fileRefused).toBe(true);
    expect(report.rejects.map((r) => r.code).sort()).toEqual(['MISSING_COLUMN', 'MISSING_COLUMN', 'MISSING_COLUMN', 'MISSING_COLUMN', 'MISSING_COLUMN', 'UNKNOWN_COLUMN']);
  });

  it('writes nothing in all-or-nothing mode when a row is bad, everything when all are good', async () => {
    const mixed = 'source_id,site_municipality,kind,starts_on,ends_on,hours,capacity\nC-X-1,037006,DIGITAL_SKILLS,2026-09-01,2026-10-01,20,20\nC-X-2,037006,NOPE,2026-09-01,2026-10-01,20,20\n';
    const refused = await load(database, 'courses', Readable.from([mixed]), { allOrNothing: true });
    expect([refused.inserted, refused.rejected, refused.committed]).toEqual([1, 1, false]);
    expect(await count(database, 'course')).toBe(3);
    const good = await load(database, 'courses', Readable.from([mixed.replace('NOPE', 'CIVIC_ORIENTATION')]), { allOrNothing: true });
    expect([good.inserted, good.committed]).toEqual([2, true]);
    expect(await count(database, 'course')).toBe(5);
  });

  it('reads Windows-1252 ";" exports with Italian dates and decimal commas, XLSX and JSON Lines alike', async () => {
    const latin = 'source_id;fiscal_code;first_name;last_name;birth_date;gender;citizenship;residence_municipality\r\nP-0003;DMTLNA95E55Z999L;Ilonà;Demètra;15/05/1995;F;UA;37032\r\n';
    const report = await load(database, 'participants', Readable.from([Buffer.from(latin, 'latin1')]));
    expect([report.updated, report.rejected]).toEqual([1, 0]);
    const person = await database.db.selectFrom('participant').select(['first_name', 'last_name', 'residence_municipality']).where(sql.ref('source_id'), '=', 'P-0003').executeTakeFirstOrThrow();
    expect(person).toEqual({ first_name: 'Ilonà', last_name: 'Demètra', residence_municipality: '037032' });

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Courses');
    sheet.addRow(['Source ID', 'Site municipality', 'Kind', 'Starts on', 'Ends on', 'Hours', 'Capacity']);
    sheet.addRow(['C-XL-1', 37006, 'digital skills', new Date(Date.UTC(2026, 8, 7)), new Date(Date.UTC(2026, 9, 30)), 24, 18]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const fromXlsx = await load(database, 'courses', Readable.from([xlsx]), { format: 'xlsx' });
    expect([fromXlsx.inserted, fromXlsx.rejected]).toEqual([1, 0]);
    const course = await database.db.selectFrom('course').select(['kind', 'starts_on', 'ends_on']).where(sql.ref('source_id'), '=', 'C-XL-1').executeTakeFirstOrThrow();
    expect(course).toEqual({ kind: 'DIGITAL_SKILLS', starts_on: '2026-09-07', ends_on: '2026-10-30' });

    const jsonl = '{"source_id":"E-JL-1","participant_source_id":"P-0005","course_source_id":"C-XL-1","enrolled_on":"2026-09-01","status":"ENROLLED","hours_attended":0}\nnot json\n';
    const fromJsonl = await load(database, 'enrolments', Readable.from([jsonl]), { format: 'jsonl' });
    expect([fromJsonl.inserted, fromJsonl.rejects.map((r) => [r.row, r.code])]).toEqual([1, [[2, 'INVALID_JSON']]]);
  });

  it('erases a person and everything hanging off them, recording the erasure without the data', async () => {
    const actor = { role: 'partner' as const, subject: 'operator-1', partnerId: 'cpia-bologna', purpose: 'erasure' };
    const result = await erasePerson(database.db, cpiaImports, 'cpia', { fiscalCode: 'bnlmna90a41z999v' }, actor);
    expect(result).toEqual({ found: true, removed: { participant: 1, enrolment: 1, integration_survey: 1 } });
    expect(await erasePerson(database.db, cpiaImports, 'cpia', { sourceId: 'P-0001' }, actor)).toEqual({ found: false, removed: {} });
    const bySource = await erasePerson(database.db, cpiaImports, 'cpia', { sourceId: 'P-0004' }, actor);
    expect(bySource.removed).toEqual({ participant: 1, enrolment: 1, integration_survey: 1 });
    const audit = await database.db.selectFrom('audit_record').selectAll().where('operation_name', '=', 'erasure').execute();
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toMatch(/BNLMNA|Benali|Amina|P-0001|1990-01-01/);
    const imports = await database.db.selectFrom('audit_record').select('operation_name').where('operation_name', 'like', 'import%').execute();
    expect(imports).toHaveLength(0); // the engine alone does not audit; the CLI and the route do (see route test)
  });

  it('lets the network\u2019s own operators import, and nobody else', () => {
    expect(IMPORT_OWNER).toBe(OWN_PARTNER_ID);
    expect(cpiaImports.storeFor({ role: 'partner', partnerId: OWN_PARTNER_ID, purpose: 'import' })).toBe('cpia');
    expect(cpiaImports.storeFor({ role: 'partner', partnerId: 'ial-er', purpose: 'import' })).toBeUndefined();
    expect(cpiaImports.storeFor({ role: 'region', purpose: 'import' })).toBeUndefined();
  });

  it('keeps docs/imports/cpia.md in step with the formats', () => {
    const committed = readFileSync(path.join(REPOSITORY_ROOT, 'docs', 'imports', 'cpia.md'), 'utf8');
    expect(committed, 'run: npm run import -w @pleiadi/cpia -- docs').toBe(formatDocs(cpiaImports));
  });
});

describe('cpia round trip', () => {
  let source: TestDatabase<CpiaDatabase>;
  let target: TestDatabase<CpiaDatabase>;
  beforeAll(async () => {
    [source, target] = await Promise.all([fresh('cpia_rt_src'), fresh('cpia_rt_dst')]);
    await generate(source.db, { seed: 7, participants: 600, linkageKey: KEY, store: 'cpia' });
  });
  afterAll(() => Promise.all([source?.drop(), target?.drop()]));

  it('gives identical indicator facts after exporting the generated records and importing them into an empty database', async () => {
    for (const t of cpiaImports.tables) {
      const report = await runImport(target.db, t, exportCsvStream(source.db, t), { format: 'csv' }, { linkageKey: KEY, store: 'cpia' });
      expect([t.name, report.rejectCount, report.rejects.slice(0, 3)]).toEqual([t.name, 0, []]);
      expect(report.inserted).toBeGreaterThan(0);
    }
    for (const tableName of ['participant', 'course', 'enrolment', 'integration_survey']) expect(await count(target, tableName)).toBe(await count(source, tableName));
    for (const [from, to, action] of [['2025-06-01', '2026-10-31', undefined], ['2026-01-01', '2026-03-31', 'AZ02'], ['2025-10-01', '2025-12-31', undefined]] as const) {
      const key = reportKey(from, to, action);
      const [a, b] = await Promise.all([queryIndicatorFacts(schema, source, 'cpiaIndicatorFacts', key), queryIndicatorFacts(schema, target, 'cpiaIndicatorFacts', key)]);
      const facts = factsWithoutErrors(a);
      expect(facts.length).toBeGreaterThan(20);
      expect(factsWithoutErrors(b)).toEqual(facts);
    }
  });
});
