// Reads of one store's participants and their records. Personal data: only the schema modules
// that check the caller is the ambit consortium's own operator call these, except
// `caseFactsOf`, which returns no personal value (see Participant.atsCases).
import { containsPattern, PARTICIPANT_COLUMNS, type ParticipantRow } from '@pleiadi/kit';
import { sql, type Kysely } from 'kysely';
import type { AtsDatabase, ReferralSource, ServiceKind, WithId } from '../types.ts';

export type { ParticipantRow };
export type CaseRow = WithId<AtsDatabase['case_taking']>;
export type ServiceRow = WithId<AtsDatabase['service_delivery']>;

export interface ParticipantSearch {
  /** Lower-case words that must all appear in "first last" (any order, any case). */
  nameWords?: string[] | null;
  /** Normalised (upper case, no spaces). */
  fiscalCode?: string | null;
  /** ISTAT code of the municipality of residence. */
  municipalityCode?: string | null;
  /** ISO 3166-1 alpha-2 or OTHER. */
  citizenship?: string | null;
  /** Participants with a case at this service point (its number in this store). */
  servicePointId?: number | null;
}


export function participants(db: Kysely<AtsDatabase>, search: ParticipantSearch) {
  let query = db.selectFrom('participant').select(PARTICIPANT_COLUMNS);
  for (const word of search.nameWords ?? []) {
    query = query.where(sql<boolean>`(first_name || ' ' || last_name) ilike ${containsPattern(word)}`);
  }
  if (search.fiscalCode) query = query.where('fiscal_code', '=', search.fiscalCode);
  if (search.municipalityCode) query = query.where('residence_municipality', '=', search.municipalityCode);
  if (search.citizenship) query = query.where('citizenship', '=', search.citizenship);
  if (search.servicePointId) {
    const point = search.servicePointId;
    query = query.where(({ exists, selectFrom }) =>
      exists(selectFrom('case_taking').select(sql`1`.as('one')).whereRef('case_taking.participant_id', '=', 'participant.id').where('case_taking.service_point_id', '=', point)),
    );
  }
  return query;
}

export function participantsById(db: Kysely<AtsDatabase>, ids: readonly number[]): Promise<ParticipantRow[]> {
  return db.selectFrom('participant').select(PARTICIPANT_COLUMNS).where('id', 'in', ids).execute();
}

/** The cases of many participants, oldest first. */
export function casesOfParticipants(db: Kysely<AtsDatabase>, participantIds: readonly number[]): Promise<CaseRow[]> {
  return db.selectFrom('case_taking').selectAll().where('participant_id', 'in', participantIds).orderBy('opened_on').orderBy('id').execute();
}

/** The services of many cases, in delivery order. */
export function servicesOfCases(db: Kysely<AtsDatabase>, caseIds: readonly number[]): Promise<ServiceRow[]> {
  return db.selectFrom('service_delivery').selectAll().where('case_id', 'in', caseIds).orderBy('delivered_on').orderBy('id').execute();
}

/** Which community activities many participants attended. */
export function attendanceOfParticipants(db: Kysely<AtsDatabase>, participantIds: readonly number[]) {
  return db
    .selectFrom('activity_attendance as a')
    .innerJoin('community_activity as c', 'c.id', 'a.activity_id')
    .select(['a.participant_id', 'a.activity_id'])
    .where('a.participant_id', 'in', participantIds)
    .orderBy('c.held_on')
    .orderBy('c.id')
    .execute();
}

/** A case as another partner may know it: dates, who referred the person, the kinds of service. */
export interface CaseFactRow {
  pseudonym: string;
  /** For this ambit's own audit trail only: which of its participants was read. */
  participant_id: number;
  case_id: number;
  opened_on: string;
  closed_on: string | null;
  referral_source: ReferralSource;
  service_kinds: ServiceKind[];
}

/** The case facts of many pseudonyms in one statement. */
export function caseFactsOf(db: Kysely<AtsDatabase>, pseudonyms: readonly string[]): Promise<CaseFactRow[]> {
  return db
    .selectFrom('participant as p')
    .innerJoin('case_taking as c', 'c.participant_id', 'p.id')
    .select([
      'p.pseudonym',
      'p.id as participant_id',
      'c.id as case_id',
      'c.opened_on',
      'c.closed_on',
      'c.referral_source',
      sql<ServiceKind[]>`array(select distinct s.kind from service_delivery s where s.case_id = c.id order by s.kind)`.as('service_kinds'),
    ])
    .where('p.pseudonym', 'in', pseudonyms)
    .orderBy('c.opened_on')
    .orderBy('c.id')
    .execute() as Promise<CaseFactRow[]>;
}

/** The partner-registry id of the partner leading the consortium of an ambit, from this store's routing table. */
export async function leadOfAmbit(db: Kysely<AtsDatabase>, ambit: string): Promise<string | null> {
  const row = await db.selectFrom('consortium').select('lead_partner_id').where('ambit_code', '=', ambit).executeTakeFirst();
  return row?.lead_partner_id ?? null;
}
