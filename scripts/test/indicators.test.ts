// The regional indicator report end to end, on the generated demo population: every figure the
// graph gives is compared with an independent computation — straight SQL over each partner's own
// database and the de-duplication by pseudonym done here. The region under its official-statistics
// purpose gets exactly that; every other caller gets each count of people within the stated maximum
// noise of it. (What an adversary can do with the perturbed figures: attack.test.ts.)
import { defaultAmbitOf, municipalityByCode } from '@pleiadi/kit';
import { maxNoiseFor } from '@pleiadi/region/perturbation';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFederation, type Federation } from '../src/federation.ts';

let federation: Federation;
beforeAll(async () => {
  federation = await startFederation({ databases: 'test', demo: true });
}, 240_000);
afterAll(() => federation?.stop());

const EXACT = { role: 'region', subject: 'statistician@art-er', purpose: 'official-statistics' } as const;
const REGION = { role: 'region', subject: 'analyst@art-er' } as const;
const BI = { role: 'bi', subject: 'dashboard@bi' } as const;
type Caller = typeof EXACT | typeof REGION | typeof BI;
const THRESHOLD = 5;
const D = maxNoiseFor(THRESHOLD);
const AMBITS = ['EMILIA_NORD', 'EMILIA_CENTRO_ORIENTALE', 'BOLOGNA', 'ROMAGNA'];
const BANDS = [
  ['UNDER_18', 0, 17],
  ['AGE_18_29', 18, 29],
  ['AGE_30_54', 30, 54],
  ['AGE_55_PLUS', 55, 200],
] as const;

// ---- The independent computation -------------------------------------------------------------

