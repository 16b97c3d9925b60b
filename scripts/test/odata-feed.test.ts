// The OData v4 service (gateway/src/odata/) end to end: the whole federation on real databases,
// read by a real OData client library (@odata/client) with a BI key as the HTTP Basic password —
// the indicator cells with a filter, page by page along @odata.nextLink — and the refusals.
import { OData } from '@odata/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFederation, type Federation } from '../src/federation.ts';

let federation: Federation;
let root: string;
let key: string;
let regionToken: string;
beforeAll(async () => {
  federation = await startFederation({ databases: 'test', demo: true });
  root = federation.gateway.url.replace(/\/graphql$/, '/odata');
  regionToken = await federation.token({ role: 'region', purpose: 'reporting' });
  const minted = await federation.queryAs(
    { role: 'region', purpose: 'reporting' },
    'mutation { mintBiClientKey(client: "odata-test", role: "bi", scopes: ["odata:*"]) { key } }',
  );
  key = minted.data!.mintBiClientKey.key;
}, 120_000);
afterAll(() => federation?.stop());

const bearer = () => ({ authorization: `Bearer ${key}` });
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const get = async (path: string, headers: Record<string, string> = bearer()): Promise<{ status: number; body: any }> => {
  const response = await fetch(`${root}${path}`, { headers });
  return { status: response.status, body: await response.json() };
};

