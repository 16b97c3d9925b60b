// Participant-level data of the ambit consortia and its audit trail, on four real databases (one
// per ambit; PostgreSQL when TEST_DATABASE_URL is set, PGlite otherwise) filled with demo data:
// who may read participants in full, who may read the cross-partner facts, and what the trail says.
import { printSubgraphSchema } from '@apollo/subgraph';
import { AMBIT_CODES, CASE_COORDINATION, openDatabase, participantGrants, prepareSubgraphDatabase, PARTICIPANT_COLUMNS, type AmbitCode, type ParticipantRow, type Viewer } from '@pleiadi/kit';
import { countStatements, createTestDatabase, execute, TEST_INTERNAL_SECRET, type TestDatabase } from '@pleiadi/kit/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definition, schema, STORES, storeOf, type AtsDatabase } from '../src/index.ts';

const databases: Record<string, TestDatabase<AtsDatabase>> = {};
const MAIN_STORE = STORES[0];

beforeAll(async () => {
  for (const store of STORES) databases[store] = await createTestDatabase<AtsDatabase>(`${store}_people`);
  await Promise.all(STORES.map((store) => prepareSubgraphDatabase(definition, databases[store].db, { demo: true, store })));
});
afterAll(async () => {
  for (const store of STORES) await databases[store]?.drop();
});

// Every call gets its own subject, so that its audit rows can be found afterwards.
let calls = 0;
const nextSubject = (label: string) => `${label}-${++calls}`;
const LEADS: Record<AmbitCode, string> = { EMILIA_NORD: 'dimora-abramo', EMILIA_CENTRO_ORIENTALE: 'cidas', BOLOGNA: 'arcolaio', ROMAGNA: 'cidas' };
const operatorOf = (ambit: AmbitCode, extra: Partial<Viewer> = {}): Viewer => ({ role: 'partner', partnerId: LEADS[ambit], ambit, subject: nextSubject(`op-${ambit}`), ...extra });
const cpiaOperator = (extra: Partial<Viewer> = {}): Viewer => ({ role: 'partner', partnerId: 'cpia-bologna', purpose: CASE_COORDINATION, subject: nextSubject('cpia'), ...extra });

async function run(viewer: Viewer, query: string, variables?: Record<string, unknown>) {
  return execute(schema, databases, query, variables, viewer);
}

/** The audit rows a subject left, by store. */
async function auditOf(subject: string | undefined) {
  const byStore: Record<string, AtsDatabase['audit_record'][]> = {};
  for (const store of STORES) {
    byStore[store] = (await databases[store].db.selectFrom('audit_record').selectAll().where('subject', '=', subject ?? '').orderBy('id').execute()) as never;
  }
  return byStore;
}

const fullParticipant = `id pseudonym fiscalCode firstName lastName birthDate gender citizenship residence { istatCode } ambit { code }
  cases { id servicePoint { id name } openedOn closedOn referralSource services { id kind deliveredOn durationMinutes language mediatorCode } }
  communityActivities { id title }`;

type Person = ParticipantRow;
const peopleOf = (store: string, limit = 100000): Promise<Person[]> =>
  databases[store].db.selectFrom('participant').select(PARTICIPANT_COLUMNS).orderBy('id').limit(limit).execute();

/** Expected facts of a pseudonym in one store, computed independently of the subgraph. */
async function factsIn(ambit: AmbitCode, pseudonym: string) {
  const rows = await databases[storeOf(ambit)].db
    .selectFrom('case_taking as c')
    .innerJoin('participant as p', 'p.id', 'c.participant_id')
    .leftJoin('service_delivery as s', 's.case_id', 'c.id')
    .select(['c.id', 'c.opened_on', 'c.closed_on', 'c.referral_source', sql<string[]>`coalesce(array_agg(distinct s.kind) filter (where s.kind is not null), '{}')`.as('kinds')])
    .where('p.pseudonym', '=', pseudonym)
    .groupBy(['c.id', 'c.opened_on', 'c.closed_on', 'c.referral_source'])
    .orderBy('c.opened_on')
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({ ambit: { code: ambit }, openedOn: r.opened_on, closedOn: r.closed_on, referralSource: r.referral_source, serviceKinds: [...r.kinds].sort() }));
}

