// Report keys, and the helpers the partners' indicator facts tests share, on a one-field subgraph
// whose facts are built in SQL the way a partner builds them (PostgreSQL when TEST_DATABASE_URL is
// set, PGlite otherwise).
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubgraphBuilder } from '../src/builder.ts';
import type { SubgraphContext } from '../src/context.ts';
import { decodeFacts, encodeFacts, FACT, formatReportKey, packFacts, parseReportKey, subjectHash } from '../src/indicator-facts.ts';
import { createFactsChanges, createFactsVersion } from '../src/facts-version.ts';
import { addFactsHead, packPeopleFacts, yearMonthDay } from '../src/people-facts.ts';
import { assertRecordKeySecret, DEMO_RECORD_KEY_SECRET, personBlock, recordKeyOf, recordKeysOf, recordKeySecret } from '../src/record-key.ts';
import { createParticipantTable, type ParticipantTable } from '../src/participants.ts';
import { pseudonymOf } from '../src/pseudonym.ts';
import {
  createTestDatabase,
  decodeIndicatorFacts,
  errorCodes,
  expectedPersonSubject,
  expectedRecordKey,
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
  testServerUrl,
  type IndicatorFact,
  type TestDatabase,
} from '../src/testing/index.ts';

interface Db {
  served: { participant_id: number | null; item: string | null; place: number; facts: number; action: string };
  participant: ParticipantTable;
}

const LINKAGE_KEY = 'test-linkage-key-of-the-kit-indicator-tests';
const PERSON = { fiscalCode: 'TSTMNA90C55A944A', gender: 'F', birthDate: '1990-03-15' } as const;
const PSEUDONYM = pseudonymOf(PERSON.fiscalCode, LINKAGE_KEY);
// The person (participant 1, 36 on 2027-01-01) served in two places, and a campaign.
const ROWS: Omit<Db['served'], 'participant_id'>[] = [
  { item: null, place: 37006, facts: factBits('SUPPORT_ACTIVITY', 'LANGUAGE_COURSE'), action: 'AZ02' },
  { item: null, place: 37032, facts: FACT.SUPPORT_ACTIVITY, action: 'AZ02' },
  { item: 'campaign:7', place: 0, facts: FACT.AWARENESS_CAMPAIGN, action: 'AZ03' },
];

function facts(salt: string, action: string | null = null): IndicatorFact[] {
  return ROWS.filter((r) => action === null || r.action === action)
    .map((r) =>
      r.item === null
        ? { subject: expectedPersonSubject(PSEUDONYM, salt), place: r.place, facts: r.facts, gender: 1, age: 36 }
        : { subject: expectedSubject(r.item, salt), place: r.place, facts: r.facts, gender: 0, age: 255 },
    )
    .sort((a, b) => a.subject.localeCompare(b.subject) || a.place - b.place);
}

const { builder, indicatorFacts } = createSubgraphBuilder<SubgraphContext<Db>>();
builder.queryType({ fields: (t) => ({ ping: t.string({ resolve: () => 'pong' }) }) });
indicatorFacts(
  'kitIndicatorFacts',
  (key, ctx) => {
    const inReport = sql<boolean>`(${key.action}::text is null or s.action = ${key.action})`;
    return Promise.all([
      packPeopleFacts(ctx.db, key, sql`select s.participant_id, s.place, s.facts from served s where s.participant_id is not null and ${inReport}`),
      packFacts(ctx.db, sql`select ${subjectHash(key, sql.ref('s.item'))} as subject, s.place, s.facts, null as gender, null as age, null as record_key from served s where s.item is not null and ${inReport}`),
    ]);
  },
  { audited: false },
);
const schema = builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6' });

let database: TestDatabase<Db>;
let personId: number;
const ask = (key: string) => queryIndicatorFacts(schema, database, 'kitIndicatorFacts', key);

