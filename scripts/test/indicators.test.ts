// The regional indicator report end to end, on the generated demo population: every figure the
// graph gives is compared with an independent computation — straight SQL over each partner's own
// database and the de-duplication by pseudonym done here — and what a caller sees is attacked
// with the linear and bound reasoning of disclosure-audit to show no withheld cell comes back.
import { defaultAmbitOf, municipalityByCode } from '@pleiadi/kit';
import { recoverableCells } from '@pleiadi/region/disclosure-audit';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFederation, type Federation } from '../src/federation.ts';

let federation: Federation;
beforeAll(async () => {
  federation = await startFederation({ databases: 'test', demo: true });
}, 240_000);
afterAll(() => federation?.stop());

const REGION = { role: 'region', subject: 'analyst@art-er' } as const;
const BI = { role: 'bi', subject: 'dashboard@bi' } as const;
const THRESHOLD = 5;
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
    select 'organisation:' || o.id as subject, o.municipality_code as municipality from organisation o
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
const PEOPLE = ['O.2.3', 'O.2.3.1', 'O.2.3.2', 'O.2.3.3', 'R.2.8', 'R.2.9', 'R.2.10'];

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
    from to smallCountThreshold
    scopes(scopes: $scopes) {
      kind code
      figures(indicators: $indicators) {
        indicator { code countsPeople }
        value suppressed
        targets { value dueBy }
        byGender { code value suppressed }
        byAgeBand { code value suppressed }
        bySubTerritory { code value suppressed }
      }
    }
  }
}`;

interface Cell {
  code: string;
  value: number | null;
  suppressed: string | null;
}
interface Figure {
  indicator: { code: string; countsPeople: boolean };
  value: number | null;
  suppressed: string | null;
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

async function report(caller: typeof REGION | typeof BI, variables: Record<string, unknown>) {
  const result = await federation.queryAs(caller, REPORT, variables);
  expect(result.errors).toBeUndefined();
  return result.data!.indicatorReport as { from: string; to: string; smallCountThreshold: number; scopes: Scope[] };
}

const scopeKey = (kind: string, code: string) => `${kind}:${kind === 'REGION' ? '' : code}`;
const childKind: Record<string, string> = { REGION: 'AMBIT', AMBIT: 'PROVINCE', PROVINCE: 'MUNICIPALITY' };

/** Compares one published or withheld cell with the expected count. */
function checkCell(cell: { value: number | null; suppressed: string | null }, expected: number, countsPeople: boolean, where: string) {
  if (!countsPeople) {
    expect(cell.suppressed, where).toBeNull();
    expect(cell.value, where).toBe(expected);
  } else if (cell.suppressed === null) {
    expect(cell.value, where).toBe(expected);
  } else {
    expect(cell.value, where).toBeNull();
    if (cell.suppressed === 'SMALL_COUNT') expect(expected > 0 && expected < THRESHOLD, where).toBe(true);
    else expect(cell.suppressed, where).toBe('COMPLEMENTARY');
  }
  // The small-count rule itself: a published count of people is 0 or at least the threshold.
  if (countsPeople && cell.value !== null) expect(cell.value === 0 || cell.value >= THRESHOLD, where).toBe(true);
}

async function compare(period: Record<string, string>, action: string | null, scopes: { kind: string; code?: string }[]) {
  const answer = await report(REGION, { period, action, scopes });
  const q: Query = { from: answer.from, to: answer.to, action };
  let published = 0;
  let withheld = 0;
  for (const indicator of Object.keys(FEEDS)) {
    const expected = expectedCells(await hitsOf(indicator, q), q);
    const get = (scope: string, column: string) => expected.get(`${scope}|${column}`) ?? 0;
    for (const scope of answer.scopes) {
      const key = scopeKey(scope.kind, scope.code);
      const figure = scope.figures.find((f) => f.indicator.code === indicator)!;
      const people = figure.indicator.countsPeople;
      const where = (column: string) => `${indicator} ${key} ${column} ${q.from}..${q.to} ${action ?? 'all'}`;
      checkCell(figure, get(key, 'TOTAL'), people, where('TOTAL'));
      for (const cell of [...figure.byGender, ...figure.byAgeBand]) checkCell(cell, get(key, cell.code), people, where(cell.code));
      for (const cell of figure.bySubTerritory) checkCell(cell, get(scopeKey(childKind[scope.kind], cell.code), 'TOTAL'), people, where(cell.code));
      for (const cell of [figure, ...figure.byGender, ...figure.byAgeBand, ...figure.bySubTerritory]) {
        if (cell.suppressed) withheld++;
        else published++;
      }
    }
  }
  return { answer, published, withheld };
}

const DASHBOARD_SCOPES = [{ kind: 'REGION' }, ...AMBITS.map((code) => ({ kind: 'AMBIT', code }))];

describe('the indicator report matches straight SQL over each partner, de-duplicated by pseudonym', () => {
  it('for the region and the four ambits, one year, every action', async () => {
    const { answer, published, withheld } = await compare({ code: '2026' }, null, DASHBOARD_SCOPES);
    expect(answer).toMatchObject({ from: '2026-01-01', to: '2026-12-31', smallCountThreshold: THRESHOLD });
    expect(answer.scopes.map((s) => s.code)).toEqual(['EMILIA_ROMAGNA', ...AMBITS]);
    // Real figures on both sides of the rule, or the comparison proves little.
    expect(published).toBeGreaterThan(100);
    expect(withheld).toBeGreaterThan(0);
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
    const answer = await report(BI, { period: { code: '2026' }, scopes: [{ kind: 'REGION' }], indicators: ['O.2.3'] });
    const total = answer.scopes[0].figures[0].value!;
    expect(total).toBe(new Set(perPartner.flat().map((h) => h.subject)).size);
    expect(total).toBeLessThan(sum);
  });
});

describe('what a caller sees', () => {
  it('is the same for the region and a BI tool, and holds no pseudonym', async () => {
    const variables = { period: { code: '2026' }, scopes: DASHBOARD_SCOPES };
    const region = await federation.queryAs(REGION, REPORT, variables);
    const bi = await federation.queryAs(BI, REPORT, variables);
    expect(bi.errors).toBeUndefined();
    expect(bi.data).toEqual(region.data);
    expect(JSON.stringify(bi)).not.toMatch(/[0-9a-f]{32}/);
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

describe('no withheld cell can be recomputed from what is published', () => {
  it('over the whole territorial table of every people indicator', async () => {
    const units: { kind: string; code?: string }[] = [{ kind: 'REGION' }];
    const answer0 = await report(REGION, { period: { code: '2026' }, scopes: [{ kind: 'REGION' }], indicators: ['O.2.3'] });
    expect(answer0.scopes).toHaveLength(1);
    // Every ambit, province and municipality, as a caller would collect them.
    const ambits = await report(REGION, { period: { code: '2026' }, scopes: DASHBOARD_SCOPES.slice(1), indicators: ['O.2.3'] });
    for (const ambit of ambits.scopes) units.push({ kind: 'AMBIT', code: ambit.code });
    for (const ambit of ambits.scopes) for (const p of ambit.figures[0].bySubTerritory) units.push({ kind: 'PROVINCE', code: p.code });
    const provinces = await report(REGION, { period: { code: '2026' }, scopes: units.filter((u) => u.kind === 'PROVINCE'), indicators: ['O.2.3'] });
    for (const province of provinces.scopes) for (const m of province.figures[0].bySubTerritory) units.push({ kind: 'MUNICIPALITY', code: m.code });
    expect(units.length).toBe(1 + 4 + 9 + 330);

    const answer = await report(BI, { period: { code: '2026' }, scopes: units, indicators: PEOPLE });
    let suppressedCells = 0;
    for (const indicator of PEOPLE) {
      // The table as the caller sees it: cells by `scope|column`, and the additive relations.
      const index = new Map<string, number>();
      const values: number[] = [];
      const status: (string | null)[] = [];
      const cell = (key: string, c: { value: number | null; suppressed: string | null }) => {
        if (!index.has(key)) {
          index.set(key, values.length);
          values.push(c.value ?? 0);
          status.push(c.suppressed);
        }
        expect(status[index.get(key)!], `${key} is withheld everywhere or nowhere`).toBe(c.suppressed);
        return index.get(key)!;
      };
      const groups: { total: number; parts: number[] }[] = [];
      for (const scope of answer.scopes) {
        const figure = scope.figures.find((f) => f.indicator.code === indicator)!;
        const key = scopeKey(scope.kind, scope.code);
        const total = cell(`${key}|TOTAL`, figure);
        groups.push({ total, parts: figure.byGender.map((c) => cell(`${key}|${c.code}`, c)) });
        groups.push({ total, parts: figure.byAgeBand.map((c) => cell(`${key}|${c.code}`, c)) });
        if (figure.bySubTerritory.length) {
          groups.push({ total, parts: figure.bySubTerritory.map((c) => cell(`${scopeKey(childKind[scope.kind], c.code)}|TOTAL`, c)) });
        }
      }
      // Children's gender and age columns add up to the parent's too.
      for (const scope of answer.scopes) {
        if (scope.kind === 'MUNICIPALITY') continue;
        const figure = scope.figures.find((f) => f.indicator.code === indicator)!;
        const key = scopeKey(scope.kind, scope.code);
        for (const column of [...figure.byGender, ...figure.byAgeBand].map((c) => c.code)) {
          groups.push({
            total: index.get(`${key}|${column}`)!,
            parts: figure.bySubTerritory.map((c) => index.get(`${scopeKey(childKind[scope.kind], c.code)}|${column}`)!),
          });
        }
      }
      suppressedCells += status.filter(Boolean).length;
      expect(recoverableCells(values, groups, status as never), indicator).toEqual([]);
    }
    expect(suppressedCells).toBeGreaterThan(50);
  }, 120_000);
});
