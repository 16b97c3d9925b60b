// The participants format every partner that serves people shares (cpia, ats, ial): the same
// `participant` table everywhere, pseudonymised at the door — the pseudonym is computed here from
// the normalised fiscal code with the linkage key, and the identity fields stay in this database.
import { sql, type Kysely } from 'kysely';
import { pseudonymOf } from '../pseudonym.ts';
import { codeColumn, countryColumn, dateColumn, fiscalCodeColumn, municipalityColumn, sourceIdColumn, textColumn } from './columns.ts';
import { defineImportTable, type AnyDatabase, type Outcome, type Problem } from './table.ts';
import { upsertBySourceId } from './upsert.ts';

const PARTICIPANT_COLUMNS = ['pseudonym', 'fiscal_code', 'first_name', 'last_name', 'birth_date', 'gender', 'citizenship', 'residence_municipality'] as const;

/** Adds the partner's source ids to tables of a partner's database (for a dated migration). */
export async function addSourceIdColumns(db: Kysely<unknown>, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    await db.schema.alterTable(table).addColumn('source_id', 'text', (c) => c.unique().check(sql`char_length(source_id) between 1 and 100`)).execute();
  }
}

export function participantsTable(partner: string) {
  return defineImportTable({
    name: 'participants',
    title: 'Participants',
    description: `The people ${partner} serves, one row each. Name, fiscal code and birth date stay in ${partner}'s own database; the pseudonym that joins partners is computed at import from the fiscal code.`,
    columns: {
      source_id: sourceIdColumn('Your own identifier of the person (e.g. the number in your management software); the same person keeps it in every later file.', 'P-0001'),
      fiscal_code: fiscalCodeColumn({ description: 'Italian fiscal code (codice fiscale); spaces and lower case are accepted. One person per fiscal code.', example: 'RSSMRA85T10Z330R' }),
      first_name: textColumn({ description: 'First name(s).', example: 'Mario', personal: true, max: 100 }),
      last_name: textColumn({ description: 'Last name(s).', example: 'Rossi', personal: true, max: 100 }),
      birth_date: dateColumn({ description: 'Date of birth.', example: '1985-12-10', personal: true, min: '1900-01-01' }),
      gender: codeColumn(['F', 'M'] as const, { description: 'Gender as on the fiscal code.', example: 'M' }),
      citizenship: countryColumn({ description: 'Citizenship: ISO 3166-1 alpha-2 code (MA, AL, UA…), or OTHER.', example: 'MA' }),
      residence_municipality: municipalityColumn({ description: 'ISTAT code of the municipality of residence in Emilia-Romagna.', example: '037006' }),
    },
    unique: ['source_id', 'fiscal_code'],
    load: async (tx, rows, context) => {
      const db = tx as unknown as Kysely<{ participant: { id: number; source_id: string | null; pseudonym: string } }>;
      const withPseudonym = rows.map((r) => ({ ...r.values, pseudonym: pseudonymOf(r.values.fiscal_code, context.linkageKey) }));
      const known = rows.length
        ? await db.selectFrom('participant').select(['id', 'source_id', 'pseudonym']).where('pseudonym', '=', sql<string>`any(${withPseudonym.map((p) => p.pseudonym)}::bpchar[])`).execute()
        : [];
      const byPseudonym = new Map(known.map((k) => [k.pseudonym.trim(), k]));
      const results: (Outcome | Problem[])[] = new Array(rows.length);
      const ready: Record<string, unknown>[] = [];
      const where: number[] = [];
      for (const [i, row] of withPseudonym.entries()) {
        const existing = byPseudonym.get(row.pseudonym);
        if (existing && existing.source_id !== null && existing.source_id !== row.source_id) {
          results[i] = [{ column: 'fiscal_code', code: 'PERSON_ALREADY_RECORDED', message: 'this person is already recorded under another source_id' }];
          continue;
        }
        // A person recorded before source ids existed (or by hand) takes the file's source id.
        if (existing && existing.source_id === null) await db.updateTable('participant').set({ source_id: row.source_id }).where('id', '=', existing.id).execute();
        ready.push(row);
        where.push(i);
      }
      const outcomes = await upsertBySourceId(tx, 'participant', ready, PARTICIPANT_COLUMNS);
      outcomes.forEach((o, k) => (results[where[k]] = o));
      return results;
    },
    export: (db) => exportRows(db, sql`select coalesce(source_id, 'P' || id) as source_id, fiscal_code, first_name, last_name, birth_date, gender, citizenship, residence_municipality from participant order by id`),
  });
}

/** Rows of a select, page by page (keeps memory flat on 100,000 people). */
export async function* exportRows(db: AnyDatabase, query: ReturnType<typeof sql>, page = 5000): AsyncGenerator<Record<string, unknown>> {
  for (let offset = 0; ; offset += page) {
    const { rows } = await sql<Record<string, unknown>>`${query} limit ${page} offset ${offset}`.execute(db);
    yield* rows;
    if (rows.length < page) return;
  }
}
