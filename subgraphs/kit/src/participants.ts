// The participant table of every partner that serves people. Personal data (name, fiscal code,
// birth date) stays in the partner's own database; only the pseudonym — HMAC-SHA256 of the
// fiscal code with the project's linkage key — is fit to join partners.
import { sql, type Generated, type GeneratedAlways, type Kysely, type Selectable } from 'kysely';

export interface ParticipantTable {
  id: Generated<number>;
  pseudonym: string;
  fiscal_code: string;
  first_name: string;
  last_name: string;
  birth_date: string;
  gender: 'F' | 'M';
  /** ISO 3166-1 alpha-2, or OTHER. */
  citizenship: string;
  /** ISTAT code of the municipality of residence. */
  residence_municipality: string;
  /** Derived by PostgreSQL for the indicator facts (people-facts.ts `addFactsHead`), never written. */
  facts_head: GeneratedAlways<Uint8Array>;
}

/** What a partner writes and reads of a participant: every column but the derived facts head. */
export const PARTICIPANT_COLUMNS = ['id', 'pseudonym', 'fiscal_code', 'first_name', 'last_name', 'birth_date', 'gender', 'citizenship', 'residence_municipality'] as const;
export type ParticipantRow = Pick<Selectable<ParticipantTable>, (typeof PARTICIPANT_COLUMNS)[number]>;
/** The same columns of `participant as p`, for a select that joins. */
export const PARTICIPANT_COLUMNS_OF_P = PARTICIPANT_COLUMNS.map((c) => `p.${c}` as const);

/** For a partner's dated migration: creates `participant` with the same columns everywhere. */
export async function createParticipantTable(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('participant')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('pseudonym', 'char(64)', (c) => c.notNull().unique().check(sql`pseudonym ~ '^[0-9a-f]{64}$'`))
    .addColumn('fiscal_code', 'char(16)', (c) => c.notNull().unique())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('birth_date', 'date', (c) => c.notNull())
    .addColumn('gender', 'char(1)', (c) => c.notNull().check(sql`gender in ('F', 'M')`))
    .addColumn('citizenship', 'text', (c) => c.notNull())
    .addColumn('residence_municipality', 'char(6)', (c) => c.notNull().check(sql`residence_municipality ~ '^[0-9]{6}$'`))
    .execute();
}
