// The programme's reference data, inserted when missing on every start. Rows already present are
// left as they are: the catalogue and registry are data the regional team corrects in place.
import type { Kysely } from 'kysely';
import type { RegionDatabase } from '../types.ts';
import { forgetPartnerRegistry } from '../repositories/programme.ts';

const ALL_AMBITS = ['EMILIA_NORD', 'EMILIA_CENTRO_ORIENTALE', 'BOLOGNA', 'ROMAGNA'];

type PartnerSeed = RegionDatabase['partner'] & { ambits: string[] };
export const PARTNERS: PartnerSeed[] = [
  { id: 'regione-er', name: 'Regione Emilia-Romagna', kind: 'PUBLIC_AUTHORITY', is_lead: true, network: 'Region', subgraph: 'region', ambits: ALL_AMBITS },
  { id: 'art-er', name: 'ART-ER Attrattività Ricerca Territorio', kind: 'IN_HOUSE_COMPANY', is_lead: false, network: 'Region', subgraph: 'region', ambits: ALL_AMBITS },
  { id: 'anci-er', name: 'ANCI Emilia-Romagna', kind: 'ASSOCIATION_OF_MUNICIPALITIES', is_lead: false, network: 'Municipalities', subgraph: 'anci', ambits: ALL_AMBITS },
  { id: 'cpia-bologna', name: 'CPIA Metropolitano di Bologna', kind: 'PUBLIC_SCHOOL', is_lead: false, network: 'CPIA network', subgraph: 'cpia', ambits: ALL_AMBITS },
  { id: 'comune-ravenna', name: 'Comune di Ravenna', kind: 'MUNICIPALITY', is_lead: false, network: 'Municipalities', subgraph: null, ambits: ['ROMAGNA'] },
  { id: 'dimora-abramo', name: "Dimora d'Abramo", kind: 'SOCIAL_COOPERATIVE', is_lead: false, network: 'Ambit consortia (ATS)', subgraph: 'ats', ambits: ['EMILIA_NORD'] },
  { id: 'cidas', name: 'C.I.D.A.S.', kind: 'SOCIAL_COOPERATIVE', is_lead: false, network: 'Ambit consortia (ATS)', subgraph: 'ats', ambits: ['EMILIA_CENTRO_ORIENTALE', 'ROMAGNA'] },
  { id: 'arcolaio', name: "Consorzio l'Arcolaio", kind: 'SOCIAL_CONSORTIUM', is_lead: false, network: 'Ambit consortia (ATS)', subgraph: 'ats', ambits: ['BOLOGNA'] },
  { id: 'media-group98', name: 'Media Group98', kind: 'COOPERATIVE', is_lead: false, network: 'Communication', subgraph: 'comms', ambits: ALL_AMBITS },
  { id: 'ial-er', name: 'IAL Emilia-Romagna', kind: 'TRAINING_BODY', is_lead: false, network: 'Job facilitation', subgraph: 'ial', ambits: ALL_AMBITS },
];

export const PROGRAMME: RegionDatabase['programme'] = {
  code: 'PLEIADI',
  title: 'PLEIADI — PLurale Equa Inclusiva Accogliente DIgitale',
  fund: 'FAMI/AMIF 2021-2027',
  starts_on: '2025-06-01',
  ends_on: '2029-09-30',
  budget_eur: 5_600_000,
  lead_partner_id: 'regione-er',
};