beforeAll(async () => {
  database = await createTestDatabase<Db>('kit_facts');
  await createParticipantTable(database.db as unknown as Kysely<unknown>);
  await addFactsHead(database.db as unknown as Kysely<unknown>);
  personId = await insertTestParticipant(database.db, LINKAGE_KEY, PERSON);
  await sql`create table served (participant_id integer, item text, place integer not null, facts integer not null, action text not null)`.execute(database.db);
  await database.db.insertInto('served').values(ROWS.map((r) => ({ ...r, participant_id: r.item === null ? personId : null }))).execute();
  await createFactsVersion(database.db as unknown as Kysely<unknown>, ['participant', 'served']);
  await createFactsChanges(database.db as unknown as Kysely<unknown>, { participant: { column: 'id' }, served: { column: 'participant_id' } });
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
    expect(response.facts.map((f) => f.subject)).toContain(expectedPersonSubject(PSEUDONYM));
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
      expect(keys.get(expectedPersonSubject(PSEUDONYM, salt))).toBe(expectedRecordKey(PSEUDONYM));
      expect(keys.get(expectedSubject('campaign:7', salt))).toBe(0);
      expect(Buffer.from(encoded!, 'base64')[0]).toBe(2); // format 2: with record keys
      expect(columns.length * 17 + 1).toBe(Buffer.from(encoded!, 'base64').length);
      expect(() => expectRecordKeys(encoded, [PSEUDONYM], salt)).not.toThrow();
    }
  });

  it('are the same one by one and for a whole list, spread over 0–255, and change with the secret', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => pseudonymOf(`TST${i}`, 'k'));
    const keys = [...recordKeysOf(Buffer.concat(ids.map(personBlock)))];
    expect(keys).toEqual(ids.map((id) => recordKeyOf(id)));
    expect(keys).toEqual(ids.map((id) => expectedRecordKey(id)));
    const perQuarter = [0, 0, 0, 0];
    for (const key of keys) perQuarter[key >> 6]++;
    for (const n of perQuarter) expect(Math.abs(n - 500)).toBeLessThan(100);
    expect(ids.filter((id) => recordKeyOf(id, 'another-secret-of-at-least-thirty-two-chars') === recordKeyOf(id)).length).toBeLessThan(40);
    expect(() => personBlock('not a pseudonym')).toThrow(/Not a pseudonym/);
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
    const encoded = encodeFacts([{ subject: Buffer.from(expectedPersonSubject(PSEUDONYM), 'hex'), place: 37006, facts: 1, gender: 'F', age: 30, recordKey: (recordKeyOf(PSEUDONYM) + 1) % 256 }]);
    expect(() => expectRecordKeys(encoded, [PSEUDONYM])).toThrow(/record-key secret/);
    expect(() => expectRecordKeys(encoded, ['f'.repeat(64)])).toThrow(/None of these people/);
  });
});

describe('kept facts', () => {
  const MODENA = 36023;
  const places = (response: { facts: IndicatorFact[] }) => response.facts.map((f) => f.place).sort((a, b) => a - b);

  it('serve later reports on a period, sealed afresh with each salt, until a write about their people', async () => {
    expect(factsWithoutErrors(await ask(reportKey('2027-01-01', '2027-12-31')))).toEqual(facts(TEST_SALT));
    // A row slipped in with triggers off: only a report that computed afresh could see it.
    await database.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      await trx.insertInto('served').values({ participant_id: personId, item: null, place: MODENA, facts: FACT.SUPPORT_ACTIVITY, action: 'AZ02' }).execute();
    });
    const kept = await ask(reportKey('2027-01-01', '2027-12-31', '*', OTHER_TEST_SALT));
    expect(factsWithoutErrors(kept)).toEqual(facts(OTHER_TEST_SALT));
    // Another statement (one action's) was never kept: it is read now, Modena and all.
    expect(places(await ask(reportKey('2027-01-01', '2027-12-31', 'AZ02')))).toEqual([MODENA, 37006, 37032]);

    // A write about no one leaves them kept; any write about the person, even one that changes no
    // value, has the person read again (facts-changes.test.ts: only the people written).
    await database.db.updateTable('served').set({ facts: sql`facts` }).where('place', '=', 0).execute();
    expect(places(await ask(reportKey('2027-01-01', '2027-12-31')))).toEqual([0, 37006, 37032]);
    await database.db.updateTable('served').set({ facts: sql`facts` }).where('place', '=', 37032).execute();
    expect(places(await ask(reportKey('2027-01-01', '2027-12-31')))).toEqual([0, MODENA, 37006, 37032]);
    await database.db.deleteFrom('served').where('place', '=', MODENA).execute();
    expect(factsWithoutErrors(await ask(reportKey('2027-01-01', '2027-12-31')))).toEqual(facts(TEST_SALT));
  });

  // PGlite has one connection: no writer or reader ever runs beside an open transaction there.
  it.skipIf(!testServerUrl())('are read again after a write to participant, and not before its transaction commits', async () => {
    expect(factsWithoutErrors(await ask(reportKey('2027-01-01', '2027-12-31')))).toEqual(facts(TEST_SALT));
    let release!: () => void;
    const committed = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const inTransaction = new Promise<void>((resolve) => (written = resolve));
    const writer = database.db.transaction().execute(async (trx) => {
      await trx.updateTable('participant').set({ birth_date: '1980-03-15' }).where('id', '=', personId).execute();
      written();
      await committed;
    });
    await inTransaction;
    expect((await ask(reportKey('2027-01-01', '2027-12-31'))).facts.map((f) => f.age)).toContain(36);
    release();
    await writer;
    expect((await ask(reportKey('2027-01-01', '2027-12-31'))).facts.map((f) => f.age)).toContain(46);
    await database.db.updateTable('participant').set({ birth_date: PERSON.birthDate }).where('id', '=', personId).execute();
  });

  it.skipIf(!testServerUrl())('let writers go on without waiting for each other, and count each transaction once', async () => {
    const version = async () => (await sql<{ version: string }>`select version::text from facts_version`.execute(database.db)).rows[0].version;
    const before = await version();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let wrote!: () => void;
    const written = new Promise<void>((resolve) => (wrote = resolve));
    const open = database.db.transaction().execute(async (trx) => {
      await trx.updateTable('served').set({ facts: sql`facts` }).where('place', '<>', 0).execute();
      await trx.updateTable('participant').set({ gender: sql`gender` }).execute();
      wrote();
      await held;
    });
    await written;
    await database.db.updateTable('served').set({ facts: sql`facts` }).where('place', '=', 0).execute(); // another row: does not wait
    expect(Number(await version())).toBe(Number(before) + 1);
    release();
    await open;
    expect(Number(await version())).toBe(Number(before) + 2);
  });
});

