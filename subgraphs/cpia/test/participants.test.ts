// Who may see the network's people, on a real database (PostgreSQL when TEST_DATABASE_URL is set,
// PGlite otherwise) with the demo data: participants in full for the network's own operators
// only, pseudonymous facts for another partner that serves the person with a grant and the
// purpose case-coordination, and an append-only audit trail that never holds the data itself.
import { printSubgraphSchema } from '@apollo/subgraph';
import { participantGrants, prepareSubgraphDatabase, type Viewer } from '@pleiadi/kit';
import { countStatements, createTestDatabase, execute, TEST_INTERNAL_SECRET, type TestDatabase } from '@pleiadi/kit/testing';
import { sql, type Selectable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definition, schema, type CpiaDatabase } from '../src/index.ts';
import { forgetNetwork } from '../src/db/repositories/network.ts';

let database: TestDatabase<CpiaDatabase>;

beforeAll(async () => {
  database = await createTestDatabase<CpiaDatabase>('cpia_participants');
  await prepareSubgraphDatabase(definition, database.db, { demo: true });
});
afterAll(() => database.drop());

const OWN: Viewer = { role: 'partner', partnerId: 'cpia-bologna', subject: 'operator-cpia-7', operationName: 'FindLearner', operationHash: 'h-own' };
const IAL: Viewer = { role: 'partner', partnerId: 'ial-er', subject: 'operator-ial-3', purpose: 'case-coordination', operationName: 'CoordinateCase' };
const REGION: Viewer = { role: 'region', subject: 'art-er-analyst', purpose: 'reporting' };
const BI: Viewer = { role: 'bi', subject: 'bi-tool' };
const ANONYMOUS: Viewer = { role: 'anonymous' };
const ARCOLAIO: Viewer = { role: 'partner', partnerId: 'arcolaio', ambit: 'BOLOGNA', subject: 'operator-ats-1', purpose: 'case-coordination' };

const run = (viewer: Viewer, query: string, variables?: Record<string, unknown>) => execute(schema, database, query, variables, viewer);

/** The grant the subgraph of `viewer`'s own partner would sign for `pseudonym` (same internal secret). */
const grantOf = (viewer: Viewer, pseudonym: string, secret = TEST_INTERNAL_SECRET) => participantGrants(viewer, secret).sign(pseudonym);

type AuditRow = Selectable<CpiaDatabase['audit_record']>;
let lastAuditId = 0;
/** Audit rows written since the previous call. */
async function newAuditRows(): Promise<AuditRow[]> {
  const rows: AuditRow[] = await database.db.selectFrom('audit_record').selectAll().where('id', '>', lastAuditId).orderBy('id').execute();
  if (rows.length) lastAuditId = Number(rows[rows.length - 1].id);
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

async function participantRows(limit = 50) {
  return database.db.selectFrom('participant').selectAll().orderBy('id').limit(limit).execute();
}

/** A participant with at least `n` enrolments. */
async function enrolledParticipant(n = 2) {
  const { participant_id } = await database.db
    .selectFrom('enrolment')
    .select('participant_id')
    .groupBy('participant_id')
    .having(sql`count(*)`, '>=', n)
    .orderBy('participant_id')
    .executeTakeFirstOrThrow();
  return database.db.selectFrom('participant').selectAll().where('id', '=', participant_id).executeTakeFirstOrThrow();
}

const PERSON_FIELDS = 'id pseudonym fiscalCode firstName lastName birthDate gender citizenship residence { istatCode }';
const FACT_FIELDS = 'courseKind status entryLevel exitLevel certificateIssued courseStartsOn courseEndsOn';

const entitiesQuery = (fields = `cpiaEnrolments { ${FACT_FIELDS} }`) =>
  `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Participant { ${fields} } } }`;

async function expectedFacts(pseudonym: string) {
  const rows = await database.db
    .selectFrom('participant as p')
    .innerJoin('enrolment as e', 'e.participant_id', 'p.id')
    .innerJoin('course as c', 'c.id', 'e.course_id')
    .select(['c.kind', 'e.status', 'e.entry_level', 'e.exit_level', 'e.certificate_issued', 'c.starts_on', 'c.ends_on'])
    .where('p.pseudonym', '=', pseudonym)
    .orderBy('c.starts_on')
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({
    courseKind: r.kind,
    status: r.status,
    entryLevel: r.entry_level,
    exitLevel: r.exit_level,
    certificateIssued: r.certificate_issued,
    courseStartsOn: r.starts_on,
    courseEndsOn: r.ends_on,
  }));
}

