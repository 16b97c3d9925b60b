// Who is pulling a BI feed. Besides the bearer JWTs of /graphql, a feed accepts a BI client's
// long-lived key `pbk_<id>_<secret>` — as `Authorization: Bearer <key>` or as the password of HTTP
// Basic (what the OData connectors of Power BI and Excel send; the user name is ignored). The
// region subgraph owns the keys: the gateway sends it only the key's SHA-256 and the feed asked
// for, on its own internal token (purpose bi-key-check, @inaccessible field), and the region
// answers whether the key opens that feed and records the use in its own database.
import { createHash } from 'node:crypto';
import { signInternalToken, type Viewer } from '@pleiadi/kit';
import { GraphQLError } from 'graphql';
import { viewerOf, type AuthConfig } from './caller.ts';

export const BI_KEY_CHECK_PURPOSE = 'bi-key-check';
const KEY_SHAPE = /^pbk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/;

/** A refusal at a feed's door: HTTP status, a stable code and a message. */
export class FeedError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface BiKeyVerifier {
  /** The region subgraph's URL (where keys live). */
  regionUrl: () => string | undefined;
  internalSecret: string;
  auth: AuthConfig;
}

const CHALLENGE = { 'www-authenticate': 'Basic realm="PLEIADI BI feeds", charset="UTF-8"' };

/** The key in an Authorization header, if it carries one (bearer or Basic password). */
export function biKeyOf(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const bearer = /^Bearer\s+(pbk_\S+)$/i.exec(authorization)?.[1];
  if (bearer) return bearer;
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization)?.[1];
  if (!basic) return undefined;
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 ? decoded.slice(colon + 1) : undefined;
}

/**
 * The viewer a feed request runs as. `feed` names what is pulled (`bi:CpiaCourses`,
 * `odata:IndicatorCells`), for the key's scope and the audit of its use.
 */
export async function feedViewerOf(authorization: string | undefined, feed: string, verifier: BiKeyVerifier): Promise<Viewer> {
  const key = biKeyOf(authorization);
  if (key === undefined) {
    if (authorization && /^Basic\s/i.test(authorization)) throw new FeedError(401, 'UNAUTHENTICATED', 'HTTP Basic needs a BI key (pbk_…) as its password.', CHALLENGE);
    try {
      return await viewerOf(authorization, verifier.auth);
    } catch (error) {
      const message = error instanceof GraphQLError ? error.message : 'The caller could not be verified.';
      throw new FeedError(401, 'UNAUTHENTICATED', message, CHALLENGE);
    }
  }
  if (!KEY_SHAPE.test(key)) throw new FeedError(401, 'BI_KEY_INVALID', 'This is not a BI key: expected pbk_<id>_<secret> as minted by npm run bi-key -- mint.', CHALLENGE);
  const check = await checkWithRegion(createHash('sha256').update(key, 'utf8').digest('hex'), feed, verifier);
  switch (check.status) {
    case 'VALID':
      return { role: check.role as Viewer['role'], subject: `bi-key:${check.keyId}:${check.client}`.slice(0, 200), purpose: check.purpose ?? undefined };
    case 'REVOKED':
      throw new FeedError(401, 'BI_KEY_REVOKED', `BI key ${check.keyId} has been revoked.`, CHALLENGE);
    case 'EXPIRED':
      throw new FeedError(401, 'BI_KEY_EXPIRED', `BI key ${check.keyId} has expired; mint a new one.`, CHALLENGE);
    case 'OUT_OF_SCOPE':
      throw new FeedError(403, 'BI_KEY_OUT_OF_SCOPE', `BI key ${check.keyId} does not open ${feed}.`);
    default:
      throw new FeedError(401, 'BI_KEY_INVALID', 'This BI key is not known.', CHALLENGE);
  }
}

interface KeyCheck {
  status: string;
  keyId: string | null;
  client: string | null;
  role: string | null;
  purpose: string | null;
}

async function checkWithRegion(keyHash: string, feed: string, verifier: BiKeyVerifier): Promise<KeyCheck> {
  const url = verifier.regionUrl();
  if (!url) throw new FeedError(503, 'SUBGRAPH_UNAVAILABLE', 'The region subgraph, which keeps the BI keys, is not configured.');
  const token = signInternalToken({ role: 'region', subject: 'pleiadi-gateway', purpose: BI_KEY_CHECK_PURPOSE, operationName: 'BiClientKeyCheck' }, verifier.internalSecret);
  let body: { data?: { biClientKeyCheck?: KeyCheck } | null };
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: 'query BiClientKeyCheck($keyHash: String!, $feed: String!) { biClientKeyCheck(keyHash: $keyHash, feed: $feed) { status keyId client role purpose } }',
        variables: { keyHash, feed },
      }),
      signal: AbortSignal.timeout(10_000),
    });
    body = (await response.json()) as typeof body;
  } catch {
    throw new FeedError(503, 'SUBGRAPH_UNAVAILABLE', 'The region subgraph, which keeps the BI keys, could not be reached.');
  }
  const check = body.data?.biClientKeyCheck;
  if (!check) throw new FeedError(503, 'SUBGRAPH_UNAVAILABLE', 'The region subgraph could not check the BI key.');
  return check;
}
