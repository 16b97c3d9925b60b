// The generator's plan, before any id exists: which campaigns Media Group98 runs, where, in which
// languages and over which channels, their materials and events, and what each reached month by
// month. Pure and deterministic: the same seed and audience give the same plan.
import { addDays, createRandom, DEFAULT_AMBITS, daysBetween, emiliaRomagnaMunicipalities, municipalityByCode, type Random } from '@pleiadi/kit';
import { SYNTHETIC_UNTIL, syntheticPopulation, type GenerateOptions } from '@pleiadi/kit/synthetic';
import { ambitOfMunicipality, municipalitiesOfAmbit } from '../repositories/territory.ts';
import { CHANNELS, type Channel, type EventKind, type MaterialKind } from '../types.ts';
import { EVENT_LABELS, LANGUAGES_OF_CITIZENSHIP, MATERIAL_LABELS, TOPICS, type Topic } from './catalogue.ts';
import { LANGUAGES } from './reference.ts';

const CAMPAIGNS_FROM = '2025-06-15';
/** Campaigns start early enough to run at least six weeks within the synthetic period. */
const LATEST_START = addDays(SYNTHETIC_UNTIL, -45);
/** A campaign speaks to all foreign residents of its area, about ten for each participant of the plan. */
const AUDIENCE_PER_PARTICIPANT = 10;
/** Share of any audience that reads the Italian version. */
const ITALIAN_SHARE = 0.5;

/** Campaigns scale mildly with the population: 20 for the demo's 3,000 people, 60 for 100,000. */
export function campaignCount(participants: number): number {
  return Math.max(4, Math.round(20 * (Math.max(participants, 0) / 3000) ** 0.313));
}

/** Where the synthetic population lives and what it reads; nobody is kept, only these sums. */
export interface Audience {
  /** People by municipality of residence. */
  residents: Map<string, number>;
  /** Readers by ambit and language (every produced language starts at 1, so none is impossible). */
  readers: Map<string, Map<string, number>>;
}

export function audienceOf(options: Pick<GenerateOptions, 'seed' | 'participants'>): Audience {
  const residents = new Map<string, number>();
  const readers = new Map(DEFAULT_AMBITS.map((a) => [a.code as string, new Map(LANGUAGES.filter((l) => l.code !== 'it').map((l) => [l.code, 1]))]));
  for (const person of syntheticPopulation(options.seed, options.participants)) {
    residents.set(person.residence, (residents.get(person.residence) ?? 0) + 1);
    const ofAmbit = readers.get(person.ambit)!;
    for (const [language, share] of LANGUAGES_OF_CITIZENSHIP[person.citizenship] ?? []) ofAmbit.set(language, ofAmbit.get(language)! + share);
  }
  return { residents, readers };
}

type Scope = 'REGION' | 'AMBIT' | 'LOCAL';

export interface CampaignPlan {
  id?: number;
  title: string;
  topic: Topic;
  scope: Scope;
  starts_on: string;
  ends_on: string;
  ambits: string[];
  municipalities: string[];
  /** Italian first, then community languages, most read first. */
  languages: string[];
  channels: Channel[];
  /** People the campaign speaks to, and each language's share of them. */
  audience: number;
  share: Map<string, number>;
}

export interface MaterialPlan {
  id?: number;
  campaign: CampaignPlan;
  kind: MaterialKind;
  language: string;
  title: string;
  published_on: string;
}

export interface EventPlan {
  id?: number;
  campaign: CampaignPlan;
  kind: EventKind;
  title: string;
  municipality: string;
  held_on: string;
}

export interface ReachPlan {
  campaign: CampaignPlan;
  source?: { material: MaterialPlan } | { event: EventPlan };
  month: string;
  channel: Channel;
  copies: number;
  views: number;
  listeners: number;
  attendees: number;
}

export interface Plan {
  campaigns: CampaignPlan[];
  materials: MaterialPlan[];
  events: EventPlan[];
  reach: ReachPlan[];
}

const between = (random: Random, min: number, max: number) => min + random.next() * (max - min);
const earliest = (a: string, b: string) => (a < b ? a : b);
const monthOf = (date: string) => `${date.slice(0, 7)}-01`;

/** "Carpi", "Carpi e Modena", "Carpi, Modena e Sassuolo". */
const italianList = (names: string[]) => (names.length > 1 ? `${names.slice(0, -1).join(', ')} e ${names[names.length - 1]}` : names[0]);

/** `count` distinct items drawn with probability proportional to weight. */
function weightedSample<T>(random: Random, items: readonly (readonly [T, number])[], count: number): T[] {
  const pool = [...items];
  const chosen: T[] = [];
  while (chosen.length < count && pool.length) {
    const item = random.weighted(pool);
    chosen.push(item);
    pool.splice(pool.findIndex(([candidate]) => candidate === item), 1);
  }
  return chosen;
}

function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = monthOf(from); month <= to; ) {
    months.push(month);
    const [y, m] = month.split('-').map(Number);
    month = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  }
  return months;
}

