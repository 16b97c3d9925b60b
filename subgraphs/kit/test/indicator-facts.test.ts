// Report keys, and the helpers the partners' indicator facts tests share, on a one-field subgraph
// whose facts are built in SQL the way a partner builds them (PostgreSQL when TEST_DATABASE_URL is
// set, PGlite otherwise).
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubgraphBuilder } from '../src/builder.ts';
import type { SubgraphContext } from '../src/context.ts';
import { decodeFacts, encodeFacts, FACT, formatReportKey, packFacts, parseReportKey, subjectHash } from '../src/indicator-facts.ts';
import { assertRecordKeySecret, DEMO_RECORD_KEY_SECRET, recordKeyOf, recordKeySecret, recordKeySql } from '../src/record-key.ts';
import { createParticipantTable } from '../src/participants.ts';
import { pseudonymOf } from '../src/pseudonym.ts';
import {
  createTestDatabase,
  decodeIndicatorFacts,
  errorCodes,
  expectedSubject,
  expectNoPseudonymIn,
  expectRecordKeys,
  expectUnlinkableAcrossSalts,
  factBits,
  factsWithoutErrors,
  insertTestParticipant,
  OTHER_TEST_SALT,
  queryIndicatorFacts,
  recordKeysBySubject,
  reportKey,
  TEST_SALT,
  type IndicatorFact,
  type TestDatabase,
} from '../src/testing/index.ts';

interface Db {
  served: { id: string; place: number; facts: number; gender: 'F' | 'M' | null; age: number | null; action: string };
}

const PSEUDONYM = pseudonymOf('TSTMNA90C55A944A', 'test-linkage-key-of-the-kit-indicator-tests');
const ROWS: Db['served'][] = [
  { id: PSEUDONYM, place: 37006, facts: factBits('SUPPORT_ACTIVITY', 'LANGUAGE_COURSE'), gender: 'F', age: 36, action: 'AZ02' },
  { id: PSEUDONYM, place: 37032, facts: FACT.SUPPORT_ACTIVITY, gender: 'F', age: 36, action: 'AZ02' },
  { id: 'campaign:7', place: 0, facts: FACT.AWARENESS_CAMPAIGN, gender: null, age: null, action: 'AZ03' },
];

function facts(salt: string, action: string | null = null): IndicatorFact[] {
  return ROWS.filter((r) => action === null || r.action === action)
    .map((r) => ({ subject: expectedSubject(r.id, salt), place: r.place, facts: r.facts, gender: r.gender === 'F' ? 1 : r.gender === 'M' ? 2 : 0, age: r.age ?? 255 }))
    .sort((a, b) => a.subject.localeCompare(b.subject) || a.place - b.place);
}

const { builder, indicatorFacts } = createSubgraphBuilder<SubgraphContext<Db>>();
builder.queryType({ fields: (t) => ({ ping: t.string({ resolve: () => 'pong' }) }) });
indicatorFacts(
  'kitIndicatorFacts',
  (key, ctx) =>
    packFacts(
      ctx.db,
      sql`select ${subjectHash(key, sql.ref('s.id'))} as subject, s.place, s.facts, s.gender, s.age,
        case when s.gender is not null then ${recordKeySql(sql.ref('s.id'))} end as record_key
        from served s where ${key.action}::text is null or s.action = ${key.action}`,
    ),
  { audited: false },
);
const schema = builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6' });

let database: TestDatabase<Db>;
const ask = (key: string) => queryIndicatorFacts(schema, database, 'kitIndicatorFacts', key);

beforeAll(async () => {
  database = await createTestDatabase<Db>('kit_facts');
  await sql`create table served (id text not null, place integer not null, facts integer not null, gender text, age integer, action text not null)`.execute(database.db);
  await database.db.insertInto('served').values(ROWS).execute();
  await createParticipantTable(database.db as unknown as Kysely<unknown>);
});
afterAll(() => database?.drop());