const ACTIONS = [
  {
    code: 'AZ01', number: 1, title: 'Multilevel governance',
    summary: 'Territorial networks, regional and territorial coordination tables, capacity building and training for the operators of public and private services.',
    beneficiaries: 'Operators of public and private services',
    objectives: ['Run regional and territorial coordination tables', 'Strengthen territorial networks of services', 'Train the operators of public and private services'],
  },
  {
    code: 'AZ02', number: 2, title: 'Skills',
    summary: 'Italian L2 and digital skills, transparency and recognition of prior skills and qualifications, job orientation and matching, fighting educational poverty of minors, outreach with mobile units and intercultural mediators.',
    beneficiaries: 'Third-country nationals regularly resident',
    objectives: ['Italian L2 and digital skills', 'Transparency and recognition of skills and qualifications', 'Job orientation and matching', 'Fighting educational poverty of minors', 'Outreach with mobile units and intercultural mediators'],
  },
  {
    code: 'AZ03', number: 3, title: 'Active participation',
    summary: 'Active participation in economic, social and cultural life: community activities, sport, culture, qualified information, involvement of migrant associations and new generations.',
    beneficiaries: 'Third-country nationals regularly resident',
    objectives: ['Community, sport and cultural activities', 'Qualified information', 'Involvement of migrant associations and new generations'],
  },
];

// AMIF common indicators for specific objective 2 (Annex VIII, Regulation (EU) 2021/1147) used by the plan.
/** feeds: `subgraph:FACT`, a fact of the kit's indicator-facts.ts that the subgraph reports. */
type IndicatorSeed = Omit<RegionDatabase['indicator_definition'], 'position' | 'source'> & { feeds: string[] };
export const INDICATORS: IndicatorSeed[] = [
  { code: 'O.2.2', wording: 'Number of local and regional authorities supported to implement integration measures', kind: 'OUTPUT', unit: 'AUTHORITIES', parent_code: null, counts_people: false, feeds: ['anci:AUTHORITY_SUPPORTED'] },
  { code: 'O.2.3', wording: 'Number of participants in support activities', kind: 'OUTPUT', unit: 'PERSONS', parent_code: null, counts_people: true, feeds: ['cpia:SUPPORT_ACTIVITY', 'ats:SUPPORT_ACTIVITY', 'ial:SUPPORT_ACTIVITY'] },
  { code: 'O.2.3.1', wording: 'of which number of participants in a language course', kind: 'OUTPUT', unit: 'PERSONS', parent_code: 'O.2.3', counts_people: true, feeds: ['cpia:LANGUAGE_COURSE'] },
  { code: 'O.2.3.2', wording: 'of which number of participants in a civic orientation course', kind: 'OUTPUT', unit: 'PERSONS', parent_code: 'O.2.3', counts_people: true, feeds: ['cpia:CIVIC_ORIENTATION', 'ats:CIVIC_ORIENTATION'] },
  { code: 'O.2.3.3', wording: 'of which number of participants who received personal professional guidance', kind: 'OUTPUT', unit: 'PERSONS', parent_code: 'O.2.3', counts_people: true, feeds: ['ial:PERSONAL_GUIDANCE'] },
  { code: 'O.2.4', wording: 'Number of information packages and campaigns to raise awareness of legal migration channels to the Union', kind: 'OUTPUT', unit: 'ITEMS', parent_code: null, counts_people: false, feeds: ['comms:INFORMATION_PACKAGE', 'comms:AWARENESS_CAMPAIGN'] },
  { code: 'R.2.8', wording: 'Number of participants in language courses who have improved their proficiency level in the host country language upon leaving the language course by at least one level in the Common European Framework of Reference for Languages or national equivalent', kind: 'RESULT', unit: 'PERSONS', parent_code: null, counts_people: true, feeds: ['cpia:LANGUAGE_LEVEL_IMPROVED'] },
  { code: 'R.2.9', wording: 'Number of participants who report that the activity was helpful for their integration', kind: 'RESULT', unit: 'PERSONS', parent_code: null, counts_people: true, feeds: ['cpia:INTEGRATION_HELPED', 'ats:INTEGRATION_HELPED', 'ial:INTEGRATION_HELPED'] },
  { code: 'R.2.10', wording: 'Number of participants who applied for their qualification/skills acquired in a third country to be recognised/assessed', kind: 'RESULT', unit: 'PERSONS', parent_code: null, counts_people: true, feeds: ['ial:RECOGNITION_APPLIED'] },
];

