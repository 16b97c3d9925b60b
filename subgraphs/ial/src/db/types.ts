// The kysely view of IAL Emilia-Romagna's own database: its offices (sedi), the people it
// serves and their job paths, and the employers that host traineeships and hire.
import type { Generated } from 'kysely';
import type { AuditRecordTable, ParticipantTable } from '@pleiadi/kit';

export const JOB_PATH_STATUSES = ['OPEN', 'CLOSED'] as const;
export type JobPathStatus = (typeof JOB_PATH_STATUSES)[number];

/** Individual guidance is the "personal professional guidance" of AMIF indicator O.2.3.3. */
export const ORIENTATION_KINDS = ['INDIVIDUAL_GUIDANCE', 'GROUP_WORKSHOP', 'CV_LAB'] as const;
export type OrientationKind = (typeof ORIENTATION_KINDS)[number];

/**
 * What a skills assessment (messa in trasparenza delle competenze) hands the person: a dossier of
 * evidence, the card of the regional certification system (SRFC), a certificate of competences,
 * or the EU Skills Profile Tool for Third Country Nationals.
 */
export const ASSESSMENT_DOCUMENTS = ['EVIDENCE_DOSSIER', 'SKILLS_CARD', 'COMPETENCE_CERTIFICATE', 'EU_SKILLS_PROFILE'] as const;
export type AssessmentDocument = (typeof ASSESSMENT_DOCUMENTS)[number];

export const QUALIFICATION_KINDS = ['SCHOOL_DIPLOMA', 'VOCATIONAL', 'DEGREE', 'PROFESSIONAL_LICENCE'] as const;
export type QualificationKind = (typeof QUALIFICATION_KINDS)[number];

export const RECOGNITION_OUTCOMES = ['PENDING', 'RECOGNISED', 'PARTIALLY_RECOGNISED', 'REJECTED'] as const;
export type RecognitionOutcome = (typeof RECOGNITION_OUTCOMES)[number];

/** Staff bands of the EU SME definition: under 10, 10–49, 50–249, 250 and more. */
export const SIZE_BANDS = ['MICRO', 'SMALL', 'MEDIUM', 'LARGE'] as const;
export type SizeBand = (typeof SIZE_BANDS)[number];

export const TRAINEESHIP_OUTCOMES = ['ONGOING', 'COMPLETED', 'INTERRUPTED', 'HIRED'] as const;
export type TraineeshipOutcome = (typeof TRAINEESHIP_OUTCOMES)[number];

export const CONTRACT_KINDS = ['PERMANENT', 'FIXED_TERM', 'APPRENTICESHIP', 'AGENCY'] as const;
export type ContractKind = (typeof CONTRACT_KINDS)[number];

export interface IalDatabase {
  // Territory as IAL places its records: the ISTAT list and the province→ambit mapping (data).
  province: { code: string; istat_code: string; name: string; ambit_code: string };
  municipality: { istat_code: string; name: string; province_code: string };
  // ATECO 2007, ISTAT's classification of economic activities (the Italian NACE Rev. 2).
  ateco_section: { code: string; name: string };
  ateco_division: { code: string; section_code: string; name: string };
  office: { id: string; name: string; municipality_code: string; province_code: string };
  participant: ParticipantTable;
  job_path: {
    id: Generated<number>;
    participant_id: number;
    office_id: string;
    started_on: string;
    closed_on: string | null;
    status: JobPathStatus;
  };
  orientation_session: { id: Generated<number>; job_path_id: number; held_on: string; minutes: number; kind: OrientationKind };
  skills_assessment: { id: Generated<number>; job_path_id: number; completed_on: string; outcome_document: AssessmentDocument };
  qualification_recognition: {
    id: Generated<number>;
    job_path_id: number;
    country: string;
    qualification_kind: QualificationKind;
    submitted_on: string;
    outcome: RecognitionOutcome;
  };
  /** A person's answer, on their job path, to whether it helped their integration (AMIF R.2.9). */
  integration_survey: { id: Generated<number>; job_path_id: number; answered_on: string; helped_integration: boolean };
  employer: { id: Generated<number>; name: string; municipality_code: string; ateco_code: string; size_band: SizeBand };
  traineeship: {
    id: Generated<number>;
    job_path_id: number;
    employer_id: number;
    starts_on: string;
    ends_on: string;
    hours_per_week: number;
    outcome: TraineeshipOutcome;
  };
  placement: {
    id: Generated<number>;
    job_path_id: number;
    employer_id: number;
    contract_kind: ContractKind;
    starts_on: string;
    ateco_code: string;
  };
  /** Append-only: who reached personal or pseudonymous data (see the kit's audit.ts). */
  audit_record: AuditRecordTable;
}
