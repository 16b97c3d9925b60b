// The kysely view of the CPIA network's own database. CPIA = Centro Provinciale per l'Istruzione
// degli Adulti, the public adult-education centre of each province.
import type { Generated } from 'kysely';
import type { AuditRecordTable, ParticipantTable } from '@pleiadi/kit';

/** CEFR levels (Common European Framework of Reference for Languages) the placement test can give. */
export const CEFR_LEVELS = ['PRE_A1', 'A1', 'A2', 'B1', 'B2'] as const;
export type CefrLevel = (typeof CEFR_LEVELS)[number];

export const COURSE_KINDS = [
  'ITALIAN_L2_PRE_A1',
  'ITALIAN_L2_A1',
  'ITALIAN_L2_A2',
  'ITALIAN_L2_B1',
  'CIVIC_ORIENTATION',
  'DIGITAL_SKILLS',
] as const;
export type CourseKind = (typeof COURSE_KINDS)[number];

export const ENROLMENT_STATUSES = ['ENROLLED', 'ATTENDING', 'COMPLETED', 'WITHDRAWN'] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];

export interface CpiaDatabase {
  institute: {
    /** Stable slug, e.g. cpia-bologna. */
    id: string;
    name: string;
    province_code: string;
    seat_municipality_code: string;
    is_network_lead: boolean;
    /** The partner of the plan's registry through which the institute takes part: the network lead for all. */
    plan_partner_id: string;
  };
  site: {
    id: Generated<number>;
    institute_id: string;
    name: string;
    municipality_code: string;
    /** The ambit of the municipality when the site was recorded (default province→ambit mapping). */
    ambit_code: string;
  };
  course_kind: { code: CourseKind; name: string; cefr_target: CefrLevel | null; action_code: string };
  course: {
    id: Generated<number>;
    site_id: number;
    kind: CourseKind;
    action_code: string;
    starts_on: string;
    ends_on: string;
    hours: number;
    capacity: number;
    cefr_target: CefrLevel | null;
  };
  participant: ParticipantTable;
  enrolment: {
    participant_id: number;
    course_id: number;
    enrolled_on: string;
    entry_level: CefrLevel | null;
    exit_level: CefrLevel | null;
    hours_attended: number;
    status: EnrolmentStatus;
    certificate_issued: boolean;
  };
  /** A learner's answer, after a course, to whether it helped their integration (AMIF R.2.9). */
  integration_survey: {
    id: Generated<number>;
    participant_id: number;
    course_id: number;
    answered_on: string;
    helped_integration: boolean;
  };
  /** Append-only: who reached personal or pseudonymous data (see 20261121_004_audit). */
  audit_record: AuditRecordTable;
}
