// The ial subgraph on a real database (PostgreSQL when TEST_DATABASE_URL is set, PGlite otherwise).
import { countStatements, createTestDatabase, execute, type TestDatabase } from '@pleiadi/kit/testing';
import { DEMO_LINKAGE_KEY, linkageKey, municipalityByCode, prepareSubgraphDatabase, pseudonymOf } from '@pleiadi/kit';
import { DEMO_PARTICIPANTS, DEMO_SEED, SYNTHETIC_FROM, SYNTHETIC_UNTIL, syntheticPopulation } from '@pleiadi/kit/synthetic';
import { GraphQLObjectType, isObjectType, getNamedType } from 'graphql';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definition, generate, schema, type IalDatabase } from '../src/index.ts';

let database: TestDatabase<IalDatabase>;
const run = (query: string, variables?: Record<string, unknown>) => execute(schema, database, query, variables);
const count = async (query: ReturnType<typeof sql<{ n: number }>>) => (await query.execute(database.db)).rows[0].n;

beforeAll(async () => {
  database = await createTestDatabase<IalDatabase>('ial');
  await prepareSubgraphDatabase(definition, database.db, { demo: true });
});
afterAll(() => database.drop());

describe('reference data and generated demo data', () => {
  it('has one office per province capital, the territory, and ATECO 2007 with 21 sections and 88 divisions', async () => {
    const offices = await database.db.selectFrom('office').select(['id', 'municipality_code', 'province_code']).orderBy('id').execute();
    expect(offices).toHaveLength(9);
    expect(offices.find((o) => o.id === 'ial-bo')).toEqual({ id: 'ial-bo', municipality_code: '037006', province_code: 'BO' });
    expect(offices.every((o) => municipalityByCode(o.municipality_code)?.provinceCode === o.province_code)).toBe(true);
    expect(await count(sql`select count(*)::int as n from municipality`)).toBe(330);
    expect(await count(sql`select count(*)::int as n from ateco_section`)).toBe(21);
    expect(await count(sql`select count(*)::int as n from ateco_division`)).toBe(88);
  });

  it('keeps exactly the people of the demo population that IAL serves, with correct pseudonyms', async () => {
    const served = [...syntheticPopulation(DEMO_SEED, DEMO_PARTICIPANTS)].filter((p) => p.served.ial);
    const rows = await database.db.selectFrom('participant').select(['fiscal_code', 'pseudonym']).execute();
    expect(rows.length).toBe(served.length);
    expect(new Set(rows.map((r) => r.fiscal_code))).toEqual(new Set(served.map((p) => p.fiscalCode)));
    const key = linkageKey({ embedded: true });
    expect(rows.every((r) => r.pseudonym === pseudonymOf(r.fiscal_code, key))).toBe(true);
  });

  it('gives each person one job path at the office of their province, with consistent dates and status', async () => {
    expect(await count(sql`select count(*)::int as n from participant p where (select count(*) from job_path j where j.participant_id = p.id) <> 1`)).toBe(0);
    expect(
      await count(sql`select count(*)::int as n from job_path j join participant p on p.id = j.participant_id
        join municipality m on m.istat_code = p.residence_municipality join office o on o.id = j.office_id where o.province_code <> m.province_code`),
    ).toBe(0);
    const outside = await count(sql`select count(*)::int as n from (
        select started_on as d from job_path union all select closed_on from job_path where closed_on is not null
        union all select held_on from orientation_session union all select completed_on from skills_assessment
        union all select submitted_on from qualification_recognition union all select starts_on from traineeship
        union all select ends_on from traineeship where outcome <> 'ONGOING' union all select starts_on from placement) dates
      where d < ${SYNTHETIC_FROM} or d > ${SYNTHETIC_UNTIL}`);
    expect(outside).toBe(0);
    // Activities fall inside their path: nothing before it starts, nothing after it closes.
    expect(
      await count(sql`select count(*)::int as n from job_path j join orientation_session s on s.job_path_id = j.id
        where s.held_on < j.started_on or (j.closed_on is not null and s.held_on > j.closed_on)`),
    ).toBe(0);
    expect(await count(sql`select count(*)::int as n from job_path j join traineeship t on t.job_path_id = j.id where t.outcome = 'ONGOING' and j.status = 'CLOSED'`)).toBe(0);
  });

  it('has realistic shares of guidance, assessments, recognition applications, traineeships and placements', async () => {
    const paths = await count(sql`select count(*)::int as n from job_path`);
    const share = async (query: ReturnType<typeof sql<{ n: number }>>) => (await count(query)) / paths;
    expect(await share(sql`select count(distinct job_path_id)::int as n from orientation_session where kind = 'INDIVIDUAL_GUIDANCE'`)).toBeGreaterThan(0.7);
    expect(await share(sql`select count(distinct job_path_id)::int as n from skills_assessment`)).toBeGreaterThan(0.3);
    expect(await share(sql`select count(distinct job_path_id)::int as n from skills_assessment`)).toBeLessThan(0.45);
    expect(await share(sql`select count(distinct job_path_id)::int as n from qualification_recognition`)).toBeGreaterThan(0.08);
    expect(await share(sql`select count(distinct job_path_id)::int as n from qualification_recognition`)).toBeLessThan(0.16);
    expect(await share(sql`select count(*)::int as n from traineeship`)).toBeGreaterThan(0.1);
    expect(await share(sql`select count(*)::int as n from placement`)).toBeGreaterThan(0.05);
    // The country of a qualification is the person's citizenship whenever that is a real ISO code.
    expect(
      await count(sql`select count(*)::int as n from qualification_recognition q join job_path j on j.id = q.job_path_id
        join participant p on p.id = j.participant_id where p.citizenship <> 'OTHER' and q.country <> p.citizenship`),
    ).toBe(0);
    // Traineeships and placements are with employers of the person's province; hires follow the traineeship.
    expect(
      await count(sql`select count(*)::int as n from traineeship t join job_path j on j.id = t.job_path_id join office o on o.id = j.office_id
        join employer e on e.id = t.employer_id join municipality m on m.istat_code = e.municipality_code where m.province_code <> o.province_code`),
    ).toBe(0);
    expect(
      await count(sql`select count(*)::int as n from traineeship t where t.outcome = 'HIRED' and not exists (
        select 1 from placement p where p.job_path_id = t.job_path_id and p.employer_id = t.employer_id and p.starts_on > t.ends_on)`),
    ).toBe(0);
  });

  it('has about a third of the paths answer the integration survey within the path, most saying it helped', async () => {
    const paths = await count(sql`select count(*)::int as n from job_path`);
    const answered = (await count(sql`select count(distinct job_path_id)::int as n from integration_survey`)) / paths;
    expect(answered).toBeGreaterThan(0.3);
    expect(answered).toBeLessThan(0.4);
    expect(await count(sql`select count(*)::int as n from (select job_path_id from integration_survey group by 1 having count(*) > 1) twice`)).toBe(0);
    const helped = (await count(sql`select count(*)::int as n from integration_survey where helped_integration`)) / (await count(sql`select count(*)::int as n from integration_survey`));
    expect(helped).toBeGreaterThan(0.62);
    expect(helped).toBeLessThan(0.78);
    expect(
      await count(sql`select count(*)::int as n from integration_survey i join job_path j on j.id = i.job_path_id
        where i.answered_on < j.started_on or i.answered_on > coalesce(j.closed_on, ${SYNTHETIC_UNTIL})`),
    ).toBe(0);
  });

  it('does not load the demo twice, and refuses to generate into a database that has data', async () => {
    const before = await count(sql`select count(*)::int as n from participant`);
    await prepareSubgraphDatabase(definition, database.db, { demo: true });
    expect(await count(sql`select count(*)::int as n from participant`)).toBe(before);
    await expect(generate(database.db, { seed: 1, participants: 10, linkageKey: DEMO_LINKAGE_KEY, store: 'ial' })).rejects.toThrow(/empty database/);
  });
});

