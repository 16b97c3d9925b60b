// BI clients' keys in the region subgraph (schema/bi-keys.ts, migration 005): minted for the region
// only, stored as a SHA-256, checked for the gateway only, every use recorded append-only.
import { createHash } from 'node:crypto';
import { prepareSubgraphDatabase } from '@pleiadi/kit';
import { createTestDatabase, execute, type TestDatabase } from '@pleiadi/kit/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definition, schema, type RegionDatabase } from '../src/index.ts';

let database: TestDatabase<RegionDatabase>;
const REGION = { role: 'region' as const, subject: 'region:tester', purpose: 'reporting' };
const GATEWAY = { role: 'region' as const, subject: 'pleiadi-gateway', purpose: 'bi-key-check' };
const run = (query: string, variables?: Record<string, unknown>, viewer = REGION) => execute(schema, database, query, variables, viewer);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const MINT = 'mutation($scopes: [String!]!, $days: Int, $role: String!) { mintBiClientKey(client: "excel-test", role: $role, scopes: $scopes, expiresInDays: $days) { key clientKey { id scopes createdBy } } }';
const CHECK = 'query($h: String!, $f: String!) { biClientKeyCheck(keyHash: $h, feed: $f) { status keyId client role purpose } }';

beforeAll(async () => {
  database = await createTestDatabase<RegionDatabase>('region');
  await prepareSubgraphDatabase(definition, database.db, { demo: false });
});
afterAll(() => database.drop());

async function mint(scopes: string[], extra: Record<string, unknown> = {}) {
  const result = await run(MINT, { scopes, role: 'bi', ...extra });
  expect(result.errors).toBeUndefined();
  return result.data!.mintBiClientKey as { key: string; clientKey: { id: string; scopes: string[]; createdBy: string } };
}

describe('BI keys', () => {
  it('are stored as the SHA-256 of the key, never the key', async () => {
    const { key, clientKey } = await mint(['bi:*']);
    expect(key).toMatch(new RegExp(`^pbk_${clientKey.id}_[A-Za-z0-9_-]{43}$`));
    expect(clientKey.createdBy).toBe('region:tester');
    const rows = await sql<Record<string, unknown>>`select * from bi_client_key where id = ${clientKey.id}`.execute(database.db);
    expect(rows.rows[0].secret_hash).toBe(sha256(key));
    // The secret is everything after `pbk_<id>_` (base64url: it may hold `_` itself).
    const secret = key.slice(`pbk_${clientKey.id}_`.length);
    expect(JSON.stringify(rows.rows)).not.toContain(secret.slice(0, 20));
  });

  it('are checked for the gateway only, with the status of each key and feed, every use recorded', async () => {
    const { key, clientKey } = await mint(['bi:CpiaCourses', 'odata:*']);
    const check = async (feed: string, hash = sha256(key)) => (await run(CHECK, { h: hash, f: feed }, GATEWAY)).data!.biClientKeyCheck;
    expect(await check('bi:CpiaCourses')).toEqual({ status: 'VALID', keyId: clientKey.id, client: 'excel-test', role: 'bi', purpose: 'reporting' });
    expect((await check('odata:IndicatorCells')).status).toBe('VALID');
    expect((await check('bi:IndicatorCatalogue')).status).toBe('OUT_OF_SCOPE');
    expect((await check('bi:CpiaCourses', sha256('pbk_nothing'))).status).toBe('UNKNOWN');
    // A region operator (any purpose but the gateway's) cannot probe keys.
    const probe = await run(CHECK, { h: sha256(key), f: 'bi:CpiaCourses' }, REGION);
    expect(probe.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const bi = await run(CHECK, { h: sha256(key), f: 'bi:CpiaCourses' }, { role: 'bi', subject: 'x', purpose: 'bi-key-check' } as never);
    expect(bi.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    await run('mutation($id: ID!) { revokeBiClientKey(id: $id) { id } }', { id: clientKey.id });
    expect((await check('bi:CpiaCourses')).status).toBe('REVOKED');
    const uses = await run('query($c: String) { biClientKeys(client: $c, first: 50) { nodes { id lastUsedAt uses { nodes { feed outcome } } } } }', { c: 'excel-test' });
    const mine = uses.data!.biClientKeys.nodes.find((k: { id: string }) => k.id === clientKey.id);
    expect(mine.lastUsedAt).toBeTruthy();
    expect(mine.uses.nodes).toEqual([
      { feed: 'bi:CpiaCourses', outcome: 'VALID' },
      { feed: 'odata:IndicatorCells', outcome: 'VALID' },
      { feed: 'bi:IndicatorCatalogue', outcome: 'OUT_OF_SCOPE' },
      { feed: 'bi:CpiaCourses', outcome: 'REVOKED' },
    ]);
    await expect(sql`delete from bi_client_key_use`.execute(database.db)).rejects.toThrow(/append-only/);
  });

  it('expire', async () => {
    const { key, clientKey } = await mint(['*'], { days: 1 });
    await sql`update bi_client_key set expires_at = now() - interval '1 second' where id = ${clientKey.id}`.execute(database.db);
    expect((await run(CHECK, { h: sha256(key), f: 'odata:Ambits' }, GATEWAY)).data!.biClientKeyCheck.status).toBe('EXPIRED');
  });

  it('refuse bad minting input and every caller but the region', async () => {
    const code = async (variables: Record<string, unknown>, viewer = REGION) => (await run(MINT, { scopes: ['bi:*'], role: 'bi', ...variables }, viewer)).errors?.[0].extensions?.code;
    expect(await code({ role: 'partner' })).toBe('BAD_USER_INPUT');
    expect(await code({ scopes: ['graphql:*'] })).toBe('BAD_USER_INPUT');
    expect(await code({ scopes: [] })).toBe('BAD_USER_INPUT');
    expect(await code({ days: 0 })).toBe('BAD_USER_INPUT');
    expect(await code({ days: 731 })).toBe('BAD_USER_INPUT');
    expect(await code({}, { role: 'bi', subject: 'bi', purpose: 'reporting' } as never)).toBe('FORBIDDEN');
    expect((await run('mutation { revokeBiClientKey(id: "nope") { id } }')).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
