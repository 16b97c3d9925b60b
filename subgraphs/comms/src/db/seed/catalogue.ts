// What the generator draws campaigns from: the topics Media Group98 communicates on for each
// action (public titles in Italian, as published), and which languages each citizenship reads.
import type { ActionCode, Channel, EventKind, MaterialKind } from '../types.ts';

export interface Topic {
  action: ActionCode;
  /** The public Italian title; the territory is appended. */
  title: string;
  objective: string;
  /** Channels in order of preference; the first is always used. */
  channels: Channel[];
  events: EventKind[];
}

export const TOPICS: Topic[] = [
  {
    action: 'AZ01',
    title: 'Rete PLEIADI: i servizi per l’integrazione',
    objective: 'Make the territorial network of services for third-country nationals known to the operators of municipalities, health authorities and schools.',
    channels: ['NEWSLETTER', 'WEB', 'EVENT', 'PRINT'],
    events: ['PUBLIC_MEETING', 'WORKSHOP'],
  },
  {
    action: 'AZ01',
    title: 'Operatori in rete',
    objective: 'Promote the capacity-building courses and the coordination tables among the operators of public and private services.',
    channels: ['EVENT', 'NEWSLETTER', 'WEB'],
    events: ['WORKSHOP', 'PUBLIC_MEETING'],
  },
  {
    action: 'AZ01',
    title: 'Comunicare in più lingue allo sportello',
    objective: 'Give municipal front offices multilingual templates and guidelines for communicating with foreign residents.',
    channels: ['WEB', 'PRINT', 'NEWSLETTER'],
    events: ['WORKSHOP'],
  },
  {
    action: 'AZ02',
    title: 'Impara l’italiano',
    objective: 'Promote the Italian L2 courses of the CPIA network, from literacy to B1, and explain how to enrol.',
    channels: ['PRINT', 'SOCIAL_MEDIA', 'RADIO', 'WEB', 'EVENT', 'VIDEO'],
    events: ['INFO_DAY', 'INFO_DESK', 'SCHOOL_MEETING'],
  },
  {
    action: 'AZ02',
    title: 'Lavoro e orientamento',
    objective: 'Inform about job orientation, skills assessment and traineeships offered by the job facilitation network.',
    channels: ['SOCIAL_MEDIA', 'PRINT', 'WEB', 'VIDEO', 'EVENT'],
    events: ['INFO_DAY', 'WORKSHOP'],
  },
  {
    action: 'AZ02',
    title: 'Il tuo titolo vale',
    objective: 'Explain how to have qualifications obtained abroad recognised and skills made transparent.',
    channels: ['WEB', 'PRINT', 'SOCIAL_MEDIA', 'VIDEO'],
    events: ['INFO_DESK', 'WORKSHOP'],
  },
  {
    action: 'AZ02',
    title: 'Servizi digitali per tutti',
    objective: 'Help residents use SPID, the electronic health record and the online services of their municipality.',
    channels: ['VIDEO', 'SOCIAL_MEDIA', 'PRINT', 'EVENT'],
    events: ['WORKSHOP', 'INFO_DESK'],
  },
  {
    action: 'AZ02',
    title: 'Sportelli per cittadini stranieri',
    objective: 'Make the service points, intercultural mediators and mobile units of the ambit consortia known.',
    channels: ['PRINT', 'RADIO', 'SOCIAL_MEDIA', 'EVENT'],
    events: ['INFO_DESK', 'INFO_DAY'],
  },
  {
    action: 'AZ02',
    title: 'Scuola e famiglie',
    objective: 'Support families in enrolling their children at school and in using after-school educational activities.',
    channels: ['PRINT', 'EVENT', 'WEB', 'RADIO'],
    events: ['SCHOOL_MEETING', 'INFO_DAY'],
  },
  {
    action: 'AZ03',
    title: 'Sport per tutti',
    objective: 'Invite residents of every origin to the community sport activities of their town.',
    channels: ['SOCIAL_MEDIA', 'EVENT', 'PRINT', 'VIDEO'],
    events: ['COMMUNITY_FESTIVAL', 'PUBLIC_MEETING'],
  },
  {
    action: 'AZ03',
    title: 'Cultura e comunità',
    objective: 'Promote intercultural cultural events and the participation of migrant associations.',
    channels: ['EVENT', 'SOCIAL_MEDIA', 'RADIO', 'PRINT'],
    events: ['COMMUNITY_FESTIVAL', 'PUBLIC_MEETING'],
  },
  {
    action: 'AZ03',
    title: 'Nuove generazioni',
    objective: 'Involve young people with a migrant background in the civic and cultural life of their community.',
    channels: ['SOCIAL_MEDIA', 'VIDEO', 'EVENT', 'WEB'],
    events: ['SCHOOL_MEETING', 'COMMUNITY_FESTIVAL', 'WORKSHOP'],
  },
  {
    action: 'AZ03',
    title: 'Informati bene: permesso di soggiorno e diritti',
    objective: 'Give qualified information on residence permits, rights and duties, and on where to get help.',
    channels: ['PRINT', 'WEB', 'RADIO', 'SOCIAL_MEDIA', 'EVENT'],
    events: ['INFO_DAY', 'INFO_DESK'],
  },
  {
    action: 'AZ03',
    title: 'Salute e servizi sanitari',
    objective: 'Explain how to register with the national health service and reach the local health services.',
    channels: ['PRINT', 'RADIO', 'VIDEO', 'WEB'],
    events: ['INFO_DAY', 'PUBLIC_MEETING'],
  },
  {
    action: 'AZ03',
    title: 'Contro le discriminazioni',
    objective: 'Raise awareness against discrimination and point to the equal-treatment services of the region.',
    channels: ['SOCIAL_MEDIA', 'VIDEO', 'EVENT', 'PRINT', 'NEWSLETTER'],
    events: ['PUBLIC_MEETING', 'COMMUNITY_FESTIVAL', 'SCHOOL_MEETING'],
  },
];