describe('expectNoPseudonymIn', () => {
  const withFacts = (subject: string, text = '') => {
    const encoded = encodeFacts([{ subject: Buffer.from(subject, 'hex'), place: 37006, facts: 1, gender: null, age: null }]);
    return { encoded, result: { data: { _entities: [{ kitIndicatorFacts: encoded }] }, errors: text ? [{ message: text }] : undefined } as never };
  };

  it('passes a response of salted hashes', async () => {
    expect(() => expectNoPseudonymIn(withFacts(expectedPersonSubject(PSEUDONYM)), [PSEUDONYM])).not.toThrow();
    const response = await ask(reportKey('2027-01-01', '2027-12-31'));
    expect(() => expectNoPseudonymIn(response, [PSEUDONYM])).not.toThrow();
  });

  it('fails on a prefix of a pseudonym in the records or a pseudonym in the text', () => {
    expect(() => expectNoPseudonymIn(withFacts(PSEUDONYM.slice(0, 16)), [PSEUDONYM])).toThrow(/prefix of pseudonym/);
    expect(() => expectNoPseudonymIn(withFacts(expectedPersonSubject(PSEUDONYM), `About ${PSEUDONYM}`), [PSEUDONYM])).toThrow(/response text/);
  });

  it('does not pass vacuously', () => {
    expect(() => expectNoPseudonymIn(withFacts(expectedPersonSubject(PSEUDONYM)), [])).toThrow(/No pseudonyms/);
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
    const row = await sql<{ id: number; pseudonym: string; gender: string; birth_date: string }>`select id, pseudonym, gender, birth_date from participant`.execute(database.db);
    expect(row.rows).toEqual([{ id: personId, pseudonym: PSEUDONYM, gender: 'F', birth_date: '1990-03-15' }]);
  });
});

describe('yearMonthDay', () => {
  it('gives the calendar date of any day from 1800 to 2200 as YYYYMMDD, as the Date of that day does', () => {
    const dayMs = 86_400_000;
    for (let day = Date.UTC(1800, 0, 1) / dayMs; day <= Date.UTC(2200, 0, 1) / dayMs; day++) {
      const date = new Date(day * dayMs);
      const expected = date.getUTCFullYear() * 10_000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
      if (yearMonthDay(day) !== expected) expect(yearMonthDay(day), date.toISOString()).toBe(expected);
    }
    expect(yearMonthDay(0)).toBe(19700101);
    expect(yearMonthDay(-1)).toBe(19691231);
  });
});