describe("the network's own operators", () => {
  it('read participants in full, with their enrolments, and the read is audited with counts, never data', async () => {
    await newAuditRows();
    const expected = await participantRows(5);
    const result = await run(OWN, `{ cpiaParticipants(first: 5) { totalCount nodes { ${PERSON_FIELDS} enrolments { course { id kind } enrolledOn entryLevel exitLevel hoursAttended status certificateIssued } } } }`);
    expect(result.errors).toBeUndefined();
    const { totalCount, nodes } = result.data!.cpiaParticipants;
    expect(totalCount).toBe(Number((await sql<{ n: number }>`select count(*)::int as n from participant`.execute(database.db)).rows[0].n));
    expect(nodes.map((n: { id: string; fiscalCode: string; firstName: string; lastName: string; birthDate: string; pseudonym: string; residence: { istatCode: string } }) => [n.id, n.fiscalCode, n.firstName, n.lastName, n.birthDate, n.pseudonym, n.residence.istatCode])).toEqual(
      expected.map((p) => [String(p.id), p.fiscal_code, p.first_name, p.last_name, p.birth_date, p.pseudonym, p.residence_municipality]),
    );
    const enrolments = await database.db.selectFrom('enrolment').select(['participant_id', 'course_id']).where('participant_id', 'in', expected.map((p) => p.id)).execute();
    for (const [i, node] of nodes.entries()) {
      const own = enrolments.filter((e) => e.participant_id === expected[i].id).map((e) => String(e.course_id));
      expect(node.enrolments.map((e: { course: { id: string } }) => e.course.id).sort()).toEqual(own.sort());
    }

    const [row, ...more] = await newAuditRows();
    expect(more).toEqual([]);
    expect(row).toMatchObject({
      subgraph: 'test',
      store: 'main',
      subject: 'operator-cpia-7',
      role: 'partner',
      partner_id: 'cpia-bologna',
      purpose: null,
      operation_name: 'FindLearner',
      operation_hash: 'h-own',
      entities: { CpiaParticipant: 5 },
      denied: [],
      outcome: 'OK',
    });
  });

  it('find a participant by fiscal code, whatever the spacing and letter case', async () => {
    const person = await enrolledParticipant();
    const typed = `  ${person.fiscal_code.slice(0, 6).toLowerCase()} ${person.fiscal_code.slice(6)} `;
    const result = await run(OWN, 'query($code: String) { cpiaParticipants(search: {fiscalCode: $code}) { totalCount nodes { id firstName lastName } } }', { code: typed });
    expect(result.errors).toBeUndefined();
    expect(result.data!.cpiaParticipants).toEqual({ totalCount: 1, nodes: [{ id: String(person.id), firstName: person.first_name, lastName: person.last_name }] });
    expect((await newAuditRows()).map((r) => r.entities)).toEqual([{ CpiaParticipant: 1 }]);
  });

  it('search by part of the name in any letter case and word order, as the database counts it', async () => {
    const person = await enrolledParticipant();
    const expectedCount = async (pattern: string) =>
      (
        await sql<{ n: number }>`select count(*)::int as n from participant where first_name || ' ' || last_name ilike ${pattern} or last_name || ' ' || first_name ilike ${pattern}`.execute(database.db)
      ).rows[0].n;
    for (const text of [person.last_name.toLowerCase(), `${person.first_name} ${person.last_name}`.toUpperCase(), `  ${person.last_name}   ${person.first_name} `]) {
      const result = await run(OWN, 'query($name: String) { cpiaParticipants(search: {nameContains: $name}, first: 1000) { totalCount nodes { id firstName lastName } } }', { name: text });
      expect(result.errors).toBeUndefined();
      const { totalCount, nodes } = result.data!.cpiaParticipants;
      const normalised = text.trim().replace(/\s+/g, ' ');
      expect(totalCount).toBe(await expectedCount(`%${normalised}%`));
      expect(nodes.map((n: { id: string }) => n.id)).toContain(String(person.id));
      for (const n of nodes) {
        const either = [`${n.firstName} ${n.lastName}`, `${n.lastName} ${n.firstName}`].map((s) => s.toLowerCase());
        expect(either.some((s) => s.includes(normalised.toLowerCase()))).toBe(true);
      }
    }
    // LIKE wildcards are taken literally.
    const wild = await run(OWN, '{ cpiaParticipants(search: {nameContains: "%_"}) { totalCount } }');
    expect(wild.data!.cpiaParticipants.totalCount).toBe(0);
  });

  it('filter by municipality, citizenship and course kind, and page through every match once', async () => {
    const query = `query($after: String) { cpiaParticipants(search: {municipality: "037006", citizenship: "ma", courseKind: CIVIC_ORIENTATION}, first: 7, after: $after) {
      totalCount nodes { id citizenship residence { istatCode } } pageInfo { hasNextPage endCursor } } }`;
    const expected = (
      await sql<{ id: number }>`select p.id from participant p where residence_municipality = '037006' and citizenship = 'MA'
        and exists (select 1 from enrolment e join course c on c.id = e.course_id where e.participant_id = p.id and c.kind = 'CIVIC_ORIENTATION') order by p.id`.execute(database.db)
    ).rows.map((r) => String(r.id));
    expect(expected.length).toBeGreaterThan(7);
    const ids: string[] = [];
    let after: string | null = null;
    do {
      const page = await run(OWN, query, { after });
      expect(page.errors).toBeUndefined();
      const connection = page.data!.cpiaParticipants;
      expect(connection.totalCount).toBe(expected.length);
      for (const n of connection.nodes) expect(n).toMatchObject({ citizenship: 'MA', residence: { istatCode: '037006' } });
      ids.push(...connection.nodes.map((n: { id: string }) => n.id));
      // The cursor carries the record id only, never a name.
      if (connection.pageInfo.endCursor) expect(JSON.parse(Buffer.from(connection.pageInfo.endCursor, 'base64url').toString())).toEqual([Number(connection.nodes.at(-1).id)]);
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    } while (after);
    expect(ids).toEqual(expected);
  });

  it('read one participant by id, and null for an id that does not exist', async () => {
    const person = await enrolledParticipant();
    await newAuditRows();
    const result = await run(OWN, `{ cpiaParticipant(id: "${person.id}") { fiscalCode } missing: cpiaParticipant(id: "987654321") { fiscalCode } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ cpiaParticipant: { fiscalCode: person.fiscal_code }, missing: null });
    expect((await newAuditRows()).map((r) => r.entities)).toEqual([{ CpiaParticipant: 1 }]);
  });

  it.each([
    ['{ cpiaParticipants(search: {fiscalCode: "RSSMRA80A01H501Z"}) { totalCount } }', /fiscal code/, 'RSSMRA80A01H501Z'],
    ['{ cpiaParticipants(search: {fiscalCode: "ABC"}) { totalCount } }', /fiscal code/, 'ABC'],
    ['{ cpiaParticipants(search: {nameContains: " a "}) { totalCount } }', /2 to 80 characters/, undefined],
    [`{ cpiaParticipants(search: {nameContains: "${'x'.repeat(81)}"}) { totalCount } }`, /2 to 80 characters/, undefined],
    ['{ cpiaParticipants(search: {municipality: "37006"}) { totalCount } }', /6 digits/, undefined],
    ['{ cpiaParticipants(search: {municipality: "999999"}) { totalCount } }', /No municipality/, undefined],
    ['{ cpiaParticipants(search: {citizenship: "Morocco"}) { totalCount } }', /ISO 3166-1/, 'Morocco'],
    ['{ cpiaParticipants(first: 1001) { totalCount } }', /between 0 and 1000/, undefined],
    ['{ cpiaParticipants(after: "bm90LWEtY3Vyc29y") { totalCount } }', /cursor/, undefined],
    ['{ cpiaParticipant(id: "abc") { id } }', /not a valid id/, undefined],
  ])('answer malformed input %s with BAD_USER_INPUT, without repeating it', async (query, message, secret) => {
    const result = await run(OWN, query);
    expect(result.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message).toMatch(message);
    if (secret) expect(result.errors?.[0].message).not.toContain(secret);
  });

  it("get their participant's cross-partner reference with a grant, and the network's facts about them", async () => {
    const person = await enrolledParticipant(3);
    const result = await run(OWN, `{ cpiaParticipant(id: "${person.id}") { participant { pseudonym grant cpiaEnrolments { ${FACT_FIELDS} } } } }`);
    expect(result.errors).toBeUndefined();
    const { participant } = result.data!.cpiaParticipant;
    expect(participant.pseudonym).toBe(person.pseudonym);
    expect(participant.cpiaEnrolments).toEqual(await expectedFacts(person.pseudonym));
    expect(participant.cpiaEnrolments.length).toBeGreaterThanOrEqual(3);
    // The grant vouches for this partner and this pseudonym only.
    expect(await participantGrants({ ...OWN, purpose: 'case-coordination' }, TEST_INTERNAL_SECRET).allows(participant.grant, person.pseudonym)).toBe(true);
    expect(await participantGrants(IAL, TEST_INTERNAL_SECRET).allows(participant.grant, person.pseudonym)).toBe(false);
  });

  it('read the facts through _entities without a grant, and an empty list for a person the network does not serve', async () => {
    const person = await enrolledParticipant();
    const unknown = 'f'.repeat(64);
    await newAuditRows();
    const result = await run(OWN, entitiesQuery(`pseudonym cpiaEnrolments { ${FACT_FIELDS} }`), {
      representations: [
        { __typename: 'Participant', pseudonym: person.pseudonym },
        { __typename: 'Participant', pseudonym: person.pseudonym, grant: 'not-a-grant' },
        { __typename: 'Participant', pseudonym: unknown, grant: await grantOf(OWN, unknown) },
      ],
    });
    expect(result.errors).toBeUndefined();
    const facts = await expectedFacts(person.pseudonym);
    expect(result.data!._entities).toEqual([
      { pseudonym: person.pseudonym, cpiaEnrolments: facts },
      { pseudonym: person.pseudonym, cpiaEnrolments: facts },
      { pseudonym: unknown, cpiaEnrolments: [] },
    ]);
    expect((await newAuditRows()).map((r) => [r.entities, r.outcome])).toEqual([[{ Participant: 1 }, 'OK']]);
  });
});

describe('everyone else', () => {
  it.each([
    ['the region', REGION],
    ['a BI tool', BI],
    ['an anonymous caller', ANONYMOUS],
    ["another partner's operator", IAL],
    ['an ambit consortium operator', ARCOLAIO],
    ['a CPIA operator of a partner id in another case', { ...OWN, partnerId: 'CPIA-BOLOGNA' } as Viewer],
  ])('%s gets FORBIDDEN and no participant, and the refusal is audited', async (_label, viewer) => {
    const person = await enrolledParticipant();
    await newAuditRows();
    const statements = await countStatements([database], async () => {
      const list = await run(viewer, `{ cpiaParticipants(search: {fiscalCode: "${person.fiscal_code}"}) { totalCount nodes { ${PERSON_FIELDS} } } }`);
      expect(list.data).toBeNull();
      expect(list.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
      const one = await run(viewer, `{ cpiaParticipant(id: "${person.id}") { fiscalCode firstName } }`);
      expect(one.data).toEqual({ cpiaParticipant: null });
      expect(one.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
      expect(JSON.stringify([list, one])).not.toContain(person.last_name);
    });
    // Nothing was read; only the two audit rows were written.
    expect(statements).toBe(2);
    const rows = await newAuditRows();
    expect(rows.map((r) => [r.role, r.partner_id, r.subject, r.entities, r.denied, r.outcome])).toEqual([
      [viewer.role, viewer.partnerId ?? null, viewer.subject ?? null, {}, ['Query.cpiaParticipants'], 'FORBIDDEN'],
      [viewer.role, viewer.partnerId ?? null, viewer.subject ?? null, {}, ['Query.cpiaParticipant'], 'FORBIDDEN'],
    ]);
  });
});

describe("another partner's facts about a participant (_entities)", () => {
  it('are given to another partner that serves the person, with a grant and the purpose case-coordination', async () => {
    const people = await Promise.all([enrolledParticipant(1), enrolledParticipant(3)]);
    await newAuditRows();
    const result = await run(IAL, entitiesQuery(`pseudonym cpiaEnrolments { ${FACT_FIELDS} }`), {
      representations: await Promise.all(people.map(async (p) => ({ __typename: 'Participant', pseudonym: p.pseudonym, grant: await grantOf(IAL, p.pseudonym) }))),
    });
    expect(result.errors).toBeUndefined();
    for (const [i, entity] of result.data!._entities.entries()) {
      expect(entity.pseudonym).toBe(people[i].pseudonym);
      expect(entity.cpiaEnrolments).toEqual(await expectedFacts(people[i].pseudonym));
      expect(entity.cpiaEnrolments.length).toBeGreaterThan(0);
      // Nothing personal: only the facts' own fields.
      for (const fact of entity.cpiaEnrolments) expect(Object.keys(fact).sort()).toEqual(FACT_FIELDS.split(' ').sort());
    }
    const [row] = await newAuditRows();
    expect(row).toMatchObject({ role: 'partner', partner_id: 'ial-er', subject: 'operator-ial-3', purpose: 'case-coordination', operation_name: 'CoordinateCase', entities: { Participant: new Set(people.map((p) => p.id)).size }, denied: [], outcome: 'OK' });
  });

  it('are an empty list for a person the network does not serve', async () => {
    const unknown = 'a'.repeat(64);
    const result = await run(IAL, entitiesQuery(), { representations: [{ __typename: 'Participant', pseudonym: unknown, grant: await grantOf(IAL, unknown) }] });
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([{ cpiaEnrolments: [] }]);
  });

  const cases: [string, Viewer, (pseudonym: string, other: string) => string | undefined | Promise<string | undefined>][] = [
    ['a grant for another pseudonym', IAL, (_p, other) => grantOf(IAL, other)],
    ['a grant of another partner', IAL, (p) => grantOf(ARCOLAIO, p)],
    ['a forged grant', IAL, (p) => grantOf(IAL, p, 'a-forged-secret-that-is-long-enough-0123456789')],
    ['a grant that is not a token', IAL, async () => 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'],
    ['no grant at all', IAL, async () => undefined],
    ['a valid grant but no purpose', { ...IAL, purpose: undefined }, (p) => grantOf(IAL, p)],
    ['a valid grant but another purpose', { ...IAL, purpose: 'reporting' }, (p) => grantOf(IAL, p)],
    ['role region, even with a grant', REGION, (p) => grantOf(REGION, p)],
    ['role bi, even with a grant', BI, (p) => grantOf(BI, p)],
    ['an anonymous caller', ANONYMOUS, (p) => grantOf(IAL, p)],
  ];
  it.each(cases)('are refused with FORBIDDEN for %s, giving no data', async (_label, viewer, grant) => {
    const [person, other] = await participantRows(2);
    await newAuditRows();
    const g = await grant(person.pseudonym, other.pseudonym);
    const representation = { __typename: 'Participant', pseudonym: person.pseudonym, ...(g === undefined ? {} : { grant: g }) };
    const result = await run(viewer, entitiesQuery(`cpiaEnrolments { ${FACT_FIELDS} }`), { representations: [representation] });
    expect(result.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(result.data ?? null)).not.toMatch(/courseKind|ITALIAN|CIVIC|DIGITAL/);
    const pseudonym = await run(viewer, entitiesQuery('pseudonym'), { representations: [representation] });
    expect(pseudonym.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    expect((await newAuditRows()).map((r) => [r.role, r.partner_id, r.entities, r.denied, r.outcome])).toEqual([
      [viewer.role, viewer.partnerId ?? null, {}, ['Participant.cpiaEnrolments'], 'FORBIDDEN'],
      [viewer.role, viewer.partnerId ?? null, {}, ['Participant.pseudonym'], 'FORBIDDEN'],
    ]);
  });

  it('are checked per participant: a valid grant does not open another', async () => {
    const [a, b] = await participantRows(2);
    const [factsA] = await Promise.all([expectedFacts(a.pseudonym)]);
    const result = await run(IAL, entitiesQuery(), {
      representations: [
        { __typename: 'Participant', pseudonym: a.pseudonym, grant: await grantOf(IAL, a.pseudonym) },
        { __typename: 'Participant', pseudonym: b.pseudonym, grant: await grantOf(IAL, a.pseudonym) },
      ],
    });
    expect(result.data!._entities).toEqual([{ cpiaEnrolments: factsA }, { cpiaEnrolments: null }]);
    expect(result.errors?.map((e) => [e.extensions.code, e.path?.join('.')])).toEqual([['FORBIDDEN', '_entities.1.cpiaEnrolments']]);
  });
});

describe('the audit trail', () => {
  const auditQuery = `query($filter: CpiaAuditRecordFilter, $first: Int, $after: String) { cpiaAuditRecords(filter: $filter, first: $first, after: $after) {
    totalCount nodes { id recordedAt subgraph subject role partnerId ambit purpose operationName operationHash entityCounts { entityType records } deniedFields outcome }
    pageInfo { hasNextPage endCursor } } }`;

  it('is read by the network and by the region, filtered and paged', async () => {
    await run(IAL, entitiesQuery(), { representations: [{ __typename: 'Participant', pseudonym: 'b'.repeat(64), grant: await grantOf(IAL, 'b'.repeat(64)) }] });
    const total = Number((await sql<{ n: number }>`select count(*)::int as n from audit_record`.execute(database.db)).rows[0].n);
    expect(total).toBeGreaterThan(5);
    for (const viewer of [OWN, REGION]) {
      const all = await run(viewer, auditQuery, { first: 1000 });
      expect(all.errors).toBeUndefined();
      expect(all.data!.cpiaAuditRecords.totalCount).toBe(total);
      const ial = await run(viewer, auditQuery, { filter: { partnerId: 'ial-er', subject: 'operator-ial-3' }, first: 1000 });
      expect(ial.data!.cpiaAuditRecords.nodes.length).toBeGreaterThan(0);
      for (const n of ial.data!.cpiaAuditRecords.nodes) expect(n).toMatchObject({ partnerId: 'ial-er', subject: 'operator-ial-3', subgraph: 'test' });
      const last = ial.data!.cpiaAuditRecords.nodes.at(-1);
      expect(last).toMatchObject({ role: 'partner', purpose: 'case-coordination', operationName: 'CoordinateCase', entityCounts: [{ entityType: 'Participant', records: 0 }], deniedFields: [], outcome: 'OK' });
      const today = new Date().toISOString().slice(0, 10);
      const dated = await run(viewer, auditQuery, { filter: { from: today, to: today }, first: 1000 });
      expect(dated.data!.cpiaAuditRecords.totalCount).toBe(total);
      const before = await run(viewer, auditQuery, { filter: { to: '2020-01-01' } });
      expect(before.data!.cpiaAuditRecords.totalCount).toBe(0);
    }
    // Pages: every record once, oldest first.
    const ids: number[] = [];
    let after: string | null = null;
    do {
      const page = await run(REGION, auditQuery, { first: 4, after });
      expect(page.errors).toBeUndefined();
      ids.push(...page.data!.cpiaAuditRecords.nodes.map((n: { id: string }) => Number(n.id.split(':').at(-1))));
      after = page.data!.cpiaAuditRecords.pageInfo.hasNextPage ? page.data!.cpiaAuditRecords.pageInfo.endCursor : null;
    } while (after);
    expect(ids.length).toBeGreaterThanOrEqual(total);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each([
    ["another partner's operator", IAL],
    ['a BI tool', BI],
    ['an anonymous caller', ANONYMOUS],
  ])('is refused to %s', async (_label, viewer) => {
    await newAuditRows();
    const result = await run(viewer, auditQuery, {});
    expect(result.data).toBeNull();
    expect(result.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    expect((await newAuditRows()).map((r) => [r.role, r.denied, r.outcome])).toEqual([[viewer.role, ['Query.cpiaAuditRecords'], 'FORBIDDEN']]);
  });

  it.each([
    [{ from: '2026-05-01', to: '2026-01-01' }, /inverted/],
    [{ from: '2026-02-30' }, /YYYY-MM-DD/],
    [{ partnerId: 'IAL ER' }, /partner registry id/],
    [{ subject: '' }, /1 to 200/],
  ])('answers a malformed filter %j with BAD_USER_INPUT', async (filter, message) => {
    const result = await run(REGION, auditQuery, { filter });
    expect(result.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message).toMatch(message);
  });

  it('is append-only: UPDATE, DELETE and TRUNCATE fail', async () => {
    const before = await database.db.selectFrom('audit_record').selectAll().orderBy('id').execute();
    expect(before.length).toBeGreaterThan(0);
    await expect(database.db.updateTable('audit_record').set({ outcome: 'OK' }).where('id', '=', before[0].id).execute()).rejects.toThrow(/append-only/);
    await expect(database.db.updateTable('audit_record').set({ subject: null }).execute()).rejects.toThrow(/append-only/);
    await expect(database.db.deleteFrom('audit_record').where('id', '=', before[0].id).execute()).rejects.toThrow(/append-only/);
    await expect(database.db.deleteFrom('audit_record').execute()).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_record`.execute(database.db)).rejects.toThrow(/append-only/);
    expect(await database.db.selectFrom('audit_record').selectAll().orderBy('id').execute()).toEqual(before);
  });

  it('holds no personal value of any participant', async () => {
    // Touch many people in every way the subgraph allows, then look for their data in the trail.
    const people = await participantRows(40);
    await run(OWN, `{ cpiaParticipants(first: 40) { nodes { ${PERSON_FIELDS} participant { cpiaEnrolments { status } } } } }`);
    for (const p of people.slice(0, 5)) {
      await run({ ...OWN, operationName: 'ByCode' }, 'query($c: String) { cpiaParticipants(search: {fiscalCode: $c}) { totalCount } }', { c: p.fiscal_code });
      await run(OWN, 'query($n: String) { cpiaParticipants(search: {nameContains: $n}) { totalCount } }', { n: `${p.first_name} ${p.last_name}` });
      await run(REGION, 'query($c: String) { cpiaParticipants(search: {fiscalCode: $c}) { totalCount } }', { c: p.fiscal_code });
      await run(IAL, entitiesQuery('pseudonym cpiaEnrolments { status }'), { representations: [{ __typename: 'Participant', pseudonym: p.pseudonym, grant: await grantOf(IAL, p.pseudonym) }] });
      await run(BI, entitiesQuery('pseudonym cpiaEnrolments { status }'), { representations: [{ __typename: 'Participant', pseudonym: p.pseudonym }] });
    }
    const rows = await database.db.selectFrom('audit_record').selectAll().execute();
    const text = JSON.stringify(rows);
    const words = new Set(text.split(/[^\p{L}\p{N}]+/u));
    const all = await database.db.selectFrom('participant').selectAll().execute();
    for (const p of all) {
      for (const value of [p.fiscal_code, p.pseudonym, p.birth_date, `${p.first_name} ${p.last_name}`]) expect(text).not.toContain(value);
      for (const name of [...p.first_name.split(' '), ...p.last_name.split(' ')]) expect(words.has(name)).toBe(false);
    }
  });
});

