// `npm run bi-key -- mint --client <name> [--role bi|region] [--scope bi:*] [--scope odata:*] [--days 365] [--purpose reporting]`
// `npm run bi-key -- list [--client <name>]`
// `npm run bi-key -- revoke <id>`
// Manages BI clients' keys through the gateway, as the region (the keys live in the region's
// database): with PLEIADI_TOKEN, or a region token minted here with PLEIADI_JWT_SECRET or the
// embedded default's secret — so it works against `npm start` and a deployed gateway alike
// (PLEIADI_GATEWAY_URL, default http://127.0.0.1:4000/graphql).
import { parseArgs } from 'node:util';
import { devJwtSecret } from './dev-secrets.ts';

const USAGE = `usage:
  npm run bi-key -- mint --client <name> [--role bi|region] [--scope bi:*] [--scope odata:*] [--days 365] [--purpose reporting]
  npm run bi-key -- list [--client <name>]
  npm run bi-key -- revoke <key id>`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    client: { type: 'string' },
    role: { type: 'string', default: 'bi' },
    scope: { type: 'string', multiple: true },
    days: { type: 'string', default: '365' },
    purpose: { type: 'string', default: 'reporting' },
    gateway: { type: 'string', default: process.env.PLEIADI_GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql' },
    json: { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function graph(query: string, variables: Record<string, unknown>): Promise<any> {
  const token = process.env.PLEIADI_TOKEN ?? (await regionToken());
  let response: Response;
  try {
    response = await fetch(values.gateway, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    fail(`Cannot reach the gateway at ${values.gateway}: is it running (npm start)? Set PLEIADI_GATEWAY_URL or --gateway.`);
  }
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: { message: string; extensions?: { code?: string } }[] };
  if (body.errors?.length) fail(body.errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('\n'));
  return body.data;
}

/** A five-minute region token; the gateway's modules are loaded only when one must be signed here. */
async function regionToken(): Promise<string> {
  const { mintToken } = await import('@pleiadi/gateway');
  return mintToken({ role: 'region', purpose: 'bi-key-management', subject: `bi-key-cli:${process.env.USER ?? 'unknown'}`, expiresIn: '5m' }, devJwtSecret());
}

const KEY_FIELDS = 'id client role purpose scopes createdAt expiresAt revokedAt lastUsedAt';
const [command, argument] = positionals;
switch (command) {
  case 'mint': {
    if (!values.client) fail(`--client is required\n${USAGE}`);
    const data = await graph(
      `mutation Mint($client: String!, $role: String!, $purpose: String, $scopes: [String!]!, $days: Int) {
        mintBiClientKey(client: $client, role: $role, purpose: $purpose, scopes: $scopes, expiresInDays: $days) { key clientKey { ${KEY_FIELDS} } }
      }`,
      { client: values.client, role: values.role, purpose: values.purpose, scopes: values.scope ?? ['bi:*', 'odata:*'], days: Number(values.days) },
    );
    const minted = data.mintBiClientKey;
    if (values.json) console.log(JSON.stringify(minted));
    else {
      // The key alone on stdout, so KEY=$(npm run -s bi-key -- mint …) works; the rest on stderr.
      console.log(minted.key);
      console.error(`minted key ${minted.clientKey.id} for ${minted.clientKey.client}: role ${minted.clientKey.role}, scopes ${minted.clientKey.scopes.join(' ')}, expires ${minted.clientKey.expiresAt} (shown once: store it now)`);
    }
    break;
  }
  case 'list': {
    const rows = [];
    let after: string | null = null;
    for (;;) {
      const data = await graph(`query List($client: String, $after: String) { biClientKeys(client: $client, first: 1000, after: $after) { nodes { ${KEY_FIELDS} } pageInfo { hasNextPage endCursor } } }`, { client: values.client ?? null, after });
      rows.push(...data.biClientKeys.nodes);
      if (!data.biClientKeys.pageInfo.hasNextPage) break;
      after = data.biClientKeys.pageInfo.endCursor;
    }
    if (values.json) console.log(JSON.stringify(rows));
    else for (const k of rows) console.log([k.id, k.client, k.role, k.scopes.join(' '), `expires ${k.expiresAt}`, k.revokedAt ? `revoked ${k.revokedAt}` : 'active', `last used ${k.lastUsedAt ?? 'never'}`].join('\t'));
    break;
  }
  case 'revoke': {
    if (!argument) fail(`the key id is required\n${USAGE}`);
    const data = await graph(`mutation Revoke($id: ID!) { revokeBiClientKey(id: $id) { ${KEY_FIELDS} } }`, { id: argument });
    console.log(`revoked ${data.revokeBiClientKey.id} (${data.revokeBiClientKey.client}) at ${data.revokeBiClientKey.revokedAt}`);
    break;
  }
  default:
    fail(USAGE);
}
