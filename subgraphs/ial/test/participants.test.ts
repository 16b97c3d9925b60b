// Who may see IAL's participants, its facts about them and its audit trail — on a real database
// (PostgreSQL when TEST_DATABASE_URL is set, PGlite otherwise), through the subgraph schema as
// the gateway's internal token would present each caller.
import { printSubgraphSchema } from '@apollo/subgraph';
import { CASE_COORDINATION, participantGrants, prepareSubgraphDatabase, type Viewer } from '@pleiadi/kit';
import { countStatements, createTestDatabase, execute, TEST_INTERNAL_SECRET, type TestDatabase } from '@pleiadi/kit/testing';
import { Kind, parse, type ObjectTypeDefinitionNode } from 'graphql';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definition, schema, type IalDatabase } from '../src/index.ts';

let database: TestDatabase<IalDatabase>;

const IAL: Viewer = { role: 'partner', partnerId: 'ial-er', subject: 'op-ial-bologna-3', purpose: 'job-facilitation', operationName: 'FindParticipants', operationHash: 'abc123' };
const CPIA: Viewer = { role: 'partner', partnerId: 'cpia-bologna', subject: 'op-cpia-7', purpose: CASE_COORDINATION, operationName: 'CaseFile' };
const ATS: Viewer = { role: 'partner', partnerId: 'cidas', ambit: 'ROMAGNA', subject: 'op-cidas-2', purpose: CASE_COORDINATION };
const REGION: Viewer = { role: 'region', subject: 'art-er-analyst', purpose: 'reporting' };
const BI: Viewer = { role: 'bi', subject: 'bi-tool' };
const ANONYMOUS: Viewer = { role: 'anonymous' };

const run = (query: string, variables: Record<string, unknown> | undefined, viewer: Viewer) => execute(schema, database, query, variables, viewer);

type AuditRow = IalDatabase['audit_record'] & { id: number; recorded_at: Date };
const auditRows = async (): Promise<AuditRow[]> => (await sql<AuditRow>`select * from audit_record order by id`.execute(database.db)).rows;
/** The audit rows `action` added. */
async function audited(action: () => Promise<unknown>): Promise<AuditRow[]> {
  const before = (await auditRows()).length;
  await action();
  return (await auditRows()).slice(before);
}

interface Person {
  id: number;
  pseudonym: string;
  fiscal_code: string;
  first_name: string;
  last_name: string;
  birth_date: string;
  gender: string;
  citizenship: string;
  residence_municipality: string;
}
let people: Person[];
/** Someone with a recognition application, a traineeship and a placement: every fact is set. */
let busy: Person;

const signAs = (viewer: Viewer, pseudonym: string) => participantGrants(viewer, TEST_INTERNAL_SECRET).sign(pseudonym);
const entities = (fields = 'ialJobPath { status startedOn closedOn individualGuidance skillsAssessed recognitionOutcome traineeshipOutcome placementContractKind }') =>
  `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Participant { ${fields} } } }`;
const representations = (keys: { pseudonym: string; grant?: string }[]) => ({ representations: keys.map((key) => ({ __typename: 'Participant', ...key })) });