describe('statements', () => {
  it('are as many for a page of 1 participant as for 100, with enrolments, courses and facts', async () => {
    const query = (first: number) => `{ cpiaParticipants(first: ${first}) { totalCount nodes { ${PERSON_FIELDS}
      enrolments { status course { kind site { name institute { name } } } } participant { pseudonym cpiaEnrolments { courseKind status } } } } }`;
    // The sites' snapshot (reference data) read afresh now, so it cannot expire between the two counts.
    forgetNetwork(database.db);
    await run(OWN, query(1));
    const small = await countStatements([database], () => run(OWN, query(1)));
    const large = await countStatements([database], () => run(OWN, query(100)));
    expect(large).toBe(small);
    const check = await run(OWN, query(100));
    expect(check.errors).toBeUndefined();
    expect(check.data!.cpiaParticipants.nodes).toHaveLength(100);
  });

  it.each([
    ['the network itself', OWN],
    ['another partner with grants', IAL],
  ])('are as many for _entities of 1 participant as of 50, for %s', async (_label, viewer) => {
    const people = await participantRows(50);
    const representations = await Promise.all(people.map(async (p) => ({ __typename: 'Participant', pseudonym: p.pseudonym, grant: await grantOf(viewer, p.pseudonym) })));
    const query = entitiesQuery(`pseudonym cpiaEnrolments { ${FACT_FIELDS} }`);
    const one = await countStatements([database], () => run(viewer, query, { representations: representations.slice(0, 1) }));
    const fifty = await countStatements([database], () => run(viewer, query, { representations }));
    expect(fifty).toBe(one);
    const check = await run(viewer, query, { representations });
    expect(check.errors).toBeUndefined();
    expect(check.data!._entities.filter((e: { cpiaEnrolments: unknown[] }) => e.cpiaEnrolments.length > 0)).toHaveLength(50);
  });
});

