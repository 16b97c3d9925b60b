// The kysely view of Media Group98's own database: campaigns, materials, events and the reach
// figures the cooperative measures itself. It serves no individual people, so it holds none.
import type { Generated } from 'kysely';

/** The plan's three actions (Azione 01–03) a campaign belongs to. */
export const ACTION_CODES = ['AZ01', 'AZ02', 'AZ03'] as const;
export type ActionCode = (typeof ACTION_CODES)[number];

export const CHANNELS = ['PRINT', 'WEB', 'SOCIAL_MEDIA', 'RADIO', 'VIDEO', 'EVENT', 'NEWSLETTER'] as const;
export type Channel = (typeof CHANNELS)[number];

export const MATERIAL_KINDS = ['LEAFLET', 'POSTER', 'VIDEO', 'WEB_PAGE', 'RADIO_SPOT', 'EVENT_KIT', 'INFO_PACK'] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];

/** Material kinds that count as information packages for AMIF indicator O.2.4. */
export const INFORMATION_PACKAGE_KINDS: readonly MaterialKind[] = ['INFO_PACK', 'LEAFLET'];

export const EVENT_KINDS = ['INFO_DAY', 'PUBLIC_MEETING', 'WORKSHOP', 'SCHOOL_MEETING', 'COMMUNITY_FESTIVAL', 'INFO_DESK'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface CommsDatabase {
  /** Reference list of the languages the cooperative produces materials in (ISO 639-1). */
  language: { code: string; name: string; native_name: string };
  campaign: {
    id: Generated<number>;
    title: string;
    action_code: ActionCode;
    starts_on: string;
    ends_on: string;
    objective: string;
    channels: Channel[];
  };
  /** Ambits a campaign targets as a whole. */
  campaign_ambit: { campaign_id: number; ambit_code: string };
  /** Municipalities a campaign targets one by one (ISTAT codes). */
  campaign_municipality: { campaign_id: number; municipality_code: string };
  campaign_language: { campaign_id: number; language_code: string };
  material: {
    id: Generated<number>;
    campaign_id: number;
    kind: MaterialKind;
    language_code: string;
    title: string;
    published_on: string;
  };
  event: {
    id: Generated<number>;
    campaign_id: number;
    title: string;
    kind: EventKind;
    municipality_code: string;
    held_on: string;
  };
  /** What a campaign reached on one channel in one month, optionally through one material or event. */
  reach_figure: {
    id: Generated<number>;
    campaign_id: number;
    material_id: number | null;
    event_id: number | null;
    /** First day of the month measured. */
    month: string;
    channel: Channel;
    copies: number;
    views: number;
    listeners: number;
    attendees: number;
  };
}
