// The anci subgraph on a real database (PostgreSQL when TEST_DATABASE_URL is set, PGlite otherwise).
import { countStatements, createTestDatabase, execute, type TestDatabase } from '@pleiadi/kit/testing';
import { emiliaRomagnaMunicipalities, prepareSubgraphDatabase } from '@pleiadi/kit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definition, schema, type AnciDatabase } from '../src/index.ts';
import { forgetTerritory } from '../src/db/repositories/territory.ts';

let database: TestDatabase<AnciDatabase>;
const run = (query: string, variables?: Record<string, unknown>) => execute(schema, database, query, variables);

beforeAll(async () => {
  database = await createTestDatabase<AnciDatabase>('anci');
  await prepareSubgraphDatabase(definition, database.db, { demo: true });
});
afterAll(() => database.drop());

describe('territory master data', () => {
  it('holds the 330 municipalities of the ISTAT list in 9 provinces and 4 ambits', async () => {
    const result = await run('{ municipalities { totalCount } provinces { code } ambits { code provinces { code } } }');
    expect(result.errors).toBeUndefined();
    expect(result.data!.municipalities.totalCount).toBe(330);
    expect(result.data!.provinces).toHaveLength(9);
    expect(Object.fromEntries(result.data!.ambits.map((a: { code: string; provinces: { code: string }[] }) => [a.code, a.provinces.map((p) => p.code).sort()]))).toEqual({
      EMILIA_NORD: ['PC', 'PR', 'RE'],
      EMILIA_CENTRO_ORIENTALE: ['FE', 'MO'],
      BOLOGNA: ['BO'],
      ROMAGNA: ['FC', 'RA', 'RN'],
    });
  });

  it('is loaded from the package, not typed by hand', () => {
    const list = emiliaRomagnaMunicipalities();
    expect(list).toHaveLength(330);
    expect(new Set(list.map((m) => m.istatCode)).size).toBe(330);
    expect(list.find((m) => m.istatCode === '037006')?.name).toBe('Bologna');
  });

  it('reloading reference data keeps a corrected province→ambit mapping', async () => {
    await database.db.updateTable('province').set({ ambit_code: 'ROMAGNA' }).where('code', '=', 'FE').execute();
    await prepareSubgraphDatabase(definition, database.db, { demo: true });
    const result = await run('{ province(code: "FE") { ambit { code } } }');
    expect(result.data!.province.ambit.code).toBe('ROMAGNA');
    await database.db.updateTable('province').set({ ambit_code: 'EMILIA_CENTRO_ORIENTALE' }).where('code', '=', 'FE').execute();
  });

  it('finds Bologna with its province and ambit', async () => {
    const result = await run('{ municipality(istatCode: "037006") { istatCode name province { code name } ambit { code name } } }');
    expect(result.data).toEqual({
      municipality: { istatCode: '037006', name: 'Bologna', province: { code: 'BO', name: 'Bologna' }, ambit: { code: 'BOLOGNA', name: 'Metropolitano di Bologna' } },
    });
  });

  it('filters by province, ambit and name, and pages through every match once', async () => {
    const filtered = await run('{ municipalities(filter: {ambit: "ROMAGNA", nameContains: "san"}) { totalCount nodes { name province { ambit { code } } } } }');
    const expected = await database.db
      .selectFrom('municipality as m').innerJoin('province as p', 'p.code', 'm.province_code')
      .select(sql<number>`count(*)::int`.as('n')).where('p.ambit_code', '=', 'ROMAGNA').where('m.name', 'ilike', '%san%').executeTakeFirstOrThrow();
    expect(filtered.data!.municipalities.totalCount).toBe(expected.n);
    expect(filtered.data!.municipalities.nodes.every((n: { province: { ambit: { code: string } } }) => n.province.ambit.code === 'ROMAGNA')).toBe(true);

    const seen = new Set<string>();
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof run>> = await run('query($after: String) { municipalities(filter: {province: "bo"}, first: 7, after: $after) { nodes { istatCode } pageInfo { hasNextPage endCursor } } }', { after });
      for (const n of page.data!.municipalities.nodes) seen.add(n.istatCode);
      after = page.data!.municipalities.pageInfo.hasNextPage ? page.data!.municipalities.pageInfo.endCursor : null;
    } while (after);
    expect(seen.size).toBe(55);
    expect([...seen].every((code) => code.startsWith('037'))).toBe(true);
  });

  it.each([
    ['{ municipality(istatCode: "12") { name } }', /6 digits/],
    ['{ municipality(istatCode: "0370061") { name } }', /6 digits/],
    ['{ municipalities(first: -1) { totalCount } }', /between 0 and 1000/],
    ['{ municipalities(first: 100000) { totalCount } }', /between 0 and 1000/],
    ['{ municipalities(filter: {ambit: "NOWHERE"}) { totalCount } }', /Unknown ambit "NOWHERE"/],
    ['{ municipalities(filter: {province: "ZZ"}) { totalCount } }', /Unknown province/],
    ['{ municipalities(after: "not-a-cursor") { totalCount } }', /cursor/],
    ['{ ambit(code: "emilia nord") { name } }', /not an ambit code/],
    ['{ operatorTrainings(filter: {from: "2026-05-01", to: "2026-01-01"}) { totalCount } }', /inverted/],
    ['{ governanceTable(id: "abc") { name } }', /not a valid id/],
    ['{ governanceTables(first: 1) { nodes { meetings(from: "2026-05-01", to: "2026-01-01") { totalCount } } } }', /inverted/],
  ])('answers bad input %s with BAD_USER_INPUT', async (query, message) => {
    const result = await run(query);
    expect(result.errors?.[0].message).toMatch(message);
    expect(result.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers null, without error, for well-formed codes it does not know', async () => {
    const result = await run('{ municipality(istatCode: "999999") { name } ambit(code: "ATLANTIS") { name } province(code: "ZZ") { name } }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ municipality: null, ambit: null, province: null });
  });

  it('resolves entity references for the gateway, null for unknown keys', async () => {
    const result = await run(`{ _entities(representations: [
      {__typename: "Municipality", istatCode: "039014"}, {__typename: "Ambit", code: "ROMAGNA"}, {__typename: "Municipality", istatCode: "000000"}
    ]) { ... on Municipality { name ambit { code } } ... on Ambit { name } } }`);
    expect(result.data!._entities).toEqual([{ name: 'Ravenna', ambit: { code: 'ROMAGNA' } }, { name: 'Romagna' }, null]);
  });
});

describe('governance tables and training', () => {
  it('lists tables with members and meetings, filtered by level and ambit', async () => {
    const result = await run(`{ governanceTables(filter: {level: TERRITORIAL, ambit: "BOLOGNA"}) {
      totalCount nodes { name level ambit { code } members(first: 5) { totalCount nodes { role organisation { name kind } } }
      meetings(first: 2) { totalCount nodes { heldOn agenda attendees { totalCount } } } } } }`);
    expect(result.errors).toBeUndefined();
    const [table] = result.data!.governanceTables.nodes;
    expect(result.data!.governanceTables.totalCount).toBe(1);
    expect(table.ambit.code).toBe('BOLOGNA');
    expect(table.members.nodes[0].role).toBe('CHAIR');
    expect(table.members.totalCount).toBeGreaterThan(5);
    expect(table.meetings.nodes[0].heldOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(table.meetings.nodes[0].attendees.totalCount).toBeGreaterThan(0);
  });

  it('counts local authorities supported (O.2.2) as distinct authorities that trained or met', async () => {
    const from = '2025-06-01';
    const to = '2026-06-30';
    const result = await run(`{ localAuthoritiesSupported(filter: {from: "${from}", to: "${to}"}) }`);
    const { rows } = await sql<{ n: number }>`
      select count(distinct o.id)::int as n from organisation o
      where o.kind in ('REGION', 'MUNICIPALITY', 'UNION_OF_MUNICIPALITIES') and (
        exists (select 1 from training_attendance a join operator_training t on t.id = a.training_id
                where a.organisation_id = o.id and t.ends_on >= ${from} and t.starts_on <= ${to})
        or exists (select 1 from meeting_attendance a join meeting m on m.id = a.meeting_id
                where a.organisation_id = o.id and m.held_on between ${from} and ${to}))`.execute(database.db);
    expect(rows[0].n).toBeGreaterThan(0);
    expect(result.data!.localAuthoritiesSupported).toBe(rows[0].n);
  });

  it('reports training totals that match the attendance rows', async () => {
    const result = await run('{ operatorTrainings(first: 3) { nodes { id organisationCount operatorCount attendance(first: 1000) { totalCount nodes { operators } } } } }');
    for (const training of result.data!.operatorTrainings.nodes) {
      expect(training.attendance.totalCount).toBe(training.organisationCount);
      expect(training.attendance.nodes.reduce((sum: number, a: { operators: number }) => sum + a.operators, 0)).toBe(training.operatorCount);
    }
  });
});

describe('batching', () => {
  it('runs a fixed number of statements whatever the size of nested lists', async () => {
    const query = (first: number) => `{ municipalities(first: ${first}) { nodes { name province { name } ambit { name provinces { code } } } }
      governanceTables(first: ${Math.min(first, 14)}) { nodes { members(first: 10) { nodes { organisation { name municipality { name } } } } meetings { nodes { attendees { nodes { organisation { kind } } } } } } } }`;
    // The territory snapshot (reference data) read afresh now, so it cannot expire between the two counts.
    forgetTerritory(database.db);
    await run(query(2));
    const small = await countStatements([database], () => run(query(2)));
    const large = await countStatements([database], () => run(query(300)));
    // One statement each for the tables, their members, meetings and attendees, and one or two for
    // the organisations: the members' and the attendees' come in one batch when both pages arrive
    // in the same tick, in two when they do not — whatever the size of the lists, never more.
    expect([5, 6]).toContain(small);
    expect([5, 6]).toContain(large);
  });
});