/**
 * The languages people of each citizenship (ISO 3166-1) read materials in, with shares.
 * Citizenships whose languages are not produced (Brazil, Peru) read the Italian versions.
 */
export const LANGUAGES_OF_CITIZENSHIP: Record<string, [string, number][]> = {
  MA: [['ar', 0.85], ['fr', 0.15]],
  AL: [['sq', 1]],
  UA: [['uk', 1]],
  CN: [['zh', 1]],
  PK: [['ur', 0.7], ['pa', 0.2], ['en', 0.1]],
  IN: [['pa', 0.7], ['en', 0.3]],
  MD: [['ro', 1]],
  TN: [['ar', 0.8], ['fr', 0.2]],
  NG: [['en', 1]],
  SN: [['wo', 0.6], ['fr', 0.4]],
  BD: [['bn', 1]],
  GH: [['en', 1]],
  PH: [['en', 1]],
  EG: [['ar', 1]],
  LK: [['en', 1]],
  OTHER: [['en', 0.5], ['fr', 0.3], ['ar', 0.2]],
};

export const MATERIAL_LABELS: Record<MaterialKind, string> = {
  LEAFLET: 'Leaflet',
  POSTER: 'Poster',
  VIDEO: 'Video',
  WEB_PAGE: 'Web page',
  RADIO_SPOT: 'Radio spot',
  EVENT_KIT: 'Event kit',
  INFO_PACK: 'Information pack',
};

export const EVENT_LABELS: Record<EventKind, string> = {
  INFO_DAY: 'Info day',
  PUBLIC_MEETING: 'Public meeting',
  WORKSHOP: 'Workshop',
  SCHOOL_MEETING: 'Meeting at school',
  COMMUNITY_FESTIVAL: 'Community festival',
  INFO_DESK: 'Info desk',
};