describe('generator', () => {
  const options = { seed: 7, participants: 1200, linkageKey: 'a-test-linkage-key-of-at-least-32-characters', store: 'ial' };
  const TABLES = ['participant', 'employer', 'job_path', 'orientation_session', 'skills_assessment', 'qualification_recognition', 'traineeship', 'placement', 'integration_survey'] as const;
  const dump = async (db: Kysely<IalDatabase>) =>
    Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, (await sql`select * from ${sql.table(t)} order by id`.execute(db)).rows] as const)));

  it('writes the same rows for the same seed, other rows for another seed, and correct pseudonyms', async () => {
    const databases = await Promise.all([1, 2, 3].map(() => createTestDatabase<IalDatabase>('ial_gen')));
    try {
      for (const d of databases) await prepareSubgraphDatabase(definition, d.db, { demo: false });
      const [a, b, c] = databases;
      const reportA = await generate(a.db, options);
      const reportB = await generate(b.db, options);
      await generate(c.db, { ...options, seed: 8 });
      expect(reportA).toEqual(reportB);
      expect(reportA.participant).toBeGreaterThan(150);
      const rowsA = await dump(a.db);
      expect(rowsA.job_path).toHaveLength(reportA.job_path);
      expect(rowsA).toEqual(await dump(b.db));
      const rowsC = await dump(c.db);
      expect(rowsC.participant).not.toEqual(rowsA.participant);
      for (const row of rowsA.participant as { fiscal_code: string; pseudonym: string }[]) {
        expect(row.pseudonym).toBe(pseudonymOf(row.fiscal_code, options.linkageKey));
      }
      // Identities move on past the generated ids, so later inserts work.
      const { id } = await a.db.insertInto('employer').values({ name: 'Added later (demo)', municipality_code: '037006', ateco_code: '52', size_band: 'SMALL' }).returning('id').executeTakeFirstOrThrow();
      expect(id).toBe(reportA.employer + 1);
    } finally {
      await Promise.all(databases.map((d) => d.drop()));
    }
  });

  it('gives every province a network of employers even for a tiny population', async () => {
    const tiny = await createTestDatabase<IalDatabase>('ial_tiny');
    try {
      await prepareSubgraphDatabase(definition, tiny.db, { demo: false });
      const report = await generate(tiny.db, { ...options, participants: 5 });
      expect(report.participant).toBeLessThan(5);
      const { rows } = await sql<{ province: string; n: number }>`select m.province_code as province, count(*)::int as n from employer e
        join municipality m on m.istat_code = e.municipality_code group by 1`.execute(tiny.db);
      expect(rows).toHaveLength(9);
      expect(rows.every((r) => r.n >= 5)).toBe(true);
    } finally {
      await tiny.drop();
    }
  });
});