export function plan(options: Pick<GenerateOptions, 'seed' | 'participants'>): Plan {
  const random = createRandom((options.seed * 31 + 0x636f6d6d) >>> 0);
  const audience = audienceOf(options);
  const campaigns = planCampaigns(random, audience, campaignCount(options.participants));
  const materials = campaigns.flatMap((c) => planMaterials(random, c));
  const events = campaigns.flatMap((c) => planEvents(random, audience, c));
  return { campaigns, materials, events, reach: planReach(random, campaigns, materials, events) };
}

function planCampaigns(random: Random, { residents, readers }: Audience, count: number): CampaignPlan[] {
  const peopleIn = (codes: readonly string[]) => codes.reduce((sum, code) => sum + (residents.get(code) ?? 0), 0);
  const municipalityWeights = emiliaRomagnaMunicipalities().map((m) => [m.istatCode, (residents.get(m.istatCode) ?? 0) + 0.5] as const);
  const ambitWeights = DEFAULT_AMBITS.map((a) => [a.code as string, peopleIn(municipalitiesOfAmbit(a.code)) + 1] as const);
  const editions = new Map<string, number>();

  return Array.from({ length: count }, (): CampaignPlan => {
    const topic = random.pick(TOPICS);
    const scope = random.weighted<Scope>([['REGION', 25], ['AMBIT', 45], ['LOCAL', 30]]);
    let ambits: string[] = [];
    let municipalities: string[] = [];
    let place: string;
    if (scope === 'REGION') {
      ambits = DEFAULT_AMBITS.map((a) => a.code);
      place = 'Emilia-Romagna';
    } else if (scope === 'AMBIT') {
      ambits = weightedSample(random, ambitWeights, random.chance(0.2) ? 2 : 1).sort();
      place = italianList(ambits.map((code) => DEFAULT_AMBITS.find((a) => a.code === code)!.name));
    } else {
      municipalities = weightedSample(random, municipalityWeights, random.int(1, 4)).sort();
      place = italianList(municipalities.map((code) => municipalityByCode(code)!.name));
    }
    const area = ambits.length ? ambits.flatMap(municipalitiesOfAmbit) : municipalities;
    const areaAmbits = ambits.length ? ambits : [...new Set(municipalities.map((code) => ambitOfMunicipality(code)!))];

    // Community languages in proportion to who lives in the area; operators' campaigns need few.
    const weights = new Map<string, number>();
    for (const ambit of areaAmbits) for (const [language, n] of readers.get(ambit)!) weights.set(language, (weights.get(language) ?? 0) + n);
    const others = topic.action === 'AZ01' ? random.int(0, 2) : scope === 'REGION' ? random.int(5, 9) : scope === 'AMBIT' ? random.int(4, 7) : random.int(2, 5);
    const languages = ['it', ...weightedSample(random, [...weights], others)];
    const chosen = languages.slice(1).reduce((sum, l) => sum + weights.get(l)!, 0);
    const share = new Map(languages.map((l) => [l, l === 'it' ? ITALIAN_SHARE : ((1 - ITALIAN_SHARE) * weights.get(l)!) / chosen]));

    const size = random.int(2, Math.min(5, topic.channels.length));
    const picked = new Set([topic.channels[0], ...random.sample(topic.channels.slice(1), size - 1)]);

    const starts_on = addDays(CAMPAIGNS_FROM, random.int(0, daysBetween(CAMPAIGNS_FROM, LATEST_START)));
    const ends_on = earliest(addDays(starts_on, topic.action === 'AZ01' ? random.int(30, 120) : random.int(45, 240)), SYNTHETIC_UNTIL);

    const base = `${topic.title} – ${place}`;
    const edition = (editions.get(base) ?? 0) + 1;
    editions.set(base, edition);
    return {
      title: edition > 1 ? `${base} (${edition}ª edizione)` : base,
      topic,
      scope,
      starts_on,
      ends_on,
      ambits,
      municipalities,
      languages,
      channels: CHANNELS.filter((c) => picked.has(c)),
      audience: peopleIn(area) * AUDIENCE_PER_PARTICIPANT,
      share,
    };
  });
}

