// The audit trail's hash chain on a real database (PostgreSQL when TEST_DATABASE_URL is set, PGlite
// otherwise): appends chain themselves, also when written concurrently; the verifier finds the
// exact link a DBA broke behind the trigger's back; retention leaves a chain that still verifies.
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addAuditChain, appendAuditRows, applyAuditRetention, AuditCollector, createAuditTable, GENESIS_HASH, verifyAuditChain,
  type AuditRecordTable, type Viewer,
} from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

type DB = { audit_record: AuditRecordTable };
let database: TestDatabase<DB>;
let db: Kysely<DB>;

beforeEach(async () => {
  database = await createTestDatabase<DB>('audit_chain');
  db = database.db;
  await createAuditTable(db as Kysely<unknown>);
  await addAuditChain(db as Kysely<unknown>);
});
afterEach(() => database.drop());

const OPERATOR: Viewer = { role: 'partner', partnerId: 'cpia-bologna', subject: 'operator-1', purpose: 'case-coordination', operationName: 'Find' };

/** One audited request that read `people` (participant ids). */
async function append(people: number[], viewer: Viewer = OPERATOR): Promise<void> {
  const audit = new AuditCollector();
  audit.touched('CpiaParticipant', people.length);
  audit.readParticipants(people);
  await appendAuditRows(db, audit.rows('test', 'main', viewer, 'OK'));
}

const ids = async () => (await db.selectFrom('audit_record').select('id').orderBy('id').execute()).map((r) => String(r.id));

/** A DBA's edit: with the triggers off, as `ALTER TABLE … DISABLE TRIGGER` allows the table's owner. */
async function behindTheTriggers(statement: ReturnType<typeof sql>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`alter table audit_record disable trigger user`.execute(trx);
    await statement.execute(trx);
    await sql`alter table audit_record enable trigger user`.execute(trx);
  });
}

describe('the chain', () => {
  it('links every record to the previous one, from the genesis hash, with the people each request read', async () => {
    for (let i = 1; i <= 5; i++) await append([i, 100 + i, 7]);
    const rows = await db.selectFrom('audit_record').selectAll().orderBy('id').execute();
    expect(rows.map((r) => r.participants)).toEqual([1, 2, 3, 4, 5].map((i) => [i, 7, 100 + i]));
    expect(rows[0].prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    expect(new Set(rows.map((r) => r.hash)).size).toBe(5);
    expect(await verifyAuditChain(db)).toEqual({ records: 5, head: { id: String(rows[4].id), hash: rows[4].hash }, broken: null });
  });

  it('stays one chain when many requests append at once', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => append([i + 1])));
    const rows = await db.selectFrom('audit_record').select(['id', 'prev_hash', 'hash']).orderBy('id').execute();
    expect(rows).toHaveLength(40);
    // No fork: every hash is the previous hash of exactly one later record, save the head.
    expect(new Set(rows.map((r) => r.prev_hash)).size).toBe(40);
    // Read in small batches, as a large trail is.
    expect(await verifyAuditChain(db, { batch: 7 })).toMatchObject({ records: 40, broken: null });
  });

  it('chains the records written before the chain existed, oldest first', async () => {
    const old = await createTestDatabase<DB>('audit_chain_upgrade');
    try {
      await createAuditTable(old.db as Kysely<unknown>);
      const row = { subgraph: 'test', store: 'main', subject: 's', role: 'region', partner_id: null, ambit: null, purpose: null, operation_name: null, operation_hash: null, denied: [], outcome: 'OK' as const };
      for (const n of [3, 1, 2]) await old.db.insertInto('audit_record').values({ ...row, entities: JSON.stringify({ X: n }) as never }).execute();
      await addAuditChain(old.db as Kysely<unknown>);
      const report = await verifyAuditChain(old.db);
      expect(report).toMatchObject({ records: 3, broken: null });
      const first = await old.db.selectFrom('audit_record').select('prev_hash').orderBy('id').executeTakeFirstOrThrow();
      expect(first.prev_hash).toBe(GENESIS_HASH);
    } finally {
      await old.drop();
    }
  });

  it('cannot be changed through the trigger', async () => {
    await append([1]);
    await expect(db.updateTable('audit_record').set({ subject: 'someone else' }).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_record').execute()).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_record`.execute(db)).rejects.toThrow(/append-only/);
    // A forged anchor must name a record that exists.
    await expect(db.insertInto('audit_record').values({ subgraph: 't', store: 'main', role: 'system', subject: null, partner_id: null, ambit: null, purpose: null, operation_name: null, operation_hash: null, entities: '{}' as never, denied: [], outcome: 'OK', kind: 'RETENTION', anchor_id: 999 }).execute()).rejects.toThrow(/existing audit record/);
    expect((await verifyAuditChain(db)).broken).toBeNull();
  });
});

