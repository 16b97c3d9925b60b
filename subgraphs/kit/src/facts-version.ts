// Which state of a partner's data its indicator facts come from. A partner that serves people keeps
// the grouped facts of a period between reports (people-facts.ts): grouping a year of records is
// most of a facts statement, and every report — each scope, breakdown and role the tables ask for
// — wants the same period again with only a new salt. The version says when what was kept is
// stale. Every statement that writes a table the facts read notes its transaction (statement
// triggers, whoever writes: the subgraph, an import, a partner's own loader in SQL); the noted
// transaction adds one to the version as it commits (a deferred trigger), so the version changes
// exactly when the written data becomes visible. Writers never wait for each other over it: the
// one shared row is locked only for the instant of a commit.
import { sql, type Kysely } from 'kysely';

/** The commit of a transaction that wrote: the version alone (without the change log below). */
const COUNT_VERSION_ONLY = sql`create or replace function count_facts_write() returns trigger language plpgsql as $$
    begin update facts_version set version = version + 1; delete from facts_write where txid = new.txid; return null; end $$`;

/** For a partner's dated migration: the version, and a trigger on each table its facts read. */
export async function createFactsVersion(db: Kysely<unknown>, tables: readonly string[]): Promise<void> {
  await sql`create table facts_version (only_row boolean primary key default true check (only_row), version bigint not null default 0)`.execute(db);
  await sql`insert into facts_version default values`.execute(db);
  // The transactions that wrote and have not committed yet: one row each, gone at their commit.
  await sql`create table facts_write (txid bigint primary key)`.execute(db);
  await sql`create function note_facts_write() returns trigger language plpgsql as $$
    begin insert into facts_write values (txid_current()) on conflict do nothing; return null; end $$`.execute(db);
  await COUNT_VERSION_ONLY.execute(db);
  await sql`create constraint trigger count_facts_write after insert on facts_write deferrable initially deferred
    for each row execute function count_facts_write()`.execute(db);
  for (const table of tables) await addFactsVersionTrigger(db, table);
}

/** For a later migration that makes another table feed the facts. */
export async function addFactsVersionTrigger(db: Kysely<unknown>, table: string): Promise<void> {
  await sql`create trigger facts_version after insert or update or delete or truncate on ${sql.table(table)} for each statement execute function note_facts_write()`.execute(db);
}

export async function dropFactsVersion(db: Kysely<unknown>, tables: readonly string[]): Promise<void> {
  for (const table of tables) await sql`drop trigger facts_version on ${sql.table(table)}`.execute(db);
  await sql`drop table facts_write`.execute(db);
  await sql`drop function count_facts_write()`.execute(db);
  await sql`drop function note_facts_write()`.execute(db);
  await sql`drop table facts_version`.execute(db);
}

// Which people changed. A version alone makes a write at one person re-read a whole year of
// facts; with the change log a report re-reads only the people written since the facts it kept
// (people-facts.ts). Statement triggers with transition tables note the people a statement's rows
// are about in `facts_pending` (so writers still never wait for each other); the commit moves them
// to `facts_change`, one row per person with the version of their last change, so the log is as
// long as the partner has people and needs no pruning. A change that may move anyone's facts (a
// site or office edited, a table truncated) is noted as the version at which everyone changed.

/**
 * Which people a changed row of a table that feeds the facts is about:
 * - `{ column }`: the row names the person (`participant.id`, `enrolment.participant_id`);
 * - `{ via, key }`: the row names a row of `via` that names the person (`via.participant_id`
 *   where `via.id` is the row's `key`: a service delivery through its case);
 * - `'anyone'`: a reference row (a site, an office, a course). Editing or deleting one may move
 *   anyone's facts; a new one is about no one until a row that names a person points to it.
 */
export type FactsRowPeople = { column: string } | { via: string; key: string } | 'anyone';