describe('OData feed', () => {
  it('an OData client reads the indicator cells with a filter, following nextLink to the end', async () => {
    const client = OData.New4({ serviceEndpoint: `${root}/`, credential: { username: 'powerbi', password: key }, commonHeaders: { prefer: 'odata.maxpagesize=40' } });
    const filter = OData.newFilter().property('indicator').eqString('O.2.3').property('period').eqString('2026');
    const seen: Record<string, unknown>[] = [];
    let skip = 0;
    let pages = 0;
    let total: number | undefined;
    for (;;) {
      const params = OData.newParam().filter(filter).count(true);
      if (skip) params.skip(skip);
      const page = (await client.newRequest({ collection: 'IndicatorCells', params })) as { value: Record<string, unknown>[]; '@odata.count': number; '@odata.nextLink'?: string; error?: unknown };
      expect(page.error).toBeUndefined();
      pages += 1;
      total = page['@odata.count'];
      seen.push(...page.value);
      const next = page['@odata.nextLink'];
      if (!next) break;
      skip = Number(new URL(next).searchParams.get('$skip'));
      expect(skip).toBe(seen.length);
    }
    // 14 scopes × (total + 2 genders + the age bands), every page of at most 40 rows.
    expect(pages).toBeGreaterThan(2);
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((row) => row.id)).size).toBe(total);
    expect(seen.every((row) => row.indicator === 'O.2.3' && row.period === '2026')).toBe(true);
    // Counts of people reach BI perturbed, flagged as such — as through GraphQL.
    expect(seen.every((row) => row.disclosure === 'PERTURBED' && row.perturbed === true)).toBe(true);
    const region = seen.find((row) => row.scopeKind === 'REGION' && row.breakdown === 'TOTAL')!;
    const graph = await federation.queryAs({ role: 'bi' }, '{ indicatorReport(period: { code: "2026" }) { scopes(scopes: [{ kind: REGION }]) { figures(indicators: ["O.2.3"]) { value } } } }');
    expect(region.value).toBe(graph.data!.indicatorReport.scopes[0].figures[0].value);
  });

  it('serves $metadata as CSDL and the tables with $select, $orderby, $top, $skip, in and contains', async () => {
    const metadata = await fetch(`${root}/$metadata`);
    expect(metadata.headers.get('content-type')).toMatch(/application\/xml/);
    const xml = await metadata.text();
    expect(xml).toContain('<EntitySet Name="IndicatorCells" EntityType="Pleiadi.IndicatorCell"/>');
    expect(xml).toContain('<Property Name="site_municipality_name" Type="Edm.String" Nullable="false"/>');
    const provinces = await get(`/Provinces?$filter=${encodeURIComponent("ambit_code in ('ROMAGNA','BOLOGNA')")}&$orderby=name desc&$select=code,name&$count=true`);
    expect(provinces.status).toBe(200);
    expect(provinces.body['@odata.context']).toBe(`${root}/$metadata#Provinces(code,name)`);
    expect(provinces.body.value.map((p: { code: string }) => p.code)).toEqual(['RN', 'RA', 'FC', 'BO']);
    expect(Object.keys(provinces.body.value[0])).toEqual(['code', 'name']);
    const query = `/Municipalities?$filter=${encodeURIComponent("contains(name,'San') and ambit_code ne 'BOLOGNA'")}&$top=5&$skip=2&$orderby=istatCode`;
    const some = await get(query, { ...bearer(), prefer: 'odata.maxpagesize=3' });
    expect(some.body.value).toHaveLength(3);
    expect(some.body.value.every((m: { name: string; ambit_code: string }) => m.name.includes('San') && m.ambit_code !== 'BOLOGNA')).toBe(true);
    const next = new URL(some.body['@odata.nextLink']);
    expect([next.searchParams.get('$skip'), next.searchParams.get('$top')]).toEqual(['5', '2']);
    const rest = await get(next.pathname.replace(/^\/odata/, '') + next.search, { ...bearer(), prefer: 'odata.maxpagesize=3' });
    expect(rest.body.value).toHaveLength(2);
    expect(rest.body['@odata.nextLink']).toBeUndefined();
    const all = await get(query);
    expect([...some.body.value, ...rest.body.value]).toEqual(all.body.value);
    const ambits = await fetch(`${root}/Ambits`, { headers: bearer() });
    const etag = ambits.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect((await fetch(`${root}/Ambits`, { headers: { ...bearer(), 'if-none-match': etag } })).status).toBe(304);
    expect((await fetch(`${root}/Ambits?$select=code`, { headers: { ...bearer(), 'if-none-match': etag } })).status).toBe(200);
    const count = await fetch(`${root}/Ambits/$count`, { headers: bearer() });
    expect(await count.text()).toBe('4');
  });

  it('refuses a $filter that does not parse, $top=-1, an unknown property, a key beyond its scope and a revoked key', async () => {
    const unparsable = await get(`/IndicatorCells?$filter=${encodeURIComponent('value eq')}`);
    expect(unparsable.status).toBe(400);
    expect(unparsable.body.error.code).toBe('INVALID_FILTER');
    expect(unparsable.body.errors[0].extensions.code).toBe('INVALID_FILTER');
    const negative = await get('/Ambits?$top=-1');
    expect(negative.status).toBe(400);
    expect(negative.body.error.code).toBe('INVALID_QUERY_OPTION');
    expect((await get('/Ambits?$orderby=colour')).body.error.code).toBe('UNKNOWN_PROPERTY');
    const narrow = await federation.queryAs({ role: 'region' }, 'mutation { mintBiClientKey(client: "narrow", role: "bi", scopes: ["odata:Ambits"]) { key clientKey { id } } }');
    const narrowKey = narrow.data!.mintBiClientKey.key as string;
    expect((await get('/Ambits', { authorization: `Bearer ${narrowKey}` })).status).toBe(200);
    const beyond = await get('/IndicatorCells', { authorization: `Basic ${Buffer.from(`excel:${narrowKey}`).toString('base64')}` });
    expect(beyond.status).toBe(403);
    expect(beyond.body.error.code).toBe('BI_KEY_OUT_OF_SCOPE');
    await federation.queryAs({ role: 'region' }, `mutation { revokeBiClientKey(id: "${narrow.data!.mintBiClientKey.clientKey.id}") { id } }`);
    const revoked = await fetch(`${root}/Ambits`, { headers: { authorization: `Bearer ${narrowKey}` } });
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(((await revoked.json()) as { error: { code: string } }).error.code).toBe('BI_KEY_REVOKED');
  });

  it('asks an anonymous caller for credentials where the data is not public', async () => {
    const anonymous = await fetch(`${root}/CpiaCourses`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic/);
    const region = await get('/CpiaCourses?$top=1', { authorization: `Bearer ${regionToken}` });
    expect(region.body.value).toHaveLength(1);
  });
});
