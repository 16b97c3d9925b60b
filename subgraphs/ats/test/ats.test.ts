// The ats subgraph on four real databases, one per ambit (PostgreSQL when TEST_DATABASE_URL is
// set, PGlite otherwise), filled by the generator with the demo seed.
import { printSubgraphSchema } from '@apollo/subgraph';
import { AMBIT_CODES, defaultAmbitOf, emiliaRomagnaMunicipalities, openDatabase, prepareSubgraphDatabase, pseudonymOf, type AmbitCode } from '@pleiadi/kit';
import { ageOn, SYNTHETIC_UNTIL } from '@pleiadi/kit/synthetic';
import { countStatements, createTestDatabase, execute, type TestDatabase } from '@pleiadi/kit/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definition, generate, schema, STORES, storeOf, type AtsDatabase } from '../src/index.ts';

const databases: Record<string, TestDatabase<AtsDatabase>> = {};
const run = (query: string, variables?: Record<string, unknown>) => execute(schema, databases, query, variables);
const ambitOf = (code: string) => defaultAmbitOf(emiliaRomagnaMunicipalities().find((m) => m.istatCode === code)!)!;

/** Statements each store ran while `work` ran. */
async function statementsPerStore(work: () => Promise<unknown>): Promise<Record<string, number>> {
  const before = Object.fromEntries(STORES.map((s) => [s, databases[s].stats.statements]));
  await work();
  return Object.fromEntries(STORES.map((s) => [s, databases[s].stats.statements - before[s]]));
}

/** Every row of a table in all four stores, as [ambit, row]. */
async function everywhere<T>(read: (db: TestDatabase<AtsDatabase>['db']) => Promise<T[]>): Promise<(T & { ambit: AmbitCode })[]> {
  const all = await Promise.all(AMBIT_CODES.map(async (ambit) => (await read(databases[storeOf(ambit)].db)).map((row) => ({ ...row, ambit }))));
  return all.flat();
}

beforeAll(async () => {
  for (const store of STORES) databases[store] = await createTestDatabase<AtsDatabase>(store);
  await Promise.all(STORES.map((store) => prepareSubgraphDatabase(definition, databases[store].db, { demo: true, store })));
});
afterAll(async () => {
  for (const store of STORES) await databases[store]?.drop();
});