/** For a partner's dated migration, after `createFactsVersion`: the change log and each table's triggers. */
export async function createFactsChanges(db: Kysely<unknown>, tables: Readonly<Record<string, FactsRowPeople>>): Promise<void> {
  await sql`create table facts_pending (txid bigint not null, participant_id integer)`.execute(db);
  await sql`create index facts_pending_txid_idx on facts_pending (txid)`.execute(db);
  await sql`create table facts_change (participant_id integer primary key, version bigint not null)`.execute(db);
  await sql`create index facts_change_version_idx on facts_change (version)`.execute(db);
  // Facts kept before there was a log may miss any write since: read them all once more.
  await sql`alter table facts_version add column anyone_changed_at bigint not null default 0`.execute(db);
  await sql`update facts_version set anyone_changed_at = version`.execute(db);
  // TG_ARGV[0] selects the people from the transition table named by %1$I (old_rows, new_rows).
  await sql`create function note_facts_people() returns trigger language plpgsql as $$
    begin
      if TG_OP in ('UPDATE', 'DELETE') then
        execute format('insert into facts_pending select txid_current(), p from (' || TG_ARGV[0] || ') x(p) where p is not null', 'old_rows');
      end if;
      if TG_OP in ('UPDATE', 'INSERT') then
        execute format('insert into facts_pending select txid_current(), p from (' || TG_ARGV[0] || ') x(p) where p is not null', 'new_rows');
      end if;
      insert into facts_write values (txid_current()) on conflict do nothing;
      return null;
    end $$`.execute(db);
  // An upsert that changed no row is still an update statement: only rows updated or deleted count.
  await sql`create function note_facts_anyone() returns trigger language plpgsql as $$
    declare touched boolean := true;
    begin
      if TG_OP in ('UPDATE', 'DELETE') then execute 'select exists (select from old_rows)' into touched; end if;
      if touched then
        insert into facts_pending values (txid_current(), null);
        insert into facts_write values (txid_current()) on conflict do nothing;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create or replace function count_facts_write() returns trigger language plpgsql as $$
    declare committed bigint;
    begin
      update facts_version set version = version + 1, anyone_changed_at = case
          when exists (select 1 from facts_pending where txid = new.txid and participant_id is null) then version + 1
          else anyone_changed_at end
        returning version into committed;
      insert into facts_change select distinct participant_id, committed from facts_pending where txid = new.txid and participant_id is not null
        on conflict (participant_id) do update set version = excluded.version;
      delete from facts_pending where txid = new.txid;
      delete from facts_write where txid = new.txid;
      return null;
    end $$`.execute(db);
  for (const [table, people] of Object.entries(tables)) await addFactsChangeTriggers(db, table, people);
}

/** For a later migration that makes another table feed the facts (with `addFactsVersionTrigger`). */
export async function addFactsChangeTriggers(db: Kysely<unknown>, table: string, people: FactsRowPeople): Promise<void> {
  const on = sql.table(table);
  await sql`create trigger facts_anyone after truncate on ${on} for each statement execute function note_facts_anyone()`.execute(db);
  if (people === 'anyone') {
    await sql`create trigger facts_anyone_update after update on ${on} referencing old table as old_rows
      for each statement execute function note_facts_anyone()`.execute(db);
    await sql`create trigger facts_anyone_delete after delete on ${on} referencing old table as old_rows
      for each statement execute function note_facts_anyone()`.execute(db);
    return;
  }
  const select =
    'column' in people
      ? `select r.${quoted(people.column)} from %1$I r`
      : `select v.participant_id from %1$I r join ${quoted(people.via)} v on v.id = r.${quoted(people.key)}`;
  const argument = sql.lit(select);
  await sql`create trigger facts_people_insert after insert on ${on} referencing new table as new_rows
    for each statement execute function note_facts_people(${argument})`.execute(db);
  await sql`create trigger facts_people_update after update on ${on} referencing old table as old_rows new table as new_rows
    for each statement execute function note_facts_people(${argument})`.execute(db);
  await sql`create trigger facts_people_delete after delete on ${on} referencing old table as old_rows
    for each statement execute function note_facts_people(${argument})`.execute(db);
}

export async function dropFactsChanges(db: Kysely<unknown>, tables: Readonly<Record<string, FactsRowPeople>>): Promise<void> {
  for (const [table, people] of Object.entries(tables)) {
    const triggers = people === 'anyone' ? ['facts_anyone', 'facts_anyone_update', 'facts_anyone_delete'] : ['facts_anyone', 'facts_people_insert', 'facts_people_update', 'facts_people_delete'];
    for (const trigger of triggers) await sql`drop trigger ${sql.id(trigger)} on ${sql.table(table)}`.execute(db);
  }
  await COUNT_VERSION_ONLY.execute(db);
  await sql`drop function note_facts_anyone()`.execute(db);
  await sql`drop function note_facts_people()`.execute(db);
  await sql`alter table facts_version drop column anyone_changed_at`.execute(db);
  await sql`drop table facts_change`.execute(db);
  await sql`drop table facts_pending`.execute(db);
}

/** A table or column name as an identifier inside the trigger's statement text. */
function quoted(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Not a plain table or column name: ${name}`);
  return `"${name}"`;
}
