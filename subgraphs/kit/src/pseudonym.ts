// The participant pseudonym every partner computes the same way, so the graph can join one
// person's paths across partners without a name or fiscal code crossing a partner's boundary:
// pseudonym = HMAC-SHA256(linkage key, normalised fiscal code), hex.
import { createHmac } from 'node:crypto';

/** The clearly marked key the embedded demo uses; never valid outside it. */
export const DEMO_LINKAGE_KEY = 'DEMO-ONLY-linkage-key-of-the-embedded-default-NOT-FOR-REAL-DATA';

export function normaliseFiscalCode(fiscalCode: string): string {
  return fiscalCode.replace(/\s+/g, '').toUpperCase();
}

export function pseudonymOf(fiscalCode: string, linkageKey: string): string {
  return createHmac('sha256', linkageKey).update(normaliseFiscalCode(fiscalCode)).digest('hex');
}

/**
 * The project-wide linkage key from PLEIADI_LINKAGE_KEY. Without it only the embedded demo may
 * run, on the demo key; a deployment on PostgreSQL refuses to start rather than pseudonymise
 * real people with a published key.
 */
export function linkageKey(options: { embedded: boolean }, env = process.env): string {
  const key = env.PLEIADI_LINKAGE_KEY;
  if (key) {
    if (key.length < 32) throw new Error('PLEIADI_LINKAGE_KEY must be at least 32 characters long.');
    return key;
  }
  if (options.embedded) return DEMO_LINKAGE_KEY;
  throw new Error('PLEIADI_LINKAGE_KEY is not set: it is required to record participants outside the embedded demo.');
}
