import { sql, type Kysely } from 'kysely';

// Keys of BI clients (Power BI, Excel, pandas…): long-lived, each scoped to a role and to the feeds
// it may pull, with an expiry. Only the SHA-256 of the secret is kept; the key itself is shown once
// when minted. Every use is recorded in bi_client_key_use, append-only like the other audit tables.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('bi_client_key')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
    .addColumn('client', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('scopes', sql`text[]`, (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text')
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_by', 'text')
    .addColumn('last_used_at', 'timestamptz')
    .execute();
  await db.schema
    .createTable('bi_client_key_use')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('feed', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bi_client_key_use_key_idx').on('bi_client_key_use').columns(['key_id', 'id']).execute();
  await sql`create function bi_client_key_use_is_append_only() returns trigger language plpgsql as $$
    begin raise exception 'bi_client_key_use is append-only'; end $$`.execute(db);
  await sql`create trigger bi_client_key_use_append_only before update or delete or truncate on bi_client_key_use
    for each statement execute function bi_client_key_use_is_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('bi_client_key_use').execute();
  await db.schema.dropTable('bi_client_key').execute();
  await sql`drop function bi_client_key_use_is_append_only()`.execute(db);
}
