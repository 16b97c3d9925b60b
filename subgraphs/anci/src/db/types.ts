// The kysely view of ANCI Emilia-Romagna's own database.
import type { Generated } from 'kysely';

export const ORGANISATION_KINDS = [
  'REGION',
  'MUNICIPALITY',
  'UNION_OF_MUNICIPALITIES',
  'PREFECTURE',
  'HEALTH_AUTHORITY',
  'SCHOOL',
  'THIRD_SECTOR',
  'MIGRANT_ASSOCIATION',
  'EMPLOYER_ASSOCIATION',
  'TRADE_UNION',
  'OTHER',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** Kinds that count as "local and regional authorities" for AMIF indicator O.2.2. */
export const LOCAL_AUTHORITY_KINDS: readonly OrganisationKind[] = ['REGION', 'MUNICIPALITY', 'UNION_OF_MUNICIPALITIES'];

export const GOVERNANCE_LEVELS = ['REGIONAL', 'TERRITORIAL', 'MUNICIPAL'] as const;
export type GovernanceLevel = (typeof GOVERNANCE_LEVELS)[number];

export const MEMBER_ROLES = ['CHAIR', 'MEMBER'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const TRAINING_MODES = ['IN_PERSON', 'ONLINE', 'BLENDED'] as const;
export type TrainingMode = (typeof TRAINING_MODES)[number];

export interface AnciDatabase {
  ambit: { code: string; name: string };
  province: { code: string; istat_code: string; name: string; ambit_code: string };
  municipality: { istat_code: string; name: string; province_code: string };
  organisation: {
    id: Generated<number>;
    name: string;
    kind: OrganisationKind;
    municipality_code: string | null;
  };
  governance_table: {
    id: Generated<number>;
    name: string;
    level: GovernanceLevel;
    topic: string;
    ambit_code: string | null;
    municipality_code: string | null;
    established_on: string;
  };
  governance_table_member: { table_id: number; organisation_id: number; role: MemberRole; joined_on: string };
  meeting: { id: Generated<number>; table_id: number; held_on: string; agenda: string; outcomes: string | null };
  meeting_attendance: { meeting_id: number; organisation_id: number };
  operator_training: {
    id: Generated<number>;
    title: string;
    starts_on: string;
    ends_on: string;
    hours: number;
    ambit_code: string | null;
    provider: string;
    mode: TrainingMode;
  };
  training_attendance: { training_id: number; organisation_id: number; operators: number; hours_attended: number };
}
