// The query classes of the benchmark: one entry each. A class is sent as `caller` (a token minted
// for the run; none: anonymous) and checked before it is timed — every gateway must return the
// same data, and `check` compares a known value with the databases themselves.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TokenRequest } from '@pleiadi/gateway';
import { OPERATIONS_DIR } from '../operations.ts';

/** Runs one SQL query on a store's benchmark database. */
export type StoreQuery = (store: string, text: string, values?: unknown[]) => Promise<Record<string, unknown>[]>;

/** One request of a class: who sends what. */
export interface Variant {
  caller?: TokenRequest;
  query: string;
  variables?: Record<string, unknown>;
  /** Problems with the answer (empty when right); `data` is the same for every gateway by then. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  check(data: any, sql: StoreQuery): Promise<string[]>;
}

/**
 * A class is one request sent over and over (the best case for a response cache and in-flight
 * sharing), or `variants`: many requests — other variables, other callers, other shapes — that
 * the connections send in turn, each from its own place in the list.
 */
export type QueryClass = { id: string; title: string } & (Variant | VariedClass);

interface VariedClass {
  /** Every (caller, operation) pair the variants use: known without a database, for validation. */
  shapes: Pick<Variant, 'caller' | 'query'>[];
  variants: (sql: StoreQuery) => Promise<Variant[]>;
}

/** The requests of a class. */
export function variantsOf(queryClass: QueryClass, sql: StoreQuery): Promise<Variant[]> {
  return 'variants' in queryClass ? queryClass.variants(sql) : Promise.resolve([queryClass]);
}

/** The (caller, operation) pairs of a class. */
export function shapesOf(queryClass: QueryClass): Pick<Variant, 'caller' | 'query'>[] {
  return 'shapes' in queryClass ? queryClass.shapes : [queryClass];
}

const count = async (sql: StoreQuery, store: string, text: string, values?: unknown[]) => Number((await sql(store, text, values))[0].n);
const expectEqual = (what: string, actual: unknown, expected: unknown) => (actual === expected ? [] : [`${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`]);
/** A count of people as published: the truth itself when the report is exact, else within its maxNoise of it (never more than 5). */
const expectPublished = (what: string, actual: unknown, truth: number, report: { exactFigures?: boolean; maxNoise?: number } | undefined) => {
  if (report?.exactFigures) return expectEqual(what, actual, truth);
  const noise = report?.maxNoise;
  if (typeof noise !== 'number' || noise < 0 || noise > 5) return [`${what}: the report's maxNoise is ${JSON.stringify(noise)}`];
  return typeof actual === 'number' && Math.abs(actual - truth) <= noise ? [] : [`${what}: got ${JSON.stringify(actual)}, expected ${truth} ± ${noise}`];
};

const SIX_PARTNER_FIELDS = `
    istatCode name province { name } ambit { code partners { id name } }
    cpiaSites { name } cpiaCourses(first: 5) { totalCount nodes { kind startsOn } }
    atsServicePoints(first: 5) { totalCount nodes { name kind languages } } atsCommunityActivities(first: 5) { totalCount }
    commsCampaigns(first: 5) { totalCount nodes { title languages { code } channels } } commsEvents(first: 5) { totalCount }
    ialOffice { name } ialEmployers(first: 5) { totalCount nodes { name sector } }`;

const REGION: TokenRequest = { role: 'region', purpose: 'reporting' };
const BI: TokenRequest = { role: 'bi', purpose: 'reporting' };
const ATS_BOLOGNA: TokenRequest = { role: 'partner', partnerId: 'arcolaio', ambit: 'BOLOGNA', purpose: 'case-coordination', subject: 'bench-operator@ats' };

const SINGLE_CLASSES: (QueryClass & Variant)[] = [
  {
    id: 'municipality',
    title: '(1) one municipality with fields of all six subgraphs, as the region',
    caller: REGION,
    query: `query BenchMunicipality {
  municipality(istatCode: "037006") {
    istatCode name province { name } ambit { code partners { id name } }
    cpiaSites { name } cpiaCourses(first: 5) { totalCount nodes { kind startsOn } }
    atsServicePoints(first: 5) { totalCount nodes { name kind languages } } atsCommunityActivities(first: 5) { totalCount }
    commsCampaigns(first: 5) { totalCount nodes { title languages { code } channels } } commsEvents(first: 5) { totalCount }
    ialOffice { name } ialEmployers(first: 5) { totalCount nodes { name sector } }
  }
}`,
    async check(data, sql) {
      const m = data.municipality;
      return [
        ...expectEqual('municipality name', m?.name, 'Bologna'),
        ...expectEqual('ambit', m?.ambit?.code, 'BOLOGNA'),
        ...expectEqual(
          'cpiaCourses.totalCount',
          m?.cpiaCourses?.totalCount,
          await count(sql, 'cpia', `select count(*) as n from course c join site s on s.id = c.site_id where s.municipality_code = '037006'`),
        ),
        ...expectEqual('ialEmployers.totalCount', m?.ialEmployers?.totalCount, await count(sql, 'ial', `select count(*) as n from employer where municipality_code = '037006'`)),
      ];
    },
  },
  {
    id: 'dashboard',
    title: '(2) regional dashboard: region + 4 ambits, 2026, every indicator with targets, by gender, as the region',
    caller: { role: 'region', purpose: 'reporting' },
    query: readFileSync(path.join(OPERATIONS_DIR, 'RegionalDashboard.graphql'), 'utf8'),
    variables: { period: '2026' },
    async check(data, sql) {
      const region = data.indicatorReport?.scopes?.[0];
      const o23 = region?.figures?.find((f: { indicator: { code: string } }) => f.indicator.code === 'O.2.3');
      // O.2.3 by hand: everyone with a support activity in 2026 at any of the three partners, once.
      const people = new Set<string>();
      const add = async (store: string, text: string) => (await sql(store, text)).forEach((row) => people.add(String(row.pseudonym)));
      await add('cpia', `select p.pseudonym from enrolment e join course c on c.id = e.course_id join participant p on p.id = e.participant_id
        where c.starts_on <= '2026-12-31' and c.ends_on >= '2026-01-01' and e.enrolled_on <= '2026-12-31'`);
      for (const ambit of ['emilia_nord', 'emilia_centro_orientale', 'bologna', 'romagna']) {
        await add(`ats_${ambit}`, `select p.pseudonym from service_delivery d join case_taking k on k.id = d.case_id join participant p on p.id = k.participant_id
          where d.delivered_on between '2026-01-01' and '2026-12-31'
          union select p.pseudonym from activity_attendance t join community_activity a on a.id = t.activity_id join participant p on p.id = t.participant_id
          where a.held_on between '2026-01-01' and '2026-12-31'`);
      }
      await add('ial', `select p.pseudonym from job_path j join participant p on p.id = j.participant_id where j.started_on <= '2026-12-31' and (j.closed_on is null or j.closed_on >= '2026-01-01')`);
      return [
        ...expectEqual('scopes', data.indicatorReport?.scopes?.map((s: { code: string }) => s.code).join(' '), 'EMILIA_ROMAGNA EMILIA_NORD EMILIA_CENTRO_ORIENTALE BOLOGNA ROMAGNA'),
        ...expectPublished('O.2.3 for the region, de-duplicated', o23?.value, people.size, data.indicatorReport),
      ];
    },
  },
  {
    id: 'bi-page',
    title: '(3) BI page pull: 1,000 CPIA courses with their site, municipality, province, ambit and IAL office, as bi',
    caller: { role: 'bi', purpose: 'reporting' },
    query: `query BenchBiCourses($after: String) {
  cpiaCourses(first: 1000, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id kind actionCode startsOn endsOn hours capacity cefrTarget
      site { id name municipality { istatCode name province { code name } ambit { code name } ialOffice { name } } }
    }
  }
}`,
    variables: { after: null },
    async check(data, sql) {
      const page = data.cpiaCourses;
      const withOffice = (page?.nodes ?? []).filter((n: { site: { municipality: { ialOffice: unknown } } }) => n.site.municipality.ialOffice).length;
      return [
        ...expectEqual('rows on the page', page?.nodes?.length, 1000),
        ...expectEqual('totalCount', page?.totalCount, await count(sql, 'cpia', 'select count(*) as n from course')),
        ...(withOffice > 0 ? [] : ['no course site has an IAL office: the cross-partner field is empty']),
      ];
    },
  },
  {
    id: 'partner-search',
    title: "(4) a CPIA operator's search over its own participants, with other partners' facts by pseudonym",
    caller: { role: 'partner', partnerId: 'cpia-bologna', purpose: 'case-coordination', subject: 'bench-operator@cpia' },
    query: `query BenchParticipantSearch($search: CpiaParticipantSearch) {
  cpiaParticipants(search: $search, first: 20) {
    totalCount
    nodes {
      id firstName lastName fiscalCode birthDate citizenship
      participant { cpiaEnrolments { courseKind status } atsCases { ambit { code } openedOn serviceKinds } ialJobPath { status } }
    }
  }
}`,
    variables: { search: { nameContains: 'amrani' } },
    async check(data, sql) {
      const page = data.cpiaParticipants;
      const expected = await count(
        sql,
        'cpia',
        `select count(*) as n from participant where first_name || ' ' || last_name ilike '%amrani%' or last_name || ' ' || first_name ilike '%amrani%'`,
      );
      return [
        ...expectEqual('totalCount', page?.totalCount, expected),
        ...expectEqual('rows on the page', page?.nodes?.length, Math.min(20, expected)),
        ...((page?.nodes ?? []).every((n: { lastName: string; firstName: string }) => /amrani/i.test(`${n.firstName} ${n.lastName}`)) ? [] : ['a participant does not match the search']),
      ];
    },
  },
];

/** One municipality's six-partner answer, checked against the databases. */
const MUNICIPALITY_OF = `query BenchMunicipalityOf($code: String!) {\n  municipality(istatCode: $code) {${SIX_PARTNER_FIELDS}\n  }\n}`;

function municipalityVariant(istatCode: string, name: string, caller: TokenRequest): Variant {
  return {
    caller,
    query: MUNICIPALITY_OF,
    variables: { code: istatCode },
    async check(data, sql) {
      const m = data.municipality;
      return [
        ...expectEqual(`${istatCode} name`, m?.name, name),
        ...expectEqual(
          `${istatCode} cpiaCourses.totalCount`,
          m?.cpiaCourses?.totalCount,
          await count(sql, 'cpia', 'select count(*) as n from course c join site s on s.id = c.site_id where s.municipality_code = $1', [istatCode]),
        ),
      ];
    },
  };
}

const DASHBOARD = SINGLE_CLASSES.find((c) => c.id === 'dashboard')!;
const MUNICIPALITIES_OF_AMBIT = readFileSync(path.join(OPERATIONS_DIR, 'MunicipalitiesOfAmbit.graphql'), 'utf8');

// What real clients send: many municipalities, ambits, pages and periods, by several callers and
// roles at once — and the four shapes above interleaved.
const VARIED_CLASSES: QueryClass[] = [
  {
    id: 'municipality-varied',
    title: '(5) the six-partner municipality query over 48 municipalities, by the region, bi and an ATS Bologna operator in turn',
    shapes: [REGION, BI, ATS_BOLOGNA].map((caller) => ({ caller, query: MUNICIPALITY_OF })),
    async variants(sql) {
      // Every 20th municipality in code order: all four ambits, big towns and small.
      const rows = await sql('anci', 'select istat_code, name from municipality order by istat_code');
      const picked = rows.filter((_, i) => i % 20 === 0).slice(0, 48);
      const callers = [REGION, BI, ATS_BOLOGNA];
      return picked.map((row, i) => municipalityVariant(String(row.istat_code), String(row.name), callers[i % callers.length]));
    },
  },
  {
    id: 'ambit-pages',
    title: '(6) municipalities of an ambit, four ambits × page sizes 10–40, by the region and bi in turn',
    shapes: [REGION, BI].map((caller) => ({ caller, query: MUNICIPALITIES_OF_AMBIT })),
    async variants(sql) {
      const variants: Variant[] = [];
      for (const ambit of ['EMILIA_NORD', 'EMILIA_CENTRO_ORIENTALE', 'BOLOGNA', 'ROMAGNA']) {
        for (const [i, first] of [10, 20, 30, 40].entries()) {
          const expected = await count(sql, 'anci', 'select count(*) as n from municipality m join province p on p.code = m.province_code where p.ambit_code = $1', [ambit]);
          variants.push({
            caller: i % 2 ? BI : REGION,
            query: MUNICIPALITIES_OF_AMBIT,
            variables: { ambit, first },
            check: async (data) => [
              ...expectEqual(`${ambit} totalCount`, data.municipalities?.totalCount, expected),
              ...expectEqual(`${ambit} page of ${first}`, data.municipalities?.nodes?.length, Math.min(first, expected)),
            ],
          });
        }
      }
      return variants;
    },
  },
  {
    id: 'dashboard-varied',
    title: '(7) the regional dashboard for 2025, 2026 and the four quarters of 2026, as the region',
    shapes: [{ caller: REGION, query: DASHBOARD.query }],
    async variants() {
      const dashboard = DASHBOARD;
      return ['2025', '2026', '2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'].map((period) => ({
        caller: REGION,
        query: dashboard.query,
        variables: { period },
        check: async (data) => expectEqual(`${period} scopes`, data.indicatorReport?.scopes?.length, 5),
      }));
    },
  },
  {
    id: 'mixed',
    title: '(8) the four shapes (1)–(4) interleaved, each by its own caller',
    shapes: SINGLE_CLASSES,
    variants: async () => SINGLE_CLASSES,
  },
];

export const QUERY_CLASSES: QueryClass[] = [...SINGLE_CLASSES, ...VARIED_CLASSES];
