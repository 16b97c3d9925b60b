// Who is calling the gateway: a bearer JWT verified with jose — a shared secret (HS256) for
// local use, or keys from a JWKS URL or a PEM public key (RS256/ES256) in production; iss, aud,
// exp and nbf are checked. No token makes the caller anonymous (or is refused, if so configured);
// a bad token is refused with UNAUTHENTICATED, never downgraded to anonymous.
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { RememberedViewers, type Role, type Viewer } from '@pleiadi/kit';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { GraphQLError } from 'graphql';

export const CALLER_ROLES: readonly Exclude<Role, 'anonymous'>[] = ['region', 'partner', 'bi'];
export const DEFAULT_ISSUER = 'pleiadi-local';
export const DEFAULT_AUDIENCE = 'pleiadi-graph';

export interface AuthConfig {
  issuer: string;
  audience: string;
  algorithms: string[];
  key: Uint8Array | JWTVerifyGetKey | KeyObject;
  /** `public`: callers without a token see public data; `none`: they are refused. */
  anonymous: 'public' | 'none';
}

export function authConfigFromEnvironment(env = process.env): AuthConfig {
  const base = {
    issuer: env.PLEIADI_JWT_ISSUER ?? DEFAULT_ISSUER,
    audience: env.PLEIADI_JWT_AUDIENCE ?? DEFAULT_AUDIENCE,
    anonymous: (env.PLEIADI_ANONYMOUS ?? 'public') as AuthConfig['anonymous'],
  };
  if (!['public', 'none'].includes(base.anonymous)) throw new Error(`PLEIADI_ANONYMOUS must be "public" or "none", not "${base.anonymous}".`);
  if (env.PLEIADI_JWT_JWKS_URL) {
    return { ...base, algorithms: algorithms(env), key: createRemoteJWKSet(new URL(env.PLEIADI_JWT_JWKS_URL)) };
  }
  if (env.PLEIADI_JWT_PUBLIC_KEY) {
    return { ...base, algorithms: algorithms(env), key: createPublicKey(env.PLEIADI_JWT_PUBLIC_KEY.replace(/\\n/g, '\n')) };
  }
  if (env.PLEIADI_JWT_SECRET) {
    if (env.PLEIADI_JWT_SECRET.length < 32) throw new Error('PLEIADI_JWT_SECRET must be at least 32 characters long.');
    return { ...base, algorithms: ['HS256'], key: new TextEncoder().encode(env.PLEIADI_JWT_SECRET) };
  }
  throw new Error('No way to verify tokens: set PLEIADI_JWT_SECRET (HS256), PLEIADI_JWT_JWKS_URL or PLEIADI_JWT_PUBLIC_KEY.');
}

function algorithms(env: NodeJS.ProcessEnv): string[] {
  const list = (env.PLEIADI_JWT_ALGORITHMS ?? 'RS256,ES256').split(',').map((a) => a.trim());
  const unsupported = list.filter((a) => !['RS256', 'ES256', 'PS256', 'EdDSA'].includes(a));
  if (unsupported.length) throw new Error(`PLEIADI_JWT_ALGORITHMS: unsupported ${unsupported.join(', ')}`);
  return list;
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

const text = (value: unknown, max = 100) => (typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined);

// A page or a BI tool sends the same token for hours, and checking it anew (jose, through WebCrypto)
// took ~7% of the gateway's CPU under load. A token found valid is remembered for at most
// REMEMBERED_MS and never past its expiry, per auth config: a key withdrawn from a JWKS stops
// working within that time, as a cached JWKS would let it anyway.
const REMEMBERED_MS = 60_000;
const REMEMBERED_TOKENS = 5_000;
const remembered = new WeakMap<AuthConfig, RememberedViewers>();

/** The viewer of a request, from its Authorization header. */
export async function viewerOf(authorization: string | undefined, config: AuthConfig): Promise<Viewer> {
  if (!authorization) {
    if (config.anonymous === 'none') throw unauthenticated('This graph needs a bearer token.');
    return { role: 'anonymous' };
  }
  const token = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(authorization)?.[1];
  if (!token) throw unauthenticated('The Authorization header must be "Bearer <token>".');
  let tokens = remembered.get(config);
  if (!tokens) remembered.set(config, (tokens = new RememberedViewers(REMEMBERED_TOKENS)));
  const known = tokens.get(token);
  if (known) return known;
  const { viewer, expiresAt } = await verifiedViewer(token, config);
  tokens.remember(token, viewer, Math.min(Date.now() + REMEMBERED_MS, expiresAt));
  return viewer;
}

async function verifiedViewer(token: string, config: AuthConfig): Promise<{ viewer: Viewer; expiresAt: number }> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, config.key as Uint8Array, {
      issuer: config.issuer,
      audience: config.audience,
      algorithms: config.algorithms,
      requiredClaims: ['exp', 'sub'],
    }));
  } catch (error) {
    const reason = (error as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'it has expired' : 'it is not valid for this graph';
    throw unauthenticated(`The bearer token was refused: ${reason}.`);
  }
  const role = payload.role as Viewer['role'];
  if (!CALLER_ROLES.includes(role as (typeof CALLER_ROLES)[number])) throw unauthenticated('The bearer token carries no known role (region, partner or bi).');
  const partnerId = text(payload.partnerId, 60);
  const ambit = text(payload.ambit, 40);
  if (role === 'partner' && (!partnerId || !/^[a-z0-9-]+$/.test(partnerId))) throw unauthenticated('A partner token must carry the partnerId of the partner registry.');
  if (ambit && !/^[A-Z][A-Z_]+$/.test(ambit)) throw unauthenticated('The ambit claim must be an ambit code such as ROMAGNA.');
  return {
    viewer: { role, subject: text(payload.sub, 200), partnerId: role === 'partner' ? partnerId : undefined, ambit, purpose: text(payload.purpose, 60) },
    expiresAt: payload.exp! * 1000, // a required claim
  };
}

// The rate limit (before every door) and the request context both need the caller: the token is
// verified once per request, whichever asks first.
const verified = new WeakMap<IncomingMessage, Promise<Viewer>>();

/** The viewer of one HTTP request, from its Authorization header, verified once. */
export function viewerOfRequest(request: IncomingMessage, config: AuthConfig): Promise<Viewer> {
  let viewer = verified.get(request);
  if (!viewer) verified.set(request, (viewer = viewerOf(request.headers.authorization, config)));
  return viewer;
}
