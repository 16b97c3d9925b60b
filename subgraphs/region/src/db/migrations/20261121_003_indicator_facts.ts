import { sql, type Kysely } from 'kysely';

// Which fact of a feeding partner an indicator counts (see the kit's indicator-facts.ts), so that
// a feed says "ats, civic orientation" and not just "ats"; and the age bands of the breakdowns.
// Both are data: the regional team corrects them without code.
const FEED_FACTS: [string, string, string][] = [
  ['O.2.2', 'anci', 'AUTHORITY_SUPPORTED'],
  ['O.2.3', 'cpia', 'SUPPORT_ACTIVITY'],
  ['O.2.3', 'ats', 'SUPPORT_ACTIVITY'],
  ['O.2.3', 'ial', 'SUPPORT_ACTIVITY'],
  ['O.2.3.1', 'cpia', 'LANGUAGE_COURSE'],
  ['O.2.3.2', 'cpia', 'CIVIC_ORIENTATION'],
  ['O.2.3.2', 'ats', 'CIVIC_ORIENTATION'],
  ['O.2.3.3', 'ial', 'PERSONAL_GUIDANCE'],
  ['O.2.4', 'comms', 'INFORMATION_PACKAGE'],
  ['R.2.8', 'cpia', 'LANGUAGE_LEVEL_IMPROVED'],
  ['R.2.9', 'cpia', 'INTEGRATION_HELPED'],
  ['R.2.9', 'ats', 'INTEGRATION_HELPED'],
  ['R.2.9', 'ial', 'INTEGRATION_HELPED'],
  ['R.2.10', 'ial', 'RECOGNITION_APPLIED'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('indicator_feed').addColumn('fact', 'text').execute();
  // Feeds recorded before this migration: the fact each one meant.
  for (const [indicator, subgraph, fact] of FEED_FACTS) {
    await sql`update indicator_feed set fact = ${fact} where indicator_code = ${indicator} and subgraph = ${subgraph}`.execute(db);
  }
  await sql`delete from indicator_feed where fact is null`.execute(db);
  await db.schema.alterTable('indicator_feed').alterColumn('fact', (c) => c.setNotNull()).execute();
  await db.schema.alterTable('indicator_feed').dropConstraint('indicator_feed_pk').execute();
  await db.schema.alterTable('indicator_feed').addPrimaryKeyConstraint('indicator_feed_pk', ['indicator_code', 'subgraph', 'fact']).execute();

  await db.schema
    .createTable('age_band')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('min_age', 'integer', (c) => c.notNull().check(sql`min_age >= 0`))
    .addColumn('max_age', 'integer', (c) => c.check(sql`max_age >= min_age`))
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('age_band').execute();
  await db.schema.alterTable('indicator_feed').dropConstraint('indicator_feed_pk').execute();
  await sql`delete from indicator_feed a using indicator_feed b where a.indicator_code = b.indicator_code and a.subgraph = b.subgraph and a.fact > b.fact`.execute(db);
  await db.schema.alterTable('indicator_feed').addPrimaryKeyConstraint('indicator_feed_pk', ['indicator_code', 'subgraph']).execute();
  await db.schema.alterTable('indicator_feed').dropColumn('fact').execute();
}
