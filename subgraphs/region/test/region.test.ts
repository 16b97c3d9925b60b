// The region subgraph on a real database (PostgreSQL when TEST_DATABASE_URL is set, PGlite otherwise).
import { prepareSubgraphDatabase } from '@pleiadi/kit';
import { countStatements, createTestDatabase, execute, type TestDatabase } from '@pleiadi/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definition, schema, type RegionDatabase } from '../src/index.ts';
import { reportingPeriods } from '../src/db/seed/reference.ts';

let database: TestDatabase<RegionDatabase>;
const run = (query: string, variables?: Record<string, unknown>) => execute(schema, database, query, variables);

beforeAll(async () => {
  database = await createTestDatabase<RegionDatabase>('region');
  await prepareSubgraphDatabase(definition, database.db, { demo: true });
});
afterAll(() => database.drop());

describe('programme', () => {
  it('describes PLEIADI, its lead and its three actions', async () => {
    const result = await run('{ programme { code startsOn endsOn fund lead { id } } actions { code number objectives } }');
    expect(result.errors).toBeUndefined();
    expect(result.data!.programme).toEqual({ code: 'PLEIADI', startsOn: '2025-06-01', endsOn: '2029-09-30', fund: 'FAMI/AMIF 2021-2027', lead: { id: 'regione-er' } });
    expect(result.data!.actions.map((a: { code: string }) => a.code)).toEqual(['AZ01', 'AZ02', 'AZ03']);
    expect(result.data!.actions[1].objectives).toContain('Italian L2 and digital skills');
  });
});

describe('reporting periods', () => {
  it('cover the programme in quarters and years, clipped to its first and last day', () => {
    const periods = reportingPeriods('2025-06-01', '2029-09-30');
    const quarters = periods.filter((p) => p.kind === 'QUARTER');
    const years = periods.filter((p) => p.kind === 'YEAR');
    expect(quarters).toHaveLength(18);
    expect(quarters[0]).toEqual({ code: '2025-Q2', kind: 'QUARTER', starts_on: '2025-06-01', ends_on: '2025-06-30' });
    expect(quarters.at(-1)).toEqual({ code: '2029-Q3', kind: 'QUARTER', starts_on: '2029-07-01', ends_on: '2029-09-30' });
    expect(years.map((y) => [y.code, y.starts_on, y.ends_on])).toEqual([
      ['2025', '2025-06-01', '2025-12-31'], ['2026', '2026-01-01', '2026-12-31'], ['2027', '2027-01-01', '2027-12-31'],
      ['2028', '2028-01-01', '2028-12-31'], ['2029', '2029-01-01', '2029-09-30'],
    ]);
  });

  it('are queried by kind and range', async () => {
    const result = await run('{ reportingPeriods(kind: QUARTER, from: "2026-01-01", to: "2026-12-31") { code } reportingPeriod(code: "2026") { startsOn endsOn } }');
    expect(result.data!.reportingPeriods.map((p: { code: string }) => p.code)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect(result.data!.reportingPeriod).toEqual({ startsOn: '2026-01-01', endsOn: '2026-12-31' });
  });
});

describe('partner registry', () => {
  it('lists every partner with the subgraph it maintains', async () => {
    const result = await run('{ partners(first: 100) { totalCount nodes { id subgraph ambits { code } } } }');
    expect(result.data!.partners.totalCount).toBe(10);
    const bySubgraph = (s: string) => result.data!.partners.nodes.filter((p: { subgraph: string }) => p.subgraph === s).map((p: { id: string }) => p.id);
    expect(bySubgraph('ats')).toEqual(['arcolaio', 'cidas', 'dimora-abramo']);
    expect(result.data!.partners.nodes.find((p: { id: string }) => p.id === 'cidas').ambits).toEqual([{ code: 'EMILIA_CENTRO_ORIENTALE' }, { code: 'ROMAGNA' }]);
  });

  it('answers Ambit.partners for the gateway, batched over many ambits', async () => {
    const query = (codes: string[]) => `{ _entities(representations: [${codes.map((c) => `{__typename: "Ambit", code: "${c}"}`).join(',')}]) { ... on Ambit { code partners { id } } } }`;
    const result = await run(query(['ROMAGNA', 'BOLOGNA']));
    expect(result.data!._entities[0].partners.map((p: { id: string }) => p.id)).toContain('comune-ravenna');
    expect(result.data!._entities[1].partners.map((p: { id: string }) => p.id)).toContain('arcolaio');
    const one = await countStatements([database], () => run(query(['ROMAGNA'])));
    const many = await countStatements([database], () => run(query(['ROMAGNA', 'BOLOGNA', 'EMILIA_NORD', 'EMILIA_CENTRO_ORIENTALE'])));
    expect(many).toBe(one);
  });

  it('filters partners by ambit and rejects malformed ids', async () => {
    const result = await run('{ partners(filter: {ambit: "EMILIA_NORD"}) { nodes { id } } partner(id: "NOT AN ID") { id } }');
    expect(result.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const ok = await run('{ partners(filter: {ambit: "EMILIA_NORD"}) { nodes { id } } partner(id: "nobody") { id } }');
    expect(ok.data!.partners.nodes.map((p: { id: string }) => p.id)).toContain('dimora-abramo');
    expect(ok.data!.partner).toBeNull();
  });
});

describe('indicator catalogue', () => {
  it('holds the AMIF indicators as data, with feeds, "of which" and targets', async () => {
    const result = await run('{ indicatorDefinitions { code countsPeople feedingSubgraphs ofWhich { code } fedBy { id } targets { scopeKind ambit { code } value } } }');
    const byCode = Object.fromEntries(result.data!.indicatorDefinitions.map((d: { code: string }) => [d.code, d]));
    expect(Object.keys(byCode)).toEqual(['O.2.2', 'O.2.3', 'O.2.3.1', 'O.2.3.2', 'O.2.3.3', 'O.2.4', 'R.2.8', 'R.2.9', 'R.2.10']);
    expect(byCode['O.2.3'].ofWhich.map((d: { code: string }) => d.code)).toEqual(['O.2.3.1', 'O.2.3.2', 'O.2.3.3']);
    expect(byCode['O.2.3.2'].feedingSubgraphs).toEqual(['ats', 'cpia']);
    expect(byCode['R.2.10'].fedBy).toEqual([{ id: 'ial-er' }]);
    expect(byCode['O.2.2'].countsPeople).toBe(false);
    expect(byCode['O.2.3'].targets[0]).toEqual({ scopeKind: 'REGION', ambit: null, value: 9000 });
  });

  it('changes wording without code: the catalogue is rows', async () => {
    await database.db.updateTable('indicator_definition').set({ wording: 'Corrected wording' }).where('code', '=', 'R.2.9').execute();
    const result = await run('{ indicatorDefinition(code: "R.2.9") { wording } }');
    expect(result.data!.indicatorDefinition.wording).toBe('Corrected wording');
  });
});
