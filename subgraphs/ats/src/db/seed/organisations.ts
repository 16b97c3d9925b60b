// The organisation side of generated data for one ambit: service points, migrant associations
// and community activities. Built from the ISTAT list of the ambit's municipalities and a seeded
// random source, so the same seed gives the same rows. Names are invented (associations are
// marked "(demo)"): no real desk or association is described.
import { addDays, createRandom, daysBetween, type IstatMunicipality, type Random } from '@pleiadi/kit';
import { CITIZENSHIPS, SYNTHETIC_FROM, SYNTHETIC_UNTIL } from '@pleiadi/kit/synthetic';
import type { ActivityKind, AtsDatabase, ServiceKind, ServicePointKind, WithId } from '../types.ts';
import { COMMUNITY_ADJECTIVES, LANGUAGE_WEIGHTS } from './languages.ts';

export type PointRow = WithId<AtsDatabase['service_point']> & { province: string };
export type AssociationRow = WithId<AtsDatabase['migrant_association']> & { province: string };
export type ActivityRow = WithId<AtsDatabase['community_activity']> & { province: string };

/** Provincial capitals (Forlì-Cesena has two): each gets every kind of service point. */
export const CAPITALS: ReadonlySet<string> = new Set(['033032', '034027', '035033', '036023', '037006', '038008', '039014', '040012', '040007', '099014']);

const POINT_LABELS: Record<ServicePointKind, string> = {
  INFORMATION_DESK: 'Sportello informativo per cittadini stranieri',
  SOCIAL_SERVICES_DESK: "Sportello sociale per l'integrazione",
  MOBILE_UNIT_BASE: 'Base della unità mobile di prossimità',
  SCHOOL_DESK: 'Sportello scuola e famiglie',
  LEGAL_DESK: 'Sportello di orientamento legale',
};

/** What each kind of point delivers. */
export const SERVICES_OF_POINT: Record<ServicePointKind, ServiceKind[]> = {
  INFORMATION_DESK: ['ORIENTATION', 'INTERCULTURAL_MEDIATION', 'LEGAL_INFORMATION', 'CIVIC_ORIENTATION'],
  SOCIAL_SERVICES_DESK: ['ORIENTATION', 'INTERCULTURAL_MEDIATION', 'LEGAL_INFORMATION'],
  MOBILE_UNIT_BASE: ['MOBILE_UNIT_OUTREACH', 'ORIENTATION', 'INTERCULTURAL_MEDIATION'],
  SCHOOL_DESK: ['MINORS_EDUCATIONAL_ACTIVITY', 'INTERCULTURAL_MEDIATION', 'ORIENTATION'],
  LEGAL_DESK: ['LEGAL_INFORMATION', 'ORIENTATION'],
};

/** Chance that a municipality other than a capital has a point of the kind. */
const LOCAL_POINT_CHANCE: [ServicePointKind, number][] = [
  ['SOCIAL_SERVICES_DESK', 0.35],
  ['INFORMATION_DESK', 0.12],
  ['SCHOOL_DESK', 0.08],
];

const OPENING_HOURS = [
  'Mon–Fri 9:00–13:00',
  'Mon, Wed, Fri 9:00–13:00; Tue 14:30–17:30',
  'Tue, Thu 14:00–18:00',
  'Mon–Thu 9:00–12:30; Thu 15:00–18:00',
  'Wed 9:00–13:00; other days by appointment',
  'Mon, Thu 9:00–12:00',
];

function languagesSpoken(random: Random, extra: number): string[] {
  const pool = LANGUAGE_WEIGHTS.filter(([code]) => code !== 'it');
  const chosen = new Set<string>();
  while (chosen.size < extra) chosen.add(random.weighted(pool));
  return ['it', ...[...chosen].sort()];
}

export function buildServicePoints(random: Random, municipalities: readonly IstatMunicipality[]): PointRow[] {
  const points: PointRow[] = [];
  const add = (m: IstatMunicipality, kind: ServicePointKind) =>
    points.push({
      id: points.length + 1,
      name: `${POINT_LABELS[kind]} di ${m.name}`,
      municipality_code: m.istatCode,
      kind,
      opening_hours: kind === 'MOBILE_UNIT_BASE' ? 'Outreach rounds Mon–Sat; base open Mon 9:00–11:00' : random.pick(OPENING_HOURS),
      languages: languagesSpoken(random, kind === 'MOBILE_UNIT_BASE' || kind === 'INFORMATION_DESK' ? random.int(3, 6) : random.int(1, 3)),
      service_kinds: SERVICES_OF_POINT[kind],
      province: m.provinceCode,
    });
  for (const m of municipalities) {
    if (CAPITALS.has(m.istatCode)) {
      for (const kind of Object.keys(POINT_LABELS) as ServicePointKind[]) add(m, kind);
    } else {
      for (const [kind, chance] of LOCAL_POINT_CHANCE) if (random.chance(chance)) add(m, kind);
    }
  }
  return points;
}