export const AGE_BANDS: RegionDatabase['age_band'][] = [
  { code: 'UNDER_18', label: 'under 18', min_age: 0, max_age: 17, position: 1 },
  { code: 'AGE_18_29', label: '18 to 29', min_age: 18, max_age: 29, position: 2 },
  { code: 'AGE_30_54', label: '30 to 54', min_age: 30, max_age: 54, position: 3 },
  { code: 'AGE_55_PLUS', label: '55 and over', min_age: 55, max_age: null, position: 4 },
];

/** Quarters and calendar years of the programme, clipped to its first and last day. */
export function reportingPeriods(startsOn: string, endsOn: string): RegionDatabase['reporting_period'][] {
  const periods: RegionDatabase['reporting_period'][] = [];
  const clip = (from: string, to: string) => ({ starts_on: from < startsOn ? startsOn : from, ends_on: to > endsOn ? endsOn : to });
  const firstYear = Number(startsOn.slice(0, 4));
  const lastYear = Number(endsOn.slice(0, 4));
  const quarterEnds = ['03-31', '06-30', '09-30', '12-31'];
  for (let year = firstYear; year <= lastYear; year++) {
    periods.push({ code: String(year), kind: 'YEAR', ...clip(`${year}-01-01`, `${year}-12-31`) });
    for (let q = 0; q < 4; q++) {
      const from = `${year}-${String(q * 3 + 1).padStart(2, '0')}-01`;
      const to = `${year}-${quarterEnds[q]}`;
      if (to < startsOn || from > endsOn) continue;
      periods.push({ code: `${year}-Q${q + 1}`, kind: 'QUARTER', ...clip(from, to) });
    }
  }
  return periods;
}

export async function seedReference(db: Kysely<RegionDatabase>): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('partner').values(PARTNERS.map(({ ambits: _a, ...p }) => p)).onConflict((oc) => oc.column('id').doNothing()).execute();
    await tx
      .insertInto('partner_ambit')
      .values(PARTNERS.flatMap((p) => p.ambits.map((ambit_code) => ({ partner_id: p.id, ambit_code }))))
      .onConflict((oc) => oc.columns(['partner_id', 'ambit_code']).doNothing())
      .execute();
    await tx.insertInto('programme').values(PROGRAMME).onConflict((oc) => oc.column('code').doNothing()).execute();
    await tx
      .insertInto('action')
      .values(ACTIONS.map(({ objectives: _o, ...a }) => a))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    await tx
      .insertInto('action_objective')
      .values(ACTIONS.flatMap((a) => a.objectives.map((description, i) => ({ action_code: a.code, position: i + 1, description }))))
      .onConflict((oc) => oc.columns(['action_code', 'position']).doNothing())
      .execute();
    await tx
      .insertInto('indicator_definition')
      .values(INDICATORS.map(({ feeds: _f, ...d }, position) => ({ ...d, position, source: 'AMIF Regulation (EU) 2021/1147, Annex VIII' })))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    await tx
      .insertInto('indicator_feed')
      .values(INDICATORS.flatMap((d) => d.feeds.map((feed) => ({ indicator_code: d.code, subgraph: feed.split(':')[0], fact: feed.split(':')[1] }))))
      .onConflict((oc) => oc.columns(['indicator_code', 'subgraph', 'fact']).doNothing())
      .execute();
    await tx.insertInto('age_band').values(AGE_BANDS).onConflict((oc) => oc.column('code').doNothing()).execute();
    const programme = await tx.selectFrom('programme').select(['starts_on', 'ends_on']).where('code', '=', PROGRAMME.code).executeTakeFirstOrThrow();
    await tx
      .insertInto('reporting_period')
      .values(reportingPeriods(programme.starts_on, programme.ends_on))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  });
  forgetPartnerRegistry(db);
}
