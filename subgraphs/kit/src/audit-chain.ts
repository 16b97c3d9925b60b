// The audit trail's hash chain. Each record carries the hash of the one before it in the same
// database (store), so a record altered, removed or inserted afterwards — even by a DBA who
// bypasses the append-only trigger — breaks a link that `verifyAuditChain` finds.
//
// The database chains the rows itself, in a BEFORE INSERT trigger: it takes a transaction-level
// advisory lock (concurrent writers, from any process, append one at a time), reads the last hash,
// assigns the id and the time under that lock, and hashes the row. Verification recomputes every
// hash here, in TypeScript, from the stored values: it does not trust the database's function.
//
// Retention removes a prefix of the chain only, and only after appending an anchor record (kind
// RETENTION) that names the last removed record and its hash: the first kept record's previous
// hash must equal it, and the anchor itself is a link of the chain.
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

/** The previous hash of the first record of a store that never removed any. */
export const GENESIS_HASH = '0'.repeat(64);
const VERSION = 'pleiadi-audit-v1';
/** Advisory lock key of audit appends (arbitrary, fixed: every writer must use the same). */
export const AUDIT_APPEND_LOCK = 7_310_448_275_093;
const TIMESTAMP_FORMAT = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

/** For a subgraph's dated migration, after `createAuditTable`: per-person ids, the chain, retention. */
export async function addAuditChain(db: Kysely<unknown>): Promise<void> {
  await sql`alter table audit_record
    add column kind text not null default 'ACCESS' check (kind in ('ACCESS', 'RETENTION')),
    add column participants integer[] not null default '{}',
    add column anchor_id bigint,
    add column anchor_hash text,
    add column prev_hash text,
    add column hash text`.execute(db);
  // Ids are handed out under the append lock (by the trigger), so id order is chain order.
  await sql`alter table audit_record alter column id drop default`.execute(db);
  await sql`create index audit_record_participants_idx on audit_record using gin (participants)`.execute(db);
  await sql`create index audit_record_anchor_idx on audit_record (anchor_id) where kind = 'RETENTION'`.execute(db);
  // Length-prefixed fields: no value can be shifted into its neighbour without changing the hash.
  await sql`create function audit_record_field(value text) returns text language sql immutable as
    $$ select case when value is null then '-' else octet_length(value)::text || ':' || value end $$`.execute(db);
  await sql`create function audit_record_digest(r audit_record) returns text language sql stable as $$
    select encode(sha256(convert_to(concat(${sql.lit(VERSION)},
      audit_record_field(r.prev_hash), audit_record_field(r.id::text),
      audit_record_field(to_char(r.recorded_at at time zone 'UTC', ${sql.raw(TIMESTAMP_FORMAT)})),
      audit_record_field(r.subgraph), audit_record_field(r.store), audit_record_field(r.kind),
      audit_record_field(r.subject), audit_record_field(r.role), audit_record_field(r.partner_id),
      audit_record_field(r.ambit), audit_record_field(r.purpose), audit_record_field(r.operation_name),
      audit_record_field(r.operation_hash),
      audit_record_field((select coalesce(string_agg(audit_record_field(e.key) || audit_record_field(e.value::text), '' order by e.key collate "C"), '')
        from jsonb_each(r.entities) e)),
      audit_record_field((select coalesce(string_agg(audit_record_field(d.v), '' order by d.n), '') from unnest(r.denied) with ordinality d(v, n))),
      audit_record_field(r.outcome), audit_record_field(array_to_string(r.participants, ',')),
      audit_record_field(r.anchor_id::text), audit_record_field(r.anchor_hash)), 'UTF8')), 'hex') $$`.execute(db);

  // Existing records become the start of the chain, oldest first (the one sanctioned rewrite).
  await sql`alter table audit_record disable trigger audit_record_append_only`.execute(db);
  await sql`do $$ declare r record; previous text := ${sql.lit(GENESIS_HASH)}; begin
    for r in select id from audit_record order by id loop
      update audit_record set prev_hash = previous where id = r.id;
      update audit_record a set hash = audit_record_digest(a) where id = r.id returning hash into previous;
    end loop; end $$`.execute(db);
  await sql`alter table audit_record alter column prev_hash set not null, alter column hash set not null`.execute(db);
  await sql`alter table audit_record enable trigger audit_record_append_only`.execute(db);

  await sql`create function audit_record_chain() returns trigger language plpgsql as $$
    declare previous text;
    begin
      perform pg_advisory_xact_lock(${sql.lit(AUDIT_APPEND_LOCK)});
      -- A fresh snapshot after the lock: sees every append committed while this one waited.
      select hash into previous from audit_record order by id desc limit 1;
      new.id := nextval(pg_get_serial_sequence('audit_record', 'id'));
      new.recorded_at := clock_timestamp();
      new.prev_hash := coalesce(previous, ${sql.lit(GENESIS_HASH)});
      if new.kind = 'RETENTION' then
        select hash into new.anchor_hash from audit_record where id = new.anchor_id;
        if new.anchor_hash is null then raise exception 'a retention anchor must name an existing audit record'; end if;
      else
        new.anchor_id := null;
        new.anchor_hash := null;
      end if;
      new.hash := audit_record_digest(new);
      return new;
    end $$`.execute(db);
  await sql`create trigger audit_record_chain before insert on audit_record for each row execute function audit_record_chain()`.execute(db);

  // DELETE is allowed for records an anchor covers (retention), nothing else; UPDATE and TRUNCATE never.
  await sql`drop trigger audit_record_append_only on audit_record`.execute(db);
  await sql`create trigger audit_record_append_only before update or truncate on audit_record
    for each statement execute function audit_record_is_append_only()`.execute(db);
  await sql`create function audit_record_retention_guard() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from audit_record a where a.kind = 'RETENTION' and a.anchor_id >= old.id) then return old; end if;
      raise exception 'audit_record is append-only: only records a retention anchor covers may be removed';
    end $$`.execute(db);
  await sql`create trigger audit_record_retention_only before delete on audit_record
    for each row execute function audit_record_retention_guard()`.execute(db);
}