const ASSOCIATION_PATTERNS = [
  (community: string, place: string) => `Associazione comunità ${community} di ${place}`,
  (community: string, place: string) => `Donne della comunità ${community} di ${place}`,
  (community: string, place: string) => `Giovani di origine ${community} di ${place}`,
  (community: string, place: string) => `Centro culturale della comunità ${community} di ${place}`,
];

export function buildAssociations(random: Random, municipalities: readonly IstatMunicipality[]): AssociationRow[] {
  const communities = CITIZENSHIPS.filter((c) => COMMUNITY_ADJECTIVES[c.code]).map((c) => [c.code, c.weight] as const);
  const associations: AssociationRow[] = [];
  const names = new Set<string>();
  for (const m of municipalities) {
    const count = CAPITALS.has(m.istatCode) ? random.int(2, 5) : random.chance(0.06) ? 1 : 0;
    for (let i = 0; i < count; i++) {
      const main = random.weighted(communities);
      const name = `${random.pick(ASSOCIATION_PATTERNS)(COMMUNITY_ADJECTIVES[main], m.name)} (demo)`;
      if (names.has(name)) continue;
      names.add(name);
      const second = random.chance(0.3) ? random.weighted(communities) : main;
      associations.push({
        id: associations.length + 1,
        name,
        municipality_code: m.istatCode,
        communities: [...new Set([main, second])],
        province: m.provinceCode,
      });
    }
  }
  return associations;
}

const ACTIVITY_TITLES: Record<ActivityKind, string[]> = {
  SPORT: ['Torneo di calcio interculturale', 'Corsa solidale', 'Cricket al parco', 'Pallavolo senza confini', 'Camminata di quartiere'],
  CULTURE: ['Festa dei popoli', 'Cena dal mondo', 'Laboratorio di cucina interculturale', 'Cineforum in lingua originale', 'Musiche dal mondo'],
  DIALOGUE: ['Caffè delle lingue', 'Incontro tra comunità', 'Dialogo interreligioso', 'Tavola rotonda delle nuove generazioni'],
  INFORMATION: [
    'Incontro informativo sul permesso di soggiorno',
    'Serata informativa su casa e contratti',
    'Incontro su scuola e iscrizioni',
    'Come usare i servizi sanitari',
    'Servizi digitali della pubblica amministrazione',
  ],
};
const ACTIVITY_KIND_WEIGHTS: [ActivityKind, number][] = [['SPORT', 3], ['CULTURE', 3], ['DIALOGUE', 2], ['INFORMATION', 3]];

/**
 * Community activities across the window, held mostly where people live (`residences`, one
 * entry per person) and often organised by an association of the same province.
 */
export function buildActivities(
  random: Random,
  count: number,
  municipalities: readonly IstatMunicipality[],
  residences: readonly string[],
  associations: readonly AssociationRow[],
): ActivityRow[] {
  const byCode = new Map(municipalities.map((m) => [m.istatCode, m]));
  const capitals = municipalities.filter((m) => CAPITALS.has(m.istatCode));
  const window = daysBetween(SYNTHETIC_FROM, SYNTHETIC_UNTIL);
  const activities: ActivityRow[] = [];
  for (let i = 0; i < count; i++) {
    const place = residences.length && random.chance(0.6) ? byCode.get(random.pick(residences))! : random.pick(capitals);
    const kind = random.weighted(ACTIVITY_KIND_WEIGHTS);
    const local = associations.filter((a) => a.province === place.provinceCode);
    const organiser = local.length && random.chance(0.6) ? random.pick(local).id : null;
    activities.push({
      id: i + 1,
      title: `${random.pick(ACTIVITY_TITLES[kind])} – ${place.name}`,
      kind,
      municipality_code: place.istatCode,
      held_on: addDays(SYNTHETIC_FROM, random.int(0, window)),
      association_id: organiser,
      province: place.provinceCode,
    });
  }
  return activities;
}

/** A seeded random source for one purpose of one store, independent of the others. */
export function randomFor(seed: number, ambitIndex: number, purpose: number): Random {
  return createRandom((Math.imul(seed, 0x9e3779b1) ^ Math.imul(ambitIndex + 1, 0x85ebca6b) ^ Math.imul(purpose + 1, 0xc2b2ae35)) >>> 0);
}
