// The cpia subgraph on a real database (PostgreSQL when TEST_DATABASE_URL is set, PGlite otherwise),
// filled with the demo data the embedded default starts with.
import { AMBIT_CODES, defaultAmbitOf, municipalityByCode, prepareSubgraphDatabase } from '@pleiadi/kit';
import { countStatements, createTestDatabase, execute, type TestDatabase } from '@pleiadi/kit/testing';
import { getNamedType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLNamedType } from 'graphql';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definition, schema, type CpiaDatabase } from '../src/index.ts';

let database: TestDatabase<CpiaDatabase>;
const run = (query: string, variables?: Record<string, unknown>) => execute(schema, database, query, variables);

beforeAll(async () => {
  database = await createTestDatabase<CpiaDatabase>('cpia');
  await prepareSubgraphDatabase(definition, database.db, { demo: true });
});
afterAll(() => database.drop());

/** Every node of a connection, page by page, checking that no page repeats a node. */
async function readAll(query: string, path: (data: Record<string, unknown>) => { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }) {
  const ids: string[] = [];
  let after: string | null = null;
  do {
    const page = await run(query, { after });
    expect(page.errors).toBeUndefined();
    const connection = path(page.data!);
    ids.push(...connection.nodes.map((n) => n.id));
    after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
  } while (after);
  expect(new Set(ids).size).toBe(ids.length);
  return ids;
}

const count = async (query: ReturnType<typeof sql<{ n: number }>>) => (await query.execute(database.db)).rows[0].n;

describe('the network', () => {
  it('has one CPIA per province, led by CPIA Metropolitano di Bologna', async () => {
    const result = await run('{ cpiaInstitutes { id name provinceCode isNetworkLead seat { istatCode } sites(first: 100) { totalCount nodes { municipality { istatCode } } } } }');
    expect(result.errors).toBeUndefined();
    const institutes = result.data!.cpiaInstitutes;
    expect(institutes.map((i: { provinceCode: string }) => i.provinceCode)).toEqual(['PC', 'PR', 'RE', 'MO', 'BO', 'FE', 'RA', 'FC', 'RN']);
    expect(institutes.filter((i: { isNetworkLead: boolean }) => i.isNetworkLead).map((i: { id: string; name: string }) => [i.id, i.name])).toEqual([['cpia-bologna', 'CPIA Metropolitano di Bologna']]);
    for (const institute of institutes) {
      expect(institute.sites.totalCount).toBeGreaterThanOrEqual(3);
      // The seat is a site, and every site is in the institute's province.
      const codes = institute.sites.nodes.map((s: { municipality: { istatCode: string } }) => s.municipality.istatCode);
      expect(codes).toContain(institute.seat.istatCode);
      expect(codes.every((code: string) => municipalityByCode(code)?.provinceCode === institute.provinceCode)).toBe(true);
    }
  });

  it('stores the ambit of each site as the default ambit of its municipality', async () => {
    const sites = await database.db.selectFrom('site').select(['municipality_code', 'ambit_code']).execute();
    expect(sites.length).toBeGreaterThan(30);
    for (const site of sites) expect(site.ambit_code).toBe(defaultAmbitOf(municipalityByCode(site.municipality_code)!));
  });

  it('filters sites by ambit, province, municipality and institute, and pages through them', async () => {
    const romagna = await run('{ cpiaSites(filter: {ambit: "ROMAGNA"}) { totalCount nodes { ambit { code } institute { provinceCode } } } }');
    expect(romagna.data!.cpiaSites.totalCount).toBe(await count(sql<{ n: number }>`select count(*)::int as n from site where ambit_code = 'ROMAGNA'`));
    expect(romagna.data!.cpiaSites.nodes.every((s: { ambit: { code: string }; institute: { provinceCode: string } }) => s.ambit.code === 'ROMAGNA' && ['RA', 'FC', 'RN'].includes(s.institute.provinceCode))).toBe(true);

    const filtered = await run(`{ byProvince: cpiaSites(filter: {province: "pr"}) { totalCount } byInstitute: cpiaSites(filter: {institute: "cpia-parma"}) { totalCount }
      imola: cpiaSites(filter: {municipality: "037032"}) { nodes { name institute { id } } } none: cpiaSites(filter: {institute: "cpia-nowhere"}) { totalCount } }`);
    expect(filtered.data!.byProvince.totalCount).toBe(filtered.data!.byInstitute.totalCount);
    expect(filtered.data!.imola.nodes).toEqual([{ name: 'CPIA Metropolitano di Bologna – sede di Imola', institute: { id: 'cpia-bologna' } }]);
    expect(filtered.data!.none.totalCount).toBe(0);

    const all = await readAll('query($after: String) { cpiaSites(first: 7, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }', (d) => d.cpiaSites as never);
    expect(all.length).toBe(await count(sql<{ n: number }>`select count(*)::int as n from site`));
  });

  it('lists the sites of a municipality and finds a site by id', async () => {
    const { id } = await database.db.selectFrom('site').select('id').where('municipality_code', '=', '099014').executeTakeFirstOrThrow();
    const result = await run(`{ cpiaSite(id: "${id}") { name municipality { istatCode cpiaSites { id } } } }`);
    expect(result.data!.cpiaSite).toEqual({ name: 'CPIA di Rimini – sede centrale di Rimini', municipality: { istatCode: '099014', cpiaSites: [{ id: String(id) }] } });
  });
});

