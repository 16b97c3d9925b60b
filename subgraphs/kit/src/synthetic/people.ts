// A deterministic synthetic population of third-country nationals in Emilia-Romagna. Every
// partner generates the same people from the same seed and keeps those it serves, so the same
// person appears at several partners with the same fiscal code (hence the same pseudonym)
// without any partner reading another's data. Shapes (citizenships, ages, genders, places)
// follow the broad pattern of the region's non-EU residents; the figures are weights, not statistics.
import { addDays, daysBetween } from '../dates.ts';
import { createRandom, type Random } from '../random.ts';
import { defaultAmbitOf, emiliaRomagnaMunicipalities, municipalityByCode, type AmbitCode } from '../territory.ts';
import { syntheticFiscalCode } from './fiscal-code.ts';
import { pseudonymOf } from '../pseudonym.ts';
import { CITIZENSHIPS, type Citizenship } from './citizenships.ts';

export const SYNTHETIC_FROM = '2025-06-01';
export const SYNTHETIC_UNTIL = '2026-10-31';

export interface SyntheticPerson {
  index: number;
  fiscalCode: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  gender: 'F' | 'M';
  /** ISO 3166-1 alpha-2. */
  citizenship: string;
  /** ISTAT code of the municipality of residence. */
  residence: string;
  ambit: AmbitCode;
  /** When the person first reached a service of the plan. */
  firstSeen: string;
  /** Which partners serve the person. */
  served: { cpia: boolean; ats: boolean; ial: boolean };
}

// Approximate residents of the largest municipalities (ISTAT, 2024, rounded): residence weights.
const LARGE_MUNICIPALITIES: Record<string, number> = {
  '037006': 392_000, '034027': 198_000, '036023': 185_000, '035033': 171_000, '039014': 155_000,
  '099014': 150_000, '038008': 130_000, '040012': 117_000, '033032': 103_000, '040007': 96_000,
  '036005': 72_000, '037032': 70_000, '039010': 59_000, '036040': 41_000, '037011': 36_000,
  '038004': 35_000, '099013': 35_000, '037054': 32_000, '036015': 35_000, '039012': 32_000,
  '036006': 33_000, '034014': 27_000, '036046': 25_000, '036022': 24_000, '035040': 35_000,
};
const SMALL_MUNICIPALITY_RESIDENTS = 6_500;

let residenceTable: { codes: string[]; cumulative: number[]; total: number } | undefined;
function residences() {
  if (!residenceTable) {
    const codes: string[] = [];
    const cumulative: number[] = [];
    let total = 0;
    for (const m of emiliaRomagnaMunicipalities()) {
      total += LARGE_MUNICIPALITIES[m.istatCode] ?? SMALL_MUNICIPALITY_RESIDENTS;
      codes.push(m.istatCode);
      cumulative.push(total);
    }
    residenceTable = { codes, cumulative, total };
  }
  return residenceTable;
}

function pickResidence(random: Random): string {
  const { codes, cumulative, total } = residences();
  const roll = random.next() * total;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > roll) hi = mid;
    else lo = mid + 1;
  }
  return codes[lo];
}

const AGE_BANDS: [readonly [number, number], number][] = [
  [[6, 15], 6], [[16, 17], 4], [[18, 24], 16], [[25, 34], 29], [[35, 44], 23], [[45, 54], 14], [[55, 64], 6], [[65, 75], 2],
];

function birthDate(random: Random, firstSeen: string): string {
  const [min, max] = random.weighted(AGE_BANDS);
  const age = random.int(min, max);
  return addDays(firstSeen, -(age * 365 + random.int(0, 364)));
}

function served(random: Random, age: number): SyntheticPerson['served'] {
  // Minors are reached by the ambit consortia's educational activities only.
  if (age < 16) return { cpia: false, ats: true, ial: false };
  const cpia = random.chance(0.55);
  // Most CPIA learners also use the consortia's services; a smaller share has a job path.
  const ats = random.chance(cpia ? 0.6 : 0.62);
  const ial = age >= 18 && age < 65 && random.chance(cpia ? 0.22 : 0.3);
  return cpia || ats || ial ? { cpia, ats, ial } : { cpia: false, ats: true, ial: false };
}

function person(seed: number, index: number): Omit<SyntheticPerson, 'fiscalCode'> {
  const random = createRandom((seed * 2_654_435_761 + index * 40_503) >>> 0);
  const citizenship: Citizenship = random.weighted(CITIZENSHIPS.map((c) => [c, c.weight] as const));
  const gender = random.chance(citizenship.femaleShare) ? 'F' : 'M';
  const firstSeen = addDays(SYNTHETIC_FROM, random.int(0, daysBetween(SYNTHETIC_FROM, SYNTHETIC_UNTIL)));
  const born = birthDate(random, firstSeen);
  const residence = pickResidence(random);
  const age = Math.floor(daysBetween(born, firstSeen) / 365.25);
  return {
    index,
    firstName: random.pick(gender === 'F' ? citizenship.femaleNames : citizenship.maleNames),
    lastName: random.pick(citizenship.surnames),
    birthDate: born,
    gender,
    citizenship: citizenship.code,
    residence,
    ambit: defaultAmbitOf(municipalityByCode(residence)!)!,
    firstSeen,
    served: served(random, age),
  };
}

/**
 * People 0…count-1 of the population of `seed`. Person i depends only on the seed and the people
 * before it (whose fiscal codes it must not repeat), so a larger population extends a smaller one.
 */
export function* syntheticPopulation(seed: number, count: number): Generator<SyntheticPerson> {
  const taken = new Set<string>();
  for (let index = 0; index < count; index++) {
    const base = person(seed, index);
    let fiscalCode = syntheticFiscalCode(base);
    for (let level = 1; taken.has(fiscalCode); level++) {
      if (level > 7) throw new Error(`Cannot give synthetic person ${index} a unique fiscal code`);
      fiscalCode = syntheticFiscalCode(base, level);
    }
    taken.add(fiscalCode);
    yield { ...base, fiscalCode };
  }
}

/** Age in whole years on a date. */
export function ageOn(birth: string, date: string): number {
  const [by, bm, bd] = birth.split('-').map(Number);
  const [y, m, d] = date.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** What every partner's generator takes: the same seed and size give the same people everywhere. */
export interface GenerateOptions {
  seed: number;
  /** Size of the whole synthetic population; each partner keeps those it serves. */
  participants: number;
  linkageKey: string;
  /** The store (database) being filled: the subgraph's name, or e.g. ats_romagna. */
  store: string;
}

/** The embedded demo: a few thousand people, the same on every fresh start. */
export const DEMO_SEED = 2025;
export const DEMO_PARTICIPANTS = 3000;

/** A synthetic person as a row of a partner's `participant` table, pseudonymised with the given key. */
export function participantRow(person: SyntheticPerson, linkageKey: string, id: number) {
  return {
    id,
    pseudonym: pseudonymOf(person.fiscalCode, linkageKey),
    fiscal_code: person.fiscalCode,
    first_name: person.firstName,
    last_name: person.lastName,
    birth_date: person.birthDate,
    gender: person.gender,
    citizenship: person.citizenship,
    residence_municipality: person.residence,
  };
}
