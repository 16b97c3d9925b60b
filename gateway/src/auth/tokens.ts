// Tokens for local use (the embedded default and tests): HS256 with PLEIADI_JWT_SECRET.
import { SignJWT } from 'jose';
import type { Viewer } from '@pleiadi/kit';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from './caller.ts';

export interface TokenRequest extends Omit<Viewer, 'role' | 'operationName' | 'operationHash'> {
  role: Exclude<Viewer['role'], 'anonymous'>;
  /** Lifetime, e.g. "8h", "15m". */
  expiresIn?: string;
  issuer?: string;
  audience?: string;
}

export async function mintToken(request: TokenRequest, secret: string): Promise<string> {
  const claims: Record<string, string> = { role: request.role };
  if (request.partnerId) claims.partnerId = request.partnerId;
  if (request.ambit) claims.ambit = request.ambit;
  if (request.purpose) claims.purpose = request.purpose;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(request.issuer ?? DEFAULT_ISSUER)
    .setAudience(request.audience ?? DEFAULT_AUDIENCE)
    .setSubject(request.subject ?? `${request.role}${request.partnerId ? `:${request.partnerId}` : ''}`)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '8h')
    .sign(new TextEncoder().encode(secret));
}