/** A record as verification reads it: ids and time as the database prints them. */
export interface ChainedRecord {
  id: string;
  recorded_at: string;
  subgraph: string;
  store: string;
  kind: string;
  subject: string | null;
  role: string;
  partner_id: string | null;
  ambit: string | null;
  purpose: string | null;
  operation_name: string | null;
  operation_hash: string | null;
  entities: Record<string, unknown>;
  denied: string[];
  outcome: string;
  participants: number[];
  anchor_id: string | null;
  anchor_hash: string | null;
  prev_hash: string | null;
  hash: string | null;
}

const field = (value: string | null) => (value === null ? '-' : `${Buffer.byteLength(value, 'utf8')}:${value}`);
// Code-point order of ASCII keys, as `collate "C"` sorts them.
const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);

/** The hash a record should carry, computed from its stored values alone. */
export function auditRecordHash(r: ChainedRecord): string {
  const entities = Object.entries(r.entities).sort(byKey).map(([k, v]) => field(k) + field(JSON.stringify(v))).join('');
  const canonical = [
    VERSION, field(r.prev_hash), field(r.id), field(r.recorded_at), field(r.subgraph), field(r.store), field(r.kind),
    field(r.subject), field(r.role), field(r.partner_id), field(r.ambit), field(r.purpose), field(r.operation_name),
    field(r.operation_hash), field(entities), field(r.denied.map(field).join('')), field(r.outcome),
    field(r.participants.join(',')), field(r.anchor_id), field(r.anchor_hash),
  ].join('');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** Reads a store's records in id order, a batch at a time. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function* chainedRecords(db: Kysely<any>, batch = 2000): AsyncGenerator<ChainedRecord> {
  let after = '0';
  for (;;) {
    const { rows } = await sql<ChainedRecord>`
      select id::text as id, to_char(recorded_at at time zone 'UTC', ${sql.raw(TIMESTAMP_FORMAT)}) as recorded_at,
        subgraph, store, kind, subject, role, partner_id, ambit, purpose, operation_name, operation_hash,
        entities, denied, outcome, participants, anchor_id::text as anchor_id, anchor_hash, prev_hash, hash
      from audit_record r where r.id > ${after}::bigint order by r.id limit ${batch}`.execute(db);
    yield* rows;
    if (rows.length < batch) return;
    after = rows[rows.length - 1].id;
  }
}
