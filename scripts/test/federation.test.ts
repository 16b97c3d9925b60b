// End to end: every subgraph on its own real database, the gateway in front, queries over HTTP.
import { countStatements } from '@pleiadi/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFederation, type Federation } from '../src/federation.ts';

let federation: Federation;
const REGION = { role: 'region', purpose: 'reporting' } as const;

beforeAll(async () => {
  federation = await startFederation({ databases: 'test', demo: true });
});
afterAll(() => federation?.stop());

describe('the federated graph', () => {
  it('answers one query with fields of anci and region: Bologna, its province, ambit and the ambit partners', async () => {
    const result = await federation.query(`{ municipality(istatCode: "037006") {
      name province { name } ambit { code partners { id name subgraph } } } }`);
    expect(result.errors).toBeUndefined();
    const { municipality } = result.data!;
    expect(municipality.name).toBe('Bologna');
    expect(municipality.province.name).toBe('Bologna');
    expect(municipality.ambit.code).toBe('BOLOGNA');
    expect(municipality.ambit.partners.map((p: { id: string }) => p.id)).toEqual(
      expect.arrayContaining(['arcolaio', 'regione-er', 'anci-er', 'cpia-bologna', 'ial-er']),
    );
  });

  it('serves every root list the tables use', async () => {
    const result = await federation.queryAs(REGION, `{
      municipalities(filter: {ambit: "ROMAGNA"}, first: 5) { totalCount edges { cursor node { name } } pageInfo { hasNextPage } }
      ambits { code partners { id } provinces { code } }
      provinces { code }
      governanceTables(filter: {level: TERRITORIAL}) { totalCount nodes { name members { totalCount } meetings(first: 1) { nodes { heldOn } } } }
      operatorTrainings(first: 3) { totalCount nodes { title ambit { code } } }
      partners { totalCount nodes { id ambits { code name } } }
      actions { code }
      indicatorDefinitions { code fedBy { name } }
      reportingPeriods(kind: YEAR) { code }
      programme { lead { name } }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data!.municipalities.totalCount).toBe(75);
    expect(result.data!.governanceTables.totalCount).toBe(4);
    expect(result.data!.ambits).toHaveLength(4);
    // Ambit names come from anci, the partner registry from region: joined per partner.
    expect(result.data!.partners.nodes.find((p: { id: string }) => p.id === 'cidas').ambits.map((a: { name: string }) => a.name)).toEqual([
      'Emilia Centro-Orientale',
      'Romagna',
    ]);
    expect(result.data!.reportingPeriods.map((p: { code: string }) => p.code)).toEqual(['2025', '2026', '2027', '2028', '2029']);
  });

  it.each([
    ['{ municipality(istatCode: "37006") { name } }', 'BAD_USER_INPUT'],
    ['{ municipalities(first: -1) { totalCount } }', 'BAD_USER_INPUT'],
    ['{ municipalities(first: 100000) { totalCount } }', 'BAD_USER_INPUT'],
    ['{ municipalities(filter: {ambit: "ATLANTIS"}) { totalCount } }', 'BAD_USER_INPUT'],
    ['{ municipalities { totalCount ', 'GRAPHQL_PARSE_FAILED'],
    ['{ municipalities { noSuchField } }', 'GRAPHQL_VALIDATION_FAILED'],
  ])('answers %s with a stable error code', async (query, code) => {
    const result = await federation.query(query);
    expect(result.errors?.[0].extensions?.code).toBe(code);
    expect(result.errors?.[0].message.length).toBeGreaterThan(10);
  });

  it('answers null without error for unknown but well-formed codes', async () => {
    const result = await federation.query('{ municipality(istatCode: "999999") { name } ambit(code: "ATLANTIS") { name } }');
    expect(result).toEqual({ data: { municipality: null, ambit: null } });
  });

  it('keeps SQL statements constant in the size of the result (no N+1 across subgraphs)', async () => {
    const query = (first: number) => `{ municipalities(first: ${first}) { nodes { name ambit { name partners { name } } } } }`;
    const counts: Record<number, number> = {};
    for (const first of [1, 10, 100, 330]) {
      counts[first] = await countStatements(Object.values(federation.databases), async () => {
        const result = await federation.query(query(first));
        expect(result.errors).toBeUndefined();
        expect(result.data!.municipalities.nodes).toHaveLength(first);
      });
    }
    expect(new Set(Object.values(counts)).size).toBe(1);
  });

  it('reports each subgraph in its health check', async () => {
    const response = await fetch(new URL('/health', federation.gateway.url));
    expect(await response.json()).toEqual({
      ok: true,
      subgraphs: Object.fromEntries(['region', 'anci', 'cpia', 'ats', 'comms', 'ial'].map((name) => [name, { status: 'up', breaker: 'closed' }])),
    });
  });
});

// Fields of all six subgraphs on one municipality: anci owns it, region adds the ambit's partners,
// and each partner adds what it runs there from its own database.
const CROSS_PARTNER_FIELDS = `
  istatCode name province { name } ambit { code partners { id } }
  cpiaSites { name } cpiaCourses(first: 3) { totalCount nodes { kind startsOn } }
  atsServicePoints(first: 3) { totalCount nodes { name kind } } atsCommunityActivities(first: 3) { totalCount }
  commsCampaigns(first: 3) { totalCount nodes { title } } commsEvents(first: 3) { totalCount }
  ialOffice { name } ialEmployers(first: 3) { totalCount nodes { name sector } }`;

describe('the cross-partner graph', () => {
  it('answers one municipality with fields from anci, region, cpia, ats, comms and ial together', async () => {
    const result = await federation.queryAs(REGION, `{ municipality(istatCode: "037006") { ${CROSS_PARTNER_FIELDS} } }`);
    expect(result.errors).toBeUndefined();
    const m = result.data!.municipality;
    expect(m.name).toBe('Bologna');
    expect(m.ambit.partners.length).toBeGreaterThan(3);
    expect(m.cpiaSites.length).toBeGreaterThan(0);
    expect(m.cpiaCourses.totalCount).toBeGreaterThan(0);
    expect(m.atsServicePoints.totalCount).toBeGreaterThan(0);
    expect(m.commsCampaigns.totalCount).toBeGreaterThan(0);
    expect(m.ialOffice.name).toMatch(/Bologna/);
    expect(m.ialEmployers.totalCount).toBeGreaterThan(0);
  });

  it('keeps SQL statements per request constant from 1 to 100 municipalities', async () => {
    const statements = async (first: number) => {
      const perStore = Object.fromEntries(Object.entries(federation.databases).map(([store, d]) => [store, d.stats.statements]));
      const result = await federation.queryAs(REGION, `{ municipalities(first: ${first}) { nodes { ${CROSS_PARTNER_FIELDS} } } }`);
      expect(result.errors).toBeUndefined();
      expect(result.data!.municipalities.nodes).toHaveLength(first);
      return Object.fromEntries(Object.entries(federation.databases).map(([store, d]) => [store, d.stats.statements - perStore[store]]));
    };
    const one = await statements(1);
    const hundred = await statements(100);
    const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
    // Batches may split differently with timing, but never grow with the number of municipalities.
    expect(total(hundred)).toBeLessThanOrEqual(total(one) + 4);
    // The first municipality (Agazzano, Piacenza) is in Emilia Nord: the ats subgraph reads only that store.
    expect(one.ats_emilia_nord).toBeGreaterThan(0);
    expect(one.ats_bologna + one.ats_romagna + one.ats_emilia_centro_orientale).toBe(0);
  });

  it('gives the same person the same pseudonym at every partner that serves them, inside their own databases', async () => {
    const { sql } = await import('kysely');
    const pseudonyms = async (store: string) =>
      new Set((await sql<{ pseudonym: string }>`select pseudonym from participant`.execute(federation.databases[store].db)).rows.map((r) => r.pseudonym));
    const cpia = await pseudonyms('cpia');
    const ial = await pseudonyms('ial');
    const ats = new Set<string>();
    for (const store of ['ats_emilia_nord', 'ats_emilia_centro_orientale', 'ats_bologna', 'ats_romagna']) for (const p of await pseudonyms(store)) ats.add(p);
    const shared = (a: Set<string>, b: Set<string>) => [...a].filter((p) => b.has(p)).length;
    // Most CPIA learners also use the consortia's services; a smaller share has a job path.
    expect(shared(cpia, ats) / cpia.size).toBeGreaterThan(0.5);
    expect(shared(cpia, ial) / cpia.size).toBeGreaterThan(0.1);
    expect(shared(cpia, ial) / cpia.size).toBeLessThan(shared(cpia, ats) / cpia.size);
  });

  it('keeps the rest of the answer when one partner database is down, naming the partner', async () => {
    await federation.subgraphs.cpia.databases.cpia.close();
    const result = await federation.queryAs(REGION, `{ municipality(istatCode: "037006") { name cpiaCourses(first: 1) { totalCount } ialOffice { name } } }`);
    expect(result.data!.municipality.name).toBe('Bologna');
    expect(result.data!.municipality.ialOffice.name).toMatch(/Bologna/);
    expect(result.data!.municipality.cpiaCourses).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].extensions).toMatchObject({ code: 'DATA_SOURCE_UNAVAILABLE', serviceName: 'cpia' });
    expect(result.errors![0].message).toMatch(/CPIA/);
  });
});
