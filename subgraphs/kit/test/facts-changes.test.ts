// The change log behind kept indicator facts (facts-version.ts `createFactsChanges`): which people
// each committed write touched, and reports that re-read those people alone yet always agree with
// the tables (PostgreSQL when TEST_DATABASE_URL is set, PGlite otherwise).
import { sql, type Generated, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubgraphBuilder } from '../src/builder.ts';
import type { SubgraphContext } from '../src/context.ts';
import { addFactsChangeTriggers, addFactsVersionTrigger, createFactsChanges, createFactsVersion, dropFactsChanges } from '../src/facts-version.ts';
import { FACT } from '../src/indicator-facts.ts';
import { addFactsHead, packPeopleFacts } from '../src/people-facts.ts';
import { createParticipantTable, type ParticipantTable } from '../src/participants.ts';
import { pseudonymOf } from '../src/pseudonym.ts';
import { createTestDatabase, expectedPersonSubject, factsWithoutErrors, insertTestParticipant, queryIndicatorFacts, reportKey, sortFacts, TEST_SALT, type IndicatorFact, type TestDatabase } from '../src/testing/index.ts';

interface Db {
  participant: ParticipantTable;
  /** What happened to whom where; rows without a person feed no person's facts. */
  served: { id: Generated<number>; participant_id: number | null; place: number; facts: number };
  /** Reference rows: a place whose services count at another (a desk that moved). */
  moved: { place: number; moved_to: number };
  /** Rows that name a person through another row, as a service names its case. */
  case_file: { id: Generated<number>; participant_id: number };
  visit: { case_id: number };
}

const LINKAGE_KEY = 'test-linkage-key-of-the-kit-facts-changes';
const PEOPLE = [
  { fiscalCode: 'TSTAAA90C55A944A', gender: 'F', birthDate: '1990-03-15' },
  { fiscalCode: 'TSTBBB85M10A944B', gender: 'M', birthDate: '1985-08-10' },
  { fiscalCode: 'TSTCCC01E41A944C', gender: 'F', birthDate: '2001-05-01' },
] as const;
const PLACES = [37006, 37032, 36023, 34027];
const FROM = '2027-01-01';
const KEY = reportKey(FROM, '2027-12-31');

const { builder, indicatorFacts } = createSubgraphBuilder<SubgraphContext<Db>>();
builder.queryType({ fields: (t) => ({ ping: t.string({ resolve: () => 'pong' }) }) });
indicatorFacts(
  'changesIndicatorFacts',
  (key, ctx) => packPeopleFacts(ctx.db, key, sql`select s.participant_id, coalesce(m.moved_to, s.place) as place, s.facts from served s left join moved m on m.place = s.place where s.participant_id is not null`),
  { audited: false },
);
const schema = builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6' });

let database: TestDatabase<Db>;
let people: number[];
const db = () => database.db as unknown as Kysely<unknown>;
const report = async () => factsWithoutErrors(await queryIndicatorFacts(schema, database, 'changesIndicatorFacts', KEY));
const changes = async () => (await sql<{ participant_id: number; version: string }>`select participant_id, version::text from facts_change order by participant_id`.execute(db())).rows;
const state = async () => (await sql<{ version: string; anyone_changed_at: string }>`select version::text, anyone_changed_at::text from facts_version`.execute(db())).rows[0];
/** A write that no trigger sees: only a report that re-read the person can show it. */
const slipIn = (participantId: number, place: number) =>
  database.db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await trx.insertInto('served').values({ participant_id: participantId, place, facts: FACT.SUPPORT_ACTIVITY }).execute();
  });

/** The facts as the tables say, computed here apart from the SQL and the kept rows. */
async function expectedFacts(): Promise<IndicatorFact[]> {
  const { rows } = await sql<{ pseudonym: string; gender: string; birth_date: string; place: number; facts: number }>`select p.pseudonym, p.gender,
      to_char(p.birth_date, 'YYYY-MM-DD') as birth_date, coalesce(m.moved_to, s.place) as place, s.facts
    from served s join participant p on p.id = s.participant_id left join moved m on m.place = s.place`.execute(db());
  const byPersonAndPlace = new Map<string, IndicatorFact>();
  for (const row of rows) {
    const [year, month, day] = row.birth_date.split('-').map(Number);
    const age = 2027 - year - (month > 1 || day > 1 ? 1 : 0);
    const id = `${row.pseudonym}/${row.place}`;
    const known = byPersonAndPlace.get(id);
    if (known) known.facts |= row.facts;
    else byPersonAndPlace.set(id, { subject: expectedPersonSubject(row.pseudonym, TEST_SALT), place: row.place, facts: row.facts, gender: row.gender === 'F' ? 1 : 2, age });
  }
  return sortFacts([...byPersonAndPlace.values()]);
}