describe('offices and employers', () => {
  it('lists the offices with their municipality, ambit and sectors', async () => {
    const result = await run('{ ialOffices { id name provinceCode municipality { istatCode } ambit { code } employerSectors { code name } } }');
    expect(result.errors).toBeUndefined();
    const offices = result.data!.ialOffices;
    expect(offices.map((o: { provinceCode: string }) => o.provinceCode)).toEqual(['PC', 'PR', 'RE', 'MO', 'BO', 'FE', 'RA', 'FC', 'RN']);
    const bologna = offices.find((o: { id: string }) => o.id === 'ial-bo');
    expect(bologna).toMatchObject({ name: 'IAL Emilia-Romagna, sede di Bologna', municipality: { istatCode: '037006' }, ambit: { code: 'BOLOGNA' } });
    const { rows } = await sql<{ code: string }>`select distinct d.section_code as code from employer e join municipality m on m.istat_code = e.municipality_code
      join ateco_division d on d.code = e.ateco_code where m.province_code = 'BO' order by 1`.execute(database.db);
    expect(bologna.employerSectors.map((s: { code: string }) => s.code)).toEqual(rows.map((r) => r.code));
  });

  it('filters employers by ambit, province, municipality, ATECO section and size, matching the database', async () => {
    const cases: [string, ReturnType<typeof sql<{ n: number }>>][] = [
      ['{ambit: "ROMAGNA"}', sql`select count(*)::int as n from employer e join municipality m on m.istat_code = e.municipality_code join province p on p.code = m.province_code where p.ambit_code = 'ROMAGNA'`],
      ['{province: "mo"}', sql`select count(*)::int as n from employer e join municipality m on m.istat_code = e.municipality_code where m.province_code = 'MO'`],
      ['{municipality: "037006"}', sql`select count(*)::int as n from employer where municipality_code = '037006'`],
      ['{atecoSection: "C", ambit: "EMILIA_NORD"}', sql`select count(*)::int as n from employer e join ateco_division d on d.code = e.ateco_code join municipality m on m.istat_code = e.municipality_code join province p on p.code = m.province_code where d.section_code = 'C' and p.ambit_code = 'EMILIA_NORD'`],
      ['{sizeBand: LARGE}', sql`select count(*)::int as n from employer where size_band = 'LARGE'`],
    ];
    for (const [filter, expected] of cases) {
      const result = await run(`{ ialEmployers(filter: ${filter}, first: 1000) { totalCount nodes { id } } }`);
      expect(result.errors).toBeUndefined();
      const n = await count(expected);
      expect(n).toBeGreaterThan(0);
      expect(result.data!.ialEmployers.totalCount).toBe(n);
      expect(result.data!.ialEmployers.nodes).toHaveLength(n);
    }
    const romagna = await run('{ ialEmployers(filter: {ambit: "ROMAGNA", atecoSection: "i"}) { nodes { municipality { istatCode } atecoSection { code } sector atecoCode } } }');
    for (const node of romagna.data!.ialEmployers.nodes) {
      expect(['RA', 'FC', 'RN']).toContain(municipalityByCode(node.municipality.istatCode)!.provinceCode);
      expect(node.atecoSection.code).toBe('I');
      expect(['55', '56']).toContain(node.atecoCode);
    }
  });

  it('places employers from the reference snapshot, read again for a municipality it lacks', async () => {
    expect((await run('{ ialEmployers(first: 1) { nodes { id } } }')).errors).toBeUndefined(); // the snapshot is read
    // A municipality added by hand after the snapshot was read (e.g. a merger the seed does not know yet).
    await sql`insert into municipality (istat_code, name, province_code) values ('099990', 'Comune di prova', 'RN')`.execute(database.db);
    const { rows } = await sql<{ id: number }>`insert into employer (name, municipality_code, ateco_code, size_band) values ('Pensione di prova', '099990', '55', 'MICRO') returning id`.execute(database.db);
    try {
      const result = await run('{ ialEmployers(filter: {municipality: "099990"}) { nodes { id sector atecoSection { code } office { id } } } }');
      expect(result.errors).toBeUndefined();
      expect(result.data!.ialEmployers.nodes).toEqual([{ id: String(rows[0].id), sector: 'Accommodation', atecoSection: { code: 'I' }, office: { id: 'ial-rn' } }]);
    } finally {
      await sql`delete from employer where id = ${rows[0].id}`.execute(database.db);
      await sql`delete from municipality where istat_code = '099990'`.execute(database.db);
    }
  });

  it('pages through every employer exactly once', async () => {
    const total = await count(sql`select count(*)::int as n from employer`);
    const seen = new Set<string>();
    let after: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof run>> = await run('query($after: String) { ialEmployers(first: 17, after: $after) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }', { after });
      expect(page.data!.ialEmployers.totalCount).toBe(total);
      for (const n of page.data!.ialEmployers.nodes) seen.add(n.id);
      after = page.data!.ialEmployers.pageInfo.hasNextPage ? page.data!.ialEmployers.pageInfo.endCursor : null;
      pages += 1;
    } while (after);
    expect(seen.size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 17));
  });

  it('shows an employer with its office and when it first hosted a traineeship', async () => {
    const { rows } = await sql<{ id: number; since: string }>`select employer_id as id, min(starts_on) as since from traineeship group by employer_id order by employer_id limit 1`.execute(database.db);
    const result = await run(`{ ialEmployer(id: "${rows[0].id}") { id name sizeBand traineeshipHostSince office { id } municipality { istatCode } } }`);
    expect(result.errors).toBeUndefined();
    const employer = result.data!.ialEmployer;
    expect(employer.traineeshipHostSince).toBe(rows[0].since);
    expect(employer.name).toMatch(/\(demo\)$/);
    expect(employer.office.id).toBe(`ial-${municipalityByCode(employer.municipality.istatCode)!.provinceCode.toLowerCase()}`);
    const never = await sql<{ id: number }>`select id from employer e where not exists (select 1 from traineeship t where t.employer_id = e.id) limit 1`.execute(database.db);
    if (never.rows.length) {
      const none = await run(`{ ialEmployer(id: "${never.rows[0].id}") { traineeshipHostSince } }`);
      expect(none.data!.ialEmployer.traineeshipHostSince).toBeNull();
    }
  });

  it('lists the ATECO sections with their divisions', async () => {
    const result = await run('{ atecoSections { code name divisions { code name section { code } } } }');
    expect(result.errors).toBeUndefined();
    expect(result.data!.atecoSections).toHaveLength(21);
    const h = result.data!.atecoSections.find((s: { code: string }) => s.code === 'H');
    expect(h.name).toBe('Transportation and storage');
    expect(h.divisions.map((d: { code: string }) => d.code)).toEqual(['49', '50', '51', '52', '53']);
    expect(h.divisions.every((d: { section: { code: string } }) => d.section.code === 'H')).toBe(true);
  });

  it.each([
    ['{ ialEmployers(filter: {ambit: "NOWHERE"}) { totalCount } }', /Unknown ambit "NOWHERE"/],
    ['{ ialEmployers(filter: {ambit: "romagna"}) { totalCount } }', /not an ambit code/],
    ['{ ialEmployers(filter: {municipality: "12"}) { totalCount } }', /6 digits/],
    ['{ ialEmployers(filter: {municipality: "999999"}) { totalCount } }', /No municipality of Emilia-Romagna has ISTAT code 999999/],
    ['{ ialEmployers(filter: {province: "ZZ"}) { totalCount } }', /Unknown province "ZZ"/],
    ['{ ialEmployers(filter: {atecoSection: "CC"}) { totalCount } }', /not an ATECO 2007 section/],
    ['{ ialEmployers(filter: {atecoSection: "Z"}) { totalCount } }', /not an ATECO 2007 section/],
    ['{ ialEmployers(first: -1) { totalCount } }', /between 0 and 1000/],
    ['{ ialEmployers(first: 1001) { totalCount } }', /between 0 and 1000/],
    ['{ ialEmployers(after: "not-a-cursor") { totalCount } }', /cursor/],
    ['{ ialEmployer(id: "abc") { name } }', /not a valid id/],
    ['{ ialEmployer(id: "0") { name } }', /not a valid id/],
    ['{ ialOffice(id: "BO") { name } }', /not an IAL office id/],
    ['{ _entities(representations: [{__typename: "Municipality", istatCode: "037006"}]) { ... on Municipality { ialEmployers(first: 5000) { totalCount } } } }', /between 0 and 1000/],
    ['{ _entities(representations: [{__typename: "Partner", id: "cpia-bo"}]) { ... on Partner { ialEmployers(first: -3) { totalCount } } } }', /between 0 and 1000/],
    ['{ _entities(representations: [{__typename: "Partner", id: "cpia-bo"}]) { ... on Partner { ialEmployers(filter: {ambit: "MARS"}) { totalCount } } } }', /Unknown ambit/],
  ])('answers bad input %s with BAD_USER_INPUT', async (query, message) => {
    const result = await run(query);
    expect(result.errors?.[0].message).toMatch(message);
    expect(result.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('rejects an unknown size band through GraphQL validation', async () => {
    const result = await run('{ ialEmployers(filter: {sizeBand: HUGE}) { totalCount } }');
    expect(result.errors?.[0].message).toMatch(/HUGE/);
  });

  it('answers null, without error, for well-formed ids it does not know', async () => {
    const result = await run('{ ialEmployer(id: "99999999") { name } ialOffice(id: "ial-zz") { name } }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ ialEmployer: null, ialOffice: null });
  });
});

describe('fields on entities owned elsewhere', () => {
  it('adds the serving office and the employers to municipalities', async () => {
    const result = await run(`{ _entities(representations: [
      {__typename: "Municipality", istatCode: "039014"}, {__typename: "Municipality", istatCode: "037006"}, {__typename: "Municipality", istatCode: "000000"}
    ]) { ... on Municipality { istatCode ialOffice { id } ialEmployers(first: 3) { totalCount nodes { municipality { istatCode } } } } } }`);
    expect(result.errors).toBeUndefined();
    const [ravenna, bologna, nowhere] = result.data!._entities;
    expect(ravenna.ialOffice.id).toBe('ial-ra');
    expect(bologna.ialOffice.id).toBe('ial-bo');
    expect(bologna.ialEmployers.totalCount).toBe(await count(sql`select count(*)::int as n from employer where municipality_code = '037006'`));
    expect(bologna.ialEmployers.nodes.every((n: { municipality: { istatCode: string } }) => n.municipality.istatCode === '037006')).toBe(true);
    expect(nowhere).toEqual({ istatCode: '000000', ialOffice: null, ialEmployers: { totalCount: 0, nodes: [] } });
  });

  it('adds offices and pages of employers to ambits', async () => {
    const result = await run(`{ _entities(representations: [{__typename: "Ambit", code: "ROMAGNA"}, {__typename: "Ambit", code: "BOLOGNA"}]) {
      ... on Ambit { code ialOffices { id } ialEmployers(first: 4) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } } } }`);
    expect(result.errors).toBeUndefined();
    const [romagna, bologna] = result.data!._entities;
    expect(romagna.ialOffices.map((o: { id: string }) => o.id)).toEqual(['ial-ra', 'ial-fc', 'ial-rn']);
    expect(bologna.ialOffices.map((o: { id: string }) => o.id)).toEqual(['ial-bo']);
    const inRomagna = await count(sql`select count(*)::int as n from employer e join municipality m on m.istat_code = e.municipality_code where m.province_code in ('RA', 'FC', 'RN')`);
    expect(romagna.ialEmployers.totalCount).toBe(inRomagna);
    // The next page continues where the first ended.
    const next = await run(`{ _entities(representations: [{__typename: "Ambit", code: "ROMAGNA"}]) { ... on Ambit { ialEmployers(first: 4, after: "${romagna.ialEmployers.pageInfo.endCursor}") { nodes { id } } } } }`);
    const all = await run('{ ialEmployers(filter: {ambit: "ROMAGNA"}, first: 8) { nodes { id } } }');
    expect([...romagna.ialEmployers.nodes, ...next.data!._entities[0].ialEmployers.nodes]).toEqual(all.data!.ialEmployers.nodes);
  });

  it('adds offices and employers to IAL\'s own partner entry and nothing to the others', async () => {
    const result = await run(`{ _entities(representations: [{__typename: "Partner", id: "ial-er"}, {__typename: "Partner", id: "cpia-bo"}]) {
      ... on Partner { id ialOffices { id } ialEmployers(filter: {province: "PC"}, first: 2) { totalCount nodes { id } } } } }`);
    expect(result.errors).toBeUndefined();
    const [ial, other] = result.data!._entities;
    expect(ial.ialOffices).toHaveLength(9);
    expect(ial.ialEmployers.totalCount).toBe(await count(sql`select count(*)::int as n from employer e join municipality m on m.istat_code = e.municipality_code where m.province_code = 'PC'`));
    expect(ial.ialEmployers.nodes).toHaveLength(2);
    expect(other).toEqual({ id: 'cpia-bo', ialOffices: [], ialEmployers: { totalCount: 0, nodes: [] } });
  });
});

describe('batching', () => {
  it('runs the same number of statements whatever the size of the result', async () => {
    // Each loader is reached from one list per query: lists fetched by separate statements may come
    // back in separate ticks, and a loader shared between them would then batch once or twice.
    const queries = [
      (n: number) => `{ ialEmployers(first: ${n}) { totalCount nodes { name municipality { istatCode } atecoSection { name divisions { code } } office { name employerSectors { code } } traineeshipHostSince } } }`,
      (n: number) => `{ ialOffices { employerSectors { code } employers(first: ${n}) { totalCount nodes { sector traineeshipHostSince atecoSection { code } } } } }`,
      (n: number) => `{ atecoSections { divisions { section { name } } } ialOffices { employers(first: ${n}) { nodes { office { ambit { code } } } } } }`,
    ];
    for (const query of queries) {
      await run(query(2)); // reference snapshots (offices, territory, ATECO) read first, outside the counts
      const small = await countStatements([database], () => run(query(2)));
      const large = await countStatements([database], () => run(query(400)));
      expect(large).toBe(small);
    }
    const entities = (n: number) => {
      const codes = ['037006', '039014', '036023', '034027', '035033', '033032', '038008', '040012', '099014', '037032'].slice(0, n);
      return `{ _entities(representations: [${codes.map((c) => `{__typename: "Municipality", istatCode: "${c}"}`).join(', ')},
        {__typename: "Ambit", code: "ROMAGNA"}, {__typename: "Partner", id: "ial-er"}]) {
        ... on Municipality { ialOffice { name employerSectors { code } } ialEmployers(first: ${n * 10}) { totalCount nodes { traineeshipHostSince atecoSection { code } } } }
        ... on Ambit { ialOffices { id } ialEmployers(first: ${n * 10}) { totalCount nodes { office { id } } } }
        ... on Partner { ialOffices { employers(first: ${n}) { nodes { id } } } ialEmployers(first: ${n * 10}) { totalCount nodes { sizeBand } } } } }`;
    };
    const fewEntities = await countStatements([database], () => run(entities(1)));
    const manyEntities = await countStatements([database], () => run(entities(10)));
    expect(manyEntities).toBe(fewEntities);
  });
});

describe('privacy', () => {
  // What IAL's own operators alone may read (participants.test.ts checks the scopes), and the
  // cross-partner Participant whose fields check the caller themselves.
  const PERSONAL_TYPES = ['IalParticipant', 'IalJobPath', 'IalOrientationSession', 'IalSkillsAssessment', 'IalQualificationRecognition', 'IalTraineeship', 'IalPlacement'];

  it('keeps personal fields and pseudonyms on the participant types only', () => {
    const found: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.keys((type as GraphQLObjectType).getFields())) {
        if (/fiscal|firstName|lastName|birthDate|pseudonym|citizenship|gender|residence/i.test(field)) found.push(`${type.name}.${field}`);
      }
    }
    expect(found.sort()).toEqual([
      'IalParticipant.birthDate', 'IalParticipant.citizenship', 'IalParticipant.firstName', 'IalParticipant.fiscalCode', 'IalParticipant.gender',
      'IalParticipant.lastName', 'IalParticipant.pseudonym', 'IalParticipant.residence', 'Participant.pseudonym',
    ]);
  });

  it('gives no counts on offices and employers: outside the participant records and the audit trail, the only integers are page totals', () => {
    const ints: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__') || type.name.endsWith('Connection')) continue;
      for (const field of Object.values((type as GraphQLObjectType).getFields())) {
        const named = getNamedType(field.type).name;
        if (named === 'Int' || named === 'Float') ints.push(`${type.name}.${field.name}`);
      }
    }
    expect(ints.filter((field) => !PERSONAL_TYPES.includes(field.split('.')[0]))).toEqual(['AuditEntityCount.records']);
  });
});