describe('report keys', () => {
  it('read back what the region writes: a period, one action or all, a salt', () => {
    expect(parseReportKey(reportKey('2027-01-01', '2027-12-31'))).toEqual({ from: '2027-01-01', to: '2027-12-31', action: null, salt: TEST_SALT });
    const key = { from: '2028-02-29', to: '2028-02-29', action: 'AZ02', salt: OTHER_TEST_SALT };
    expect(formatReportKey(key)).toBe(reportKey('2028-02-29', '2028-02-29', 'AZ02', OTHER_TEST_SALT));
    expect(parseReportKey(formatReportKey(key))).toEqual(key);
  });

  it.each([
    ['no key at all', 'everything'],
    ['an empty key', ''],
    ['a year alone', '2027'],
    ['an inverted period', reportKey('2029-06-30', '2029-01-01')],
    ['an impossible day', reportKey('2029-02-30', '2029-06-30')],
    ['an impossible month', reportKey('2028-01-01', '2028-13-01')],
    ['a short salt', reportKey('2029-01-01', '2029-06-30', '*', 'abc123')],
    ['a salt one character short', reportKey('2029-01-01', '2029-06-30', '*', TEST_SALT.slice(1))],
    ['an upper-case salt', reportKey('2029-01-01', '2029-06-30', '*', TEST_SALT.toUpperCase())],
    ['an action of one digit', reportKey('2029-01-01', '2029-06-30', 'AZ2')],
    ['an action by name', reportKey('2029-01-01', '2029-06-30', 'all')],
    ['a fifth part', `${reportKey('2028-01-01', '2028-12-31')}/x`],
  ])('refuse %s as BAD_USER_INPUT', (_name, text) => {
    let error: unknown;
    try {
      parseReportKey(text);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'key' } });
  });
});

describe('queryIndicatorFacts', () => {
  it('decodes the facts field into sorted rows whose subjects are the salted hashes computed apart from the SQL', async () => {
    const response = await ask(reportKey('2027-01-01', '2027-12-31'));
    expect(factsWithoutErrors(response)).toEqual(facts(TEST_SALT));
    expect(response.facts.map((f) => f.subject)).toContain(expectedSubject(PSEUDONYM));
    expect(decodeIndicatorFacts(response.encoded!)).toEqual(response.facts);
    expect((await ask(reportKey('2027-01-01', '2027-12-31', 'AZ03'))).facts).toEqual(facts(TEST_SALT, 'AZ03'));
  });

  it('hands back the refusal of a malformed key, with no facts', async () => {
    const response = await ask(reportKey('2027-12-31', '2027-01-01'));
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.facts).toEqual([]);
    expect(() => factsWithoutErrors(response)).toThrow(/Not an indicator report key/);
  });

  it('asks only facts fields', async () => {
    await expect(queryIndicatorFacts(schema, database, 'ping', reportKey('2027-01-01', '2027-12-31'))).rejects.toThrow(/Not an indicator facts field/);
  });
});

describe('record keys', () => {
  it('carry each person\u2019s keyed hash of the pseudonym in byte 16, the same under any salt; 0 for items', async () => {
    for (const salt of [TEST_SALT, OTHER_TEST_SALT]) {
      const { encoded } = await ask(reportKey('2027-01-01', '2027-12-31', '*', salt));
      const columns = decodeFacts(encoded!);
      const keys = recordKeysBySubject(encoded!);
      expect(keys.get(expectedSubject(PSEUDONYM, salt))).toBe(recordKeyOf(PSEUDONYM));
      expect(keys.get(expectedSubject('campaign:7', salt))).toBe(0);
      expect(Buffer.from(encoded!, 'base64')[0]).toBe(2); // format 2: with record keys
      expect(columns.length * 17 + 1).toBe(Buffer.from(encoded!, 'base64').length);
      expect(() => expectRecordKeys(encoded, [PSEUDONYM], salt)).not.toThrow();
    }
  });

  it('are the same in SQL and in JavaScript, spread over 0–255, and change with the secret', async () => {
    const ids = Array.from({ length: 2000 }, (_, i) => pseudonymOf(`TST${i}`, 'k'));
    const { rows } = await sql<{ id: string; key: number }>`select id, ${recordKeySql(sql.ref('id'))} as key from unnest(${ids}::text[]) as id`.execute(database.db);
    expect(rows.map((r) => r.key)).toEqual(ids.map((id) => recordKeyOf(id)));
    const perQuarter = [0, 0, 0, 0];
    for (const r of rows) perQuarter[r.key >> 6]++;
    for (const n of perQuarter) expect(Math.abs(n - 500)).toBeLessThan(100);
    expect(ids.filter((id) => recordKeyOf(id, 'another-secret-of-at-least-thirty-two-chars') === recordKeyOf(id)).length).toBeLessThan(40);
  });

  it('take the secret from PLEIADI_RECORD_KEY_SECRET, refuse a short one, and fall back to the demo secret', () => {
    expect(recordKeySecret({ PLEIADI_RECORD_KEY_SECRET: 'x'.repeat(32) })).toBe('x'.repeat(32));
    expect(() => recordKeySecret({ PLEIADI_RECORD_KEY_SECRET: 'short' })).toThrow(/32/);
    expect(recordKeySecret({})).toBe(DEMO_RECORD_KEY_SECRET);
  });

  it('are required at a partner\'s start beyond demo data, and checked when given', () => {
    expect(() => assertRecordKeySecret({ demo: false }, {})).toThrow(/PLEIADI_RECORD_KEY_SECRET is not set/);
    expect(() => assertRecordKeySecret({ demo: true }, {})).not.toThrow();
    expect(() => assertRecordKeySecret({ demo: false }, { PLEIADI_RECORD_KEY_SECRET: 'x'.repeat(32) })).not.toThrow();
    expect(() => assertRecordKeySecret({ demo: true }, { PLEIADI_RECORD_KEY_SECRET: 'short' })).toThrow(/32/);
  });

  it('fail the shared check when a key is not the pseudonym\u2019s', () => {
    const encoded = encodeFacts([{ subject: Buffer.from(expectedSubject(PSEUDONYM), 'hex'), place: 37006, facts: 1, gender: 'F', age: 30, recordKey: (recordKeyOf(PSEUDONYM) + 1) % 256 }]);
    expect(() => expectRecordKeys(encoded, [PSEUDONYM])).toThrow(/keyed hash/);
    expect(() => expectRecordKeys(encoded, ['f'.repeat(64)])).toThrow(/None of these people/);
  });
});

