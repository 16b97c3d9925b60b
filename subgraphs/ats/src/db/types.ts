// The kysely view of one ambit consortium's database. Every ambit (ATS) keeps its own database
// with these same tables; the ambit a row belongs to is the store it lives in, not a column.
import type { Generated } from 'kysely';
import type { AuditRecordTable, ParticipantTable } from '@pleiadi/kit';

export const SERVICE_POINT_KINDS = ['INFORMATION_DESK', 'SOCIAL_SERVICES_DESK', 'MOBILE_UNIT_BASE', 'SCHOOL_DESK', 'LEGAL_DESK'] as const;
export type ServicePointKind = (typeof SERVICE_POINT_KINDS)[number];

export const SERVICE_KINDS = [
  'ORIENTATION',
  'INTERCULTURAL_MEDIATION',
  'LEGAL_INFORMATION',
  'MOBILE_UNIT_OUTREACH',
  'MINORS_EDUCATIONAL_ACTIVITY',
  'CIVIC_ORIENTATION',
] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

/** Who sent a person to the consortium when their case was opened (presa in carico). */
export const REFERRAL_SOURCES = ['SELF', 'MUNICIPALITY_SOCIAL_SERVICES', 'CPIA', 'PREFECTURE', 'HEALTH_SERVICES', 'ASSOCIATION', 'OUTREACH'] as const;
export type ReferralSource = (typeof REFERRAL_SOURCES)[number];

/** Community activities of Azione 03. */
export const ACTIVITY_KINDS = ['SPORT', 'CULTURE', 'DIALOGUE', 'INFORMATION'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export interface AtsDatabase {
  /** Which partner leads the consortium of each ambit: the same reference rows in every store. */
  consortium: { ambit_code: string; name: string; lead_partner_id: string };
  service_point: {
    id: Generated<number>;
    name: string;
    municipality_code: string;
    kind: ServicePointKind;
    opening_hours: string;
    /** ISO 639-1 codes of the languages spoken at the desk. */
    languages: string[];
    /** Kinds of service the point delivers. */
    service_kinds: ServiceKind[];
  };
  participant: ParticipantTable;
  /** Case-taking (presa in carico): a person taken in charge at a service point. */
  case_taking: {
    id: Generated<number>;
    participant_id: number;
    service_point_id: number;
    opened_on: string;
    closed_on: string | null;
    referral_source: ReferralSource;
  };
  service_delivery: {
    id: Generated<number>;
    case_id: number;
    kind: ServiceKind;
    delivered_on: string;
    duration_minutes: number;
    /** ISO 639-1 code of the language the service was delivered in. */
    language: string;
    /** Staff code of the intercultural mediator, never a person's name. */
    mediator_code: string | null;
  };
  migrant_association: {
    id: Generated<number>;
    name: string;
    municipality_code: string;
    /** ISO 3166-1 alpha-2 codes of the communities it represents. */
    communities: string[];
  };
  community_activity: {
    id: Generated<number>;
    title: string;
    kind: ActivityKind;
    municipality_code: string;
    held_on: string;
    association_id: number | null;
  };
  activity_attendance: { activity_id: number; participant_id: number };
  /** A person's answer, within their case, on whether the support helped their integration (R.2.9). */
  integration_survey: {
    id: Generated<number>;
    case_id: number;
    answered_on: string;
    helped_integration: boolean;
  };
  /** Who reached the ambit's personal or pseudonymous data (append-only). */
  audit_record: AuditRecordTable;
}

/** A row of a table with a serial id, as read back (or inserted with its id given). */
export type WithId<T> = Omit<T, 'id'> & { id: number };
