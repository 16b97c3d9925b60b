// The internal token: verified once while valid, never past its expiry nor under another secret.
import { describe, expect, it } from 'vitest';
import { INTERNAL_AUDIENCE, INTERNAL_ISSUER, signHs256, signInternalToken, verifyInternalToken } from '../src/identity.ts';

const SECRET = 'i'.repeat(32);

describe('internal tokens', () => {
  it('give the viewer the gateway vouched for, each answer its own copy', async () => {
    const token = signInternalToken({ role: 'partner', partnerId: 'ial-er', subject: 'op-1', purpose: 'case-coordination' }, SECRET);
    const first = await verifyInternalToken(token, SECRET);
    expect(first).toMatchObject({ role: 'partner', partnerId: 'ial-er', subject: 'op-1' });
    first.partnerId = 'cpia-bologna';
    expect(await verifyInternalToken(token, SECRET)).toMatchObject({ partnerId: 'ial-er' });
    await expect(verifyInternalToken(token, 'x'.repeat(32))).rejects.toThrow();
  });

  it('are refused once expired, even after a first check passed', async () => {
    const exp = Math.floor(Date.now() / 1000) + 1;
    const token = signHs256({ role: 'region', iss: INTERNAL_ISSUER, aud: INTERNAL_AUDIENCE, sub: 'r', iat: exp - 60, exp }, SECRET);
    expect(await verifyInternalToken(token, SECRET)).toMatchObject({ role: 'region' });
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 50));
    await expect(verifyInternalToken(token, SECRET)).rejects.toThrow();
  });
});