/** IAL's facts about a person, computed here from the tables, independently of the schema. */
async function expectedFacts(personId: number) {
  const db = database.db;
  const [path] = await db.selectFrom('job_path').selectAll().where('participant_id', '=', personId).orderBy('started_on', 'desc').orderBy('id', 'desc').limit(1).execute();
  const sessions = await db.selectFrom('orientation_session').select('kind').where('job_path_id', '=', path.id).execute();
  const assessments = await db.selectFrom('skills_assessment').select('id').where('job_path_id', '=', path.id).execute();
  const recognitions = await db.selectFrom('qualification_recognition').select(['outcome', 'submitted_on', 'id']).where('job_path_id', '=', path.id).execute();
  const traineeships = await db.selectFrom('traineeship').select(['outcome', 'starts_on', 'id']).where('job_path_id', '=', path.id).execute();
  const placements = await db.selectFrom('placement').select(['contract_kind', 'starts_on', 'id']).where('job_path_id', '=', path.id).execute();
  const latest = <T extends { id: number }>(rows: T[], date: (row: T) => string) =>
    [...rows].sort((a, b) => date(b).localeCompare(date(a)) || b.id - a.id)[0];
  return {
    status: path.status,
    startedOn: path.started_on,
    closedOn: path.closed_on,
    individualGuidance: sessions.some((s) => s.kind === 'INDIVIDUAL_GUIDANCE'),
    skillsAssessed: assessments.length > 0,
    recognitionOutcome: latest(recognitions, (r) => r.submitted_on)?.outcome ?? null,
    traineeshipOutcome: latest(traineeships, (t) => t.starts_on)?.outcome ?? null,
    placementContractKind: latest(placements, (p) => p.starts_on)?.contract_kind ?? null,
  };
}

beforeAll(async () => {
  database = await createTestDatabase<IalDatabase>('ial_access');
  await prepareSubgraphDatabase(definition, database.db, { demo: true });
  people = (await sql<Person>`select id, pseudonym, fiscal_code, first_name, last_name, birth_date, gender, citizenship, residence_municipality from participant order by id`.execute(database.db)).rows;
  const { rows } = await sql<{ id: number }>`select j.participant_id as id from job_path j
    where exists (select 1 from qualification_recognition q where q.job_path_id = j.id)
      and exists (select 1 from traineeship t where t.job_path_id = j.id) and exists (select 1 from placement p where p.job_path_id = j.id)
    order by j.participant_id limit 1`.execute(database.db);
  busy = people.find((p) => p.id === rows[0].id)!;
});
afterAll(() => database.drop());

const PERSON_FIELDS = 'id pseudonym fiscalCode firstName lastName birthDate gender citizenship residence { istatCode }';
const FULL_PATH = `jobPaths { id status startedOn closedOn office { id }
  orientationSessions { id heldOn minutes kind } skillsAssessments { id completedOn outcomeDocument }
  qualificationRecognitions { id country qualificationKind submittedOn outcome }
  traineeships { id startsOn endsOn hoursPerWeek outcome employer { id name } } placements { id contractKind startsOn atecoCode employer { id } } }`;
const SEARCH = `query($search: IalParticipantSearch, $first: Int, $after: String) {
  ialParticipants(search: $search, first: $first, after: $after) { totalCount nodes { ${PERSON_FIELDS} } pageInfo { hasNextPage endCursor } } }`;

