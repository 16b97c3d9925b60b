// A subgraph runs the same few statements over and over, each with other values. Sent unnamed,
// PostgreSQL parses and plans every one afresh: on the benchmark's six-partner query that was
// ~60 % of a small statement's time in the server. A statement seen again is prepared under a name
// instead, once per connection, and from then on only bound and executed (PostgreSQL re-plans a
// prepared statement itself when a table it reads changes, and keeps a generic plan only where it
// costs no more than a custom one).
//
// Bounded: statements whose text varies with their values (`in ($1, …, $n)` lists of every
// length) would otherwise fill each connection with plans run once. Only a text seen twice is
// named, and at most `maxNamed` texts per pool ever are; the rest stay unnamed, as before.
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import { wholeNumberFromEnv } from './env.ts';

export const DEFAULT_PREPARED_STATEMENTS = 256;

/**
 * PLEIADI_PREPARED_STATEMENTS: most statement texts prepared per database pool (default 256). 0
 * prepares none — for a connection pooler that cannot carry prepared statements (PgBouncer in
 * transaction mode before 1.21, or without `max_prepared_statements`).
 */
export function preparedStatementsLimit(env: NodeJS.ProcessEnv = process.env): number {
  return wholeNumberFromEnv(env, 'PLEIADI_PREPARED_STATEMENTS', { min: 0, max: 10_000, default: DEFAULT_PREPARED_STATEMENTS }) ?? DEFAULT_PREPARED_STATEMENTS;
}

export interface PreparedStatementOptions {
  /** Most texts ever named in this pool (so at most this many prepared statements per connection); default PLEIADI_PREPARED_STATEMENTS. */
  maxNamed?: number;
}

const SEEN_AT_MOST = 4096;
// PostgreSQL's "cached plan must not change result type": a table a prepared `select *` reads
// gained or lost a column since the statement was prepared on this connection.
const STALE_PREPARED_STATEMENT = '0A000';

/** Kysely's pool over `pool`, preparing the statements it sees more than once. */
export function preparingPool(pool: pg.Pool, options: PreparedStatementOptions = {}): PostgresPool {
  const maxNamed = options.maxNamed ?? preparedStatementsLimit();
  const names = new Map<string, string>();
  const seen = new Set<string>();
  let named = 0;

  const nameOf = (text: string): string | undefined => {
    const name = names.get(text);
    if (name !== undefined || named >= maxNamed) return name;
    if (!seen.has(text)) {
      if (seen.size >= SEEN_AT_MOST) seen.clear();
      seen.add(text);
      return undefined;
    }
    seen.delete(text);
    // Never reused for another text: a connection may still hold a name this pool gave up on.
    const fresh = `pleiadi_${++named}`;
    names.set(text, fresh);
    return fresh;
  };

  const wrap = (client: pg.PoolClient): PostgresPoolClient => ({
    query: ((textOrCursor: unknown, values?: readonly unknown[]) => {
      // Kysely's streaming passes a cursor: left as it is.
      if (typeof textOrCursor !== 'string') return client.query(textOrCursor as never);
      const text = textOrCursor;
      const name = nameOf(text);
      if (name === undefined) return client.query(text, values as unknown[]);
      return client.query({ name, text, values: values as unknown[] }).catch((error: { code?: string }) => {
        if (error?.code !== STALE_PREPARED_STATEMENT) throw error;
        // Unnamed from now on (a later sighting names it afresh); asked again at once where no
        // transaction was aborted by the failure.
        if (names.get(text) === name) names.delete(text);
        if (client.getTransactionStatus() !== 'I') throw error;
        return client.query(text, values as unknown[]);
      });
    }) as unknown as PostgresPoolClient['query'],
    release: () => client.release(),
  });

  return {
    connect: async () => wrap(await pool.connect()),
    end: () => pool.end(),
  };
}
