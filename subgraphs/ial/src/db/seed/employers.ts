// Invented employers of IAL's network, per province, in the sectors where third-country nationals
// find traineeships and work in Emilia-Romagna. Names are made of invented words and carry
// "(demo)", so none can be mistaken for a real company.
import type { Random } from '@pleiadi/kit';
import type { SizeBand } from '../types.ts';

interface Division {
  code: string;
  weight: number;
  /** Words a company name starts with. */
  words: readonly string[];
  /** Share of cooperatives, common in logistics, cleaning and care (social cooperatives there). */
  cooperatives?: { share: number; form: 'Soc. Coop.' | 'Soc. Coop. Sociale' };
  farm?: boolean;
}

interface Sector {
  weight: number;
  /** ATECO 2007 divisions with their weight inside the sector. */
  divisions: readonly Division[];
}

export const SECTORS: Readonly<Record<string, Sector>> = {
  manufacturing: { weight: 26, divisions: [
    { code: '10', weight: 3, words: ['Salumificio', 'Caseificio', 'Pastificio', 'Conserve Alimentari'] },
    { code: '22', weight: 1, words: ['Plastiche', 'Stampaggi'] },
    { code: '23', weight: 1, words: ['Ceramiche', 'Piastrelle'] },
    { code: '25', weight: 3, words: ['Carpenterie Metalliche', 'Minuterie', 'Officine'] },
    { code: '28', weight: 3, words: ['Meccanica', 'Oleodinamica', 'Macchine Automatiche'] },
    { code: '29', weight: 1, words: ['Componenti Auto', 'Carrozzerie Industriali'] },
  ] },
  logistics: { weight: 14, divisions: [
    { code: '49', weight: 2, words: ['Autotrasporti', 'Trasporti'] },
    { code: '52', weight: 3, words: ['Logistica', 'Magazzini Generali', 'Interporto Servizi'], cooperatives: { share: 0.4, form: 'Soc. Coop.' } },
    { code: '53', weight: 1, words: ['Consegne Rapide', 'Corrieri'] },
  ] },
  agriculture: { weight: 10, divisions: [{ code: '01', weight: 1, words: ['Azienda Agricola', 'Società Agricola', 'Frutticoltura'], farm: true, cooperatives: { share: 0.15, form: 'Soc. Coop.' } }] },
  hospitality: { weight: 14, divisions: [
    { code: '55', weight: 1, words: ['Hotel', 'Residence'] },
    { code: '56', weight: 2, words: ['Ristorante', 'Trattoria', 'Ristorazione Collettiva'] },
  ] },
  care: { weight: 10, divisions: [
    { code: '87', weight: 2, words: ['Residenza per Anziani', 'Casa di Cura'], cooperatives: { share: 0.6, form: 'Soc. Coop. Sociale' } },
    { code: '88', weight: 1, words: ['Servizi alla Persona', 'Assistenza Domiciliare'], cooperatives: { share: 0.9, form: 'Soc. Coop. Sociale' } },
  ] },
  construction: { weight: 9, divisions: [
    { code: '41', weight: 1, words: ['Costruzioni', 'Edilizia'] },
    { code: '43', weight: 2, words: ['Impianti', 'Restauri Edili', 'Cartongessi'] },
  ] },
  cleaning: { weight: 9, divisions: [{ code: '81', weight: 1, words: ['Multiservizi', 'Pulizie Industriali', 'Servizi Ambientali'], cooperatives: { share: 0.6, form: 'Soc. Coop. Sociale' } }] },
  retail: { weight: 8, divisions: [
    { code: '47', weight: 3, words: ['Market', 'Supermercati', 'Alimentari'] },
    { code: '46', weight: 1, words: ['Distribuzione', "Ortofrutta all'Ingrosso"] },
  ] },
};

// Italian legal forms: partnerships (S.n.c., S.a.s.) are small, joint-stock companies (S.p.A.) large.
const SMALL_FORMS = ['S.r.l.', 'S.r.l.', 'S.n.c.', 'S.a.s.'];
const LARGE_FORMS = ['S.r.l.', 'S.p.A.'];
const FARM_FORMS = ['', 'S.s.', 'S.r.l.'];

function legalForm(random: Random, division: Division, size: SizeBand): string {
  if (division.cooperatives && random.chance(division.cooperatives.share)) return division.cooperatives.form;
  if (division.farm && (size === 'MICRO' || size === 'SMALL')) return random.pick(FARM_FORMS);
  return random.pick(size === 'MICRO' || size === 'SMALL' ? SMALL_FORMS : LARGE_FORMS);
}

/** Where a sector weighs more than the regional pattern: coast tourism, Piacenza's logistics hub… */
const PROVINCE_EMPHASIS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  PC: { logistics: 2.2, agriculture: 1.3 },
  PR: { manufacturing: 1.3 },
  RE: { manufacturing: 1.4 },
  MO: { manufacturing: 1.5 },
  BO: { logistics: 1.4, care: 1.2 },
  FE: { agriculture: 2.2 },
  RA: { hospitality: 1.8, agriculture: 1.5 },
  FC: { hospitality: 1.6, agriculture: 1.5, manufacturing: 1.2 },
  RN: { hospitality: 2.6 },
};

const SIZE_WEIGHTS: readonly (readonly [SizeBand, number])[] = [['MICRO', 38], ['SMALL', 38], ['MEDIUM', 17], ['LARGE', 7]];
const STEM_HEADS = ['Vel', 'Mar', 'Cor', 'Tre', 'Alb', 'Ser', 'Lun', 'Pra', 'Bor', 'Fio', 'Gal', 'Ros', 'Sal', 'Ven', 'Tor', 'Cal', 'Mon', 'Riv'];
const STEM_TAILS = ['dana', 'vento', 'lino', 'mora', 'sella', 'riva', 'cosa', 'bruna', 'vale', 'nera', 'dolo', 'bella', 'fonte', 'gaia'];

export interface GeneratedEmployer {
  id: number;
  name: string;
  municipality_code: string;
  ateco_code: string;
  size_band: SizeBand;
  province: string;
}

export function employersOfProvince(
  random: Random,
  province: string,
  count: number,
  municipalities: readonly string[],
  taken: Set<string>,
  nextId: () => number,
): GeneratedEmployer[] {
  const emphasis = PROVINCE_EMPHASIS[province] ?? {};
  const sectors = Object.entries(SECTORS).map(([name, s]) => [s, s.weight * (emphasis[name] ?? 1)] as const);
  const employers: GeneratedEmployer[] = [];
  for (let i = 0; i < count; i++) {
    const sector = random.weighted(sectors);
    const division = random.weighted(sector.divisions.map((d) => [d, d.weight] as const));
    const size = random.weighted(SIZE_WEIGHTS);
    employers.push({
      id: nextId(),
      name: uniqueName(random, random.pick(division.words), legalForm(random, division, size), taken),
      municipality_code: random.pick(municipalities),
      ateco_code: division.code,
      size_band: size,
      province,
    });
  }
  return employers;
}

function uniqueName(random: Random, word: string, form: string, taken: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const stem = random.pick(STEM_HEADS) + random.pick(STEM_TAILS);
    // After a few clashes, number the name as companies of one family often are.
    const name = [word, stem, attempt >= 4 ? String(attempt - 2) : '', form, '(demo)'].filter(Boolean).join(' ');
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

/** Larger employers host and hire more often. */
export const HOSTING_WEIGHT: Readonly<Record<SizeBand, number>> = { MICRO: 1, SMALL: 2, MEDIUM: 3, LARGE: 4 };
