// BI table feeds end to end (gateway/src/bi/): the whole federation on real databases, a key
// minted through the graph, and real clients — pandas reads a CSV feed, swagger-parser validates
// the OpenAPI document — plus the refusals, each with its stable code.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFederation, type Federation } from '../src/federation.ts';

const run = promisify(execFile);
// Debian's interpreter, where python3-pandas is installed (not a python3 earlier on PATH).
const PYTHON = '/usr/bin/python3';

let federation: Federation;
let base: string;
let regionToken: string;
beforeAll(async () => {
  federation = await startFederation({ databases: 'test', demo: true, responseCacheTtlSeconds: 0 });
  base = federation.gateway.url.replace(/\/graphql$/, '');
  regionToken = await federation.token({ role: 'region', purpose: 'reporting' });
}, 120_000);
afterAll(() => federation?.stop());

async function graph(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(federation.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${regionToken}` },
    body: JSON.stringify({ query, variables }),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function mint(scopes: string[], role = 'bi'): Promise<{ key: string; id: string }> {
  const answer = await graph(
    'mutation($client: String!, $role: String!, $scopes: [String!]!) { mintBiClientKey(client: $client, role: $role, scopes: $scopes, expiresInDays: 30) { key clientKey { id scopes } } }',
    { client: 'test-client', role, scopes },
  );
  expect(answer.errors).toBeUndefined();
  return { key: answer.data.mintBiClientKey.key, id: answer.data.mintBiClientKey.clientKey.id };
}

const codeOf = async (response: Response) => ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code;

describe('registered operations as tables', () => {
  it('pandas reads /bi/CpiaCourses.csv into a DataFrame with every course and the flattened columns', async () => {
    const { key } = await mint(['bi:*']);
    const total = await graph('{ cpiaCourses { totalCount } }');
    const expected = total.data.cpiaCourses.totalCount as number;
    expect(expected).toBeGreaterThan(100); // more than one page of 100
    const script = [
      'import sys, pandas, urllib.request',
      'request = urllib.request.Request(sys.argv[1], headers={"Authorization": "Bearer " + sys.argv[2]})',
      'frame = pandas.read_csv(urllib.request.urlopen(request), dtype={"site_municipality_istatCode": str})',
      'print(len(frame)); print(",".join(frame.columns)); print(frame["site_municipality_istatCode"].str.len().min())',
    ].join('\n');
    const { stdout } = await run(PYTHON, ['-c', script, `${base}/bi/CpiaCourses.csv`, key]);
    const [rows, columns, codeLength] = stdout.trim().split('\n');
    expect(Number(rows)).toBe(expected);
    expect(columns.split(',')).toEqual([
      'id', 'kind', 'actionCode', 'startsOn', 'endsOn', 'hours', 'capacity', 'cefrTarget',
      'site_id', 'site_name', 'site_municipality_istatCode', 'site_municipality_name', 'site_ambit_code', 'site_ambit_name', 'site_institute_id', 'site_institute_name',
    ]);
    expect(codeLength).toBe('6');
  }, 60_000);

  it('serves NDJSON and JSON with variables as parameters, and `limit`', async () => {
    const ndjson = await fetch(`${base}/bi/MunicipalitiesOfAmbit.ndjson?ambit=ROMAGNA`);
    expect(ndjson.status).toBe(200);
    expect(ndjson.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const lines = (await ndjson.text()).trim().split('\n').map((line) => JSON.parse(line));
    const count = await graph('{ municipalities(filter: { ambit: "ROMAGNA" }) { totalCount } }');
    expect(lines).toHaveLength(count.data.municipalities.totalCount);
    expect(lines[0]).toHaveProperty('province_code');
    expect(lines.every((l) => l.ambit_code === 'ROMAGNA')).toBe(true);
    expect(Array.isArray(lines[0].ambit_partners)).toBe(true);
    const json = await fetch(`${base}/bi/CpiaCourses.json?filter.ambit=BOLOGNA&limit=7`, { headers: { authorization: `Bearer ${regionToken}` } });
    const rows = (await json.json()) as { site_ambit_code: string }[];
    expect(rows).toHaveLength(7);
    expect(rows.every((r) => r.site_ambit_code === 'BOLOGNA')).toBe(true);
  });

  it('publishes an OpenAPI 3.1 document that validates and names every feed and column', async () => {
    const document = (await (await fetch(`${base}/bi/openapi.json`)).json()) as Record<string, never>;
    expect(document.openapi).toBe('3.1.0');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const validated = (await SwaggerParser.validate(structuredClone(document) as any)) as any;
    expect(Object.keys(validated.paths)).toEqual(expect.arrayContaining(['/bi/CpiaCourses.csv', '/bi/MunicipalitiesOfAmbit.ndjson', '/bi/IndicatorCatalogue.json', '/bi/RegionalDashboard.csv']));
    expect(Object.keys(validated.components.schemas.CpiaCoursesRow.properties)).toContain('site_municipality_name');
    const parameters = validated.paths['/bi/MunicipalitiesOfAmbit.csv'].get.parameters.map((p: { name: string }) => p.name);
    expect(parameters).toEqual(['ambit', 'limit']);
  });

  it('refuses bad parameters with a stable code and a 400', async () => {
    expect((await fetch(`${base}/bi/MunicipalitiesOfAmbit.csv`)).status).toBe(400);
    expect(await codeOf(await fetch(`${base}/bi/MunicipalitiesOfAmbit.csv`))).toBe('MISSING_PARAMETER');
    expect(await codeOf(await fetch(`${base}/bi/MunicipalitiesOfAmbit.csv?ambit=ROMAGNA&colour=red`))).toBe('UNKNOWN_PARAMETER');
    expect(await codeOf(await fetch(`${base}/bi/CpiaCourses.csv?limit=-1`))).toBe('BAD_PARAMETER');
    expect(await codeOf(await fetch(`${base}/bi/CpiaCourses.csv?filter={"ambit":`))).toBe('BAD_PARAMETER');
    const wrongType = await fetch(`${base}/bi/CpiaCourses.csv?filter.kind=NOT_A_KIND`);
    expect(wrongType.status).toBe(400);
    expect(await codeOf(wrongType)).toBe('BAD_PARAMETER');
    expect(await codeOf(await fetch(`${base}/bi/NoSuchOperation.csv`))).toBe('NOT_FOUND');
  });
});

describe('BI keys', () => {
  it('opens a feed as bearer and as the password of HTTP Basic, within its scope only', async () => {
    const { key } = await mint(['bi:IndicatorCatalogue']);
    const bearer = await fetch(`${base}/bi/IndicatorCatalogue.csv`, { headers: { authorization: `Bearer ${key}` } });
    expect(bearer.status).toBe(200);
    const basic = await fetch(`${base}/bi/IndicatorCatalogue.csv`, { headers: { authorization: `Basic ${Buffer.from(`excel:${key}`).toString('base64')}` } });
    expect(basic.status).toBe(200);
    expect(await basic.text()).toContain('O.2.3');
    const beyond = await fetch(`${base}/bi/CpiaCourses.csv`, { headers: { authorization: `Bearer ${key}` } });
    expect(beyond.status).toBe(403);
    expect(await codeOf(beyond)).toBe('BI_KEY_OUT_OF_SCOPE');
  });

  it('refuses a revoked key and an unknown one with 401, and records every use in the region', async () => {
    const { key, id } = await mint(['bi:*']);
    expect((await fetch(`${base}/bi/IndicatorCatalogue.ndjson`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    const revoked = await graph('mutation($id: ID!) { revokeBiClientKey(id: $id) { revokedAt } }', { id });
    expect(revoked.data.revokeBiClientKey.revokedAt).toBeTruthy();
    const refused = await fetch(`${base}/bi/IndicatorCatalogue.ndjson`, { headers: { authorization: `Bearer ${key}` } });
    expect(refused.status).toBe(401);
    expect(await codeOf(refused)).toBe('BI_KEY_REVOKED');
    const unknown = await fetch(`${base}/bi/IndicatorCatalogue.ndjson`, { headers: { authorization: `Bearer ${key.slice(0, -4)}AAAA` } });
    expect(await codeOf(unknown)).toBe('BI_KEY_INVALID');
    const uses = await graph('query($client: String) { biClientKeys(client: $client, first: 100) { nodes { id uses { nodes { feed outcome } } } } }', { client: 'test-client' });
    const mine = uses.data.biClientKeys.nodes.find((k: { id: string }) => k.id === id);
    expect(mine.uses.nodes).toEqual([
      { feed: 'bi:IndicatorCatalogue', outcome: 'VALID' },
      { feed: 'bi:IndicatorCatalogue', outcome: 'REVOKED' },
    ]);
  });

  it('are minted, listed and revoked with npm run bi-key, through the gateway as the region', async () => {
    // The first call signs its own region token with the JWT secret, as against `npm start`; the
    // others are handed one (PLEIADI_TOKEN), as against a deployed gateway.
    const env = { ...process.env, PLEIADI_GATEWAY_URL: federation.gateway.url };
    const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'src/bi-key.ts', ...args], { env: { ...env, PLEIADI_TOKEN: regionToken } });
    const minted = await run(process.execPath, ['--import', 'tsx', 'src/bi-key.ts', 'mint', '--client', 'cli-test', '--scope', 'bi:IndicatorCatalogue', '--days', '7'], {
      env: { ...env, PLEIADI_JWT_SECRET: federation.secrets.jwt },
    });
    const key = minted.stdout.trim();
    expect(key).toMatch(/^pbk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(minted.stderr).toContain('shown once');
    const id = key.split('_')[1];
    expect((await fetch(`${base}/bi/IndicatorCatalogue.csv`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    const listed = await cli('list', '--client', 'cli-test');
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).toContain('active');
    expect(listed.stdout).not.toContain(key);
    expect((await cli('revoke', id)).stdout).toContain(`revoked ${id}`);
    expect((await fetch(`${base}/bi/IndicatorCatalogue.csv`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(401);
    // Only the region manages keys: a bi token is refused, and the CLI says so.
    const refused = await run(process.execPath, ['--import', 'tsx', 'src/bi-key.ts', 'list'], {
      env: { ...env, PLEIADI_TOKEN: await federation.token({ role: 'bi' }) },
    }).catch((error: { stderr: string; code: number }) => error);
    expect((refused as { code: number }).code).toBe(2);
    expect((refused as { stderr: string }).stderr).toContain('GRAPHQL_VALIDATION_FAILED');
  }, 180_000); // four processes; the first loads the gateway's modules to sign a token

  it('keeps key management out of the bi contract', async () => {
    const bi = await federation.queryAs({ role: 'bi' }, '{ biClientKeys { totalCount } }');
    expect(bi.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('HTTP validators', () => {
  it('answers 304 to an unchanged refresh and a new ETag when the data changed', async () => {
    const url = `${base}/bi/IndicatorCatalogue.csv`;
    const headers = { authorization: `Bearer ${regionToken}` };
    await (await fetch(url, { headers })).text(); // the first pull has no ETag yet (see etag.ts)
    const second = await fetch(url, { headers });
    const body = await second.text();
    const etag = second.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(second.headers.get('last-modified')).toBeTruthy();
    const unchanged = await fetch(url, { headers: { ...headers, 'if-none-match': etag! } });
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe('');
    // Change the data behind the feed: a target of the catalogue.
    await federation.databases.region.db.updateTable('indicator_target' as never).set({ target_value: 424242 } as never).execute();
    const changed = await fetch(url, { headers: { ...headers, 'if-none-match': etag! } });
    expect(changed.status).toBe(200);
    const newBody = await changed.text();
    expect(newBody).not.toBe(body);
    expect(newBody).toContain('424242');
    expect(changed.headers.get('etag')).not.toBe(etag);
  });
});
