// Keys of BI clients (Power BI, Excel, pandas): the region mints, lists and revokes them; the
// gateway checks one on every feed request. All of it is `oversight`: outside the bi and public
// contracts and never kept in the gateway's response cache.
import { badUserInput, forbidden } from '@pleiadi/kit';
import { builder, connection, pageArgs } from '../builder.ts';
import { biKeyPage, biKeyUsePage, checkBiKey, mintBiKey, revokeBiKey, type BiKeyRow } from '../db/repositories/bi-keys.ts';
import type { RegionDatabase } from '../db/types.ts';

/** The purpose of the gateway's own internal token when it checks a key (never a caller's). */
export const BI_KEY_CHECK_PURPOSE = 'bi-key-check';
const KEY_ROLES = ['bi', 'region'] as const;
const SCOPE = /^(\*|(bi|odata):(\*|[A-Za-z][A-Za-z0-9_]{0,99}))$/;
const MAX_DAYS = 730;

const iso = (value: Date | string | null) => (value == null ? null : new Date(value).toISOString());

const BiClientKey = builder.objectRef<BiKeyRow>('BiClientKey').implement({
  tag: ['oversight'],
  description: "A BI client's key, without its secret (only its SHA-256 is stored).",
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The key id: the part after "pbk_" and before the secret.' }),
    client: t.exposeString('client', { description: 'Who uses the key, e.g. "powerbi-region-dashboard".' }),
    role: t.exposeString('role', { description: 'The role the key pulls feeds as: bi or region.' }),
    purpose: t.exposeString('purpose'),
    scopes: t.exposeStringList('scopes', { description: 'Feeds the key opens: "bi:*", "bi:CpiaCourses", "odata:*", "odata:IndicatorCells", "*".' }),
    createdAt: t.string({ resolve: (r) => iso(r.created_at)! }),
    createdBy: t.exposeString('created_by', { nullable: true }),
    expiresAt: t.string({ resolve: (r) => iso(r.expires_at)! }),
    revokedAt: t.string({ nullable: true, resolve: (r) => iso(r.revoked_at) }),
    lastUsedAt: t.string({ nullable: true, resolve: (r) => iso(r.last_used_at) }),
    uses: t.field({
      type: BiClientKeyUseConnection,
      description: 'Every use of the key, oldest first.',
      args: pageArgs(t.arg),
      resolve: (r, args, ctx) => biKeyUsePage(ctx.db, r.id, args),
    }),
  }),
});

type UseRow = Omit<RegionDatabase['bi_client_key_use'], 'id' | 'recorded_at'> & { id: number; recorded_at: Date };
const BiClientKeyUse = builder.objectRef<UseRow>('BiClientKeyUse').implement({
  tag: ['oversight'],
  fields: (t) => ({
    recordedAt: t.string({ resolve: (r) => iso(r.recorded_at)! }),
    feed: t.exposeString('feed', { description: 'e.g. bi:CpiaCourses or odata:IndicatorCells.' }),
    outcome: t.exposeString('outcome', { description: 'VALID, REVOKED, EXPIRED or OUT_OF_SCOPE.' }),
  }),
});
const BiClientKeyUseConnection = connection('BiClientKeyUse', BiClientKeyUse, { tag: ['oversight'] });
const BiClientKeyConnection = connection('BiClientKey', BiClientKey, { tag: ['oversight'] });

const MintedBiClientKey = builder.objectRef<{ key: string; row: BiKeyRow }>('MintedBiClientKey').implement({
  tag: ['oversight'],
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The key, shown this once: pbk_<id>_<secret>.' }),
    clientKey: t.field({ type: BiClientKey, resolve: (m) => m.row }),
  }),
});

const BiClientKeyCheck = builder.objectRef<{ status: string; row: BiKeyRow | null }>('BiClientKeyCheck').implement({
  inaccessible: true,
  fields: (t) => ({
    status: t.exposeString('status', { description: 'VALID, UNKNOWN, REVOKED, EXPIRED or OUT_OF_SCOPE.' }),
    keyId: t.string({ nullable: true, resolve: (c) => c.row?.id ?? null }),
    client: t.string({ nullable: true, resolve: (c) => c.row?.client ?? null }),
    role: t.string({ nullable: true, resolve: (c) => c.row?.role ?? null }),
    purpose: t.string({ nullable: true, resolve: (c) => c.row?.purpose ?? null }),
  }),
});

