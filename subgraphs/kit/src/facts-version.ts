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

/** For a partner's dated migration: the version, and a trigger on each table its facts read. */
export async function createFactsVersion(db: Kysely<unknown>, tables: readonly string[]): Promise<void> {
  await sql`create table facts_version (only_row boolean primary key default true check (only_row), version bigint not null default 0)`.execute(db);
  await sql`insert into facts_version default values`.execute(db);
  // The transactions that wrote and have not committed yet: one row each, gone at their commit.
  await sql`create table facts_write (txid bigint primary key)`.execute(db);
  await sql`create function note_facts_write() returns trigger language plpgsql as $$
    begin insert into facts_write values (txid_current()) on conflict do nothing; return null; end $$`.execute(db);
  await sql`create function count_facts_write() returns trigger language plpgsql as $$
    begin update facts_version set version = version + 1; delete from facts_write where txid = new.txid; return null; end $$`.execute(db);
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
