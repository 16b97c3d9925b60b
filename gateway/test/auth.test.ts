// Caller tokens: a shared secret for local use, a PEM public key or a JWKS for production.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { authConfigFromEnvironment, viewerOf } from '../src/auth/caller.ts';
import { mintToken } from '../src/auth/tokens.ts';

const claims = { role: 'partner', partnerId: 'ial-er', purpose: 'case-coordination' };
const sign = (key: Parameters<SignJWT['sign']>[0], alg: string, kid?: string) =>
  new SignJWT(claims).setProtectedHeader({ alg, ...(kid ? { kid } : {}) }).setIssuer('pleiadi-local').setAudience('pleiadi-graph').setSubject('op-1').setExpirationTime('5m').sign(key);

describe('caller tokens', () => {
  it('accepts ES256 tokens checked with a PEM public key, and refuses another key', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const config = authConfigFromEnvironment({ PLEIADI_JWT_PUBLIC_KEY: await exportSPKI(publicKey), PLEIADI_JWT_ALGORITHMS: 'ES256' });
    expect(await viewerOf(`Bearer ${await sign(privateKey, 'ES256')}`, config)).toMatchObject({ role: 'partner', partnerId: 'ial-er', subject: 'op-1' });
    const other = await generateKeyPair('ES256');
    await expect(viewerOf(`Bearer ${await sign(other.privateKey, 'ES256')}`, config)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('accepts RS256 tokens checked against a JWKS endpoint', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const server = createServer((_req, res) => res.end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
      const config = authConfigFromEnvironment({ PLEIADI_JWT_JWKS_URL: url, PLEIADI_JWT_ALGORITHMS: 'RS256' });
      expect(await viewerOf(`Bearer ${await sign(privateKey, 'RS256', 'k1')}`, config)).toMatchObject({ role: 'partner' });
      // An HS256 token signed with the public key's bytes must not pass as RS256 (algorithm confusion).
      const confused = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer('pleiadi-local').setAudience('pleiadi-graph').setSubject('x').setExpirationTime('5m').sign(new TextEncoder().encode(JSON.stringify(jwk)));
      await expect(viewerOf(`Bearer ${confused}`, config)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    } finally {
      server.close();
    }
  });

  it('remembers a valid token, never past its expiry nor under another secret', async () => {
    const config = authConfigFromEnvironment({ PLEIADI_JWT_SECRET: 'r'.repeat(32) });
    const key = new TextEncoder().encode('r'.repeat(32));
    const expiresAt = Math.floor(Date.now() / 1000) + 2;
    const token = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer('pleiadi-local').setAudience('pleiadi-graph').setSubject('op-2').setExpirationTime(expiresAt).sign(key);
    const first = await viewerOf(`Bearer ${token}`, config);
    expect(first).toMatchObject({ role: 'partner', subject: 'op-2' });
    first.subject = 'changed by a caller'; // each answer is the caller's own copy
    expect(await viewerOf(`Bearer ${token}`, config)).toMatchObject({ subject: 'op-2' });
    // Another secret's config does not share what this one verified.
    await expect(viewerOf(`Bearer ${token}`, authConfigFromEnvironment({ PLEIADI_JWT_SECRET: 'o'.repeat(32) }))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await new Promise((resolve) => setTimeout(resolve, expiresAt * 1000 - Date.now() + 50));
    await expect(viewerOf(`Bearer ${token}`, config)).rejects.toMatchObject({ message: expect.stringContaining('expired') });
  });

  it('makes a missing token anonymous, or refuses it when anonymous access is off', async () => {
    const secret = 's'.repeat(32);
    expect(await viewerOf(undefined, authConfigFromEnvironment({ PLEIADI_JWT_SECRET: secret }))).toEqual({ role: 'anonymous' });
    await expect(viewerOf(undefined, authConfigFromEnvironment({ PLEIADI_JWT_SECRET: secret, PLEIADI_ANONYMOUS: 'none' }))).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    const token = await mintToken({ role: 'bi' }, secret);
    expect(await viewerOf(`Bearer ${token}`, authConfigFromEnvironment({ PLEIADI_JWT_SECRET: secret }))).toMatchObject({ role: 'bi' });
  });

  it('refuses configurations that cannot verify anything safely', () => {
    expect(() => authConfigFromEnvironment({})).toThrow(/No way to verify tokens/);
    expect(() => authConfigFromEnvironment({ PLEIADI_JWT_SECRET: 'short' })).toThrow(/32 characters/);
    expect(() => authConfigFromEnvironment({ PLEIADI_JWT_PUBLIC_KEY: 'x', PLEIADI_JWT_ALGORITHMS: 'none' })).toThrow(/unsupported/);
  });
});