beforeAll(async () => {
  database = await createTestDatabase<Db>('kit_facts_changes');
  await createParticipantTable(db());
  await addFactsHead(db());
  people = [];
  for (const person of PEOPLE) people.push(await insertTestParticipant(database.db, LINKAGE_KEY, person));
  await sql`create table served (id serial primary key, participant_id integer, place integer not null, facts integer not null)`.execute(db());
  await sql`create table moved (place integer primary key, moved_to integer not null)`.execute(db());
  await sql`create table case_file (id serial primary key, participant_id integer not null)`.execute(db());
  await sql`create table visit (case_id integer not null)`.execute(db());
  await createFactsVersion(db(), ['participant', 'served', 'moved']);
  await createFactsChanges(db(), { participant: { column: 'id' }, served: { column: 'participant_id' }, moved: 'anyone' });
  // Tables that start to feed the facts later get both kinds of trigger.
  await addFactsVersionTrigger(db(), 'case_file');
  await addFactsChangeTriggers(db(), 'case_file', { column: 'participant_id' });
  await addFactsVersionTrigger(db(), 'visit');
  await addFactsChangeTriggers(db(), 'visit', { via: 'case_file', key: 'case_id' });
});
afterAll(() => database?.drop());

describe('the change log', () => {
  it('notes the people each committed write touched, at the version it committed at', async () => {
    const [a, b, c] = people;
    const start = Number((await state()).version);
    const row = await database.db.insertInto('served').values({ participant_id: a, place: PLACES[0], facts: FACT.SUPPORT_ACTIVITY }).returning('id').executeTakeFirstOrThrow();
    const changedAt = async (version: number) => (await changes()).filter((r) => r.version === String(start + version)).map((r) => r.participant_id);
    expect(await changedAt(1)).toEqual([a]);

    // Moved from one person to another: both changed, at the next version.
    await database.db.updateTable('served').set({ participant_id: b }).where('id', '=', row.id).execute();
    expect(await changedAt(2)).toEqual([a, b]);

    // Through another row: a visit is its case's person's.
    const file = await database.db.insertInto('case_file').values({ participant_id: c }).returning('id').executeTakeFirstOrThrow();
    await database.db.insertInto('visit').values({ case_id: file.id }).execute();
    expect(await changedAt(4)).toEqual([c]);

    // Nothing of a transaction that rolled back, nothing for rows about no one, nothing left pending.
    await expect(
      database.db.transaction().execute(async (trx) => {
        await trx.insertInto('served').values({ participant_id: a, place: PLACES[1], facts: 1 }).execute();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await database.db.insertInto('served').values({ participant_id: null, place: PLACES[1], facts: 1 }).execute();
    expect((await changes()).filter((r) => Number(r.version) > start + 4)).toEqual([]);
    expect(Number((await state()).version)).toBe(start + 5);
    expect((await sql<{ n: number }>`select count(*)::int as n from facts_pending`.execute(db())).rows[0].n).toBe(0);
    await database.db.deleteFrom('served').execute();
  });

  it('notes a change to a reference row or a truncation as everyone changed, and a new reference row or an upsert that changed none as no one', async () => {
    const upsert = (movedTo: number) =>
      sql`insert into moved values (${PLACES[3]}, ${movedTo}) on conflict (place) do update set moved_to = excluded.moved_to
        where moved.moved_to is distinct from excluded.moved_to`.execute(db());
    await upsert(PLACES[2]);
    await upsert(PLACES[2]);
    await database.db.updateTable('moved').set({ moved_to: 0 }).where('place', '=', -1).execute();
    const unchanged = await state();
    expect(Number(unchanged.anyone_changed_at)).toBeLessThan(Number(unchanged.version));
    await database.db.updateTable('moved').set({ moved_to: PLACES[1] }).execute();
    let now = await state();
    expect(now.anyone_changed_at).toBe(now.version);
    await database.db.deleteFrom('visit').execute(); // about one person: everyone is still as noted
    expect((await state()).anyone_changed_at).toBe(now.version);
    await sql`truncate visit`.execute(db());
    now = await state();
    expect(now.anyone_changed_at).toBe(now.version);
  });
});

describe('kept facts after a write', () => {
  it('re-read only the people written since they were kept, and everyone after a reference row changed', async () => {
    const [a, b] = people;
    await database.db.insertInto('served').values([{ participant_id: a, place: PLACES[0], facts: FACT.SUPPORT_ACTIVITY }, { participant_id: b, place: PLACES[0], facts: FACT.SUPPORT_ACTIVITY }]).execute();
    expect(await report()).toEqual(await expectedFacts());
    await slipIn(a, PLACES[2]);
    await slipIn(b, PLACES[2]);
    const places = (facts: IndicatorFact[], person: number) => facts.filter((f) => f.subject === expectedPersonSubject(pseudonymOf(PEOPLE[people.indexOf(person)].fiscalCode, LINKAGE_KEY))).map((f) => f.place).sort();
    expect(places(await report(), a)).toEqual([PLACES[0]]); // kept: neither slipped row is seen

    await database.db.updateTable('served').set({ facts: FACT.SUPPORT_ACTIVITY | FACT.LANGUAGE_COURSE }).where('participant_id', '=', a).where('place', '=', PLACES[0]).execute();
    const afterWrite = await report();
    expect(places(afterWrite, a)).toEqual([PLACES[0], PLACES[2]].sort()); // a re-read, slipped row and all
    expect(places(afterWrite, b)).toEqual([PLACES[0]]); // b kept
    expect(afterWrite.find((f) => f.place === PLACES[0] && places([f], a).length)?.facts).toBe(FACT.SUPPORT_ACTIVITY | FACT.LANGUAGE_COURSE);

    await database.db.insertInto('moved').values({ place: 1, moved_to: 2 }).execute(); // a new reference row: still kept
    expect(places(await report(), b)).toEqual([PLACES[0]]);
    await database.db.updateTable('moved').set({ moved_to: sql`moved_to` }).where('place', '=', 1).execute(); // an edited one: everyone
    expect(places(await report(), b)).toEqual([PLACES[0], PLACES[2]].sort());
    expect(await report()).toEqual(await expectedFacts());
    await database.db.deleteFrom('served').execute();
  });

  it('agree with the tables after any run of writes', async () => {
    let seed = 20261207;
    // A linear congruential generator, read from its high bits: its low bits repeat with a short period.
    const random = (n: number) => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0), Math.floor((seed / 2 ** 32) * n));
    const pick = <T>(list: readonly T[]) => list[random(list.length)];
    const facts = [FACT.SUPPORT_ACTIVITY, FACT.LANGUAGE_COURSE, FACT.CIVIC_ORIENTATION, FACT.INTEGRATION_HELPED];
    const births = ['1990-03-15', '1990-01-01', '1989-12-31', '2001-05-01', '1970-07-07'];
    await sql`insert into moved values (${PLACES[3]}, ${PLACES[2]}) on conflict do nothing`.execute(db());
    for (let step = 0; step < 80; step++) {
      const ids = (await database.db.selectFrom('served').select('id').execute()).map((r) => r.id);
      const kind = ids.length < 3 ? 0 : random(8);
      if (kind <= 1) await database.db.insertInto('served').values({ participant_id: pick(people), place: pick(PLACES), facts: pick(facts) }).execute();
      else if (kind === 2) await database.db.updateTable('served').set({ facts: pick(facts) }).where('id', '=', pick(ids)).execute();
      else if (kind === 3) await database.db.updateTable('served').set({ participant_id: pick(people), place: pick(PLACES) }).where('id', '=', pick(ids)).execute();
      else if (kind === 4) await database.db.deleteFrom('served').where('id', '=', pick(ids)).execute();
      else if (kind === 5) await database.db.updateTable('participant').set({ birth_date: pick(births), gender: pick(['F', 'M'] as const) }).where('id', '=', pick(people)).execute();
      else if (kind === 6) await database.db.updateTable('moved').set({ moved_to: pick(PLACES) }).where('place', '=', PLACES[3]).execute();
      else
        await database.db.transaction().execute(async (trx) => {
          await trx.insertInto('served').values({ participant_id: pick(people), place: pick(PLACES), facts: pick(facts) }).execute();
          await trx.deleteFrom('served').where('id', '=', pick(ids)).execute();
        });
      if (random(3) > 0) expect(await report(), `after step ${step}`).toEqual(await expectedFacts());
    }
    expect(await report()).toEqual(await expectedFacts());
  });
});

describe('the migration', () => {
  it('goes down to the version alone and up again', async () => {
    const tables = { participant: { column: 'id' }, served: { column: 'participant_id' }, moved: 'anyone' } as const;
    const [a, b] = people;
    expect(await report()).toEqual(await expectedFacts()); // kept before the log goes
    for (const table of ['case_file', 'visit']) for (const trigger of ['facts_anyone', 'facts_people_insert', 'facts_people_update', 'facts_people_delete']) await sql`drop trigger ${sql.id(trigger)} on ${sql.table(table)}`.execute(db());
    await dropFactsChanges(db(), tables);
    const version = async () => Number((await sql<{ version: string }>`select version::text from facts_version`.execute(db())).rows[0].version);
    const before = await version();
    await database.db.insertInto('served').values({ participant_id: b, place: 99_001, facts: FACT.SUPPORT_ACTIVITY }).execute();
    expect(await version()).toBe(before + 1);
    expect((await sql<{ t: string | null }>`select to_regclass('facts_change')::text as t`.execute(db())).rows[0].t).toBeNull();
    await createFactsChanges(db(), tables);
    await database.db.updateTable('served').set({ facts: FACT.LANGUAGE_COURSE }).where('participant_id', '=', a).execute();
    expect((await changes()).map((r) => r.participant_id)).toEqual([a]);
    const facts = await report();
    expect(facts.map((f) => f.place)).toContain(99_001); // b's row, written while there was no log
    expect(facts).toEqual(await expectedFacts());
  });
});
