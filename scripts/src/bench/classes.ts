// The query classes of the benchmark: one entry each. A class is sent as `caller` (a token minted
// for the run; none: anonymous) and checked before it is timed — every gateway must return the
// same data, and `check` compares a known value with the databases themselves.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TokenRequest } from '@pleiadi/gateway';
import { OPERATIONS_DIR } from '../operations.ts';

/** Runs one SQL query on a store's benchmark database. */
export type StoreQuery = (store: string, text: string, values?: unknown[]) => Promise<Record<string, unknown>[]>;

export interface QueryClass {
  /** Short name, used in the table and in result files. */
  id: string;
  /** What it stands for. */
  title: string;
  caller?: TokenRequest;
  query: string;
  variables?: Record<string, unknown>;
  /** Problems with the answer (empty when right); `data` is the same for every gateway by then. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  check(data: any, sql: StoreQuery): Promise<string[]>;
}

const count = async (sql: StoreQuery, store: string, text: string, values?: unknown[]) => Number((await sql(store, text, values))[0].n);
const expectEqual = (what: string, actual: unknown, expected: unknown) => (actual === expected ? [] : [`${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`]);

export const QUERY_CLASSES: QueryClass[] = [
  {
    id: 'municipality',
    title: '(1) one municipality with fields of all six subgraphs, as the region',
    caller: { role: 'region', purpose: 'reporting' },
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
        ...expectEqual('O.2.3 for the region, de-duplicated', o23?.value, people.size),
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