describe("IAL's own operators", () => {
  it('find a person by fiscal code, whatever its spacing and case, with every personal field and the whole job path', async () => {
    const spaced = `${busy.fiscal_code.slice(0, 6).toLowerCase()} ${busy.fiscal_code.slice(6)}`;
    const result = await run(`query($code: String) { ialParticipants(search: {fiscalCode: $code}) { totalCount nodes { ${PERSON_FIELDS} ${FULL_PATH} } } }`, { code: spaced }, IAL);
    expect(result.errors).toBeUndefined();
    expect(result.data!.ialParticipants.totalCount).toBe(1);
    const [person] = result.data!.ialParticipants.nodes;
    expect(person).toMatchObject({
      id: String(busy.id), pseudonym: busy.pseudonym, fiscalCode: busy.fiscal_code, firstName: busy.first_name, lastName: busy.last_name,
      birthDate: busy.birth_date, gender: busy.gender, citizenship: busy.citizenship, residence: { istatCode: busy.residence_municipality },
    });
    const [path] = person.jobPaths;
    const db = database.db;
    const paths = await db.selectFrom('job_path').selectAll().where('participant_id', '=', busy.id).execute();
    expect(person.jobPaths).toHaveLength(paths.length);
    expect(path).toMatchObject({ id: String(paths[0].id), status: paths[0].status, startedOn: paths[0].started_on, closedOn: paths[0].closed_on, office: { id: paths[0].office_id } });
    const count = async (table: 'orientation_session' | 'skills_assessment' | 'qualification_recognition' | 'traineeship' | 'placement') =>
      (await db.selectFrom(table).select('id').where('job_path_id', '=', paths[0].id).execute()).length;
    expect(path.orientationSessions).toHaveLength(await count('orientation_session'));
    expect(path.skillsAssessments).toHaveLength(await count('skills_assessment'));
    expect(path.qualificationRecognitions).toHaveLength(await count('qualification_recognition'));
    expect(path.traineeships).toHaveLength(await count('traineeship'));
    expect(path.placements).toHaveLength(await count('placement'));
    expect(path.traineeships[0].employer.name).toMatch(/\(demo\)$/);
  });

  it('search names case-insensitively, as "first last" or "last first", and combine criteria', async () => {
    const part = busy.last_name.slice(0, 4).toLowerCase();
    const matches = (p: Person) => `${p.first_name} ${p.last_name}`.toLowerCase().includes(part) || `${p.last_name} ${p.first_name}`.toLowerCase().includes(part);
    const byName = await run(SEARCH, { search: { nameContains: `  ${part.toUpperCase()} ` }, first: 1000 }, IAL);
    expect(byName.errors).toBeUndefined();
    const ids = byName.data!.ialParticipants.nodes.map((n: { id: string }) => Number(n.id));
    expect(ids).toEqual(people.filter(matches).map((p) => p.id));
    expect(ids).toContain(busy.id);

    for (const full of [`${busy.first_name} ${busy.last_name}`, `${busy.last_name.toLowerCase()} ${busy.first_name.toUpperCase()}`]) {
      const result = await run(SEARCH, { search: { nameContains: full } }, IAL);
      expect(result.data!.ialParticipants.nodes.map((n: { id: string }) => Number(n.id))).toContain(busy.id);
    }

    const municipality = busy.residence_municipality;
    const [path] = await database.db.selectFrom('job_path').select(['office_id', 'status']).where('participant_id', '=', busy.id).execute();
    const combined = await run(SEARCH, { search: { municipality, office: path.office_id, status: path.status }, first: 1000 }, IAL);
    expect(combined.errors).toBeUndefined();
    const { rows } = await sql<{ id: number }>`select p.id from participant p join job_path j on j.participant_id = p.id
      where p.residence_municipality = ${municipality} and j.office_id = ${path.office_id} and j.status = ${path.status} order by p.id`.execute(database.db);
    expect(combined.data!.ialParticipants.nodes.map((n: { id: string }) => Number(n.id))).toEqual(rows.map((r) => r.id));
    expect(combined.data!.ialParticipants.totalCount).toBe(rows.length);

    // Wildcards in the text are taken literally: they match nobody.
    const none = await run(SEARCH, { search: { nameContains: "o'%" } }, IAL);
    expect(none.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('page through every participant exactly once, in id order, with cursors that carry no personal data', async () => {
    const seen: number[] = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof run>> = await run(SEARCH, { first: 97, after }, IAL);
      expect(page.errors).toBeUndefined();
      expect(page.data!.ialParticipants.totalCount).toBe(people.length);
      seen.push(...page.data!.ialParticipants.nodes.map((n: { id: string }) => Number(n.id)));
      after = page.data!.ialParticipants.pageInfo.hasNextPage ? page.data!.ialParticipants.pageInfo.endCursor : null;
      if (after) expect(JSON.parse(Buffer.from(after, 'base64url').toString())).toEqual([seen[seen.length - 1]]);
    } while (after);
    expect(seen).toEqual(people.map((p) => p.id));
  });

  it('read one person by id; an id IAL does not know is null', async () => {
    const result = await run(`{ known: ialParticipant(id: "${busy.id}") { fiscalCode } unknown: ialParticipant(id: "99999999") { fiscalCode } }`, undefined, IAL);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ known: { fiscalCode: busy.fiscal_code }, unknown: null });
  });

  it('leave an audit row per request: who, role, partner, purpose, operation, how many participants, outcome', async () => {
    const rows = await audited(() => run(SEARCH, { search: { municipality: busy.residence_municipality }, first: 5 }, IAL));
    expect(rows).toHaveLength(1);
    const returned = Math.min(5, people.filter((p) => p.residence_municipality === busy.residence_municipality).length);
    expect(rows[0]).toMatchObject({
      subgraph: 'test', store: 'main', subject: IAL.subject, role: 'partner', partner_id: 'ial-er', ambit: null, purpose: IAL.purpose,
      operation_name: 'FindParticipants', operation_hash: 'abc123', entities: { IalParticipant: returned }, denied: [], outcome: 'OK',
    });
    expect(Date.now() - new Date(rows[0].recorded_at).getTime()).toBeLessThan(60_000);
    // A search that finds nobody is still a search of personal data.
    const empty = await audited(() => run(SEARCH, { search: { fiscalCode: 'RSSMRA80A01Z999Y' } }, IAL));
    expect(empty.map((r) => r.entities)).toEqual([{ IalParticipant: 0 }]);
    // Facts reached through the person's own Participant count too.
    const linked = await audited(() => run(`{ ialParticipant(id: "${busy.id}") { participant { ialJobPath { status } } } }`, undefined, IAL));
    expect(linked.map((r) => r.entities)).toEqual([{ IalParticipant: 1, Participant: 1 }]);
  });

  it.each([
    ['a one-letter name', '{ ialParticipants(search: {nameContains: "a"}) { totalCount } }', 'nameContains'],
    ['a name with digits', '{ ialParticipants(search: {nameContains: "rossi1"}) { totalCount } }', 'nameContains'],
    ['a name with wildcards', '{ ialParticipants(search: {nameContains: "%"}) { totalCount } }', 'nameContains'],
    ['a short fiscal code', '{ ialParticipants(search: {fiscalCode: "RSSMRA80"}) { totalCount } }', 'fiscalCode'],
    ['a fiscal code with a wrong check character', '{ ialParticipants(search: {fiscalCode: "RSSMRA80A01Z999A"}) { totalCount } }', 'fiscalCode'],
    ['a malformed municipality', '{ ialParticipants(search: {municipality: "37006"}) { totalCount } }', 'municipality'],
    ['an unknown municipality', '{ ialParticipants(search: {municipality: "999999"}) { totalCount } }', 'municipality'],
    ['an unknown office', '{ ialParticipants(search: {office: "ial-zz"}) { totalCount } }', 'office'],
    ['a malformed office', '{ ialParticipants(search: {office: "BO"}) { totalCount } }', 'office'],
    ['a page too large', '{ ialParticipants(first: 1001) { totalCount } }', 'first'],
    ['a foreign cursor', '{ ialParticipants(after: "bm90LWEtY3Vyc29y") { totalCount } }', 'after'],
    ['a malformed id', '{ ialParticipant(id: "abc") { id } }', 'id'],
  ])('get BAD_USER_INPUT for %s, without their input echoed', async (_label, query, argument) => {
    const result = await run(query, undefined, IAL);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    expect(result.errors?.[0].message).not.toMatch(/RSSMRA80A01Z999A|rossi1/);
  });
});

