// The record key of a person for the cell-key perturbation of the region's indicator report (the
// ABS TableBuilder / Eurostat method): a stable random number per person, derived inside the
// partner's database with a project-wide secret from the pseudonym, so that every partner gives
// the same person the same key and the region can add the keys of a cell's distinct people into
// the cell key that picks the cell's noise. The pseudonym never leaves the partner.
//
// Why 8 bits and no more: the region looks the cell key up in a perturbation table of 256 steps
// (subgraphs/region/src/indicators/perturbation.ts), so 8 bits is all the method can use, and a
// sum of uniform 8-bit keys mod 256 is itself uniform. Every extra bit would only sharpen the key
// as a cross-request identifier: the facts' subject hash is salted afresh per report so that the
// region cannot follow a person from one report to the next, and a stable key of many bits would
// undo that. 256 values shared by hundreds of people each add at most 8 bits to what the region
// already sees (place, gender, age) and no more.
import { createHash } from 'node:crypto';
import { sql, type Expression, type RawBuilder } from 'kysely';
import { createLogger } from './log.ts';

export const RECORD_KEY_BITS = 8;

/** The clearly marked secret of the embedded demo and of tests; never valid for real data. */
export const DEMO_RECORD_KEY_SECRET = 'DEMO-ONLY-record-key-secret-of-the-embedded-default-NOT-FOR-REAL-DATA';

let warned = false;

/**
 * PLEIADI_RECORD_KEY_SECRET: one value for every partner (like the linkage key) and never the
 * region's, kept unchanged for the life of the programme — a new secret gives every cell new
 * noise, and two sets of noise on the same cells could be averaged. Without it, the demo secret
 * (a partner with real data refuses to start: assertRecordKeySecret).
 */
export function recordKeySecret(env = process.env): string {
  const secret = env.PLEIADI_RECORD_KEY_SECRET;
  if (secret) {
    if (secret.length < 32) throw new Error('PLEIADI_RECORD_KEY_SECRET must be at least 32 characters long.');
    return secret;
  }
  if (!warned) {
    warned = true;
    createLogger('kit').warn('PLEIADI_RECORD_KEY_SECRET is not set: record keys use the demo secret (set it, the same for every partner, before real data).');
  }
  return DEMO_RECORD_KEY_SECRET;
}

/**
 * At a partner's start: outside demo data the secret must be set. On real people the demo secret
 * (published with the code) would let anyone who learns a pseudonym compute that person's key,
 * and with it part of the noise that protects small counts; as the linkage key, it is refused.
 */
export function assertRecordKeySecret(options: { demo: boolean }, env = process.env): void {
  if (env.PLEIADI_RECORD_KEY_SECRET) recordKeySecret(env);
  else if (!options.demo) throw new Error('PLEIADI_RECORD_KEY_SECRET is not set: it is required for the indicator facts of real people (the same value at every partner); only demo data may use the demo secret.');
}

/** SQL for a person's record key, 0–255: the first byte of SHA-256(secret ‖ ':' ‖ pseudonym). */
export function recordKeySql(pseudonym: Expression<string> | RawBuilder<string>, secret = recordKeySecret()): RawBuilder<number> {
  return sql<number>`get_byte(sha256(convert_to(${secret} || ':' || ${pseudonym}, 'UTF8')), 0)`;
}

/** The same in JavaScript, for tests that check the partners' SQL. */
export function recordKeyOf(pseudonym: string, secret = recordKeySecret()): number {
  return createHash('sha256').update(`${secret}:${pseudonym}`, 'utf8').digest()[0];
}