/** One subject served (or item produced) at a place: a municipality, an ambit as a whole, or the region (null). */
interface Hit {
  subject: string;
  municipality: string | null;
  ambit?: string | null;
  gender?: 'F' | 'M';
  birthDate?: string;
}
interface Query {
  from: string;
  to: string;
  action: string | null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const db = (store: string) => federation.databases[store].db as Kysely<any>;
const rows = async (store: string, query: ReturnType<typeof sql>) => (await query.execute(db(store))).rows as Hit[];
const person = sql`p.pseudonym as subject, p.gender, to_char(p.birth_date, 'YYYY-MM-DD') as "birthDate"`;
const RANK = sql`array['PRE_A1','A1','A2','B1','B2']`;

async function cpia(q: Query, fact: string): Promise<Hit[]> {
  const action = q.action ? sql`and c.action_code = ${q.action}` : sql``;
  const enrolments = (extra: ReturnType<typeof sql>) => sql`
    select ${person}, s.municipality_code as municipality
    from enrolment e join course c on c.id = e.course_id join site s on s.id = c.site_id join participant p on p.id = e.participant_id
    where c.starts_on <= ${q.to} and c.ends_on >= ${q.from} and e.enrolled_on <= ${q.to} ${action} ${extra}`;
  switch (fact) {
    case 'SUPPORT_ACTIVITY':
      return rows('cpia', enrolments(sql``));
    case 'LANGUAGE_COURSE':
      return rows('cpia', enrolments(sql`and c.kind like 'ITALIAN_L2%'`));
    case 'CIVIC_ORIENTATION':
      return rows('cpia', enrolments(sql`and c.kind = 'CIVIC_ORIENTATION'`));
    case 'LANGUAGE_LEVEL_IMPROVED':
      return rows('cpia', sql`
        select ${person}, s.municipality_code as municipality
        from enrolment e join course c on c.id = e.course_id join site s on s.id = c.site_id join participant p on p.id = e.participant_id
        where c.kind like 'ITALIAN_L2%' and c.ends_on between ${q.from} and ${q.to} ${action}
          and array_position(${RANK}, e.exit_level::text) > array_position(${RANK}, e.entry_level::text)`);
    case 'INTEGRATION_HELPED':
      return rows('cpia', sql`
        select ${person}, s.municipality_code as municipality
        from integration_survey i join course c on c.id = i.course_id join site s on s.id = c.site_id join participant p on p.id = i.participant_id
        where i.helped_integration and i.answered_on between ${q.from} and ${q.to} ${action}`);
  }
  return [];
}

async function ats(q: Query, fact: string): Promise<Hit[]> {
  const hits: Hit[] = [];
  for (const ambit of AMBITS) {
    const store = `ats_${ambit.toLowerCase()}`;
    const services = (kind: ReturnType<typeof sql>) => sql`
      select ${person}, sp.municipality_code as municipality
      from service_delivery d join case_taking k on k.id = d.case_id join service_point sp on sp.id = k.service_point_id join participant p on p.id = k.participant_id
      where d.delivered_on between ${q.from} and ${q.to} ${kind}`;
    const servicesCount = q.action === null || q.action === 'AZ02';
    if (fact === 'SUPPORT_ACTIVITY') {
      if (servicesCount) hits.push(...(await rows(store, services(sql``))));
      if (q.action === null || q.action === 'AZ03') {
        hits.push(
          ...(await rows(store, sql`
            select ${person}, a.municipality_code as municipality
            from activity_attendance t join community_activity a on a.id = t.activity_id join participant p on p.id = t.participant_id
            where a.held_on between ${q.from} and ${q.to}`)),
        );
      }
    }
    if (fact === 'CIVIC_ORIENTATION' && servicesCount) hits.push(...(await rows(store, services(sql`and d.kind = 'CIVIC_ORIENTATION'`))));
    if (fact === 'INTEGRATION_HELPED' && servicesCount) {
      hits.push(
        ...(await rows(store, sql`
          select ${person}, sp.municipality_code as municipality
          from integration_survey i join case_taking k on k.id = i.case_id join service_point sp on sp.id = k.service_point_id join participant p on p.id = k.participant_id
          where i.helped_integration and i.answered_on between ${q.from} and ${q.to}`)),
      );
    }
  }
  return hits;
}

async function ial(q: Query, fact: string): Promise<Hit[]> {
  if (q.action !== null && q.action !== 'AZ02') return [];
  const from = sql`from job_path j join office o on o.id = j.office_id join participant p on p.id = j.participant_id`;
  const select = sql`select ${person}, o.municipality_code as municipality`;
  switch (fact) {
    case 'SUPPORT_ACTIVITY':
      return rows('ial', sql`${select} ${from} where j.started_on <= ${q.to} and (j.closed_on is null or j.closed_on >= ${q.from})`);
    case 'PERSONAL_GUIDANCE':
      return rows('ial', sql`${select} ${from} join orientation_session s on s.job_path_id = j.id where s.kind = 'INDIVIDUAL_GUIDANCE' and s.held_on between ${q.from} and ${q.to}`);
    case 'RECOGNITION_APPLIED':
      return rows('ial', sql`${select} ${from} join qualification_recognition r on r.job_path_id = j.id where r.submitted_on between ${q.from} and ${q.to}`);
    case 'INTEGRATION_HELPED':
      return rows('ial', sql`${select} ${from} join integration_survey i on i.job_path_id = j.id where i.helped_integration and i.answered_on between ${q.from} and ${q.to}`);
  }
  return [];
}

async function anci(q: Query): Promise<Hit[]> {
  if (q.action !== null && q.action !== 'AZ01') return [];
  return rows('anci', sql`
    select 'organisation:' || o.id as subject, case when o.kind = 'REGION' then null else o.municipality_code end as municipality from organisation o
    where o.kind in ('REGION', 'MUNICIPALITY', 'UNION_OF_MUNICIPALITIES') and (
      exists (select 1 from training_attendance a join operator_training t on t.id = a.training_id where a.organisation_id = o.id and t.starts_on <= ${q.to} and t.ends_on >= ${q.from})
      or exists (select 1 from meeting_attendance a join meeting m on m.id = a.meeting_id where a.organisation_id = o.id and m.held_on between ${q.from} and ${q.to}))`);
}

async function comms(q: Query): Promise<Hit[]> {
  const action = q.action ? sql`and c.action_code = ${q.action}` : sql``;
  // A campaign's places: its municipalities, its ambits as wholes, or the region when it names none.
  const places = (subject: ReturnType<typeof sql>, from: ReturnType<typeof sql>, where: ReturnType<typeof sql>) => sql`
    select ${subject} as subject, cm.municipality_code as municipality, null as ambit
      from ${from} join campaign_municipality cm on cm.campaign_id = c.id where ${where} ${action}
    union all
    select ${subject}, null, ca.ambit_code from ${from} join campaign_ambit ca on ca.campaign_id = c.id where ${where} ${action}
    union all
    select ${subject}, null, null from ${from} where ${where} ${action}
      and not exists (select 1 from campaign_municipality x where x.campaign_id = c.id)
      and not exists (select 1 from campaign_ambit x where x.campaign_id = c.id)`;
  return [
    ...(await rows('comms', places(sql`'campaign:' || c.id`, sql`campaign c`, sql`c.starts_on <= ${q.to} and c.ends_on >= ${q.from}`))),
    ...(await rows(
      'comms',
      places(sql`'material:' || m.id`, sql`material m join campaign c on c.id = m.campaign_id`, sql`m.kind in ('INFO_PACK', 'LEAFLET') and m.published_on between ${q.from} and ${q.to}`),
    )),
  ];
}

const FEEDS: Record<string, [string, string][]> = {
  'O.2.2': [['anci', 'AUTHORITY_SUPPORTED']],
  'O.2.3': [['cpia', 'SUPPORT_ACTIVITY'], ['ats', 'SUPPORT_ACTIVITY'], ['ial', 'SUPPORT_ACTIVITY']],
  'O.2.3.1': [['cpia', 'LANGUAGE_COURSE']],
  'O.2.3.2': [['cpia', 'CIVIC_ORIENTATION'], ['ats', 'CIVIC_ORIENTATION']],
  'O.2.3.3': [['ial', 'PERSONAL_GUIDANCE']],
  'O.2.4': [['comms', 'ITEMS']],
  'R.2.8': [['cpia', 'LANGUAGE_LEVEL_IMPROVED']],
  'R.2.9': [['cpia', 'INTEGRATION_HELPED'], ['ats', 'INTEGRATION_HELPED'], ['ial', 'INTEGRATION_HELPED']],
  'R.2.10': [['ial', 'RECOGNITION_APPLIED']],
};

async function hitsOf(indicator: string, q: Query): Promise<Hit[]> {
  const hits: Hit[] = [];
  for (const [partner, fact] of FEEDS[indicator]) {
    if (partner === 'cpia') hits.push(...(await cpia(q, fact)));
    if (partner === 'ats') hits.push(...(await ats(q, fact)));
    if (partner === 'ial') hits.push(...(await ial(q, fact)));
    if (partner === 'anci') hits.push(...(await anci(q)));
    if (partner === 'comms') hits.push(...(await comms(q)));
  }
  return hits;
}

/** The scopes a hit counts in: its municipality, province and ambit (as placed), and the region. */
function scopesOf(hit: Hit): string[] {
  const scopes = ['REGION:'];
  if (hit.municipality) {
    const m = municipalityByCode(hit.municipality);
    if (m) scopes.push(`MUNICIPALITY:${m.istatCode}`, `PROVINCE:${m.provinceCode}`, `AMBIT:${defaultAmbitOf(m)}`);
  } else if (hit.ambit) scopes.push(`AMBIT:${hit.ambit}`);
  return scopes;
}

function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = day.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Expected cells by `scope|column`: distinct subjects, column TOTAL, F, M or an age band code. */
function expectedCells(hits: Hit[], q: Query): Map<string, number> {
  const seen = new Map<string, Set<string>>();
  const add = (key: string, subject: string) => {
    let set = seen.get(key);
    if (!set) seen.set(key, (set = new Set()));
    set.add(subject);
  };
  for (const hit of hits) {
    for (const scope of scopesOf(hit)) {
      add(`${scope}|TOTAL`, hit.subject);
      if (hit.gender) add(`${scope}|${hit.gender}`, hit.subject);
      if (hit.birthDate) {
        const age = ageOn(hit.birthDate, q.from);
        const band = BANDS.find(([, min, max]) => age >= min && age <= max);
        if (band) add(`${scope}|${band[0]}`, hit.subject);
      }
    }
  }
  return new Map([...seen].map(([key, set]) => [key, set.size]));
}

// ---- The graph's answer -----------------------------------------------------------------------

const REPORT = `query IndicatorReport($period: IndicatorPeriodInput!, $action: String, $scopes: [IndicatorScopeInput!]!, $indicators: [String!]) {
  indicatorReport(period: $period, action: $action) {
    from to smallCountThreshold exactFigures maxNoise
    scopes(scopes: $scopes) {
      kind code
      figures(indicators: $indicators) {
        indicator { code countsPeople }
        value disclosure
        targets { value dueBy }
        byGender { code value disclosure }
        byAgeBand { code value disclosure }
        bySubTerritory { code value disclosure }
      }
    }
  }
}`;

interface Cell {
  code: string;
  value: number;
  disclosure: string;
}
interface Figure {
  indicator: { code: string; countsPeople: boolean };
  value: number;
  disclosure: string;
  targets: { value: number }[];
  byGender: Cell[];
  byAgeBand: Cell[];
  bySubTerritory: Cell[];
}
interface Scope {
  kind: string;
  code: string;
  figures: Figure[];
}

async function report(caller: Caller, variables: Record<string, unknown>) {
  const result = await federation.queryAs(caller, REPORT, variables);
  expect(result.errors).toBeUndefined();
  return result.data!.indicatorReport as { from: string; to: string; smallCountThreshold: number; exactFigures: boolean; maxNoise: number; scopes: Scope[] };
}

const scopeKey = (kind: string, code: string) => `${kind}:${kind === 'REGION' ? '' : code}`;
const childKind: Record<string, string> = { REGION: 'AMBIT', AMBIT: 'PROVINCE', PROVINCE: 'MUNICIPALITY' };

/**
 * Compares one cell with the expected count: exact for authorities and items, and for people to
 * the exact-figures reader (small ones marked); otherwise within D of the truth, zero for zero,
 * never 1..threshold-1. Returns the noise seen (0 for exact cells).
 */
function checkCell(cell: { value: number; disclosure: string }, expected: number, countsPeople: boolean, exact: boolean, where: string): number {
  if (!countsPeople || exact) {
    expect(cell.value, where).toBe(expected);
    expect(cell.disclosure, where).toBe(countsPeople && expected > 0 && expected < THRESHOLD ? 'SMALL_COUNT' : 'EXACT');
    return 0;
  }
  expect(cell.disclosure, where).toBe('PERTURBED');
  expect(Math.abs(cell.value - expected), `${where}: ${cell.value} for ${expected}`).toBeLessThanOrEqual(D);
  expect(cell.value === 0 || cell.value >= THRESHOLD, where).toBe(true);
  if (expected === 0) expect(cell.value, where).toBe(0);
  return cell.value - expected;
}

async function compare(period: Record<string, string>, action: string | null, scopes: { kind: string; code?: string }[], caller: Caller = EXACT) {
  const answer = await report(caller, { period, action, scopes });
  expect(answer.exactFigures).toBe(caller === EXACT);
  const q: Query = { from: answer.from, to: answer.to, action };
  let published = 0;
  let small = 0;
  const noises: number[] = [];
  for (const indicator of Object.keys(FEEDS)) {
    const expected = expectedCells(await hitsOf(indicator, q), q);
    const get = (scope: string, column: string) => expected.get(`${scope}|${column}`) ?? 0;
    for (const scope of answer.scopes) {
      const key = scopeKey(scope.kind, scope.code);
      const figure = scope.figures.find((f) => f.indicator.code === indicator)!;
      const people = figure.indicator.countsPeople;
      const where = (column: string) => `${indicator} ${key} ${column} ${q.from}..${q.to} ${action ?? 'all'}`;
      const check = (cell: { value: number; disclosure: string }, expected: number, column: string) => {
        const noise = checkCell(cell, expected, people, answer.exactFigures, where(column));
        if (people && !answer.exactFigures) noises.push(noise);
        if (people && expected > 0 && expected < THRESHOLD) small++;
        published++;
      };
      check(figure, get(key, 'TOTAL'), 'TOTAL');
      for (const cell of [...figure.byGender, ...figure.byAgeBand]) check(cell, get(key, cell.code), cell.code);
      for (const cell of figure.bySubTerritory) check(cell, get(scopeKey(childKind[scope.kind], cell.code), 'TOTAL'), cell.code);
    }
  }
  return { answer, published, small, noises };
}

const DASHBOARD_SCOPES = [{ kind: 'REGION' }, ...AMBITS.map((code) => ({ kind: 'AMBIT', code }))];

describe('the exact figures (official statistics) match straight SQL over each partner, de-duplicated by pseudonym', () => {
  it('for the region and the four ambits, one year, every action', async () => {
    const { answer, published, small } = await compare({ code: '2026' }, null, DASHBOARD_SCOPES);
    expect(answer).toMatchObject({ from: '2026-01-01', to: '2026-12-31', smallCountThreshold: THRESHOLD, exactFigures: true, maxNoise: 0 });
    expect(answer.scopes.map((s) => s.code)).toEqual(['EMILIA_ROMAGNA', ...AMBITS]);
    // Real figures on both sides of the rule, or the comparison proves little.
    expect(published).toBeGreaterThan(100);
    expect(small).toBeGreaterThan(0);
    const region = answer.scopes[0].figures.find((f) => f.indicator.code === 'O.2.3')!;
    expect(region.value).toBeGreaterThan(500);
    expect(region.targets.length).toBeGreaterThan(0);
  });

  it('for a province and municipalities, a quarter, one action', async () => {
    await compare({ code: '2026-Q1' }, 'AZ02', [
      { kind: 'PROVINCE', code: 'BO' },
      { kind: 'MUNICIPALITY', code: '037006' },
      { kind: 'MUNICIPALITY', code: '034027' },
      { kind: 'AMBIT', code: 'ROMAGNA' },
    ]);
  });

  it('for a from–to range across years, the participation action', async () => {
    await compare({ from: '2025-09-01', to: '2026-06-30' }, 'AZ03', DASHBOARD_SCOPES);
  });

  it('counts a person served by several partners once: the region total is below the sum of the partners', async () => {
    const q: Query = { from: '2026-01-01', to: '2026-12-31', action: null };
    const perPartner = await Promise.all([cpia(q, 'SUPPORT_ACTIVITY'), ats(q, 'SUPPORT_ACTIVITY'), ial(q, 'SUPPORT_ACTIVITY')]);
    const sum = perPartner.reduce((n, hits) => n + new Set(hits.map((h) => h.subject)).size, 0);
    const answer = await report(EXACT, { period: { code: '2026' }, scopes: [{ kind: 'REGION' }], indicators: ['O.2.3'] });
    const total = answer.scopes[0].figures[0].value;
    expect(total).toBe(new Set(perPartner.flat().map((h) => h.subject)).size);
    expect(total).toBeLessThan(sum);
  });
});

describe('the perturbed figures every other caller gets', () => {
  it('are within the maximum noise of straight SQL in every cell, zero for zero, never a small count, unbiased', async () => {
    const scopes = [...DASHBOARD_SCOPES, { kind: 'PROVINCE', code: 'BO' }, { kind: 'PROVINCE', code: 'RA' }, { kind: 'MUNICIPALITY', code: '037006' }];
    const noises: number[] = [];
    for (const [caller, period, action] of [[BI, { code: '2026' }, null], [BI, { code: '2026-Q2' }, 'AZ03'], [REGION, { from: '2025-09-01', to: '2026-06-30' }, 'AZ02']] as const) {
      const result = await compare(period, action, scopes, caller);
      expect(result.answer).toMatchObject({ exactFigures: false, maxNoise: D });
      noises.push(...result.noises);
    }
    // Real noise, centred on zero (the table is unbiased; the sample mean of some thousand cells is near 0).
    expect(noises.length).toBeGreaterThan(1000);
    expect(noises.some((n) => n !== 0)).toBe(true);
    expect(Math.abs(noises.reduce((a, b) => a + b, 0) / noises.length)).toBeLessThan(0.25);
  });

  it('give the same people the same noise: in another request, and in another action holding the same people', async () => {
    // O.2.3.3 (IAL's guidance) is all Azione 02: the unfiltered report and AZ02 count the very same people.
    const scopes = [...DASHBOARD_SCOPES, { kind: 'PROVINCE', code: 'BO' }, { kind: 'MUNICIPALITY', code: '037006' }];
    const ask = (action: string | null) => report(BI, { period: { code: '2026' }, action, scopes, indicators: ['O.2.3.3'] });
    const [all, again, azione02] = [await ask(null), await ask(null), await ask('AZ02')];
    expect(again.scopes).toEqual(all.scopes);
    expect(azione02.scopes).toEqual(all.scopes);
    const exact = await report(EXACT, { period: { code: '2026' }, scopes, indicators: ['O.2.3.3'] });
    // ... and that noise is real: some values differ from the true ones.
    const values = (r: typeof all) => r.scopes.flatMap((s) => s.figures.flatMap((f) => [f, ...f.byGender, ...f.byAgeBand, ...f.bySubTerritory].map((c) => c.value)));
    expect(values(all)).not.toEqual(values(exact));
  });

  it('are the same for a BI tool and the region without a purpose, and hold no pseudonym', async () => {
    const variables = { period: { code: '2026' }, scopes: DASHBOARD_SCOPES };
    const region = await federation.queryAs(REGION, REPORT, variables);
    const bi = await federation.queryAs(BI, REPORT, variables);
    expect(bi.errors).toBeUndefined();
    expect(bi.data).toEqual(region.data);
    expect(JSON.stringify(bi)).not.toMatch(/[0-9a-f]{32}/);
    expect(JSON.stringify(bi)).not.toMatch(/SMALL_COUNT|COMPLEMENTARY/);
    const exact = await federation.queryAs(EXACT, REPORT, variables);
    expect(exact.data).not.toEqual(bi.data);
  });
});

describe('who may ask what', () => {
  it('gives BI tools and partners the published reporting periods only, by code or by their days', async () => {
    const partner = { role: 'partner', partnerId: 'ial-er', subject: 'operator@ial' } as const;
    for (const caller of [BI, partner]) {
      const window = await federation.queryAs(caller, REPORT, { period: { from: '2026-01-01', to: '2026-03-30' }, scopes: [{ kind: 'REGION' }] });
      expect(window.errors?.[0].extensions?.code, caller.role).toBe('FORBIDDEN');
      expect(window.data?.indicatorReport ?? null).toBeNull();
    }
    const byDays = await report(BI, { period: { from: '2026-01-01', to: '2026-03-31' }, scopes: [{ kind: 'REGION' }] });
    const byCode = await report(BI, { period: { code: '2026-Q1' }, scopes: [{ kind: 'REGION' }] });
    expect(byDays.scopes).toEqual(byCode.scopes);
    // The region's own role asks any window (perturbed).
    expect((await report(REGION, { period: { from: '2026-01-01', to: '2026-03-30' }, scopes: [{ kind: 'REGION' }] })).exactFigures).toBe(false);
  });

  it('records every read of exact figures in the region\u2019s own database, before they leave', async () => {
    const region = db('region');
    const count = async () => Number((await sql<{ n: string }>`select count(*) as n from exact_figure_read`.execute(region)).rows[0].n);
    const before = await count();
    // Twice: the second is not served from the gateway's response cache, it is read and recorded again.
    for (let i = 0; i < 2; i++) await report(EXACT, { period: { code: '2026-Q3' }, action: 'AZ02', scopes: [{ kind: 'AMBIT', code: 'BOLOGNA' }, { kind: 'MUNICIPALITY', code: '037006' }] });
    await report(BI, { period: { code: '2026-Q3' }, scopes: [{ kind: 'REGION' }] });
    expect(await count()).toBe(before + 2);
    const { rows } = await sql<Record<string, unknown>>`select subject, role, purpose, period_from::text, period_to::text, action, scopes from exact_figure_read order by id desc limit 1`.execute(region);
    expect(rows[0]).toEqual({
      subject: EXACT.subject, role: 'region', purpose: 'official-statistics', period_from: '2026-07-01', period_to: '2026-09-30', action: 'AZ02',
      scopes: ['AMBIT:BOLOGNA', 'MUNICIPALITY:037006'],
    });
    // The oversight reads them back; nobody can change them.
    const reads = await federation.queryAs(REGION, '{ exactFigureReads(first: 1000) { totalCount nodes { subject purpose from to action scopes } } }');
    expect(reads.errors).toBeUndefined();
    expect(reads.data!.exactFigureReads.nodes.at(-1)).toEqual({ subject: EXACT.subject, purpose: 'official-statistics', from: '2026-07-01', to: '2026-09-30', action: 'AZ02', scopes: ['AMBIT:BOLOGNA', 'MUNICIPALITY:037006'] });
    await expect(sql`delete from exact_figure_read`.execute(region)).rejects.toThrow(/append-only/);
    const bi = await federation.queryAs(BI, '{ exactFigureReads(first: 1) { totalCount } }');
    expect(bi.errors).toBeDefined();
  });

  it('cannot select the partners\u2019 facts, nor reach the report anonymously', async () => {
    const facts = await federation.queryAs(REGION, `{ indicatorReport(period: {code: "2026"}) { cpiaIndicatorFacts } }`);
    expect(facts.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const anonymous = await federation.query(`{ indicatorReport(period: {code: "2026"}) { from } }`);
    expect(anonymous.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('gets a clear error for an impossible period, action or scope', async () => {
    const bad = [
      { period: { code: '2031' }, scopes: [{ kind: 'REGION' }] },
      { period: { code: '2026', from: '2026-01-01', to: '2026-02-01' }, scopes: [{ kind: 'REGION' }] },
      { period: { from: '2026-05-01', to: '2026-02-01' }, scopes: [{ kind: 'REGION' }] },
      { period: { code: '2026' }, action: 'AZ09', scopes: [{ kind: 'REGION' }] },
      { period: { code: '2026' }, scopes: [{ kind: 'AMBIT', code: 'LOMBARDIA' }] },
      { period: { code: '2026' }, scopes: [{ kind: 'MUNICIPALITY', code: '015146' }] },
      { period: { code: '2026' }, scopes: [{ kind: 'REGION' }], indicators: ['X.9'] },
    ];
    for (const variables of bad) {
      const result = await federation.queryAs(REGION, REPORT, variables);
      expect(result.errors?.[0].extensions?.code, JSON.stringify(variables)).toBe('BAD_USER_INPUT');
    }
  });
});