describe('everyone else', () => {
  const callers: [string, Viewer][] = [['the region', REGION], ['a BI tool', BI], ['an anonymous caller', ANONYMOUS], ["another partner's operator", CPIA], ['an ATS operator', ATS]];

  it.each(callers)('%s gets FORBIDDEN and no data for participants, reads nothing, and the refusal is audited', async (_label, viewer) => {
    let result: Awaited<ReturnType<typeof run>> | undefined;
    const query = `{ ialParticipants(search: {fiscalCode: "${busy.fiscal_code}"}) { nodes { fiscalCode firstName } } ialParticipant(id: "${busy.id}") { lastName } }`;
    const rows = await audited(async () => {
      // The only statement is the audit row.
      expect(await countStatements([database], async () => (result = await run(query, undefined, viewer)))).toBe(1);
    });
    expect(result!.data).toEqual({ ialParticipants: null, ialParticipant: null });
    expect(result!.errors?.map((e) => [e.extensions.code, e.path?.join('.')])).toEqual([['FORBIDDEN', 'ialParticipants'], ['FORBIDDEN', 'ialParticipant']]);
    expect(JSON.stringify(result)).not.toContain(busy.last_name);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ role: viewer.role, subject: viewer.subject ?? null, partner_id: viewer.partnerId ?? null, entities: {}, outcome: 'FORBIDDEN' });
    expect([...rows[0].denied].sort()).toEqual(['Query.ialParticipant', 'Query.ialParticipants']);
  });
});