describe('courses', () => {
  it('are Azione 02 courses with a CEFR target exactly when they teach Italian', async () => {
    const result = await run('{ cpiaCourses(first: 1000) { totalCount nodes { kind actionCode cefrTarget hours capacity startsOn endsOn } } }');
    expect(result.errors).toBeUndefined();
    const { totalCount, nodes } = result.data!.cpiaCourses;
    expect(totalCount).toBe(await count(sql<{ n: number }>`select count(*)::int as n from course`));
    const target: Record<string, string | null> = { ITALIAN_L2_PRE_A1: 'PRE_A1', ITALIAN_L2_A1: 'A1', ITALIAN_L2_A2: 'A2', ITALIAN_L2_B1: 'B1', CIVIC_ORIENTATION: null, DIGITAL_SKILLS: null };
    for (const course of nodes) {
      expect(course.actionCode).toBe('AZ02');
      expect(course.cefrTarget).toBe(target[course.kind]);
      expect(course.capacity).toBeGreaterThanOrEqual(15);
      expect(course.capacity).toBeLessThanOrEqual(25);
      expect(course.hours).toBeGreaterThan(0);
      expect(course.startsOn <= course.endsOn).toBe(true);
    }
    expect(new Set(nodes.map((c: { kind: string }) => c.kind))).toEqual(new Set(Object.keys(target)));
  });

  it('filters by kind, ambit, province, municipality and overlapping dates, as the database counts them', async () => {
    const result = await run(`{
      a: cpiaCourses(filter: {kind: ITALIAN_L2_A2, ambit: "EMILIA_NORD"}) { totalCount nodes { kind site { ambit { code } } } }
      b: cpiaCourses(filter: {province: "MO", from: "2026-01-01", to: "2026-03-31"}) { totalCount nodes { startsOn endsOn site { institute { provinceCode } } } }
      c: cpiaCourses(filter: {municipality: "037006", kind: CIVIC_ORIENTATION}) { totalCount nodes { site { municipality { istatCode } } } }
    }`);
    expect(result.errors).toBeUndefined();
    const { a, b, c } = result.data!;
    expect(a.totalCount).toBe(await count(sql<{ n: number }>`select count(*)::int as n from course c join site s on s.id = c.site_id where c.kind = 'ITALIAN_L2_A2' and s.ambit_code = 'EMILIA_NORD'`));
    expect(a.totalCount).toBeGreaterThan(0);
    expect(a.nodes.every((n: { kind: string; site: { ambit: { code: string } } }) => n.kind === 'ITALIAN_L2_A2' && n.site.ambit.code === 'EMILIA_NORD')).toBe(true);
    expect(b.totalCount).toBe(await count(sql<{ n: number }>`select count(*)::int as n from course c join site s on s.id = c.site_id join institute i on i.id = s.institute_id
      where i.province_code = 'MO' and c.ends_on >= '2026-01-01' and c.starts_on <= '2026-03-31'`));
    expect(b.nodes.every((n: { startsOn: string; endsOn: string; site: { institute: { provinceCode: string } } }) => n.endsOn >= '2026-01-01' && n.startsOn <= '2026-03-31' && n.site.institute.provinceCode === 'MO')).toBe(true);
    expect(c.totalCount).toBeGreaterThan(0);
    expect(c.nodes.every((n: { site: { municipality: { istatCode: string } } }) => n.site.municipality.istatCode === '037006')).toBe(true);
  });

  it('pages through every match once, in start-date order', async () => {
    const query = 'query($after: String) { cpiaCourses(filter: {ambit: "BOLOGNA"}, first: 37, after: $after) { nodes { id startsOn } pageInfo { hasNextPage endCursor } } }';
    const starts: string[] = [];
    const ids = await readAll(query, (d) => {
      const connection = d.cpiaCourses as { nodes: { id: string; startsOn: string }[] };
      starts.push(...connection.nodes.map((n) => n.startsOn));
      return connection as never;
    });
    expect(ids.length).toBe(await count(sql<{ n: number }>`select count(*)::int as n from course c join site s on s.id = c.site_id where s.ambit_code = 'BOLOGNA'`));
    expect(starts).toEqual([...starts].sort());
  });

  it('finds a course by id and answers null for ids it does not know', async () => {
    const { id, kind } = await database.db.selectFrom('course').select(['id', 'kind']).orderBy('id').executeTakeFirstOrThrow();
    const result = await run(`{ cpiaCourse(id: "${id}") { id kind site { id } } missing: cpiaCourse(id: "987654321") { id } noSite: cpiaSite(id: "987654321") { id } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data!.cpiaCourse).toMatchObject({ id: String(id), kind });
    expect(result.data!.missing).toBeNull();
    expect(result.data!.noSite).toBeNull();
  });

  it.each([
    ['{ cpiaCourses(filter: {ambit: "NOWHERE"}) { totalCount } }', /Unknown ambit "NOWHERE"/],
    ['{ cpiaCourses(filter: {ambit: "emilia nord"}) { totalCount } }', /not an ambit code/],
    ['{ cpiaSites(filter: {ambit: "ATLANTIS"}) { totalCount } }', /Unknown ambit "ATLANTIS"/],
    ['{ cpiaCourses(filter: {municipality: "37006"}) { totalCount } }', /6 digits/],
    ['{ cpiaCourses(filter: {municipality: "999999"}) { totalCount } }', /No municipality of Emilia-Romagna/],
    ['{ cpiaSites(filter: {municipality: "abcdef"}) { totalCount } }', /6 digits/],
    ['{ cpiaCourses(filter: {province: "ZZ"}) { totalCount } }', /Unknown province/],
    ['{ cpiaCourses(filter: {from: "2026-05-01", to: "2026-01-01"}) { totalCount } }', /inverted/],
    ['{ cpiaCourses(filter: {from: "2026-02-30"}) { totalCount } }', /YYYY-MM-DD/],
    ['{ cpiaCourses(first: -1) { totalCount } }', /between 0 and 1000/],
    ['{ cpiaSites(first: 1001) { totalCount } }', /between 0 and 1000/],
    ['{ cpiaCourses(after: "not-a-cursor") { totalCount } }', /cursor/],
    ['{ cpiaCourse(id: "abc") { id } }', /not a valid id/],
    ['{ cpiaSite(id: "-4") { id } }', /not a valid id/],
    ['{ cpiaSites(filter: {institute: "CPIA Parma"}) { totalCount } }', /not an institute id/],
    ['{ cpiaInstitutes { sites(first: 5000) { totalCount } } }', /between 0 and 1000/],
    ['{ _entities(representations: [{__typename: "Ambit", code: "ROMAGNA"}]) { ... on Ambit { cpiaCourses(filter: {from: "2026-05-01", to: "2026-01-01"}) { totalCount } } } }', /inverted/],
    ['{ _entities(representations: [{__typename: "Municipality", istatCode: "037006"}]) { ... on Municipality { cpiaCourses(filter: {ambit: "NOWHERE"}) { totalCount } } } }', /Unknown ambit/],
  ])('answers bad input %s with BAD_USER_INPUT', async (query, message) => {
    const result = await run(query);
    expect(result.errors?.[0].message).toMatch(message);
    expect(result.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('rejects an unknown course kind in validation', async () => {
    const result = await run('{ cpiaCourses(filter: {kind: ITALIAN_L2_C2}) { totalCount } }');
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0].message).toMatch(/CpiaCourseKind/);
  });
});

describe('entity fields', () => {
  it('gives municipalities, ambits and partners their courses, and unknown keys empty lists', async () => {
    const result = await run(`{ _entities(representations: [
      {__typename: "Municipality", istatCode: "037006"}, {__typename: "Ambit", code: "ROMAGNA"},
      {__typename: "Partner", id: "cpia-bologna"}, {__typename: "Partner", id: "ial-er"}, {__typename: "Municipality", istatCode: "000000"}
    ]) {
      ... on Municipality { istatCode cpiaSites { name } cpiaCourses(first: 3) { totalCount nodes { site { municipality { istatCode } } } } }
      ... on Ambit { code cpiaCourses(first: 3, filter: {kind: ITALIAN_L2_B1}) { totalCount nodes { kind site { ambit { code } } } } }
      ... on Partner { id cpiaCourses(first: 3) { totalCount nodes { id } pageInfo { hasNextPage } } }
    } }`);
    expect(result.errors).toBeUndefined();
    const [bologna, romagna, lead, other, unknown] = result.data!._entities;
    expect(bologna.cpiaSites).toEqual([{ name: 'CPIA Metropolitano di Bologna – sede centrale di Bologna' }]);
    expect(bologna.cpiaCourses.totalCount).toBe(await count(sql<{ n: number }>`select count(*)::int as n from course c join site s on s.id = c.site_id where s.municipality_code = '037006'`));
    expect(bologna.cpiaCourses.nodes.every((n: { site: { municipality: { istatCode: string } } }) => n.site.municipality.istatCode === '037006')).toBe(true);
    expect(romagna.cpiaCourses.totalCount).toBe(await count(sql<{ n: number }>`select count(*)::int as n from course c join site s on s.id = c.site_id where s.ambit_code = 'ROMAGNA' and c.kind = 'ITALIAN_L2_B1'`));
    expect(romagna.cpiaCourses.nodes.every((n: { kind: string; site: { ambit: { code: string } } }) => n.kind === 'ITALIAN_L2_B1' && n.site.ambit.code === 'ROMAGNA')).toBe(true);
    expect(lead.cpiaCourses.totalCount).toBe(await count(sql<{ n: number }>`select count(*)::int as n from course`));
    expect(lead.cpiaCourses.pageInfo.hasNextPage).toBe(true);
    expect(other.cpiaCourses).toEqual({ totalCount: 0, nodes: [], pageInfo: { hasNextPage: false } });
    expect(unknown).toMatchObject({ istatCode: '000000', cpiaSites: [], cpiaCourses: { totalCount: 0, nodes: [] } });
  });

  it('pages an ambit\'s courses with cursors, every course once', async () => {
    const ids = await readAll(
      `query($after: String) { _entities(representations: [{__typename: "Ambit", code: "EMILIA_CENTRO_ORIENTALE"}]) { ... on Ambit {
        cpiaCourses(first: 25, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } } } }`,
      (d) => (d._entities as { cpiaCourses: never }[])[0].cpiaCourses,
    );
    expect(ids.length).toBe(await count(sql<{ n: number }>`select count(*)::int as n from course c join site s on s.id = c.site_id where s.ambit_code = 'EMILIA_CENTRO_ORIENTALE'`));
  });

  it('covers every ambit of the kit', async () => {
    const result = await run(`{ _entities(representations: [${AMBIT_CODES.map((code) => `{__typename: "Ambit", code: "${code}"}`).join(',')}]) { ... on Ambit { cpiaCourses { totalCount } } } }`);
    const total = result.data!._entities.reduce((sum: number, a: { cpiaCourses: { totalCount: number } }) => sum + a.cpiaCourses.totalCount, 0);
    expect(total).toBe(await count(sql<{ n: number }>`select count(*)::int as n from course`));
  });
});

describe('batching', () => {
  // Each query has one branch, so that dataloader ticks line up the same way at any size.
  const queries: [string, (first: number, parents: number) => string][] = [
    ['courses', (first) => `{ cpiaCourses(first: ${first}) { totalCount nodes { kind site { name ambit { code } institute { name } } } } }`],
    ['sites', (first) => `{ cpiaSites(first: ${first}) { nodes { institute { name sites(first: 3) { nodes { id } } } courses(first: ${first}) { totalCount nodes { id site { id } } } } } }`],
    ['institutes', (first) => `{ cpiaInstitutes { sites(first: ${first}) { nodes { municipality { istatCode } courses(first: ${first}) { nodes { kind } } } } } }`],
    ['municipalities', (first, parents) => entities(first, 'Municipality', 'istatCode', municipalities.slice(0, parents), 'cpiaSites { institute { name } } cpiaCourses')],
    ['ambits', (first, parents) => entities(first, 'Ambit', 'code', AMBIT_CODES.slice(0, parents), 'cpiaCourses')],
    ['partners', (first, parents) => entities(first, 'Partner', 'id', ['cpia-bologna', 'anci-er', 'ial-er', 'arcolaio'].slice(0, parents), 'cpiaCourses')],
  ];
  let municipalities: string[] = [];
  const entities = (first: number, type: string, key: string, keys: string[], fields: string) =>
    `{ _entities(representations: [${keys.map((k) => `{__typename: "${type}", ${key}: "${k}"}`).join(',')}]) {
      ... on ${type} { ${fields}(first: ${first}) { totalCount nodes { site { name institute { name } } } } } } }`;

  beforeAll(async () => {
    municipalities = (await database.db.selectFrom('site').select('municipality_code').orderBy('id').execute()).map((s) => s.municipality_code);
  });

  it.each(queries)('runs the same number of statements for %s whatever the size of the result', async (_name, query) => {
    const small = await countStatements([database], () => run(query(1, 1)));
    const large = await countStatements([database], () => run(query(300, 100)));
    expect(large).toBe(small);
    const check = await run(query(300, 100));
    expect(check.errors).toBeUndefined();
    expect(JSON.stringify(check.data).length).toBeGreaterThan(JSON.stringify((await run(query(1, 1))).data).length * 10);
  });
});

describe('privacy', () => {
  // What the operational part of the schema reaches: the root fields of the network's offer, and
  // the fields it adds to the shared Municipality, Ambit and Partner.
  const OPERATIONAL_ROOTS = ['cpiaInstitutes', 'cpiaSite', 'cpiaSites', 'cpiaCourse', 'cpiaCourses'];
  const PERSONAL_TYPES = ['CpiaParticipant', 'CpiaEnrolment', 'Participant', 'CpiaEnrolmentFact', 'AuditRecord'];

  function reachable(): Map<string, string[]> {
    const seen = new Map<string, string[]>();
    const visit = (type: GraphQLNamedType) => {
      if (seen.has(type.name) || !(isObjectType(type) || isInterfaceType(type))) return;
      const fields = Object.values(type.getFields());
      seen.set(type.name, fields.map((f) => f.name));
      for (const field of fields) visit(getNamedType(field.type));
    };
    const query = schema.getQueryType()!.getFields();
    for (const root of OPERATIONAL_ROOTS) visit(getNamedType(query[root].type));
    for (const shared of ['Municipality', 'Ambit', 'Partner']) visit(schema.getType(shared)!);
    return seen;
  }

  it('keeps personal fields, pseudonyms and enrolments out of the operational schema', () => {
    const types = reachable();
    expect([...types.keys()]).toEqual(expect.arrayContaining(['CpiaCourse', 'CpiaSite', 'CpiaInstitute', 'Municipality', 'Ambit', 'Partner']));
    for (const name of PERSONAL_TYPES) expect(types.has(name)).toBe(false);
    for (const [type, fields] of types) {
      for (const field of fields) expect(`${type}.${field}`).not.toMatch(/fiscal|firstName|lastName|birth|pseudonym|participant|enrol|learner|certificate|grant/i);
    }
  });

  it('reaches participants only through the fields for the network itself, the audit trail and _entities', () => {
    const query = schema.getQueryType()!.getFields();
    const toPersonal = Object.values(query)
      .filter((field) => {
        const seen = new Set<string>();
        const visit = (type: GraphQLNamedType): boolean => {
          if (seen.has(type.name) || !isObjectType(type)) return false;
          seen.add(type.name);
          return PERSONAL_TYPES.includes(type.name) || Object.values(type.getFields()).some((f) => visit(getNamedType(f.type)));
        };
        return visit(getNamedType(field.type)) || field.name === '_entities';
      })
      .map((field) => field.name)
      .sort();
    expect(toPersonal).toEqual(['_entities', 'cpiaAuditRecords', 'cpiaParticipant', 'cpiaParticipantAuditRecords', 'cpiaParticipants']);
    // Nor may personal fields hide elsewhere: they live on the participant types, their search and the per-person audit question only.
    const owners = Object.values(schema.getTypeMap())
      .filter((type) => (isObjectType(type) || isInputObjectType(type)) && Object.keys(type.getFields()).some((f) => /fiscal|firstName|lastName|birth|pseudonym/i.test(f)))
      .map((type) => type.name)
      .sort();
    expect(owners).toEqual(['CpiaAuditedParticipant', 'CpiaParticipant', 'CpiaParticipantSearch', 'Participant']);
  });
});
