// Test databases: a fresh database on the PostgreSQL server named by TEST_DATABASE_URL (created
// here, dropped afterwards), or an in-memory PGlite when no server is configured.
import { randomBytes } from 'node:crypto';
import { graphql, type GraphQLError, type GraphQLSchema } from 'graphql';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { AuditCollector, writeAuditTrail } from '../audit.ts';
import type { Viewer } from '../context.ts';
import { participantGrants } from '../grant.ts';
import type { ParticipantTable } from '../participants.ts';
import { pseudonymOf } from '../pseudonym.ts';

/** The internal secret `execute` signs participant grants with. */
export const TEST_INTERNAL_SECRET = 'test-internal-secret-of-the-pleiadi-kit-0123456789';
import { openDatabase, type Database, type DatabaseStats } from '../database.ts';

export interface TestDatabase<DB> extends Database<DB> {
  /** The connection string, on a PostgreSQL server; absent for the in-memory PGlite. */
  url?: string;
  drop(): Promise<void>;
}

export function testServerUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined;
}

export async function createTestDatabase<DB>(label: string): Promise<TestDatabase<DB>> {
  const serverUrl = testServerUrl();
  if (!serverUrl) {
    const database = await openDatabase<DB>({});
    return { ...database, drop: () => database.close() };
  }
  const name = `pleiadi_test_${label.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase<DB>({ url: url.toString(), maxConnections: 4 });
  return {
    ...database,
    url: url.toString(),
    drop: async () => {
      await database.close();
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * Runs an operation directly against a subgraph schema, as its server would, with a fresh
 * context — by default as the regional table (signed in, no personal data).
 */
export async function execute<DB>(
  schema: GraphQLSchema,
  database: Database<DB> | Record<string, Database<DB>>,
  source: string,
  variables?: Record<string, unknown>,
  viewer: Viewer = { role: 'region' },
) {
  // One database, or a subgraph's stores by name (the first is the main one).
  const stores: Record<string, Database<DB>> = 'db' in database ? { main: database as Database<DB> } : database;
  const first = Object.values(stores)[0];
  const contextValue = {
    subgraph: 'test',
    db: first.db,
    stores: Object.fromEntries(Object.entries(stores).map(([k, d]) => [k, d.db])),
    viewer,
    audit: new AuditCollector(),
    grants: participantGrants(viewer, TEST_INTERNAL_SECRET),
  };
  const result = await graphql({ schema, source, variableValues: variables, contextValue });
  // As the server does: the audit trail is written before the result is handed back.
  await writeAuditTrail(contextValue, (result.errors ?? []).map((e) => e.extensions?.code));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return result as { data?: Record<string, any> | null; errors?: readonly GraphQLError[] };
}

/** How many SQL statements `run` caused on the given databases. */
export async function countStatements(databases: readonly { stats: DatabaseStats }[], run: () => Promise<unknown>): Promise<number> {
  const before = databases.reduce((sum, d) => sum + d.stats.statements, 0);
  await run();
  return databases.reduce((sum, d) => sum + d.stats.statements, 0) - before;
}

/** A hand-made person in a partner's `participant` table, pseudonymised with `linkageKey`; resolves to the row's id. */
export async function insertTestParticipant<DB>(
  db: Kysely<DB>,
  linkageKey: string,
  person: { fiscalCode: string; gender: 'F' | 'M'; birthDate: string; residence?: string },
): Promise<number> {
  const participants = db as unknown as Kysely<{ participant: ParticipantTable }>;
  const row = await participants
    .insertInto('participant')
    .values({
      pseudonym: pseudonymOf(person.fiscalCode, linkageKey), fiscal_code: person.fiscalCode, first_name: 'Test', last_name: 'Person',
      birth_date: person.birthDate, gender: person.gender, citizenship: 'MA', residence_municipality: person.residence ?? '037006',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