describe('generated data, one database per ambit', () => {
  it('fills every store with its own ambit only', async () => {
    for (const ambit of AMBIT_CODES) {
      const db = databases[storeOf(ambit)].db;
      const points = await db.selectFrom('service_point').select('municipality_code').execute();
      const people = await db.selectFrom('participant').select('residence_municipality').execute();
      const activities = await db.selectFrom('community_activity').select('municipality_code').execute();
      expect(points.length).toBeGreaterThan(10);
      expect(people.length).toBeGreaterThan(100);
      expect(activities.length).toBeGreaterThanOrEqual(24);
      expect(new Set([...points.map((p) => p.municipality_code), ...people.map((p) => p.residence_municipality), ...activities.map((a) => a.municipality_code)].map(ambitOf))).toEqual(
        new Set([ambit]),
      );
      expect(await db.selectFrom('consortium').select(['ambit_code', 'lead_partner_id']).orderBy('ambit_code').execute()).toEqual([
        { ambit_code: 'BOLOGNA', lead_partner_id: 'arcolaio' },
        { ambit_code: 'EMILIA_CENTRO_ORIENTALE', lead_partner_id: 'cidas' },
        { ambit_code: 'EMILIA_NORD', lead_partner_id: 'dimora-abramo' },
        { ambit_code: 'ROMAGNA', lead_partner_id: 'cidas' },
      ]);
    }
  });

  it('gives each person one case with one to eight services, mostly educational for children under 16', async () => {
    const db = databases.ats_bologna.db;
    const perCase = await db
      .selectFrom('case_taking as c')
      .innerJoin('participant as p', 'p.id', 'c.participant_id')
      .innerJoin('service_delivery as s', 's.case_id', 'c.id')
      .select(['c.id', 'p.birth_date', 'c.opened_on', 'c.closed_on', sql<number>`count(*)::int`.as('services'),
        sql<number>`(count(*) filter (where s.kind = 'MINORS_EDUCATIONAL_ACTIVITY'))::int`.as('educational'),
        sql<string>`min(s.delivered_on)`.as('first'), sql<string>`max(s.delivered_on)`.as('last')])
      .groupBy(['c.id', 'p.birth_date', 'c.opened_on', 'c.closed_on'])
      .execute();
    const { n: people } = await db.selectFrom('participant').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(perCase).toHaveLength(people);
    expect(perCase.every((c) => c.services >= 1 && c.services <= 8)).toBe(true);
    expect(perCase.every((c) => c.first === c.opened_on && (!c.closed_on || c.last <= c.closed_on))).toBe(true);
    const children = perCase.filter((c) => ageOn(c.birth_date, c.opened_on) < 16);
    const share = (rows: typeof perCase) => rows.reduce((s, c) => s + c.educational, 0) / rows.reduce((s, c) => s + c.services, 0);
    expect(children.length).toBeGreaterThan(0);
    expect(share(children)).toBeGreaterThan(0.6);
    expect(share(perCase.filter((c) => !children.includes(c)))).toBe(0);
    const mediators = await db.selectFrom('service_delivery').select('mediator_code').where('mediator_code', 'is not', null).execute();
    expect(mediators.length).toBeGreaterThan(0);
    expect(mediators.every((m) => /^MED-BO-\d{3}$/.test(m.mediator_code!))).toBe(true);
  });

  it('has about a third of the cases answer the integration survey within the case, most saying it helped', async () => {
    const db = databases.ats_emilia_nord.db;
    const answers = await db
      .selectFrom('integration_survey as v')
      .innerJoin('case_taking as c', 'c.id', 'v.case_id')
      .select(['v.case_id', 'v.answered_on', 'v.helped_integration', 'c.opened_on', 'c.closed_on'])
      .execute();
    const { n: cases } = await db.selectFrom('case_taking').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(new Set(answers.map((a) => a.case_id)).size).toBe(answers.length);
    expect(answers.length / cases).toBeGreaterThan(0.25);
    expect(answers.length / cases).toBeLessThan(0.35);
    expect(answers.filter((a) => a.helped_integration).length / answers.length).toBeGreaterThan(0.6);
    expect(answers.filter((a) => a.helped_integration).length / answers.length).toBeLessThan(0.8);
    expect(answers.every((a) => a.answered_on >= a.opened_on && a.answered_on <= (a.closed_on ?? SYNTHETIC_UNTIL))).toBe(true);
  });

  it('stores pseudonyms as HMAC-SHA256 of the fiscal code with the linkage key', async () => {
    const rows = await databases.ats_romagna.db.selectFrom('participant').select(['pseudonym', 'fiscal_code']).execute();
    expect(rows.every((r) => r.pseudonym === pseudonymOf(r.fiscal_code, 'DEMO-ONLY-linkage-key-of-the-embedded-default-NOT-FOR-REAL-DATA'))).toBe(true);
  });

  it('is the same for the same seed, different for another, and refuses a store that holds data', async () => {
    const key = 'k'.repeat(40);
    const dump = async (db: TestDatabase<AtsDatabase>['db']) => {
      const tables = ['service_point', 'migrant_association', 'community_activity', 'participant', 'case_taking', 'service_delivery', 'integration_survey'] as const;
      const out: Record<string, unknown[]> = {};
      for (const table of tables) out[table] = await db.selectFrom(table).selectAll().orderBy('id').execute();
      out.activity_attendance = await db.selectFrom('activity_attendance').selectAll().orderBy('activity_id').orderBy('participant_id').execute();
      return out;
    };
    const fresh = async (seed: number) => {
      const database = await createTestDatabase<AtsDatabase>('ats_gen');
      try {
        await prepareSubgraphDatabase(definition, database.db, { demo: false, store: 'ats_emilia_nord' });
        const report = await generate(database.db, { seed, participants: 1500, linkageKey: key, store: 'ats_emilia_nord' });
        const rows = await dump(database.db);
        await expect(generate(database.db, { seed, participants: 10, linkageKey: key, store: 'ats_emilia_nord' })).rejects.toThrow(/already holds data/);
        return { report, rows };
      } finally {
        await database.drop();
      }
    };
    const [a, b, c] = [await fresh(11), await fresh(11), await fresh(12)];
    expect(a.report.participant).toBeGreaterThan(100);
    expect(Object.fromEntries(Object.entries(a.rows).map(([t, r]) => [t, r.length]))).toEqual(a.report);
    expect(b.rows).toEqual(a.rows);
    expect(c.rows.participant).not.toEqual(a.rows.participant);
    const pseudonyms = a.rows.participant as { pseudonym: string; fiscal_code: string }[];
    expect(pseudonyms.every((p) => p.pseudonym === pseudonymOf(p.fiscal_code, key))).toBe(true);
  });
});