describe('the schema', () => {
  const sdl = printSubgraphSchema(schema);
  const block = (kind: 'type' | 'input', name: string) => {
    const match = new RegExp(`\\n${kind} ${name}\\b[^{]*\\{([^}]*)\\}`).exec(sdl);
    if (!match) throw new Error(`no ${kind} ${name}`);
    return match[0];
  };
  const fieldLine = (text: string, field: string) => text.split('\n').find((line) => new RegExp(`^\\s+${field}[(:]`).test(line)) ?? '';

  it('tags every personal field of a participant as personal', () => {
    const participant = block('type', 'CpiaParticipant');
    expect(participant).toMatch(/type CpiaParticipant\s+@tag\(name: "personal"\)/);
    for (const field of ['id', 'pseudonym', 'fiscalCode', 'firstName', 'lastName', 'birthDate', 'gender', 'citizenship', 'residence', 'enrolments']) {
      expect(fieldLine(participant, field)).toContain('@tag(name: "personal")');
    }
    expect(block('type', 'CpiaEnrolment')).toMatch(/type CpiaEnrolment\s+@tag\(name: "personal"\)/);
    for (const field of ['nameContains', 'fiscalCode']) expect(fieldLine(block('input', 'CpiaParticipantSearch'), field)).toContain('@tag(name: "personal")');
  });

  it('keys Participant on pseudonym and grant, hides the grant and marks the pseudonym pseudonymous', () => {
    const participant = block('type', 'Participant');
    expect(participant).toContain('@key(fields: "pseudonym grant")');
    expect(fieldLine(participant, 'grant')).toMatch(/String! @inaccessible/);
    expect(fieldLine(participant, 'pseudonym')).toContain('@tag(name: "pseudonymous")');
    expect(fieldLine(participant, 'cpiaEnrolments')).toContain('[CpiaEnrolmentFact!]');
    expect(block('type', 'CpiaEnrolmentFact')).not.toMatch(/name|fiscal|birth|pseudonym|email|phone|note/i);
  });
});