describe('verification after tampering behind the trigger', () => {
  beforeEach(async () => {
    for (let i = 1; i <= 6; i++) await append([i]);
  });

  it('names the record whose contents were altered', async () => {
    const [, , third] = await ids();
    await behindTheTriggers(sql`update audit_record set partner_id = 'ial-er' where id = ${third}`);
    expect((await verifyAuditChain(db)).broken).toEqual({ id: third, problem: expect.stringMatching(/^its stored hash .* differs from .*the record was altered after it was written/) });
  });

  it('names the next record when the altered one was re-hashed to match', async () => {
    const [, second, third] = await ids();
    await behindTheTriggers(sql`update audit_record a set participants = '{}', hash = audit_record_digest(a) from (select id from audit_record where id = ${second}) t where a.id = t.id`);
    // The digest above used the row before the update; compute it again on the altered row.
    await behindTheTriggers(sql`update audit_record a set hash = audit_record_digest(a) where id = ${second}`);
    expect((await verifyAuditChain(db)).broken).toEqual({ id: third, problem: expect.stringContaining(`the hash of record ${second}`) });
  });

  it('names the record after one that was removed, and the first record when the oldest were removed', async () => {
    const [first, second, third, fourth] = await ids();
    await behindTheTriggers(sql`delete from audit_record where id = ${third}`);
    expect((await verifyAuditChain(db)).broken).toEqual({ id: fourth, problem: expect.stringContaining(`the hash of record ${second}`) });
    await behindTheTriggers(sql`delete from audit_record where id in (${first}, ${second})`);
    expect((await verifyAuditChain(db)).broken).toEqual({ id: fourth, problem: expect.stringContaining('genesis hash') });
  });
});

describe('retention', () => {
  it('removes the old records only, leaves an anchor, and the chain verifies before and after new appends', async () => {
    for (let i = 1; i <= 4; i++) await append([i]);
    const old = await ids();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (let i = 5; i <= 7; i++) await append([i]);
    const kept = (await ids()).slice(4);

    const result = await applyAuditRetention(db, { days: 1 / 86_400, subgraph: 'test', store: 'main' });
    expect(result).toEqual({ removed: 4, anchorId: expect.any(String), removedThrough: old[3] });
    expect(await ids()).toEqual([...kept, result.anchorId]);
    const anchor = await db.selectFrom('audit_record').selectAll().where('kind', '=', 'RETENTION').executeTakeFirstOrThrow();
    expect(anchor).toMatchObject({ role: 'system', operation_name: 'audit-retention', entities: { AuditRecord: 4 }, anchor_id: Number(old[3]), participants: [] });
    expect(await verifyAuditChain(db)).toMatchObject({ records: 4, broken: null });

    await append([8]);
    expect(await verifyAuditChain(db)).toMatchObject({ records: 5, broken: null });
    // Nothing young enough to go: no anchor, nothing removed.
    expect(await applyAuditRetention(db, { days: 1, subgraph: 'test', store: 'main' })).toEqual({ removed: 0, anchorId: null, removedThrough: null });
    // Records the anchor does not cover stay protected.
    await expect(db.deleteFrom('audit_record').where('id', '=', Number(kept[0])).execute()).rejects.toThrow(/append-only/);

    // Removing every record twice over still leaves a verifiable chain: the newest anchor alone.
    await applyAuditRetention(db, { days: 0, subgraph: 'test', store: 'main' });
    const second = await applyAuditRetention(db, { days: 0, subgraph: 'test', store: 'main' });
    expect(await ids()).toEqual([second.anchorId]);
    expect(await verifyAuditChain(db)).toMatchObject({ records: 1, broken: null });
  });

  it('reports records removed beyond what the anchor says', async () => {
    for (let i = 1; i <= 3; i++) await append([i]);
    await applyAuditRetention(db, { days: 0, subgraph: 'test', store: 'main' });
    for (let i = 4; i <= 6; i++) await append([i]);
    const [anchor, fourth, fifth] = await ids();
    await behindTheTriggers(sql`delete from audit_record where id in (${anchor}, ${fourth})`);
    expect((await verifyAuditChain(db)).broken).toEqual({ id: fifth, problem: expect.stringContaining('removed without a retention anchor') });
  });

  it('refuses a negative or unknown retention', async () => {
    await expect(applyAuditRetention(db, { days: -1, subgraph: 'test', store: 'main' })).rejects.toThrow(/0 or more/);
    await expect(applyAuditRetention(db, { days: Number.NaN, subgraph: 'test', store: 'main' })).rejects.toThrow(/0 or more/);
  });
});
