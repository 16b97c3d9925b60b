// Who may see what, end to end: tokens at the gateway, the internal token to the subgraphs, and
// subgraphs that give nothing to a caller who bypasses the gateway.
import { countStatements } from '@pleiadi/kit/testing';
import { signInternalToken } from '@pleiadi/kit';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFederation, type Federation } from '../src/federation.ts';

let federation: Federation;
beforeAll(async () => {
  federation = await startFederation({ databases: 'test', demo: true });
});
afterAll(() => federation?.stop());

const post = async (url: string, query: string, headers: Record<string, string> = {}) => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] } };
};

const forged = (claims: Record<string, unknown>, secret: string, tweak: (jwt: SignJWT) => SignJWT = (j) => j) =>
  tweak(new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer('pleiadi-local').setAudience('pleiadi-graph').setSubject('someone').setExpirationTime('1h')).sign(
    new TextEncoder().encode(secret),
  );

describe('callers at the gateway', () => {
  it('lets anonymous callers read public reference data only', async () => {
    const result = await federation.query('{ municipality(istatCode: "037006") { name ambit { partners { id } } } indicatorDefinitions { code } }');
    expect(result.errors).toBeUndefined();
    // Outside the public contract, as if they did not exist (the subgraphs would refuse them too).
    const operational = await federation.query('{ governanceTables { totalCount } }');
    expect(operational.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const partnerFields = await federation.query('{ municipality(istatCode: "037006") { name cpiaCourses { totalCount } atsServicePoints { totalCount } } }');
    expect(partnerFields.data ?? null).toBeNull();
    expect(partnerFields.errors?.map((e) => e.message)).toEqual([
      expect.stringMatching(/^Cannot query field "cpiaCourses" on type "Municipality"/),
      expect.stringMatching(/^Cannot query field "atsServicePoints" on type "Municipality"/),
    ]);
  });

  it('lets a signed-in caller read operational data', async () => {
    const result = await federation.queryAs({ role: 'bi' }, '{ governanceTables { totalCount } municipality(istatCode: "037006") { cpiaCourses { totalCount } } }');
    expect(result.errors).toBeUndefined();
    expect(result.data!.municipality.cpiaCourses.totalCount).toBeGreaterThan(0);
  });

  it.each([
    ['a token signed with another secret', () => forged({ role: 'region' }, 'not-the-secret-'.repeat(3))],
    ['an expired token', () => forged({ role: 'region' }, federation.secrets.jwt, (j) => j.setExpirationTime(Math.floor(Date.now() / 1000) - 60))],
    ['a token not yet valid', () => forged({ role: 'region' }, federation.secrets.jwt, (j) => j.setNotBefore('1h'))],
    ['a token for another audience', () => forged({ role: 'region' }, federation.secrets.jwt, (j) => j.setAudience('another-graph'))],
    ['a token of another issuer', () => forged({ role: 'region' }, federation.secrets.jwt, (j) => j.setIssuer('someone-else'))],
    ['a token with an unknown role', () => forged({ role: 'admin' }, federation.secrets.jwt)],
    ['a partner token without partnerId', () => forged({ role: 'partner' }, federation.secrets.jwt)],
    ['an unsigned token', async () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"role":"region"}').toString('base64url')}.`],
    ['garbage', async () => 'not.a.token'],
  ])('refuses %s with UNAUTHENTICATED, calling no subgraph', async (_label, make) => {
    const token = await make();
    let response: Awaited<ReturnType<typeof post>> | undefined;
    const statements = await countStatements(Object.values(federation.databases), async () => {
      response = await post(federation.gateway.url, '{ municipality(istatCode: "037006") { name } }', { authorization: `Bearer ${token}` });
    });
    expect(response!.status).toBe(401);
    expect(response!.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(response!.body.data).toBeUndefined();
    expect(statements).toBe(0);
  });
});

describe('hostile input at the gateway, on the real federation', () => {
  const deep = `{ municipality(istatCode: "037006") { ${'ambit { municipalities(first: 1) { nodes { '.repeat(5)}name${' } } }'.repeat(5)} } }`;
  const aliases = `{ ${Array.from({ length: 40 }, (_, i) => `m${i}: municipality(istatCode: "037006") { name }`).join(' ')} }`;
  const costly = '{ municipalities(first: 1000) { nodes { ambit { municipalities(first: 1000) { nodes { name } } } } } }';
  it.each([
    ['too deep', deep, 'QUERY_TOO_DEEP'],
    ['too many aliases', aliases, 'TOO_MANY_ALIASES'],
    ['too costly', costly, 'QUERY_TOO_COSTLY'],
    ['too large', `{ municipality(istatCode: "037006") { name } } ${'#'.repeat(30_000)}`, 'DOCUMENT_TOO_LARGE'],
  ])('refuses a query %s with its own code and no SQL anywhere', async (_label, query, code) => {
    let result: Awaited<ReturnType<Federation['query']>> | undefined;
    const statements = await countStatements(Object.values(federation.databases), async () => {
      result = await federation.queryAs({ role: 'region' }, query);
    });
    expect(result!.errors?.[0].extensions?.code).toBe(code);
    expect(statements).toBe(0);
  });
});

describe('a subgraph reached directly, bypassing the gateway', () => {
  it.each(['cpia', 'ats', 'ial', 'anci', 'region', 'comms'])('%s gives nothing without the gateway token, _entities included', async (name) => {
    const url = federation.subgraphs[name].url;
    for (const query of ['{ _service { sdl } }', '{ _entities(representations: [{__typename: "Municipality", istatCode: "037006"}]) { __typename } }']) {
      const plain = await post(url, query);
      expect(plain.status).toBe(401);
      expect(plain.body.data).toBeUndefined();
      expect(plain.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      const forgedInternal = signInternalToken({ role: 'region' }, 'a-forged-internal-secret-of-enough-length');
      const withForged = await post(url, query, { authorization: `Bearer ${forgedInternal}` });
      expect(withForged.status).toBe(401);
      expect(withForged.body.data).toBeUndefined();
      const withCallerToken = await post(url, query, { authorization: `Bearer ${await federation.token({ role: 'region' })}` });
      expect(withCallerToken.status).toBe(401);
    }
  });

  it("answers the gateway's own internal token", async () => {
    const token = signInternalToken({ role: 'region' }, federation.secrets.internal);
    const result = await post(federation.subgraphs.anci.url, '{ municipality(istatCode: "037006") { name } }', { authorization: `Bearer ${token}` });
    expect(result.body).toEqual({ data: { municipality: { name: 'Bologna' } } });
  });
});