describe("IAL's facts on the cross-partner Participant", () => {
  it("go to another partner's operator with a grant its own partner signed, for case coordination; null for people IAL does not serve", async () => {
    const stranger = 'f'.repeat(64);
    const keys = [
      { pseudonym: busy.pseudonym, grant: await signAs(CPIA, busy.pseudonym) },
      { pseudonym: stranger, grant: await signAs(CPIA, stranger) },
    ];
    const rows = await audited(async () => {
      const result = await run(entities('pseudonym ialJobPath { status startedOn closedOn individualGuidance skillsAssessed recognitionOutcome traineeshipOutcome placementContractKind }'), representations(keys), CPIA);
      expect(result.errors).toBeUndefined();
      expect(result.data!._entities).toEqual([
        { pseudonym: busy.pseudonym, ialJobPath: await expectedFacts(busy.id) },
        { pseudonym: stranger, ialJobPath: null },
      ]);
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ role: 'partner', partner_id: 'cpia-bologna', purpose: CASE_COORDINATION, subject: CPIA.subject, entities: { Participant: 1 }, denied: [], outcome: 'OK' });
  });

  it("go to IAL's own operators without a grant", async () => {
    const keys = [{ pseudonym: busy.pseudonym }, { pseudonym: busy.pseudonym, grant: '' }];
    const result = await run(entities('pseudonym ialJobPath { status recognitionOutcome }'), representations(keys), IAL);
    expect(result.errors).toBeUndefined();
    const facts = await expectedFacts(busy.id);
    expect(result.data!._entities).toEqual(keys.map(() => ({ pseudonym: busy.pseudonym, ialJobPath: { status: facts.status, recognitionOutcome: facts.recognitionOutcome } })));
  });

  it("link IAL's person to the Participant with a grant for IAL's operators, and nobody else", async () => {
    const result = await run(`{ ialParticipant(id: "${busy.id}") { participant { pseudonym grant ialJobPath { placementContractKind } } } }`, undefined, IAL);
    expect(result.errors).toBeUndefined();
    const { participant } = result.data!.ialParticipant;
    expect(participant.pseudonym).toBe(busy.pseudonym);
    expect(participant.ialJobPath).toEqual({ placementContractKind: (await expectedFacts(busy.id)).placementContractKind });
    expect(await participantGrants(IAL, TEST_INTERNAL_SECRET).allows(participant.grant, busy.pseudonym)).toBe(false); // IAL's purpose is not case coordination
    expect(await participantGrants({ ...IAL, purpose: CASE_COORDINATION }, TEST_INTERNAL_SECRET).allows(participant.grant, busy.pseudonym)).toBe(true);
    // IAL's grant in a CPIA operator's hands is a grant of another partner.
    const stolen = await run(entities(), representations([{ pseudonym: busy.pseudonym, grant: participant.grant }]), CPIA);
    expect(stolen.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(stolen.data!._entities).toEqual([{ ialJobPath: null }]);
  });

  const forged = async (pseudonym: string) => {
    const { SignJWT } = await import('jose');
    return new SignJWT({ partnerId: CPIA.partnerId }).setProtectedHeader({ alg: 'HS256' }).setAudience('pleiadi-participant-grant').setSubject(pseudonym).setExpirationTime('10m')
      .sign(new TextEncoder().encode('a-forged-secret-of-sufficient-length-0123456789'));
  };
  const other = () => people.find((p) => p.id !== busy.id)!.pseudonym;
  const refusals: [string, Viewer, () => string | undefined | Promise<string | undefined>][] = [
    ['a grant for another pseudonym', CPIA, () => signAs(CPIA, other())],
    ['a grant of another partner', CPIA, () => signAs(ATS, busy.pseudonym)],
    ['a forged grant', CPIA, () => forged(busy.pseudonym)],
    ['no grant at all', CPIA, async () => undefined],
    ['a valid grant but no purpose', { ...CPIA, purpose: undefined }, () => signAs(CPIA, busy.pseudonym)],
    ['a valid grant but another purpose', { ...CPIA, purpose: 'reporting' }, () => signAs(CPIA, busy.pseudonym)],
    ['the role region', { ...REGION, purpose: CASE_COORDINATION }, () => signAs(CPIA, busy.pseudonym)],
    ['the role bi', { ...BI, purpose: CASE_COORDINATION }, () => signAs(CPIA, busy.pseudonym)],
    ['an anonymous caller', { ...ANONYMOUS, purpose: CASE_COORDINATION }, () => signAs(CPIA, busy.pseudonym)],
  ];

  it.each(refusals)('are refused with %s: FORBIDDEN, no data, nothing read, refusal audited', async (_label, viewer, grantFor) => {
    const grant = await grantFor();
    const keys = [{ pseudonym: busy.pseudonym, ...(grant === undefined ? {} : { grant }) }];
    // The facts, and the pseudonym itself (the key field: its refusal nulls the whole entity).
    for (const [fields, data, field] of [
      ['ialJobPath { status }', [{ ialJobPath: null }], 'ialJobPath'],
      ['pseudonym', [null], 'pseudonym'],
    ] as const) {
      let result: Awaited<ReturnType<typeof run>> | undefined;
      const rows = await audited(async () => {
        // The only statement is the audit row.
        expect(await countStatements([database], async () => (result = await run(entities(fields), representations(keys), viewer)))).toBe(1);
      });
      expect(result!.data).toEqual({ _entities: data });
      expect(result!.errors?.map((e) => [e.extensions.code, e.path?.join('.')])).toEqual([['FORBIDDEN', `_entities.0.${field}`]]);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ role: viewer.role, subject: viewer.subject ?? null, entities: {}, denied: [`Participant.${field}`], outcome: 'FORBIDDEN' });
    }
  });

  it('serve each caller only the people its grants cover, in one request', async () => {
    const [a, b] = people.slice(0, 2);
    const keys = [{ pseudonym: a.pseudonym, grant: await signAs(CPIA, a.pseudonym) }, { pseudonym: b.pseudonym, grant: await signAs(CPIA, a.pseudonym) }];
    const rows = await audited(async () => {
      const result = await run(entities('ialJobPath { status }'), representations(keys), CPIA);
      expect(result.data!._entities).toEqual([{ ialJobPath: { status: (await expectedFacts(a.id)).status } }, { ialJobPath: null }]);
      expect(result.errors?.map((e) => [e.extensions.code, e.path?.join('.')])).toEqual([['FORBIDDEN', '_entities.1.ialJobPath']]);
    });
    expect(rows[0]).toMatchObject({ entities: { Participant: 1 }, denied: ['Participant.ialJobPath'], outcome: 'FORBIDDEN' });
  });
});

