// How a caller's identity travels from the gateway to the subgraphs. The gateway verifies the
// caller's own token, then signs a short-lived internal token for each request; every subgraph
// verifies it and serves nothing without it — so a subgraph reached directly, bypassing the
// gateway, gives nothing away. HS256 with a secret shared by the gateway and the subgraphs only.
import { createHmac, randomBytes, webcrypto } from 'node:crypto';
import { jwtVerify } from 'jose';
import { RememberedViewers } from './remembered-viewers.ts';
import type { Role, Viewer } from './viewer.ts';

export const INTERNAL_ISSUER = 'pleiadi-gateway';
export const INTERNAL_AUDIENCE = 'pleiadi-subgraphs';
const INTERNAL_TTL_SECONDS = 120;
const ROLES: readonly Role[] = ['anonymous', 'region', 'partner', 'bi'];

// Every subgraph request carries an internal token, and most carry one it has seen: the gateway's
// token for a caller and operation changes once a second. jose checks each new one (with the HMAC
// key imported once per secret); a checked token is then remembered until it expires. Checking
// every request anew took ~10% of a subgraph's CPU under load.
type VerifyKey = Parameters<typeof jwtVerify>[1];
const keys = new Map<string, Promise<VerifyKey>>();
function key(secret: string): Promise<VerifyKey> {
  let imported = keys.get(secret);
  if (!imported) {
    imported = webcrypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']) as Promise<VerifyKey>;
    keys.set(secret, imported);
  }
  return imported;
}
const VERIFIED_KEPT = 2_000;
const verified = new Map<string, RememberedViewers>(); // per secret

/** PLEIADI_INTERNAL_SECRET; `npm start` makes a fresh random one for each run. */
export function internalSecret(env = process.env): string {
  const secret = env.PLEIADI_INTERNAL_SECRET;
  if (!secret) throw new Error('PLEIADI_INTERNAL_SECRET is not set: the gateway and the subgraphs need the same secret (npm start makes one).');
  if (secret.length < 32) throw new Error('PLEIADI_INTERNAL_SECRET must be at least 32 characters long.');
  return secret;
}

export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * A compact HS256 JWS, signed synchronously with node:crypto. Tokens are signed inside request
 * handling (between resolving an operation and planning it; while resolving fields), where an
 * await would let a supergraph swap slip in or split dataloader batches.
 */
export function signHs256(claims: Record<string, unknown>, secret: string): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signingInput = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}

export function signInternalToken(viewer: Viewer, secret: string): string {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    role: viewer.role,
    iss: INTERNAL_ISSUER,
    aud: INTERNAL_AUDIENCE,
    sub: viewer.subject ?? 'anonymous',
    iat: now,
    exp: now + INTERNAL_TTL_SECONDS,
  };
  for (const field of ['partnerId', 'ambit', 'purpose', 'operationName', 'operationHash'] as const) {
    if (viewer[field]) claims[field] = viewer[field];
  }
  return signHs256(claims, secret);
}

/** The viewer the gateway vouched for; throws on a missing, forged or expired token. */
export async function verifyInternalToken(token: string, secret: string): Promise<Viewer> {
  let remembered = verified.get(secret);
  if (!remembered) verified.set(secret, (remembered = new RememberedViewers(VERIFIED_KEPT)));
  const known = remembered.get(token);
  if (known) return known;
  const { payload } = await jwtVerify(token, await key(secret), {
    issuer: INTERNAL_ISSUER,
    audience: INTERNAL_AUDIENCE,
    algorithms: ['HS256'],
  });
  const role = payload.role as Role;
  if (!ROLES.includes(role)) throw new Error('unknown role');
  const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  const viewer: Viewer = {
    role,
    subject: text(payload.sub),
    partnerId: text(payload.partnerId),
    ambit: text(payload.ambit),
    purpose: text(payload.purpose),
    operationName: text(payload.operationName),
    operationHash: text(payload.operationHash),
  };
  // jwtVerify requires exp to be in the future only when present: a token without one is not kept.
  if (typeof payload.exp === 'number') remembered.remember(token, viewer, payload.exp * 1000);
  return viewer;
}