const factsQuery = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Participant { atsCases { ambit { code } openedOn closedOn referralSource serviceKinds } } } }`;
const grantFor = (viewer: Viewer, pseudonym: string, secret = TEST_INTERNAL_SECRET) => participantGrants(viewer, secret).sign(pseudonym);
const rep = (pseudonym: string, grant: string) => ({ __typename: 'Participant', pseudonym, grant });

describe('own participants, for the consortium of the ambit only', () => {
  it('gives the operator of an ambit its participants in full, from its own database, and audits it there', async () => {
    const viewer = operatorOf('BOLOGNA');
    const expected = await peopleOf('ats_bologna', 10);
    const perStore: Record<string, number> = {};
    const before = Object.fromEntries(STORES.map((s) => [s, databases[s].stats.statements]));
    const result = await run(viewer, `{ atsParticipants(first: 10) { totalCount nodes { ${fullParticipant} } pageInfo { hasNextPage } } }`);
    for (const s of STORES) perStore[s] = databases[s].stats.statements - before[s];
    expect(result.errors).toBeUndefined();
    const page = result.data!.atsParticipants;
    expect(page.totalCount).toBe((await peopleOf('ats_bologna')).length);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.nodes.map((n: { id: string }) => n.id)).toEqual(expected.map((p) => `BOLOGNA:${p.id}`));
    const [first] = page.nodes;
    const person = expected[0];
    expect(first).toMatchObject({
      pseudonym: person.pseudonym,
      fiscalCode: person.fiscal_code,
      firstName: person.first_name,
      lastName: person.last_name,
      birthDate: person.birth_date,
      gender: person.gender,
      citizenship: person.citizenship,
      residence: { istatCode: person.residence_municipality },
      ambit: { code: 'BOLOGNA' },
    });
    // The person's records in full: cases, services, activities, as the database holds them.
    const cases = await databases.ats_bologna.db.selectFrom('case_taking').selectAll().where('participant_id', '=', person.id).orderBy('id').execute();
    expect(first.cases.map((c: { id: string }) => c.id)).toEqual(cases.map((c) => `BOLOGNA:${c.id}`));
    expect(first.cases[0]).toMatchObject({ servicePoint: { id: `BOLOGNA:${cases[0].service_point_id}` }, openedOn: cases[0].opened_on, closedOn: cases[0].closed_on, referralSource: cases[0].referral_source });
    const services = await databases.ats_bologna.db.selectFrom('service_delivery').selectAll().where('case_id', '=', cases[0].id).orderBy('delivered_on').orderBy('id').execute();
    expect(first.cases[0].services).toEqual(
      services.map((s) => ({ id: `BOLOGNA:${s.id}`, kind: s.kind, deliveredOn: s.delivered_on, durationMinutes: s.duration_minutes, language: s.language, mediatorCode: s.mediator_code })),
    );
    const attended = await databases.ats_bologna.db.selectFrom('activity_attendance').select('activity_id').where('participant_id', 'in', expected.map((p) => p.id)).execute();
    const listed = page.nodes.flatMap((n: { communityActivities: { id: string }[] }) => n.communityActivities.map((a) => a.id)).sort();
    expect(listed).toEqual(attended.map((a) => `BOLOGNA:${a.activity_id}`).sort());

    // Only the ambit's own database was read.
    expect(perStore.ats_bologna).toBeGreaterThan(0);
    expect(perStore.ats_emilia_nord + perStore.ats_emilia_centro_orientale + perStore.ats_romagna).toBe(0);

    // One audit row, in the Bologna database: who, role, partner, ambit, how many participants.
    const audit = await auditOf(viewer.subject);
    expect(audit.ats_emilia_nord).toEqual([]);
    expect(audit.ats_romagna).toEqual([]);
    expect(audit.ats_bologna).toHaveLength(1);
    expect(audit.ats_bologna[0]).toMatchObject({
      store: 'ats_bologna',
      subject: viewer.subject,
      role: 'partner',
      partner_id: 'arcolaio',
      ambit: 'BOLOGNA',
      entities: { AtsParticipant: 10 },
      denied: [],
      outcome: 'OK',
    });
  });

  it('routes each operator by the ambit of its token: cidas reads Romagna or Emilia Centro-Orientale, never both at once', async () => {
    for (const ambit of ['ROMAGNA', 'EMILIA_CENTRO_ORIENTALE', 'EMILIA_NORD'] as const) {
      const viewer = operatorOf(ambit);
      const result = await run(viewer, '{ atsParticipants(first: 1000) { totalCount nodes { id ambit { code } } } }');
      expect(result.errors).toBeUndefined();
      expect(result.data!.atsParticipants.totalCount).toBe((await peopleOf(storeOf(ambit))).length);
      expect(new Set(result.data!.atsParticipants.nodes.map((n: { ambit: { code: string } }) => n.ambit.code))).toEqual(new Set([ambit]));
      const audit = await auditOf(viewer.subject);
      expect(audit[storeOf(ambit)][0].entities).toEqual({ AtsParticipant: Math.min(1000, result.data!.atsParticipants.totalCount) });
    }
  });

  it('searches by name (any case, any word order), exact fiscal code, municipality, citizenship and service point', async () => {
    const people = await peopleOf('ats_bologna');
    const person = people[37];
    const search = async (s: Record<string, unknown>) => {
      const result = await run(operatorOf('BOLOGNA'), 'query($s: AtsParticipantSearch) { atsParticipants(search: $s, first: 1000) { totalCount nodes { id firstName lastName fiscalCode residence { istatCode } citizenship } } }', { s });
      expect(result.errors).toBeUndefined();
      return result.data!.atsParticipants as { totalCount: number; nodes: { id: string; firstName: string; lastName: string; fiscalCode: string; residence: { istatCode: string }; citizenship: string }[] };
    };

    const byName = await search({ nameContains: `  ${person.last_name.toUpperCase()}   ${person.first_name.toLowerCase().slice(0, 3)} ` });
    expect(byName.nodes.map((n) => n.id)).toContain(`BOLOGNA:${person.id}`);
    const expectedByName = people.filter((p) => `${p.first_name} ${p.last_name}`.toLowerCase().includes(person.last_name.toLowerCase()) && `${p.first_name} ${p.last_name}`.toLowerCase().includes(person.first_name.toLowerCase().slice(0, 3)));
    expect(byName.totalCount).toBe(expectedByName.length);

    const bySurname = await search({ nameContains: person.last_name.toLowerCase() });
    expect(bySurname.totalCount).toBe(people.filter((p) => `${p.first_name} ${p.last_name}`.toLowerCase().includes(person.last_name.toLowerCase())).length);
    expect(bySurname.nodes.every((n) => `${n.firstName} ${n.lastName}`.toLowerCase().includes(person.last_name.toLowerCase()))).toBe(true);

    const spaced = `${person.fiscal_code.slice(0, 6).toLowerCase()} ${person.fiscal_code.slice(6)}`;
    expect((await search({ fiscalCode: spaced })).nodes.map((n) => n.id)).toEqual([`BOLOGNA:${person.id}`]);

    const byPlace = await search({ municipality: person.residence_municipality, citizenship: person.citizenship.toLowerCase() });
    expect(byPlace.totalCount).toBe(people.filter((p) => p.residence_municipality === person.residence_municipality && p.citizenship === person.citizenship).length);

    const { service_point_id } = await databases.ats_bologna.db.selectFrom('case_taking').select('service_point_id').where('participant_id', '=', person.id).executeTakeFirstOrThrow();
    const atPoint = await search({ servicePoint: `BOLOGNA:${service_point_id}` });
    const expectedAtPoint = await databases.ats_bologna.db.selectFrom('case_taking').select(sql<number>`count(distinct participant_id)::int`.as('n')).where('service_point_id', '=', service_point_id).executeTakeFirstOrThrow();
    expect(atPoint.totalCount).toBe(expectedAtPoint.n);
    expect(atPoint.nodes.map((n) => n.id)).toContain(`BOLOGNA:${person.id}`);
    // A point of another ambit has no cases here.
    expect((await search({ servicePoint: `ROMAGNA:${service_point_id}` })).totalCount).toBe(0);
    // A valid fiscal code nobody here has.
    expect((await search({ fiscalCode: (await peopleOf('ats_romagna', 1))[0].fiscal_code })).totalCount).toBe(0);
  });

  it('pages through every participant of the ambit once, in registration order', async () => {
    const expected = (await peopleOf('ats_emilia_centro_orientale')).map((p) => `EMILIA_CENTRO_ORIENTALE:${p.id}`);
    const viewer = operatorOf('EMILIA_CENTRO_ORIENTALE');
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const result: Awaited<ReturnType<typeof run>> = await run(viewer, 'query($after: String) { atsParticipants(first: 97, after: $after) { nodes { id } pageInfo { hasNextPage hasPreviousPage endCursor } } }', { after });
      expect(result.errors).toBeUndefined();
      const page = result.data!.atsParticipants;
      expect(page.pageInfo.hasPreviousPage).toBe(pages > 0);
      seen.push(...page.nodes.map((n: { id: string }) => n.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 97));
  });

  it('looks a participant up by id in its own ambit, null when there is none, FORBIDDEN in another ambit', async () => {
    const [person] = await peopleOf('ats_romagna', 1);
    const viewer = operatorOf('ROMAGNA');
    const found = await run(viewer, `{ atsParticipant(id: "ROMAGNA:${person.id}") { ${fullParticipant} } }`);
    expect(found.errors).toBeUndefined();
    expect(found.data!.atsParticipant).toMatchObject({ id: `ROMAGNA:${person.id}`, fiscalCode: person.fiscal_code, lastName: person.last_name });
    expect((await auditOf(viewer.subject)).ats_romagna[0].entities).toEqual({ AtsParticipant: 1 });

    const missing = await run(operatorOf('ROMAGNA'), '{ a: atsParticipant(id: "ROMAGNA:999999") { id } b: atsParticipant(id: "ATLANTIS:1") { id } }');
    expect(missing.errors).toBeUndefined();
    expect(missing.data).toEqual({ a: null, b: null });

    // cidas leads Emilia Centro-Orientale too; with a Romagna token it still reads Romagna only.
    const elsewhere = operatorOf('ROMAGNA');
    const [other] = await peopleOf('ats_emilia_centro_orientale', 1);
    const refused = await run(elsewhere, `{ atsParticipant(id: "EMILIA_CENTRO_ORIENTALE:${other.id}") { fiscalCode } }`);
    expect(refused.data!.atsParticipant).toBeNull();
    expect(refused.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(JSON.stringify(refused)).not.toContain(other.fiscal_code);
    expect((await auditOf(elsewhere.subject)).ats_emilia_nord[0]).toMatchObject({ denied: ['Query.atsParticipant'], outcome: 'FORBIDDEN' });
  });

  it.each([
    ['nameContains', { nameContains: ' x ' }, /2 to 100 characters/],
    ['nameContains', { nameContains: 'y'.repeat(101) }, /2 to 100 characters/],
    ['fiscalCode', { fiscalCode: 'RSSMRA80A01' }, /not a valid Italian fiscal code/],
    ['fiscalCode', { fiscalCode: 'RSSMRA80A01Z999A' }, /not a valid Italian fiscal code/],
    ['municipality', { municipality: '37006' }, /6 digits/],
    ['municipality', { municipality: '058091' }, /No municipality of Emilia-Romagna/],
    ['citizenship', { citizenship: 'Morocco' }, /ISO 3166-1/],
    ['servicePoint', { servicePoint: '42' }, /not an ATS id/],
  ])('answers a malformed %s with BAD_USER_INPUT that does not repeat it', async (argument, s, message) => {
    const result = await run(operatorOf('BOLOGNA'), 'query($s: AtsParticipantSearch) { atsParticipants(search: $s) { totalCount } }', { s });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    expect(result.errors?.[0].message).toMatch(message);
    if (argument === 'fiscalCode' || argument === 'nameContains') expect(result.errors?.[0].message).not.toContain(String(Object.values(s)[0]).trim());
  });

  it.each([
    ['{ atsParticipants(first: 1001) { totalCount } }', /between 0 and 1000/],
    ['{ atsParticipants(after: "not-a-cursor") { totalCount } }', /cursor/],
    ['{ atsParticipant(id: "bologna:1") { id } }', /not an ATS id/],
  ])('answers %s with BAD_USER_INPUT', async (query, message) => {
    const result = await run(operatorOf('BOLOGNA'), query);
    expect(result.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message).toMatch(message);
  });
});

describe('refusals', () => {
  const others: [string, Viewer][] = [
    ['the region', { role: 'region', subject: 'region' }],
    ['a BI tool', { role: 'bi', subject: 'bi' }],
    ['an anonymous caller', { role: 'anonymous' }],
    ['another partner', { role: 'partner', partnerId: 'cpia-bologna', purpose: CASE_COORDINATION }],
    ['a consortium operator without an ambit claim', { role: 'partner', partnerId: 'cidas' }],
    ["a consortium operator naming an ambit its partner does not lead", { role: 'partner', partnerId: 'cidas', ambit: 'BOLOGNA' }],
    ['an operator naming an ambit that does not exist', { role: 'partner', partnerId: 'arcolaio', ambit: 'ATLANTIS' }],
  ];

  it.each(others)('gives %s FORBIDDEN, no participant, and audits the denial', async (_label, base) => {
    const viewer = { ...base, subject: nextSubject(base.subject ?? 'nobody') };
    const people = await peopleOf('ats_bologna', 3);
    let result: Awaited<ReturnType<typeof run>> | undefined;
    const statements = await countStatements(Object.values(databases), async () => {
      result = await run(viewer, `{ atsParticipants { totalCount nodes { fiscalCode } } atsParticipant(id: "BOLOGNA:${people[0].id}") { lastName } }`);
    });
    expect(result!.data).toEqual({ atsParticipants: null, atsParticipant: null });
    expect(result!.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    const text = JSON.stringify(result);
    for (const p of people) for (const value of [p.fiscal_code, p.last_name, p.pseudonym]) expect(text).not.toContain(value);
    // Nothing read but, for an operator naming an ambit, the routing row; then the audit row.
    expect(statements).toBeLessThanOrEqual(2);
    const audit = await auditOf(viewer.subject);
    expect(audit[MAIN_STORE]).toHaveLength(1);
    expect(audit[MAIN_STORE][0]).toMatchObject({ role: viewer.role, partner_id: viewer.partnerId ?? null, entities: {}, outcome: 'FORBIDDEN' });
    expect([...audit[MAIN_STORE][0].denied].sort()).toEqual(['Query.atsParticipant', 'Query.atsParticipants']);
  });
});

describe('the cross-partner Participant', () => {
  let bologna: Person[];
  let moved: Person;

  beforeAll(async () => {
    bologna = await peopleOf('ats_bologna');
    // A person who moved: served in Bologna, then taken in charge again in Romagna.
    moved = bologna[5];
    const romagna = databases.ats_romagna.db;
    const { id: _id, ...copy } = moved;
    const { id: participantId } = await romagna.insertInto('participant').values(copy).returning('id').executeTakeFirstOrThrow();
    const point = await romagna.selectFrom('service_point').select('id').orderBy('id').executeTakeFirstOrThrow();
    const { id: caseId } = await romagna
      .insertInto('case_taking')
      .values({ participant_id: participantId, service_point_id: point.id, opened_on: '2026-09-01', closed_on: null, referral_source: 'MUNICIPALITY_SOCIAL_SERVICES' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await romagna.insertInto('service_delivery').values([
      { case_id: caseId, kind: 'LEGAL_INFORMATION', delivered_on: '2026-09-01', duration_minutes: 30, language: 'it', mediator_code: null },
      { case_id: caseId, kind: 'INTERCULTURAL_MEDIATION', delivered_on: '2026-09-08', duration_minutes: 60, language: 'ar', mediator_code: 'MED-RA-001' },
      { case_id: caseId, kind: 'LEGAL_INFORMATION', delivered_on: '2026-09-15', duration_minutes: 30, language: 'it', mediator_code: null },
    ]).execute();
  });

  const expectedFacts = async (pseudonym: string, ambits: readonly AmbitCode[] = AMBIT_CODES) => {
    const all = (await Promise.all(ambits.map((a) => factsIn(a, pseudonym)))).flat();
    return all.sort((a, b) => a.openedOn.localeCompare(b.openedOn) || a.ambit.code.localeCompare(b.ambit.code));
  };

  it("gives another partner's operator, with a grant from its own partner and for case coordination, the facts from every ambit", async () => {
    const viewer = cpiaOperator();
    const grant = await grantFor(viewer, moved.pseudonym);
    const result = await run(viewer, factsQuery, { reps: [rep(moved.pseudonym, grant)] });
    expect(result.errors).toBeUndefined();
    const facts = result.data!._entities[0].atsCases;
    expect(facts).toEqual(await expectedFacts(moved.pseudonym));
    expect(new Set(facts.map((f: { ambit: { code: string } }) => f.ambit.code))).toEqual(new Set(['BOLOGNA', 'ROMAGNA']));
    expect(facts.find((f: { ambit: { code: string } }) => f.ambit.code === 'ROMAGNA').serviceKinds).toEqual(['INTERCULTURAL_MEDIATION', 'LEGAL_INFORMATION']);
    // Nothing personal in the answer.
    const text = JSON.stringify(result);
    for (const value of [moved.fiscal_code, moved.first_name, moved.last_name, moved.birth_date]) expect(text).not.toContain(value);
    // An audit row in each database whose data was returned, and only there.
    const audit = await auditOf(viewer.subject);
    expect(audit.ats_bologna).toHaveLength(1);
    expect(audit.ats_romagna).toHaveLength(1);
    expect(audit.ats_emilia_nord).toEqual([]);
    expect(audit.ats_emilia_centro_orientale).toEqual([]);
    for (const store of ['ats_bologna', 'ats_romagna']) {
      expect(audit[store][0]).toMatchObject({ store, role: 'partner', partner_id: 'cpia-bologna', purpose: CASE_COORDINATION, entities: { Participant: 1 }, outcome: 'OK' });
    }
  });

  it('answers an empty list for a pseudonym no consortium serves, and reads each database once for many participants', async () => {
    const viewer = cpiaOperator();
    const nobody = 'f'.repeat(64);
    const result = await run(viewer, factsQuery, { reps: [rep(nobody, await grantFor(viewer, nobody))] });
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([{ atsCases: [] }]);
    expect(await auditOf(viewer.subject)).toEqual(Object.fromEntries(STORES.map((s) => [s, []])));
  });

  const refusedCases: [string, () => Promise<{ viewer: Viewer; grant: string }>][] = [
    ['a grant for another pseudonym', async () => { const viewer = cpiaOperator(); return { viewer, grant: await grantFor(viewer, bologna[6].pseudonym) }; }],
    ['a grant of another partner', async () => ({ viewer: cpiaOperator(), grant: await grantFor({ role: 'partner', partnerId: 'ial-er' }, moved.pseudonym) })],
    ['a forged grant', async () => { const viewer = cpiaOperator(); return { viewer, grant: await grantFor(viewer, moved.pseudonym, 'a-forged-secret-that-is-long-enough-0123456789') }; }],
    ['no grant', async () => ({ viewer: cpiaOperator(), grant: '' })],
    ['no declared purpose', async () => { const viewer = cpiaOperator({ purpose: undefined }); return { viewer, grant: await grantFor(viewer, moved.pseudonym) }; }],
    ['another purpose', async () => { const viewer = cpiaOperator({ purpose: 'reporting' }); return { viewer, grant: await grantFor(viewer, moved.pseudonym) }; }],
    ['role region', async () => { const viewer: Viewer = { role: 'region', subject: nextSubject('region'), purpose: CASE_COORDINATION }; return { viewer, grant: await grantFor(cpiaOperator(), moved.pseudonym) }; }],
    ['role bi', async () => ({ viewer: { role: 'bi', subject: nextSubject('bi') }, grant: await grantFor(cpiaOperator(), moved.pseudonym) })],
  ];

  it.each(refusedCases)('refuses %s with FORBIDDEN, no facts, and audits the denial', async (_label, make) => {
    const { viewer, grant } = await make();
    const result = await run(viewer, factsQuery, { reps: [rep(moved.pseudonym, grant)] });
    expect(result.data!._entities).toEqual([{ atsCases: null }]);
    expect(result.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    expect(result.errors?.[0].path).toEqual(['_entities', 0, 'atsCases']);
    const audit = await auditOf(viewer.subject);
    expect(audit[MAIN_STORE]).toEqual([expect.objectContaining({ denied: ['Participant.atsCases'], entities: {}, outcome: 'FORBIDDEN' })]);
    for (const store of STORES.slice(1)) expect(audit[store]).toEqual([]);
    // Nor does the pseudonym come back to a caller who may not read the facts.
    const echoed = await run(viewer, 'query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Participant { pseudonym } } }', { reps: [rep(moved.pseudonym, grant)] });
    expect(echoed.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(JSON.stringify(echoed.data)).not.toContain(moved.pseudonym);
  });

  it('gives an anonymous caller nothing either', async () => {
    const viewer: Viewer = { role: 'anonymous' };
    let result: Awaited<ReturnType<typeof run>> | undefined;
    const statements = await countStatements(Object.values(databases), async () => {
      result = await run(viewer, factsQuery, { reps: [rep(moved.pseudonym, await grantFor(cpiaOperator(), moved.pseudonym))] });
    });
    expect(result!.data!._entities).toEqual([{ atsCases: null }]);
    expect(result!.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    // No read: only the audit row of the denial.
    expect(statements).toBe(1);
  });

  it("gives a consortium's own operator its own ambit's facts without a grant, and every ambit's with one", async () => {
    const viewer = operatorOf('BOLOGNA');
    const without = await run(viewer, factsQuery, { reps: [rep(moved.pseudonym, '')] });
    expect(without.errors).toBeUndefined();
    expect(without.data!._entities[0].atsCases).toEqual(await expectedFacts(moved.pseudonym, ['BOLOGNA']));

    // Through its own participant: the reference carries a grant its own subgraph signed.
    const coordinating = operatorOf('BOLOGNA', { purpose: CASE_COORDINATION });
    const own = await run(coordinating, `{ atsParticipant(id: "BOLOGNA:${moved.id}") { participant { pseudonym atsCases { ambit { code } openedOn closedOn referralSource serviceKinds } } } }`);
    expect(own.errors).toBeUndefined();
    expect(own.data!.atsParticipant.participant).toEqual({ pseudonym: moved.pseudonym, atsCases: await expectedFacts(moved.pseudonym) });
    const audit = await auditOf(coordinating.subject);
    expect(audit.ats_bologna[0].entities).toEqual({ AtsParticipant: 1, Participant: 1 });
    expect(audit.ats_romagna[0].entities).toEqual({ Participant: 1 });

    // The grant names the participant's partner: the Romagna operator of cidas gets only Romagna's.
    const romagna = operatorOf('ROMAGNA');
    const theirs = await run(romagna, factsQuery, { reps: [rep(moved.pseudonym, await grantFor(viewer, moved.pseudonym))] });
    expect(theirs.data!._entities[0].atsCases).toEqual(await expectedFacts(moved.pseudonym, ['ROMAGNA']));
  });
});

describe('the audit trail', () => {
  const auditQuery = `query($ambit: String!, $filter: AtsAuditRecordFilter, $first: Int, $after: String) {
    atsAuditRecords(ambit: $ambit, filter: $filter, first: $first, after: $after) {
      totalCount nodes { id recordedAt subgraph subject role partnerId ambit purpose operationName entityCounts { entityType records } deniedFields outcome }
      pageInfo { hasNextPage endCursor } } }`;

  it("lets the region read any ambit's trail, and filter it by subject, partner and day", async () => {
    const operator = operatorOf('BOLOGNA', { operationName: 'FindPeople' });
    await run(operator, '{ atsParticipants(first: 2) { nodes { id } } }');
    const region: Viewer = { role: 'region', subject: 'art-er-1' };
    const bySubject = await run(region, auditQuery, { ambit: 'BOLOGNA', filter: { subject: operator.subject } });
    expect(bySubject.errors).toBeUndefined();
    expect(bySubject.data!.atsAuditRecords.nodes).toEqual([
      expect.objectContaining({
        subgraph: 'test',
        subject: operator.subject,
        role: 'partner',
        partnerId: 'arcolaio',
        ambit: 'BOLOGNA',
        operationName: 'FindPeople',
        entityCounts: [{ entityType: 'AtsParticipant', records: 2 }],
        deniedFields: [],
        outcome: 'OK',
      }),
    ]);
    const today = new Date().toISOString().slice(0, 10);
    const byPartner = await run(region, auditQuery, { ambit: 'BOLOGNA', filter: { partnerId: 'arcolaio', from: today, to: today }, first: 1000 });
    const stored = await databases.ats_bologna.db.selectFrom('audit_record').select(sql<number>`count(*)::int`.as('n')).where('partner_id', '=', 'arcolaio').executeTakeFirstOrThrow();
    expect(byPartner.data!.atsAuditRecords.totalCount).toBe(stored.n);
    expect(byPartner.data!.atsAuditRecords.nodes.every((n: { partnerId: string }) => n.partnerId === 'arcolaio')).toBe(true);
    const yesterday = await run(region, auditQuery, { ambit: 'BOLOGNA', filter: { to: '2020-01-01' } });
    expect(yesterday.data!.atsAuditRecords.totalCount).toBe(0);
    // Another ambit's trail does not hold that request.
    const romagna = await run(region, auditQuery, { ambit: 'ROMAGNA', filter: { subject: operator.subject } });
    expect(romagna.data!.atsAuditRecords.totalCount).toBe(0);
  });

  it('pages through a trail oldest first', async () => {
    const region: Viewer = { role: 'region', subject: 'art-er-2' };
    const all = await databases.ats_emilia_nord.db.selectFrom('audit_record').select('id').orderBy('id').execute();
    expect(all.length).toBeGreaterThan(5);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const result: Awaited<ReturnType<typeof run>> = await run(region, auditQuery, { ambit: 'EMILIA_NORD', first: 4, after });
      expect(result.errors).toBeUndefined();
      seen.push(...result.data!.atsAuditRecords.nodes.map((n: { id: string }) => n.id));
      after = result.data!.atsAuditRecords.pageInfo.hasNextPage ? result.data!.atsAuditRecords.pageInfo.endCursor : null;
    } while (after);
    expect(seen.slice(0, all.length)).toEqual(all.map((r) => `test:ats_emilia_nord:${r.id}`));
  });

  it("lets a consortium's operators read their own ambit's trail only", async () => {
    const own = await run(operatorOf('ROMAGNA'), auditQuery, { ambit: 'ROMAGNA' });
    expect(own.errors).toBeUndefined();
    expect(own.data!.atsAuditRecords.totalCount).toBeGreaterThan(0);
    for (const [viewer, ambit] of [
      [operatorOf('ROMAGNA'), 'EMILIA_CENTRO_ORIENTALE'],
      [operatorOf('BOLOGNA'), 'ROMAGNA'],
      [{ role: 'partner', partnerId: 'cidas', subject: 'x' }, 'ROMAGNA'],
      [cpiaOperator(), 'BOLOGNA'],
      [{ role: 'bi', subject: 'bi' }, 'BOLOGNA'],
      [{ role: 'anonymous' }, 'BOLOGNA'],
    ] as [Viewer, string][]) {
      const refused = await run(viewer, auditQuery, { ambit });
      expect(refused.data!.atsAuditRecords).toBeNull();
      expect(refused.errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
    const unknown = await run({ role: 'region' }, auditQuery, { ambit: 'ATLANTIS' });
    expect(unknown.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('is append-only in every ambit database', async () => {
    for (const store of STORES) {
      const db = databases[store].db;
      const { n } = await db.selectFrom('audit_record').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
      expect(n).toBeGreaterThan(0);
      await expect(db.updateTable('audit_record').set({ outcome: 'OK' }).execute()).rejects.toThrow(/append-only/);
      await expect(db.updateTable('audit_record').set({ subject: null }).where('id', '=', 1).execute()).rejects.toThrow(/append-only/);
      await expect(db.deleteFrom('audit_record').execute()).rejects.toThrow(/append-only/);
      await expect(sql`truncate audit_record`.execute(db)).rejects.toThrow(/append-only/);
      const after = await db.selectFrom('audit_record').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
      expect(after.n).toBe(n);
    }
  });

  it('holds no personal value: no fiscal code, name, birth date or pseudonym', async () => {
    const rows = (await Promise.all(STORES.map((s) => databases[s].db.selectFrom('audit_record').selectAll().execute()))).flat();
    expect(rows.length).toBeGreaterThan(20);
    const leaves = new Set<string>();
    const collect = (value: unknown): void => {
      if (typeof value === 'string') leaves.add(value);
      else if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object' && !(value instanceof Date)) Object.entries(value).forEach(([k, v]) => (leaves.add(k), collect(v)));
    };
    rows.forEach(collect);
    const text = [...leaves].join('\n');
    const people = (await Promise.all(STORES.map((s) => peopleOf(s)))).flat();
    for (const p of people) {
      for (const value of [p.fiscal_code, p.pseudonym, p.birth_date]) expect(text).not.toContain(value);
      for (const name of [p.first_name, p.last_name]) expect(leaves.has(name)).toBe(false);
    }
    // No pseudonym-shaped value either, once the chain's own hashes are set aside.
    const CHAIN = ['prev_hash', 'hash', 'anchor_hash'];
    expect(JSON.stringify(rows.map((row) => Object.entries(row).filter(([k]) => !CHAIN.includes(k))))).not.toMatch(/[0-9a-f]{64}/);
  });
});

describe('the SDL', () => {
  const sdl = printSubgraphSchema(schema);
  const fieldLine = (type: string, field: string) => {
    const body = new RegExp(`type ${type}\\b[^{]*\\{([\\s\\S]*?)\\n\\}`).exec(sdl)?.[1] ?? '';
    return body.split('\n').find((line) => new RegExp(`^\\s+${field}[(:]`).test(line)) ?? '';
  };

  it('tags every personal field, and the fields that return them, @tag(name: "personal")', () => {
    for (const field of ['pseudonym', 'fiscalCode', 'firstName', 'lastName', 'birthDate', 'gender', 'citizenship', 'residence', 'cases', 'communityActivities']) {
      expect(fieldLine('AtsParticipant', field)).toContain('@tag(name: "personal")');
    }
    expect(sdl).toMatch(/type AtsParticipant\s+@tag\(name: "personal"\)/);
    expect(sdl).toMatch(/\):\s*AtsParticipantConnection @tag\(name: "personal"\)/);
    expect(fieldLine('Query', 'atsParticipant')).toContain('@tag(name: "personal")');
  });

  it('keys Participant by pseudonym and grant, the grant @inaccessible and the facts pseudonymous', () => {
    expect(sdl).toMatch(/type Participant\s+@key\(fields: "pseudonym grant"\)/);
    expect(fieldLine('Participant', 'grant')).toBe('  grant: String! @inaccessible');
    expect(fieldLine('Participant', 'pseudonym')).toContain('@tag(name: "pseudonymous")');
    expect(fieldLine('Participant', 'atsCases')).toContain('@tag(name: "pseudonymous")');
  });

  it('puts nothing personal in the facts another partner may read', () => {
    const facts = /type AtsCaseFact\b[^{]*\{([\s\S]*?)\n\}/.exec(sdl)![1];
    for (const word of ['name', 'fiscal', 'birth', 'pseudonym', 'servicePoint', 'municipality', 'mediator', 'language']) expect(facts.toLowerCase()).not.toContain(word.toLowerCase());
  });
});

describe('batching', () => {
  const page = `query($first: Int) { atsParticipants(first: $first) { totalCount nodes { ${fullParticipant}
    participant { pseudonym atsCases { ambit { code } serviceKinds } } } } }`;

  it('reads a page of participants with all their records in the same number of statements whatever its size', async () => {
    const measure = async (first: number) => {
      let nodes = 0;
      const statements = await countStatements(Object.values(databases), async () => {
        const result = await run(operatorOf('BOLOGNA', { purpose: CASE_COORDINATION }), page, { first });
        expect(result.errors).toBeUndefined();
        nodes = result.data!.atsParticipants.nodes.length;
      });
      return { statements, nodes };
    };
    // Both pages hold people who attended activities and the person who moved (cases in two ambits).
    const small = await measure(30);
    const large = await measure(400);
    expect(large.nodes).toBe(400);
    expect(large.statements).toBe(small.statements);
  });

  it('reads the facts of 1 or 50 participants in one statement per ambit database', async () => {
    const measure = async (people: Person[]) => {
      const viewer = cpiaOperator();
      const reps = await Promise.all(people.map(async (p) => rep(p.pseudonym, await grantFor(viewer, p.pseudonym))));
      let facts = 0;
      const statements = await countStatements(Object.values(databases), async () => {
        const result = await run(viewer, factsQuery, { reps });
        expect(result.errors).toBeUndefined();
        facts = result.data!._entities.reduce((n: number, e: { atsCases: unknown[] }) => n + e.atsCases.length, 0);
      });
      return { statements, facts };
    };
    const people = (await peopleOf('ats_bologna')).slice(100, 150);
    const one = await measure(people.slice(0, 1));
    const fifty = await measure(people);
    expect(fifty.facts).toBeGreaterThanOrEqual(50);
    // Four reads (one per ambit database) and the audit row of the database the facts came from.
    expect(one.statements).toBe(5);
    expect(fifty.statements).toBe(one.statements);
  });
});

describe('an ambit database that is down', () => {
  it('fails the fields that need it with DATA_SOURCE_UNAVAILABLE, and audits only what was returned', async () => {
    const unreachable = await openDatabase<AtsDatabase>({ url: 'postgres://postgres@127.0.0.1:1/pleiadi_nowhere' });
    const stores = { ...databases, ats_romagna: unreachable };
    try {
      // The Romagna operator's own database is down: no routing row, no participants.
      const romagna = operatorOf('ROMAGNA');
      const own = await execute(schema, stores, '{ atsParticipants { totalCount } }', undefined, romagna);
      expect(own.data).toEqual({ atsParticipants: null });
      expect(own.errors?.[0].extensions).toEqual({ code: 'DATA_SOURCE_UNAVAILABLE', store: 'ats_romagna' });

      // Facts need every ambit's database: a participant's fail, and none is audited as returned.
      const viewer = cpiaOperator();
      const [person] = await peopleOf('ats_bologna', 1);
      const facts = await execute(schema, stores, factsQuery, { reps: [rep(person.pseudonym, await grantFor(viewer, person.pseudonym))] }, viewer);
      expect(facts.data!._entities).toEqual([{ atsCases: null }]);
      expect(facts.errors?.[0].extensions).toEqual({ code: 'DATA_SOURCE_UNAVAILABLE', store: 'ats_romagna' });
      expect(await auditOf(viewer.subject)).toEqual(Object.fromEntries(STORES.map((s) => [s, []])));

      // Bologna's operator is not affected.
      const bologna = await execute(schema, stores, '{ atsParticipants(first: 1) { nodes { id } } }', undefined, operatorOf('BOLOGNA'));
      expect(bologna.errors).toBeUndefined();
    } finally {
      await unreachable.close();
    }
  });
});