describe('the audit trail', () => {
  const AUDIT = `query($filter: IalAuditRecordFilter, $first: Int, $after: String) { ialAuditRecords(filter: $filter, first: $first, after: $after) {
    totalCount nodes { id recordedAt subgraph subject role partnerId ambit purpose operationName operationHash entityCounts { entityType records } deniedFields outcome }
    pageInfo { hasNextPage endCursor } } }`;

  it("is read by IAL's operators and by the region, filtered and paged", async () => {
    await run(SEARCH, { first: 3 }, IAL);
    const all = await auditRows();
    for (const viewer of [IAL, REGION]) {
      const result = await run(AUDIT, { first: 1000 }, viewer);
      expect(result.errors).toBeUndefined();
      expect(result.data!.ialAuditRecords.totalCount).toBe(all.length);
      expect(result.data!.ialAuditRecords.nodes.map((n: { id: string }) => n.id)).toEqual(all.map((r) => `test:main:${r.id}`));
    }
    const today = new Date().toISOString().slice(0, 10);
    const mine = await run(AUDIT, { filter: { subject: IAL.subject, partnerId: 'ial-er', from: today, to: today }, first: 2 }, REGION);
    expect(mine.errors).toBeUndefined();
    const expected = all.filter((r) => r.subject === IAL.subject && r.partner_id === 'ial-er');
    expect(mine.data!.ialAuditRecords.totalCount).toBe(expected.length);
    const [first] = mine.data!.ialAuditRecords.nodes;
    expect(first).toMatchObject({ subgraph: 'test', subject: IAL.subject, role: 'partner', partnerId: 'ial-er', purpose: IAL.purpose, operationName: 'FindParticipants', operationHash: 'abc123' });
    expect(first.entityCounts).toEqual(Object.entries(expected[0].entities).map(([entityType, records]) => ({ entityType, records })));
    const next = await run(AUDIT, { filter: { subject: IAL.subject }, first: 2, after: mine.data!.ialAuditRecords.pageInfo.endCursor }, REGION);
    expect(next.data!.ialAuditRecords.nodes.map((n: { id: string }) => n.id)).toEqual(expected.slice(2, 4).map((r) => `test:main:${r.id}`));
    const earlier = await run(AUDIT, { filter: { to: '2020-01-01' } }, REGION);
    expect(earlier.data!.ialAuditRecords.totalCount).toBe(0);
  });

  it.each([
    ['an inverted range', { from: '2026-02-01', to: '2026-01-01' }, 'from'],
    ['an empty subject', { subject: '' }, 'subject'],
    ['a malformed partner id', { partnerId: 'CPIA Bologna' }, 'partnerId'],
  ])('answers %s with BAD_USER_INPUT', async (_label, filter, argument) => {
    const result = await run(AUDIT, { filter }, REGION);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
  });

  it.each([["another partner's operator", CPIA], ['a BI tool', BI], ['an anonymous caller', ANONYMOUS]] as [string, Viewer][])(
    'is refused to %s, and the refusal is audited',
    async (_label, viewer) => {
      let result: Awaited<ReturnType<typeof run>> | undefined;
      const rows = await audited(async () => (result = await run(AUDIT, {}, viewer)));
      expect(result!.data).toEqual({ ialAuditRecords: null });
      expect(result!.errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ role: viewer.role, denied: ['Query.ialAuditRecords'], outcome: 'FORBIDDEN' });
    },
  );

  it('is append-only: UPDATE, DELETE and TRUNCATE fail and change nothing', async () => {
    const before = await auditRows();
    expect(before.length).toBeGreaterThan(0);
    await expect(sql`update audit_record set subject = 'someone-else'`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_record`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_record`.execute(database.db)).rejects.toThrow(/append-only/);
    expect(await auditRows()).toEqual(before);
  });

  it('holds no personal value: no fiscal code, name, birth date or pseudonym of any participant', async () => {
    const rows = await auditRows();
    expect(rows.length).toBeGreaterThan(20);
    const text = JSON.stringify(rows);
    for (const p of people) {
      for (const value of [p.fiscal_code, p.pseudonym, p.birth_date]) expect(text).not.toContain(value);
      for (const name of [p.first_name, p.last_name]) expect(text).not.toMatch(new RegExp(`\\b${name}\\b`));
    }
  });
});

