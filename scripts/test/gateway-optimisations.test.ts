// The gateway's optimisations on the real federation: a cached answer is the fresh one, only what
// is the same for everyone in a role is cached, sharing in-flight fetches never hands one caller's
// authorisation to another, and batching the entity fetches of concurrent requests gives each its
// own answer and leaves every audit record in place.
import { countStatements } from '@pleiadi/kit/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFederation, type Federation } from '../src/federation.ts';

let federation: Federation;
beforeAll(async () => {
  federation = await startFederation({ databases: 'test', demo: true });
}, 240_000);
afterAll(() => federation?.stop());

const REGION = { role: 'region', subject: 'analyst@art-er' } as const;
const BI = { role: 'bi', subject: 'dashboard@bi' } as const;
const statements = (run: () => Promise<unknown>) => countStatements(Object.values(federation.databases), run);

const MUNICIPALITY = `query Town($code: String!) { municipality(istatCode: $code) {
  name ambit { name partners { name } } cpiaSites { name } atsServicePoints(first: 3) { totalCount nodes { name } } ialOffice { name } commsCampaigns(first: 3) { totalCount }
} }`;
const DASHBOARD = `query Dashboard { indicatorReport(period: { code: "2026" }) {
  scopes(scopes: [{ kind: REGION }, { kind: AMBIT, code: "BOLOGNA" }]) { code figures { indicator { code } value suppressed byGender { code value suppressed } } }
} }`;

describe('the response cache', () => {
  it('answers a repeated aggregate query with the fresh answer, reaching no database', async () => {
    let fresh: unknown;
    let cached: unknown;
    expect(await statements(async () => (fresh = await federation.queryAs(REGION, DASHBOARD)))).toBeGreaterThan(5);
    expect(await statements(async () => (cached = await federation.queryAs(REGION, DASHBOARD)))).toBe(0);
    expect((fresh as { errors?: unknown }).errors).toBeUndefined();
    expect(cached).toEqual(fresh);
  });

  it('keys by role and variables', async () => {
    const bologna = { code: '037006' };
    const first = await federation.queryAs(REGION, MUNICIPALITY, bologna);
    expect(first.errors).toBeUndefined();
    expect(await statements(() => federation.queryAs(REGION, MUNICIPALITY, bologna))).toBe(0);
    expect(await statements(() => federation.queryAs(REGION, MUNICIPALITY, { code: '034027' }))).toBeGreaterThan(0);
    let bi: unknown;
    expect(await statements(async () => (bi = await federation.queryAs(BI, MUNICIPALITY, bologna)))).toBeGreaterThan(0);
    expect(bi).toEqual(first);
  });

  it('never keeps what is personal, pseudonymous or oversight, nor a partner operator\u2019s answers', async () => {
    const operator = { role: 'partner', partnerId: 'cpia-bologna', purpose: 'reporting', subject: 'operator@cpia' } as const;
    const own = '{ cpiaParticipants(first: 3) { nodes { id firstName } } }';
    for (let i = 0; i < 2; i++) expect(await statements(() => federation.queryAs(operator, own))).toBeGreaterThan(0);
    const oversight = '{ cpiaAuditRecords(first: 2) { totalCount } }';
    for (let i = 0; i < 2; i++) expect(await statements(() => federation.queryAs({ role: 'region', purpose: 'oversight' }, oversight))).toBeGreaterThan(0);
  });
});

describe('sharing in-flight subgraph fetches', () => {
  const CROSS_PARTNER = `query CaseCoordination { cpiaParticipants(first: 20) { nodes { id participant { atsCases { openedOn } ialJobPath { status } } } } }`;
  const operator = (purpose: string) => ({ role: 'partner', partnerId: 'cpia-bologna', purpose, subject: 'operator-17@cpia' }) as const;

  it('never hands one caller\u2019s authorisation to another asking the same at the same moment', async () => {
    for (let round = 0; round < 10; round++) {
      const [reporting, coordinating] = await Promise.all([
        federation.queryAs(operator('reporting'), CROSS_PARTNER),
        federation.queryAs(operator('case-coordination'), CROSS_PARTNER),
      ]);
      expect(coordinating.errors).toBeUndefined();
      expect(reporting.errors?.length).toBeGreaterThan(0);
      expect(reporting.errors!.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
      const reached = (reporting.data?.cpiaParticipants?.nodes ?? []) as { participant: { atsCases: unknown[] | null } | null }[];
      expect(reached.every((n) => !n.participant?.atsCases?.length)).toBe(true);
    }
  });
});

describe('batching the entity fetches of concurrent requests', () => {
  // A partner operator: answers never cached, so every request reaches the subgraphs.
  const ATS_OPERATOR = { role: 'partner', partnerId: 'arcolaio', ambit: 'BOLOGNA', purpose: 'case-coordination', subject: 'operator@ats' } as const;
  const CODES = ['037006', '034027', '035033', '036023', '038008', '039014', '040012', '033032'];
  const batches = async () => {
    const page = await (await fetch(new URL('/metrics', federation.gateway.url))).text();
    return [...page.matchAll(/^pleiadi_gateway_subgraph_fetch_batches_total\{[^}]*\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
  };

  it('answers each of one caller\u2019s concurrent requests exactly as it answers it alone', async () => {
    const alone = [];
    for (const code of CODES) alone.push(await federation.queryAs(ATS_OPERATOR, MUNICIPALITY, { code }));
    expect(alone.every((answer) => !answer.errors && answer.data?.municipality)).toBe(true);
    const before = await batches();
    for (let round = 0; round < 5; round++) {
      expect(await Promise.all(CODES.map((code) => federation.queryAs(ATS_OPERATOR, MUNICIPALITY, { code })))).toEqual(alone);
    }
    expect(await batches()).toBeGreaterThan(before);
  });

  it('leaves one audit record per request that reads personal data, however many run at once', async () => {
    const operator = { role: 'partner', partnerId: 'cpia-bologna', purpose: 'case-coordination', subject: 'operator-18@cpia' } as const;
    const PAGE = `query CaseCoordinationPage($first: Int!) { cpiaParticipants(first: $first) { nodes { id participant { atsCases { openedOn } ialJobPath { status } } } } }`;
    const sizes = [14, 15, 16, 17, 18, 19];
    const stores = Object.keys(federation.databases).filter((store) => store !== 'cpia' && ['ats', 'ial'].some((p) => store.startsWith(p)));
    const records = async () => {
      const counts = await Promise.all(stores.map(async (store) => Number((await sql<{ n: string }>`select count(*) as n from audit_record`.execute(federation.databases[store].db)).rows[0].n)));
      return Object.fromEntries(stores.map((store, i) => [store, counts[i]]));
    };
    const added = async (run: () => Promise<unknown>) => {
      const before = await records();
      await run();
      const after = await records();
      return Object.fromEntries(stores.map((store) => [store, after[store] - before[store]]));
    };
    const oneByOne = await added(async () => {
      for (const first of sizes) expect((await federation.queryAs(operator, PAGE, { first })).errors).toBeUndefined();
    });
    expect(Object.values(oneByOne).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(sizes.length);
    for (let round = 0; round < 3; round++) {
      expect(await added(() => Promise.all(sizes.map((first) => federation.queryAs(operator, PAGE, { first }))))).toEqual(oneByOne);
    }
  });
});
