// Reads of the people IAL serves and of their job paths. Personal data: only the schema's
// participant fields (IAL's own operators) reach these. Every function takes many keys, so a page
// of participants with their whole paths costs the same few statements whatever its size.
import { containsPattern, keysetPage, type PageArgs, PARTICIPANT_COLUMNS_OF_P, type ParticipantRow } from '@pleiadi/kit';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { ContractKind, IalDatabase, JobPathStatus, RecognitionOutcome, TraineeshipOutcome } from '../types.ts';

export type { ParticipantRow };
export type JobPathRow = Selectable<IalDatabase['job_path']>;
export type OrientationSessionRow = Selectable<IalDatabase['orientation_session']>;
export type SkillsAssessmentRow = Selectable<IalDatabase['skills_assessment']>;
export type QualificationRecognitionRow = Selectable<IalDatabase['qualification_recognition']>;
export type TraineeshipRow = Selectable<IalDatabase['traineeship']>;
export type PlacementRow = Selectable<IalDatabase['placement']>;

export interface ParticipantSearch {
  /** Already checked: part of "first last" or "last first", matched case-insensitively. */
  nameContains?: string | null;
  /** Already normalised (no spaces, upper case) and checked. */
  fiscalCode?: string | null;
  municipalityCode?: string | null;
  officeId?: string | null;
  status?: JobPathStatus | null;
}


/**
 * One page of participants matching the search, in id order: cursors then hold an id, never a
 * name.
 */
export function participantPage(db: Kysely<IalDatabase>, search: ParticipantSearch, args: PageArgs) {
  let query = db.selectFrom('participant as p').select(PARTICIPANT_COLUMNS_OF_P);
  if (search.nameContains) {
    const pattern = containsPattern(search.nameContains);
    query = query.where(
      sql<boolean>`(p.first_name || ' ' || p.last_name) ilike ${pattern} or (p.last_name || ' ' || p.first_name) ilike ${pattern}`,
    );
  }
  if (search.fiscalCode) query = query.where('p.fiscal_code', '=', search.fiscalCode);
  if (search.municipalityCode) query = query.where('p.residence_municipality', '=', search.municipalityCode);
  if (search.officeId || search.status) {
    const { officeId, status } = search;
    query = query.where(({ exists, selectFrom }) => {
      let path = selectFrom('job_path as j').select(sql`1`.as('one')).whereRef('j.participant_id', '=', 'p.id');
      if (officeId) path = path.where('j.office_id', '=', officeId);
      if (status) path = path.where('j.status', '=', status);
      return exists(path);
    });
  }
  return keysetPage(query, { orderBy: ['p.id'], key: (row) => [row.id], args });
}

export function participantsById(db: Kysely<IalDatabase>, ids: readonly number[]): Promise<ParticipantRow[]> {
  return db.selectFrom('participant as p').select(PARTICIPANT_COLUMNS_OF_P).where('p.id', 'in', ids).execute();
}

/** The job paths of many participants, oldest first. */
export function jobPathsOfParticipants(db: Kysely<IalDatabase>, participantIds: readonly number[]): Promise<JobPathRow[]> {
  return db.selectFrom('job_path').selectAll().where('participant_id', 'in', participantIds).orderBy('participant_id').orderBy('started_on').orderBy('id').execute();
}

export function sessionsOfPaths(db: Kysely<IalDatabase>, pathIds: readonly number[]): Promise<OrientationSessionRow[]> {
  return db.selectFrom('orientation_session').selectAll().where('job_path_id', 'in', pathIds).orderBy('held_on').orderBy('id').execute();
}

export function assessmentsOfPaths(db: Kysely<IalDatabase>, pathIds: readonly number[]): Promise<SkillsAssessmentRow[]> {
  return db.selectFrom('skills_assessment').selectAll().where('job_path_id', 'in', pathIds).orderBy('completed_on').orderBy('id').execute();
}

export function recognitionsOfPaths(db: Kysely<IalDatabase>, pathIds: readonly number[]): Promise<QualificationRecognitionRow[]> {
  return db.selectFrom('qualification_recognition').selectAll().where('job_path_id', 'in', pathIds).orderBy('submitted_on').orderBy('id').execute();
}

export function traineeshipsOfPaths(db: Kysely<IalDatabase>, pathIds: readonly number[]): Promise<TraineeshipRow[]> {
  return db.selectFrom('traineeship').selectAll().where('job_path_id', 'in', pathIds).orderBy('starts_on').orderBy('id').execute();
}

export function placementsOfPaths(db: Kysely<IalDatabase>, pathIds: readonly number[]): Promise<PlacementRow[]> {
  return db.selectFrom('placement').selectAll().where('job_path_id', 'in', pathIds).orderBy('starts_on').orderBy('id').execute();
}

/** What IAL tells other partners about a person's job path: no names, dates of birth or free text. */
export interface JobPathFactRow {
  pseudonym: string;
  /** For IAL's own audit trail only: which of its participants was read. */
  participant_id: number;
  status: JobPathStatus;
  started_on: string;
  closed_on: string | null;
  individual_guidance: boolean;
  skills_assessed: boolean;
  recognition_outcome: RecognitionOutcome | null;
  traineeship_outcome: TraineeshipOutcome | null;
  placement_contract_kind: ContractKind | null;
}

/**
 * The latest job path of each of many pseudonyms, as facts, in one statement. Pseudonyms IAL
 * does not serve are absent. Of several applications, traineeships or placements, the latest.
 */
export async function jobPathFacts(db: Kysely<IalDatabase>, pseudonyms: readonly string[]): Promise<JobPathFactRow[]> {
  if (!pseudonyms.length) return [];
  const { rows } = await sql<JobPathFactRow>`
    select distinct on (p.pseudonym) p.pseudonym, p.id as participant_id, j.status, j.started_on, j.closed_on,
      exists (select 1 from orientation_session s where s.job_path_id = j.id and s.kind = 'INDIVIDUAL_GUIDANCE') as individual_guidance,
      exists (select 1 from skills_assessment a where a.job_path_id = j.id) as skills_assessed,
      (select q.outcome from qualification_recognition q where q.job_path_id = j.id order by q.submitted_on desc, q.id desc limit 1) as recognition_outcome,
      (select t.outcome from traineeship t where t.job_path_id = j.id order by t.starts_on desc, t.id desc limit 1) as traineeship_outcome,
      (select c.contract_kind from placement c where c.job_path_id = j.id order by c.starts_on desc, c.id desc limit 1) as placement_contract_kind
    from participant p
    join job_path j on j.participant_id = p.id
    where p.pseudonym = any(${[...pseudonyms]}::bpchar[])
    order by p.pseudonym, j.started_on desc, j.id desc`.execute(db);
  return rows;
}