describe('expectNoPseudonymIn', () => {
  const withFacts = (subject: string, text = '') => {
    const encoded = encodeFacts([{ subject: Buffer.from(subject, 'hex'), place: 37006, facts: 1, gender: null, age: null }]);
    return { encoded, result: { data: { _entities: [{ kitIndicatorFacts: encoded }] }, errors: text ? [{ message: text }] : undefined } as never };
  };

  it('passes a response of salted hashes', async () => {
    expect(() => expectNoPseudonymIn(withFacts(expectedSubject(PSEUDONYM)), [PSEUDONYM])).not.toThrow();
    const response = await ask(reportKey('2027-01-01', '2027-12-31'));
    expect(() => expectNoPseudonymIn(response, [PSEUDONYM])).not.toThrow();
  });

  it('fails on a prefix of a pseudonym in the records or a pseudonym in the text', () => {
    expect(() => expectNoPseudonymIn(withFacts(PSEUDONYM.slice(0, 16)), [PSEUDONYM])).toThrow(/prefix of pseudonym/);
    expect(() => expectNoPseudonymIn(withFacts(expectedSubject(PSEUDONYM), `About ${PSEUDONYM}`), [PSEUDONYM])).toThrow(/response text/);
  });

  it('does not pass vacuously', () => {
    expect(() => expectNoPseudonymIn(withFacts(expectedSubject(PSEUDONYM)), [])).toThrow(/No pseudonyms/);
    expect(() => expectNoPseudonymIn({ encoded: encodeFacts([]), result: {} as never }, [PSEUDONYM])).toThrow(/No facts/);
  });
});

describe('expectUnlinkableAcrossSalts', () => {
  it('passes the same records under another salt', async () => {
    const first = (await ask(reportKey('2027-01-01', '2027-12-31'))).facts;
    const other = (await ask(reportKey('2027-01-01', '2027-12-31', '*', OTHER_TEST_SALT))).facts;
    expect(other).toEqual(facts(OTHER_TEST_SALT));
    expect(() => expectUnlinkableAcrossSalts(first, other)).not.toThrow();
  });

  it('fails on a subject that repeats, a record that changed, or nothing to compare', () => {
    const first = facts(TEST_SALT);
    const other = facts(OTHER_TEST_SALT);
    expect(() => expectUnlinkableAcrossSalts(first, [...other.slice(1), first[0]])).toThrow(/Subjects repeat/);
    expect(() => expectUnlinkableAcrossSalts(first, other.slice(1))).toThrow(/more than the subjects/);
    expect(() => expectUnlinkableAcrossSalts(first, other.map((f) => ({ ...f, age: f.age + 1 })))).toThrow(/more than the subjects/);
    expect(() => expectUnlinkableAcrossSalts([], [])).toThrow(/No facts/);
  });
});

describe('insertTestParticipant', () => {
  it('adds a hand-made person under the pseudonym of the fiscal code', async () => {
    const id = await insertTestParticipant(database.db, 'test-linkage-key-of-the-kit-indicator-tests', { fiscalCode: 'TSTMNA90C55A944A', gender: 'F', birthDate: '1990-03-15' });
    const row = await sql<{ id: number; pseudonym: string; gender: string; birth_date: string }>`select id, pseudonym, gender, birth_date from participant`.execute(database.db);
    expect(row.rows).toEqual([{ id, pseudonym: PSEUDONYM, gender: 'F', birth_date: '1990-03-15' }]);
  });
});