describe('schema', () => {
  const sdl = printSubgraphSchema(schema);
  const types = new Map(parse(sdl).definitions.filter((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION).map((d) => [d.name.value, d]));
  const tagsOf = (type: string, field: string) =>
    types.get(type)!.fields!.find((f) => f.name.value === field)!.directives!.filter((d) => d.name.value === 'tag').map((d) => (d.arguments![0].value as { value: string }).value);

  it('tags every personal field of IalParticipant @tag(name: "personal"), and the pseudonym of Participant "pseudonymous"', () => {
    for (const field of ['pseudonym', 'fiscalCode', 'firstName', 'lastName', 'birthDate', 'gender', 'citizenship', 'residence', 'jobPaths']) {
      expect(tagsOf('IalParticipant', field)).toEqual(['personal']);
    }
    expect(tagsOf('Query', 'ialParticipants')).toEqual(['personal']);
    expect(tagsOf('Query', 'ialParticipant')).toEqual(['personal']);
    expect(tagsOf('Participant', 'pseudonym')).toEqual(['pseudonymous']);
    expect(tagsOf('Participant', 'ialJobPath')).toEqual(['pseudonymous']);
    // Not personal data: the oversight tag keeps it out of the bi contract only.
    expect(tagsOf('Query', 'ialAuditRecords')).toEqual(['oversight']);
  });

  it('keys Participant by pseudonym and grant, and keeps the grant @inaccessible', () => {
    expect(sdl).toMatch(/type Participant\s+@key\(fields: "pseudonym grant"\)/);
    const grant = types.get('Participant')!.fields!.find((f) => f.name.value === 'grant')!;
    expect(grant.directives!.map((d) => d.name.value)).toEqual(['inaccessible']);
  });

  it('puts nothing personal on the facts: no names, codes, birth dates, contacts or free text', () => {
    const facts = types.get('IalJobPathFact')!.fields!.map((f) => f.name.value);
    expect(facts).toEqual(['status', 'startedOn', 'closedOn', 'individualGuidance', 'skillsAssessed', 'recognitionOutcome', 'traineeshipOutcome', 'placementContractKind']);
  });
});

describe('batching', () => {
  it('reads a page of participants with their whole paths in the same statements whatever its size', async () => {
    // Each loader is reached from one list (the employer loader from traineeships, not also from
    // placements): lists read by separate statements may come back in separate ticks.
    const path = FULL_PATH.replace('placements { id contractKind startsOn atecoCode employer { id } }', 'placements { id contractKind startsOn atecoCode }');
    expect(path).not.toBe(FULL_PATH);
    const query = (n: number) => `{ ialParticipants(first: ${n}) { totalCount nodes { ${PERSON_FIELDS} ${path} participant { pseudonym ialJobPath { status } } } } }`;
    await run(query(2), undefined, IAL); // reference snapshots read first, outside the counts
    const small = await countStatements([database], () => run(query(2), undefined, IAL));
    const large = await countStatements([database], () => run(query(300), undefined, IAL));
    expect(large).toBe(small);
  });

  it('reads the facts of 1 or 50 participants in the same statements, for the own partner and with grants', async () => {
    const keys = async (n: number, viewer: Viewer) => Promise.all(people.slice(0, n).map(async (p) => ({ pseudonym: p.pseudonym, grant: await signAs(viewer, p.pseudonym) })));
    for (const viewer of [CPIA, IAL]) {
      const [one, fifty] = [await keys(1, viewer), await keys(50, viewer)];
      let result: Awaited<ReturnType<typeof run>> | undefined;
      const few = await countStatements([database], () => run(entities(), representations(one), viewer));
      const many = await countStatements([database], async () => (result = await run(entities(), representations(fifty), viewer)));
      expect(result!.errors).toBeUndefined();
      expect(result!.data!._entities.filter((e: { ialJobPath: unknown }) => e.ialJobPath)).toHaveLength(50);
      expect(many).toBe(few);
      // One statement for the facts, one for the audit row.
      expect(many).toBe(2);
    }
  });
});
