// Reads of the people the network serves. Personal rows (names, fiscal codes, birth dates) are for
// the network's own operators; `enrolmentFactsOf` reads the non-personal facts other partners may
// see by pseudonym. Every function takes many keys and answers in one statement.
import { containsPattern, keysetPage, type PageArgs, PARTICIPANT_COLUMNS, PARTICIPANT_COLUMNS_OF_P, type ParticipantRow } from '@pleiadi/kit';
import { sql, type Kysely } from 'kysely';
import type { CourseKind, CpiaDatabase } from '../types.ts';

export type { ParticipantRow };
export type EnrolmentRow = CpiaDatabase['enrolment'];

export interface ParticipantSearch {
  /** Already normalised: trimmed, single spaces, LIKE wildcards not escaped yet. */
  nameContains?: string | null;
  /** Already normalised: upper case, no spaces. */
  fiscalCode?: string | null;
  municipalityCode?: string | null;
  citizenship?: string | null;
  courseKind?: CourseKind | null;
}


function participants(db: Kysely<CpiaDatabase>, search: ParticipantSearch) {
  let query = db.selectFrom('participant as p').select(PARTICIPANT_COLUMNS_OF_P);
  if (search.nameContains) {
    const pattern = containsPattern(search.nameContains);
    // "Fatima El Amrani" and "El Amrani Fatima" both match, in any letter case.
    query = query.where((eb) =>
      eb.or([
        eb(sql`p.first_name || ' ' || p.last_name`, 'ilike', pattern),
        eb(sql`p.last_name || ' ' || p.first_name`, 'ilike', pattern),
      ]),
    );
  }
  if (search.fiscalCode) query = query.where('p.fiscal_code', '=', search.fiscalCode);
  if (search.municipalityCode) query = query.where('p.residence_municipality', '=', search.municipalityCode);
  if (search.citizenship) query = query.where('p.citizenship', '=', search.citizenship);
  if (search.courseKind) {
    const kind = search.courseKind;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('enrolment as e')
          .innerJoin('course as c', 'c.id', 'e.course_id')
          .select(sql.lit(1).as('one'))
          .whereRef('e.participant_id', '=', 'p.id')
          .where('c.kind', '=', kind),
      ),
    );
  }
  return query;
}

/**
 * Participants in id order. The cursor holds the id only: names in a cursor would travel in
 * URLs and logs.
 */
export function participantPage(db: Kysely<CpiaDatabase>, search: ParticipantSearch, args: PageArgs) {
  return keysetPage(participants(db, search), { orderBy: ['p.id'], key: (row) => [row.id], args });
}

export function participantsById(db: Kysely<CpiaDatabase>, ids: readonly number[]): Promise<ParticipantRow[]> {
  return db.selectFrom('participant').select(PARTICIPANT_COLUMNS).where('id', 'in', ids).execute();
}

/** The enrolments of many participants, each participant's in course start order. */
export function enrolmentsOf(db: Kysely<CpiaDatabase>, participantIds: readonly number[]): Promise<EnrolmentRow[]> {
  return db
    .selectFrom('enrolment as e')
    .innerJoin('course as c', 'c.id', 'e.course_id')
    .selectAll('e')
    .where('e.participant_id', 'in', participantIds)
    .orderBy('e.participant_id')
    .orderBy('c.starts_on')
    .orderBy('c.id')
    .execute();
}

/** What another partner may learn of a participant's path in the network: no name, no code, no date of birth. */
export interface EnrolmentFactRow {
  pseudonym: string;
  /** For the network's own audit trail only: which of its participants was read. */
  participant_id: number;
  course_kind: CourseKind;
  status: EnrolmentRow['status'];
  entry_level: EnrolmentRow['entry_level'];
  exit_level: EnrolmentRow['exit_level'];
  certificate_issued: boolean;
  course_starts_on: string;
  course_ends_on: string;
}

/** The enrolment facts of many pseudonyms, each one's in course start order. */
export function enrolmentFactsOf(db: Kysely<CpiaDatabase>, pseudonyms: readonly string[]): Promise<EnrolmentFactRow[]> {
  return db
    .selectFrom('participant as p')
    .innerJoin('enrolment as e', 'e.participant_id', 'p.id')
    .innerJoin('course as c', 'c.id', 'e.course_id')
    .select([
      'p.pseudonym',
      'p.id as participant_id',
      'c.kind as course_kind',
      'e.status',
      'e.entry_level',
      'e.exit_level',
      'e.certificate_issued',
      'c.starts_on as course_starts_on',
      'c.ends_on as course_ends_on',
    ])
    .where('p.pseudonym', 'in', pseudonyms)
    .orderBy('p.pseudonym')
    .orderBy('c.starts_on')
    .orderBy('c.id')
    .execute();
}