function checkMint(args: { client: string; role: string; purpose?: string | null; scopes: string[]; expiresInDays?: number | null }) {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(args.client)) throw badUserInput('"client" must be 1 to 100 letters, digits, ".", "_" or "-".', 'client');
  if (!(KEY_ROLES as readonly string[]).includes(args.role)) throw badUserInput('"role" must be bi or region: BI keys never carry a partner\'s access.', 'role');
  if (args.purpose != null && !/^[a-z][a-z0-9-]{0,59}$/.test(args.purpose)) throw badUserInput('"purpose" must be lower-case words joined by "-", e.g. reporting.', 'purpose');
  if (args.purpose === BI_KEY_CHECK_PURPOSE || args.purpose === 'official-statistics') throw badUserInput(`A BI key may not carry the purpose "${args.purpose}".`, 'purpose');
  if (!args.scopes.length || args.scopes.length > 50) throw badUserInput('"scopes" must name 1 to 50 feeds.', 'scopes');
  const bad = args.scopes.find((s) => !SCOPE.test(s));
  if (bad !== undefined) throw badUserInput(`"${bad.slice(0, 60)}" is not a scope: use bi:<Operation>, odata:<EntitySet>, bi:*, odata:* or *.`, 'scopes');
  const days = args.expiresInDays ?? 365;
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) throw badUserInput(`"expiresInDays" must be 1 to ${MAX_DAYS}.`, 'expiresInDays');
  return new Date(Date.now() + days * 86_400_000);
}

builder.queryFields((t) => ({
  biClientKeys: t.field({
    type: BiClientKeyConnection,
    tag: ['oversight'],
    authScopes: { role: 'region' },
    description: "The BI clients' keys, by id (secrets are never stored nor shown).",
    args: { client: t.arg.string(), ...pageArgs(t.arg) },
    resolve: (_root, { client, first, after }, ctx) => biKeyPage(ctx.db, { client }, { first, after }),
  }),
  biClientKeyCheck: t.field({
    type: BiClientKeyCheck,
    inaccessible: true,
    authScopes: { role: 'region' },
    description: "The gateway's check of a key before a feed request (records the use). Not for clients.",
    args: { keyHash: t.arg.string({ required: true }), feed: t.arg.string({ required: true }) },
    resolve: (_root, { keyHash, feed }, ctx) => {
      if (ctx.viewer.purpose !== BI_KEY_CHECK_PURPOSE) throw forbidden('Only the gateway checks BI keys.');
      if (!/^[0-9a-f]{64}$/.test(keyHash)) throw badUserInput('"keyHash" must be a SHA-256 in hex.', 'keyHash');
      if (!/^(bi|odata):[A-Za-z][A-Za-z0-9_]{0,99}$/.test(feed)) throw badUserInput('"feed" must be bi:<Operation> or odata:<EntitySet>.', 'feed');
      return checkBiKey(ctx.db, keyHash, feed);
    },
  }),
}));

// The region subgraph's first mutations: the type is declared here (move it to builder.ts when a second module adds some).
builder.mutationType({});

builder.mutationFields((t) => ({
  mintBiClientKey: t.field({
    type: MintedBiClientKey,
    tag: ['oversight'],
    authScopes: { role: 'region' },
    description: 'Mints a key for a BI client; the answer holds the key, which is never shown again.',
    args: {
      client: t.arg.string({ required: true }),
      role: t.arg.string({ required: true, description: 'bi or region.' }),
      purpose: t.arg.string({ description: 'Declared purpose of the pulls (default reporting).' }),
      scopes: t.arg.stringList({ required: true }),
      expiresInDays: t.arg.int({ description: `1 to ${MAX_DAYS} (default 365).` }),
    },
    resolve: (_root, args, ctx) => {
      const expiresAt = checkMint(args);
      return mintBiKey(ctx.db, ctx.viewer, { client: args.client, role: args.role, purpose: args.purpose ?? 'reporting', scopes: args.scopes, expiresAt });
    },
  }),
  revokeBiClientKey: t.field({
    type: BiClientKey,
    tag: ['oversight'],
    authScopes: { role: 'region' },
    description: 'Revokes a key at once; its later uses are refused (and recorded).',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const row = await revokeBiKey(ctx.db, ctx.viewer, String(id));
      if (!row) throw badUserInput(`There is no BI key "${String(id).slice(0, 40)}".`, 'id');
      return row;
    },
  }),
}));
