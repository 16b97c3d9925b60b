// End to end: every subgraph on its own real database, the gateway in front, queries over HTTP.
import { countStatements } from '@pleiadi/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFederation, type Federation } from '../src/federation.ts';

let federation: Federation;

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
    const result = await federation.query(`{
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
    expect(await response.json()).toEqual({ ok: true, subgraphs: { region: 'up', anci: 'up' } });
  });
});