describe('service points', () => {
  it('merges the four stores into one list that pages through every point once, in order', async () => {
    const expected = (await everywhere((db) => db.selectFrom('service_point').select(['id', 'municipality_code']).execute()))
      .sort((a, b) => a.municipality_code.localeCompare(b.municipality_code) || a.ambit.localeCompare(b.ambit) || a.id - b.id)
      .map((p) => `${p.ambit}:${p.id}`);
    const seen: string[] = [];
    let after: string | null = null;
    let total: number;
    do {
      const page: Awaited<ReturnType<typeof run>> = await run(
        'query($after: String) { atsServicePoints(first: 17, after: $after) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      expect(page.errors).toBeUndefined();
      total = page.data!.atsServicePoints.totalCount;
      seen.push(...page.data!.atsServicePoints.nodes.map((n: { id: string }) => n.id));
      after = page.data!.atsServicePoints.pageInfo.hasNextPage ? page.data!.atsServicePoints.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(expected);
    expect(total).toBe(expected.length);
    expect(new Set(seen.map((id) => id.split(':')[0]))).toEqual(new Set(AMBIT_CODES));
  });

  it('filters by ambit, municipality, kind, language and service offered', async () => {
    const bologna = await run(`{ atsServicePoints(filter: {municipality: "037006", kind: INFORMATION_DESK}) {
      totalCount nodes { id name kind openingHours languages serviceKinds municipality { istatCode } ambit { code } } } }`);
    expect(bologna.errors).toBeUndefined();
    expect(bologna.data!.atsServicePoints.totalCount).toBe(1);
    const [desk] = bologna.data!.atsServicePoints.nodes;
    expect(desk).toMatchObject({ kind: 'INFORMATION_DESK', municipality: { istatCode: '037006' }, ambit: { code: 'BOLOGNA' } });
    expect(desk.id).toMatch(/^BOLOGNA:\d+$/);
    expect(desk.languages).toContain('it');
    expect(desk.serviceKinds).toContain('CIVIC_ORIENTATION');

    const arabic = await run('{ atsServicePoints(filter: {ambit: "ROMAGNA", language: "AR", offers: INTERCULTURAL_MEDIATION}, first: 1000) { totalCount nodes { languages serviceKinds ambit { code } } } }');
    const expected = await databases.ats_romagna.db
      .selectFrom('service_point').select(sql<number>`count(*)::int`.as('n'))
      .where(sql<boolean>`'ar' = any(languages) and 'INTERCULTURAL_MEDIATION' = any(service_kinds)`).executeTakeFirstOrThrow();
    expect(arabic.data!.atsServicePoints.totalCount).toBe(expected.n);
    expect(expected.n).toBeGreaterThan(0);
    for (const p of arabic.data!.atsServicePoints.nodes) {
      expect(p.ambit.code).toBe('ROMAGNA');
      expect(p.languages).toContain('ar');
      expect(p.serviceKinds).toContain('INTERCULTURAL_MEDIATION');
    }
    const none = await run('{ atsServicePoints(filter: {ambit: "ROMAGNA", municipality: "037006"}) { totalCount nodes { id } } }');
    expect(none.data!.atsServicePoints).toEqual({ totalCount: 0, nodes: [] });
  });

  it('looks a point up by id in its own store, null for ids that name nothing', async () => {
    const { id } = (await databases.ats_emilia_nord.db.selectFrom('service_point').select('id').orderBy('id').executeTakeFirstOrThrow());
    const counts = await statementsPerStore(async () => {
      const found = await run(`{ atsServicePoint(id: "EMILIA_NORD:${id}") { id ambit { code } } }`);
      expect(found.data!.atsServicePoint).toEqual({ id: `EMILIA_NORD:${id}`, ambit: { code: 'EMILIA_NORD' } });
    });
    expect(counts).toEqual({ ats_emilia_nord: 1, ats_emilia_centro_orientale: 0, ats_bologna: 0, ats_romagna: 0 });
    const missing = await run('{ a: atsServicePoint(id: "BOLOGNA:999999") { id } b: atsServicePoint(id: "ATLANTIS:1") { id } c: atsServicePoint(id: "ROMAGNA:99999999999") { id } d: atsMigrantAssociation(id: "BOLOGNA:999999") { id } e: atsCommunityActivity(id: "ROMAGNA:999999") { id } }');
    expect(missing.errors).toBeUndefined();
    expect(missing.data).toEqual({ a: null, b: null, c: null, d: null, e: null });
  });
});

describe('community activities and migrant associations', () => {
  it('pages activities across the stores in date order, within a date range', async () => {
    const [from, to] = ['2025-10-01', '2026-06-30'];
    const expected = (await everywhere((db) => db.selectFrom('community_activity').select(['id', 'held_on']).where('held_on', '>=', from).where('held_on', '<=', to).execute()))
      .sort((a, b) => a.held_on.localeCompare(b.held_on) || a.ambit.localeCompare(b.ambit) || a.id - b.id)
      .map((a) => `${a.ambit}:${a.id}`);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof run>> = await run(
        'query($after: String, $from: Date, $to: Date) { atsCommunityActivities(filter: {from: $from, to: $to}, first: 9, after: $after) { totalCount nodes { id heldOn } pageInfo { hasNextPage endCursor } } }',
        { after, from, to },
      );
      expect(page.errors).toBeUndefined();
      expect(page.data!.atsCommunityActivities.totalCount).toBe(expected.length);
      seen.push(...page.data!.atsCommunityActivities.nodes.map((n: { id: string }) => n.id));
      after = page.data!.atsCommunityActivities.pageInfo.hasNextPage ? page.data!.atsCommunityActivities.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(expected);
  });

  it('shows activities with their organiser, and an organiser with its activities', async () => {
    const result = await run(`{ atsMigrantAssociations(filter: {ambit: "EMILIA_NORD"}, first: 1000) { totalCount nodes { id name communities municipality { istatCode } ambit { code }
      activities(first: 100) { totalCount nodes { id kind organiser { id } } } } } }`);
    expect(result.errors).toBeUndefined();
    const associations = result.data!.atsMigrantAssociations.nodes;
    expect(associations.length).toBeGreaterThan(3);
    expect(associations.every((a: { ambit: { code: string }; communities: string[] }) => a.ambit.code === 'EMILIA_NORD' && a.communities.length > 0)).toBe(true);
    const organising = associations.filter((a: { activities: { totalCount: number } }) => a.activities.totalCount > 0);
    expect(organising.length).toBeGreaterThan(0);
    for (const a of organising) expect(a.activities.nodes.every((act: { organiser: { id: string } }) => act.organiser.id === a.id)).toBe(true);

    const byOrganiser = await run(`{ atsCommunityActivities(filter: {organiser: "${organising[0].id}"}) { totalCount nodes { organiser { name } } } }`);
    expect(byOrganiser.data!.atsCommunityActivities.totalCount).toBe(organising[0].activities.totalCount);
    expect(byOrganiser.data!.atsCommunityActivities.nodes[0].organiser.name).toBe(organising[0].name);

    const community = await run('{ atsMigrantAssociations(filter: {community: "ma"}, first: 1000) { totalCount nodes { communities } } }');
    expect(community.data!.atsMigrantAssociations.totalCount).toBeGreaterThan(0);
    expect(community.data!.atsMigrantAssociations.nodes.every((a: { communities: string[] }) => a.communities.includes('MA'))).toBe(true);
  });
});

describe('routing to the ambit databases', () => {
  it('reads only the store of the ambit or municipality asked for, and all four otherwise', async () => {
    const filtered = await statementsPerStore(() => run('{ atsServicePoints(filter: {ambit: "BOLOGNA"}) { totalCount nodes { id } } }'));
    const byMunicipality = await statementsPerStore(() => run('{ atsCommunityActivities(filter: {municipality: "039014"}) { totalCount nodes { id } } }'));
    const everything = await statementsPerStore(() => run('{ atsServicePoints { totalCount nodes { id } } }'));
    // One statement for the page, one for totalCount, in each store read.
    expect(filtered).toEqual({ ats_emilia_nord: 0, ats_emilia_centro_orientale: 0, ats_bologna: 2, ats_romagna: 0 });
    expect(byMunicipality).toEqual({ ats_emilia_nord: 0, ats_emilia_centro_orientale: 0, ats_bologna: 0, ats_romagna: 2 });
    expect(everything).toEqual({ ats_emilia_nord: 2, ats_emilia_centro_orientale: 2, ats_bologna: 2, ats_romagna: 2 });
  });

  it('reads a municipality\'s and an ambit\'s lists from that ambit\'s store only', async () => {
    const counts = await statementsPerStore(async () => {
      const result = await run(`{ _entities(representations: [{__typename: "Municipality", istatCode: "034027"}, {__typename: "Ambit", code: "EMILIA_NORD"}]) {
        ... on Municipality { atsServicePoints { nodes { ambit { code } } } atsCommunityActivities { nodes { id } } }
        ... on Ambit { atsServicePoints(first: 3) { nodes { id } } } } }`);
      expect(result.errors).toBeUndefined();
    });
    expect(counts).toEqual({ ats_emilia_nord: 3, ats_emilia_centro_orientale: 0, ats_bologna: 0, ats_romagna: 0 });
  });

  it('routes a lead partner to the stores of the ambits it leads, after one routing read', async () => {
    const counts = await statementsPerStore(async () => {
      const result = await run('{ _entities(representations: [{__typename: "Partner", id: "arcolaio"}]) { ... on Partner { atsServicePoints { totalCount nodes { ambit { code } } } } } }');
      expect(result.data!._entities[0].atsServicePoints.nodes.every((n: { ambit: { code: string } }) => n.ambit.code === 'BOLOGNA')).toBe(true);
    });
    // The routing table is read from the first store that answers (every store holds it).
    expect(counts).toEqual({ ats_emilia_nord: 1, ats_emilia_centro_orientale: 0, ats_bologna: 2, ats_romagna: 0 });
  });
});

describe('entity references', () => {
  it('adds service points and activities to municipalities and ambits, empty where the consortia have none', async () => {
    const result = await run(`{ _entities(representations: [
      {__typename: "Municipality", istatCode: "037006"}, {__typename: "Ambit", code: "ROMAGNA"},
      {__typename: "Municipality", istatCode: "000000"}, {__typename: "Ambit", code: "ATLANTIS"}
    ]) {
      ... on Municipality { istatCode atsServicePoints(kind: SCHOOL_DESK) { totalCount nodes { kind municipality { istatCode } } } atsCommunityActivities(first: 2) { totalCount nodes { heldOn } } }
      ... on Ambit { code atsServicePoints { totalCount } atsCommunityActivities(kind: SPORT) { totalCount nodes { kind ambit { code } } } } } }`);
    expect(result.errors).toBeUndefined();
    const [bologna, romagna, nowhere, atlantis] = result.data!._entities;
    expect(bologna.atsServicePoints.totalCount).toBe(1);
    expect(bologna.atsServicePoints.nodes[0]).toEqual({ kind: 'SCHOOL_DESK', municipality: { istatCode: '037006' } });
    expect(bologna.atsCommunityActivities.totalCount).toBeGreaterThan(0);
    const romagnaPoints = await databases.ats_romagna.db.selectFrom('service_point').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(romagna.atsServicePoints.totalCount).toBe(romagnaPoints.n);
    expect(romagna.atsCommunityActivities.nodes.every((a: { kind: string; ambit: { code: string } }) => a.kind === 'SPORT' && a.ambit.code === 'ROMAGNA')).toBe(true);
    expect(nowhere.atsServicePoints).toEqual({ totalCount: 0, nodes: [] });
    expect(atlantis.atsServicePoints).toEqual({ totalCount: 0 });
  });

  it('gives each consortium lead the points of its ambits, and other partners none', async () => {
    const result = await run(`{ _entities(representations: [
      {__typename: "Partner", id: "dimora-abramo"}, {__typename: "Partner", id: "cidas"}, {__typename: "Partner", id: "arcolaio"}, {__typename: "Partner", id: "ial-er"}
    ]) { ... on Partner { id atsServicePoints(first: 1000) { totalCount nodes { ambit { code } } } } } }`);
    expect(result.errors).toBeUndefined();
    const ambits = Object.fromEntries(
      result.data!._entities.map((p: { id: string; atsServicePoints: { nodes: { ambit: { code: string } }[] } }) => [p.id, [...new Set(p.atsServicePoints.nodes.map((n) => n.ambit.code))].sort()]),
    );
    expect(ambits).toEqual({
      'dimora-abramo': ['EMILIA_NORD'],
      cidas: ['EMILIA_CENTRO_ORIENTALE', 'ROMAGNA'],
      arcolaio: ['BOLOGNA'],
      'ial-er': [],
    });
  });

  it('resolves its own entities by id', async () => {
    const point = await databases.ats_romagna.db.selectFrom('service_point').select('id').orderBy('id').executeTakeFirstOrThrow();
    const activity = await databases.ats_bologna.db.selectFrom('community_activity').select(['id', 'title']).orderBy('id').executeTakeFirstOrThrow();
    const result = await run(`{ _entities(representations: [
      {__typename: "AtsServicePoint", id: "ROMAGNA:${point.id}"}, {__typename: "AtsCommunityActivity", id: "BOLOGNA:${activity.id}"}, {__typename: "AtsServicePoint", id: "BOLOGNA:999999"}
    ]) { ... on AtsServicePoint { id ambit { code } } ... on AtsCommunityActivity { title } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([{ id: `ROMAGNA:${point.id}`, ambit: { code: 'ROMAGNA' } }, { title: activity.title }, null]);
  });
});

describe('bad input', () => {
  it.each([
    ['{ atsServicePoints(filter: {ambit: "NOWHERE"}) { totalCount } }', /Unknown ambit "NOWHERE"/],
    ['{ atsServicePoints(filter: {ambit: "emilia nord"}) { totalCount } }', /not an ambit code/],
    ['{ atsServicePoints(filter: {municipality: "37006"}) { totalCount } }', /6 digits/],
    ['{ atsCommunityActivities(filter: {municipality: "058091"}) { totalCount } }', /No municipality of Emilia-Romagna/],
    ['{ atsServicePoints(filter: {language: "arabic"}) { totalCount } }', /ISO 639-1/],
    ['{ atsMigrantAssociations(filter: {community: "MAR"}) { totalCount } }', /ISO 3166-1/],
    ['{ atsCommunityActivities(filter: {from: "2026-05-01", to: "2026-01-01"}) { totalCount } }', /inverted/],
    ['{ _entities(representations: [{__typename: "Ambit", code: "BOLOGNA"}]) { ... on Ambit { atsCommunityActivities(from: "2026-05-01", to: "2026-01-01") { totalCount } } } }', /inverted/],
    ['{ atsCommunityActivities(filter: {from: "2026-02-30"}) { totalCount } }', /YYYY-MM-DD/],
    ['{ atsServicePoints(first: 1001) { totalCount } }', /between 0 and 1000/],
    ['{ atsServicePoints(first: -1) { totalCount } }', /between 0 and 1000/],
    ['{ atsServicePoints(after: "not-a-cursor") { totalCount } }', /cursor/],
    [`{ atsServicePoints(after: "${Buffer.from(JSON.stringify(['x', 'BOLOGNA', 1])).toString('base64url')}") { totalCount } }`, /cursor/],
    [`{ atsCommunityActivities(after: "${Buffer.from(JSON.stringify(['037006', 'BOLOGNA', 1])).toString('base64url')}") { totalCount } }`, /cursor/],
    ['{ atsServicePoint(id: "42") { name } }', /not an ATS id/],
    ['{ atsCommunityActivities(filter: {organiser: "bologna:1"}) { totalCount } }', /not an ATS id/],
  ])('answers %s with BAD_USER_INPUT', async (query, message) => {
    const result = await run(query);
    expect(result.errors?.[0].message).toMatch(message);
    expect(result.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('rejects unknown enum values', async () => {
    const result = await run('{ atsServicePoints(filter: {kind: CAFE}) { totalCount } }');
    expect(result.errors?.[0].message).toMatch(/CAFE/);
  });
});

describe('batching', () => {
  // Each query on its own: loads of one type from several paths of one query may or may not share
  // a batch depending on which store answers first, which would blur the comparison.
  const capitals = ['034027', '036023', '037006', '039014'];
  const reps = (codes: string[]) => [
    ...codes.map((istatCode) => ({ __typename: 'Municipality', istatCode })),
    ...AMBIT_CODES.map((code) => ({ __typename: 'Ambit', code })),
    ...['dimora-abramo', 'cidas', 'arcolaio', 'anci-er'].map((id) => ({ __typename: 'Partner', id })),
  ];
  const queries = {
    points: 'query($first: Int, $ambit: String) { atsServicePoints(filter: {ambit: $ambit}, first: $first) { totalCount nodes { id name municipality { istatCode } ambit { code } } } }',
    activities: `query($first: Int, $ambit: String) { atsCommunityActivities(filter: {ambit: $ambit}, first: $first) {
      totalCount nodes { id organiser { name activities(first: 3) { totalCount nodes { id } } } } } }`,
    associations: `query($first: Int, $ambit: String) { atsMigrantAssociations(filter: {ambit: $ambit}, first: $first) {
      nodes { activities(first: 2) { totalCount nodes { title organiser { id } } } } } }`,
    municipalities: `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Municipality {
      atsServicePoints(first: 3) { totalCount nodes { id } } atsCommunityActivities(first: 2) { totalCount nodes { organiser { name } } } } } }`,
    ambitsAndPartners: `query($first: Int, $reps: [_Any!]!) { _entities(representations: $reps) {
      ... on Ambit { atsServicePoints(first: $first) { totalCount nodes { id } } atsCommunityActivities(first: $first) { nodes { organiser { id } } } }
      ... on Partner { atsServicePoints(first: $first) { totalCount nodes { id } } } } }`,
  };
  const sizeOf = (value: unknown): number =>
    Array.isArray(value) ? value.length + value.reduce((n: number, v) => n + sizeOf(v), 0)
      : value && typeof value === 'object' ? Object.values(value).reduce((n: number, v) => n + sizeOf(v), 0) : 0;
  const measure = async (query: string, variables: Record<string, unknown>) => {
    let size = 0;
    const statements = await countStatements(Object.values(databases), async () => {
      const result = await run(query, variables);
      expect(result.errors).toBeUndefined();
      size = sizeOf(result.data);
    });
    return { statements, size };
  };

  it.each(Object.entries(queries))('runs the same number of statements for %s whatever the size of the result', async (_name, query) => {
    // Per ambit, so that even the small answer has rows from the store it reads.
    for (const ambit of [...AMBIT_CODES, null]) {
      const small = await measure(query, { first: 3, ambit, reps: reps(capitals) });
      const large = await measure(query, { first: 1000, ambit, reps: reps(emiliaRomagnaMunicipalities().map((m) => m.istatCode)) });
      expect(large.size).toBeGreaterThan(small.size);
      if (ambit || !query.includes('$ambit')) expect(large.statements).toBe(small.statements);
    }
  });

  it('costs for all four ambits what four single-ambit queries cost', async () => {
    for (const query of [queries.points, queries.activities, queries.associations]) {
      const all = await measure(query, { first: 1000 });
      let each = 0;
      for (const ambit of AMBIT_CODES) each += (await measure(query, { first: 1000, ambit })).statements;
      expect(all.statements).toBe(each);
    }
  });
});

describe('privacy', () => {
  // Participants (personal data, for the consortia's own operators) and the cross-partner facts
  // have their own types and root fields: see participants.test.ts. Everything else stays free of them.
  const PEOPLE_TYPES = new Set([
    'AtsParticipant', 'AtsParticipantConnection', 'AtsParticipantEdge', 'AtsParticipantSearch', 'AtsCase', 'AtsServiceDelivery',
    'AtsCaseFact', 'AtsReferralSource', 'Participant', '_Entity', 'AtsAuditedParticipant',
  ]);
  // atsParticipantAuditRecords: who read one participant, asked by their own consortium (audit.test.ts).
  const PEOPLE_ROOT_FIELDS = new Set(['atsParticipants', 'atsParticipant', 'atsParticipantAuditRecords']);

  it('exposes no personal field, pseudonym or participant on the public and operational types', () => {
    const sdl = printSubgraphSchema(schema);
    expect(sdl).toContain('type AtsParticipant');
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || PEOPLE_TYPES.has(type.name) || !('getFields' in type)) continue;
      for (const field of Object.values(type.getFields())) {
        if (type.name === 'Query' && PEOPLE_ROOT_FIELDS.has(field.name)) continue;
        const args: readonly { name: string; type: unknown }[] = 'args' in field ? field.args : [];
        const text = `${field.name} ${String(field.type)} ${args.map((a) => `${a.name} ${String(a.type)}`).join(' ')}`.toLowerCase();
        for (const word of ['fiscal', 'firstname', 'lastname', 'birthdate', 'pseudonym', 'participant', 'attendance', 'referral', 'mediator']) {
          expect(text, `${type.name}.${field.name}`).not.toContain(word);
        }
      }
    }
  });
});

// Last: these take stores down.
describe('an ambit database that is down', () => {
  it('fails only the fields that need it, naming the store', async () => {
    const unreachable = await openDatabase<AtsDatabase>({ url: 'postgres://postgres@127.0.0.1:1/pleiadi_nowhere' });
    const stores = { ...databases, ats_romagna: unreachable };
    const ask = (query: string) => execute(schema, stores, query);
    try {
      await checkOutage(ask);
    } finally {
      await unreachable.close();
    }
    await databases.ats_romagna.close();
    await checkOutage(run);
  });
});

async function checkOutage(ask: (query: string) => ReturnType<typeof run>) {
  const result = await ask(`{
    bologna: atsServicePoints(filter: {ambit: "BOLOGNA"}, first: 2) { totalCount nodes { id } }
    everywhere: atsServicePoints(first: 2) { nodes { id } }
    romagna: atsCommunityActivities(filter: {ambit: "ROMAGNA"}) { nodes { id } }
    _entities(representations: [{__typename: "Partner", id: "arcolaio"}, {__typename: "Partner", id: "cidas"}, {__typename: "Municipality", istatCode: "037006"}, {__typename: "Municipality", istatCode: "039014"}]) {
      ... on Partner { atsServicePoints(first: 1) { totalCount } }
      ... on Municipality { atsServicePoints(first: 1) { nodes { id } } }
    } }`);
  expect(result.data!.bologna.totalCount).toBeGreaterThan(0);
  expect(result.data!.everywhere).toBeNull();
  expect(result.data!.romagna).toBeNull();
  const [arcolaio, cidas, bologna, ravenna] = result.data!._entities;
  expect(arcolaio.atsServicePoints.totalCount).toBeGreaterThan(0);
  expect(cidas).toEqual({ atsServicePoints: null });
  expect(bologna.atsServicePoints.nodes).toHaveLength(1);
  expect(ravenna).toEqual({ atsServicePoints: null });
  const failed = result.errors!.map((e) => e.path!.join('.')).sort();
  expect(failed).toEqual(['_entities.1.atsServicePoints', '_entities.3.atsServicePoints', 'everywhere', 'romagna']);
  for (const error of result.errors!) {
    expect(error.extensions).toEqual({ code: 'DATA_SOURCE_UNAVAILABLE', store: 'ats_romagna' });
    expect(error.message).toMatch(/ambit consortia \(ATS\) database for ats_romagna is unavailable/);
  }
}