/** One material per language version, for the channels the campaign uses. */
function planMaterials(random: Random, campaign: CampaignPlan): MaterialPlan[] {
  const versions: [MaterialKind, string][] = [];
  const add = (kind: MaterialKind, languages: readonly string[]) => versions.push(...languages.map((l): [MaterialKind, string] => [kind, l]));
  const community = campaign.languages.slice(1);
  const has = (channel: Channel) => campaign.channels.includes(channel);
  if (has('PRINT')) {
    add('LEAFLET', campaign.languages);
    add('POSTER', ['it', ...community.slice(0, random.int(0, 2))]);
    add('INFO_PACK', campaign.topic.action === 'AZ01' ? ['it'] : campaign.languages.filter((l) => l === 'it' || random.chance(0.5)));
  }
  if (has('WEB')) add('WEB_PAGE', campaign.languages);
  if (has('VIDEO')) add('VIDEO', ['it', ...random.sample(community, random.int(0, 3))]);
  if (has('RADIO')) add('RADIO_SPOT', ['it', ...random.sample(community, random.int(1, 3))]);
  if (has('EVENT')) add('EVENT_KIT', ['it']);

  const days = daysBetween(campaign.starts_on, campaign.ends_on);
  return versions.map(([kind, language]) => ({
    campaign,
    kind,
    language,
    title: `${MATERIAL_LABELS[kind]}: ${campaign.topic.title} (${LANGUAGES.find((l) => l.code === language)!.name})`,
    // Italian first; translations follow within weeks.
    published_on: addDays(campaign.starts_on, random.int(0, Math.min(language === 'it' ? 10 : 40, days))),
  }));
}

/** Events in the targeted municipalities, or where people live in the targeted ambits. */
function planEvents(random: Random, { residents }: Audience, campaign: CampaignPlan): EventPlan[] {
  if (!campaign.channels.includes('EVENT')) return [];
  const where = campaign.ambits.flatMap(municipalitiesOfAmbit).map((code) => [code, (residents.get(code) ?? 0) + 0.5] as const);
  const count =
    campaign.scope === 'LOCAL' ? campaign.municipalities.length + random.int(0, 1) : campaign.scope === 'AMBIT' ? random.int(2, 5) * campaign.ambits.length : random.int(4, 10);
  return Array.from({ length: count }, (_, i) => {
    const municipality = campaign.scope === 'LOCAL' ? campaign.municipalities[i % campaign.municipalities.length] : random.weighted(where);
    const kind = random.pick(campaign.topic.events);
    return {
      campaign,
      kind,
      title: `${EVENT_LABELS[kind]} – ${campaign.topic.title}, ${municipalityByCode(municipality)!.name}`,
      municipality,
      held_on: addDays(campaign.starts_on, random.int(0, daysBetween(campaign.starts_on, campaign.ends_on))),
    };
  });
}

/** Monthly figures, strongest in a campaign's first months; events count once, in their month. */
function planReach(random: Random, campaigns: CampaignPlan[], materials: MaterialPlan[], events: EventPlan[]): ReachPlan[] {
  const reach: ReachPlan[] = [];
  const figure = (campaign: CampaignPlan, month: string, channel: Channel, values: Partial<Pick<ReachPlan, 'copies' | 'views' | 'listeners' | 'attendees'>>, source?: ReachPlan['source']) => {
    const round = (v = 0) => Math.max(0, Math.round(v));
    reach.push({ campaign, source, month, channel, copies: round(values.copies), views: round(values.views), listeners: round(values.listeners), attendees: round(values.attendees) });
  };
  for (const campaign of campaigns) {
    const own = materials.filter((m) => m.campaign === campaign);
    monthsOf(campaign.starts_on, campaign.ends_on).forEach((month, index) => {
      const strength = 1 / (1 + 0.35 * index);
      for (const material of own) {
        if (monthOf(material.published_on) > month) continue;
        const readers = campaign.audience * campaign.share.get(material.language)! * strength;
        const source = { material };
        if (material.kind === 'LEAFLET') figure(campaign, month, 'PRINT', { copies: readers * between(random, 0.01, 0.04) }, source);
        else if (material.kind === 'INFO_PACK') figure(campaign, month, 'PRINT', { copies: readers * between(random, 0.003, 0.012) }, source);
        else if (material.kind === 'POSTER') figure(campaign, month, 'PRINT', { copies: readers * between(random, 0.0005, 0.002) + random.int(5, 40) }, source);
        else if (material.kind === 'WEB_PAGE') figure(campaign, month, 'WEB', { views: readers * between(random, 0.02, 0.1) }, source);
        else if (material.kind === 'VIDEO') figure(campaign, month, 'VIDEO', { views: readers * between(random, 0.05, 0.4) }, source);
        else if (material.kind === 'RADIO_SPOT') figure(campaign, month, 'RADIO', { listeners: readers * between(random, 0.3, 1.5) }, source);
        // Event kits are used at the events, whose attendance is counted there.
      }
      if (campaign.channels.includes('SOCIAL_MEDIA')) figure(campaign, month, 'SOCIAL_MEDIA', { views: campaign.audience * strength * between(random, 0.2, 1.2) });
      if (campaign.channels.includes('NEWSLETTER')) figure(campaign, month, 'NEWSLETTER', { views: campaign.audience * between(random, 0.005, 0.02) });
    });
  }
  const scale: Record<Scope, number> = { LOCAL: 1, AMBIT: 1.5, REGION: 2 };
  for (const event of events) {
    figure(event.campaign, monthOf(event.held_on), 'EVENT', { attendees: random.int(20, 120) * scale[event.campaign.scope] }, { event });
  }
  return reach;
}
