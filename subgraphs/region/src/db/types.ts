// The kysely view of the Region's (and ART-ER's) own database.
export const PARTNER_KINDS = [
  'PUBLIC_AUTHORITY',
  'IN_HOUSE_COMPANY',
  'ASSOCIATION_OF_MUNICIPALITIES',
  'PUBLIC_SCHOOL',
  'MUNICIPALITY',
  'SOCIAL_COOPERATIVE',
  'SOCIAL_CONSORTIUM',
  'COOPERATIVE',
  'TRAINING_BODY',
] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

export const INDICATOR_KINDS = ['OUTPUT', 'RESULT'] as const;
export const INDICATOR_UNITS = ['PERSONS', 'AUTHORITIES', 'ITEMS'] as const;
export const PERIOD_KINDS = ['QUARTER', 'YEAR'] as const;
export const SCOPE_KINDS = ['REGION', 'AMBIT'] as const;

export interface RegionDatabase {
  programme: {
    code: string;
    title: string;
    fund: string;
    starts_on: string;
    ends_on: string;
    budget_eur: number;
    lead_partner_id: string;
  };
  action: { code: string; number: number; title: string; summary: string; beneficiaries: string };
  action_objective: { action_code: string; position: number; description: string };
  partner: {
    id: string;
    name: string;
    kind: PartnerKind;
    is_lead: boolean;
    network: string;
    subgraph: string | null;
  };
  partner_ambit: { partner_id: string; ambit_code: string };
  indicator_definition: {
    code: string;
    wording: string;
    kind: (typeof INDICATOR_KINDS)[number];
    unit: (typeof INDICATOR_UNITS)[number];
    parent_code: string | null;
    position: number;
    counts_people: boolean;
    source: string;
  };
  /** A partner subgraph's fact (a name of the kit's FACT) that an indicator counts. */
  indicator_feed: { indicator_code: string; subgraph: string; fact: string };
  /** Age bands of the breakdowns by age: whole years on the first day of the reported period. */
  age_band: { code: string; label: string; min_age: number; max_age: number | null; position: number };
  indicator_target: {
    indicator_code: string;
    scope_kind: (typeof SCOPE_KINDS)[number];
    scope_code: string;
    target_value: number;
    due_by: string;
  };
  reporting_period: { code: string; kind: (typeof PERIOD_KINDS)[number]; starts_on: string; ends_on: string };
  /** Append-only: every read of exact indicator figures (official-statistics purpose). */
  exact_figure_read: {
    id: import('kysely').Generated<number>;
    recorded_at: import('kysely').Generated<Date>;
    subject: string | null;
    role: string;
    purpose: string;
    operation_name: string | null;
    operation_hash: string | null;
    period_from: string;
    period_to: string;
    action: string | null;
    scopes: string[];
  };
  /** A BI client's key: only the SHA-256 of its secret is kept (migration 005). */
  bi_client_key: {
    id: string;
    secret_hash: string;
    client: string;
    role: string;
    purpose: string;
    scopes: string[];
    created_at: import('kysely').Generated<Date>;
    created_by: string | null;
    expires_at: Date;
    revoked_at: Date | null;
    revoked_by: string | null;
    last_used_at: Date | null;
  };
  /** Append-only: every use of a BI client's key, allowed or refused. */
  bi_client_key_use: {
    id: import('kysely').Generated<number>;
    recorded_at: import('kysely').Generated<Date>;
    key_id: string;
    feed: string;
    outcome: string;
  };
}
