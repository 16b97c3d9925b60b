// The record key of a person for the cell-key perturbation of the region's indicator report (the
// ABS TableBuilder / Eurostat method): a stable random number per person, derived by the partner
// with a project-wide secret from the pseudonym, so that every partner gives the same person the
// same key and the region can add the keys of a cell's distinct people into the cell key that
// picks the cell's noise. The pseudonym never leaves the partner.
//
// Why 8 bits and no more: the region looks the cell key up in a perturbation table of 256 steps
// (subgraphs/region/src/indicators/perturbation.ts), so 8 bits is all the method can use, and a
// sum of uniform 8-bit keys mod 256 is itself uniform. Every extra bit would only sharpen the key
// as a cross-request identifier: the facts' subject is drawn afresh per report so that the
// region cannot follow a person from one report to the next, and a stable key of many bits would
// undo that. 256 values shared by hundreds of people each add at most 8 bits to what the region
// already sees (place, gender, age) and no more.
//
// The same secret keys the per-report subjects of people (personSubjects). Both are AES-128 of the
// pseudonym's first 16 bytes (the pseudonym is an HMAC, so those bytes are already uniformly
// random and unique among a programme's people) under a key derived from the secret: one cipher
// call enciphers a whole report's people, where a hash per record in SQL took half of a partner's
// facts statement. Each 16-byte block is enciphered on its own (ECB): the same person gives the
// same block within one key, which is the point; no block is ever chained to another.
import { createCipheriv, createHmac } from 'node:crypto';
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

/** Bytes of a pseudonym that key its person: the first 16 of its 32 (the pseudonym is 64 hex characters). */
export const PERSON_BLOCK_BYTES = 16;

/** A pseudonym's person block, as the partner's SQL cuts it (`decode(substring(pseudonym from 1 for 32), 'hex')`). */
export function personBlock(pseudonym: string): Buffer {
  if (!/^[0-9a-f]{64}$/.test(pseudonym)) throw new Error('Not a pseudonym.');
  return Buffer.from(pseudonym.slice(0, 2 * PERSON_BLOCK_BYTES), 'hex');
}

/** An AES-128 key for one use of the secret: the first 16 bytes of HMAC-SHA256(secret, purpose). */
function derivedKey(secret: string, purpose: string): Buffer {
  return createHmac('sha256', secret).update(purpose, 'utf8').digest().subarray(0, 16);
}

/** Every 16-byte block of `blocks` enciphered on its own with AES-128 (one call for the lot). */
function encipherBlocks(key: Buffer, blocks: Uint8Array): Buffer {
  if (blocks.length % PERSON_BLOCK_BYTES !== 0) throw new Error('Person blocks are 16 bytes each.');
  const cipher = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
  return Buffer.concat([cipher.update(blocks), cipher.final()]);
}

/**
 * The record keys of people, 0–255, from their person blocks (n × 16 bytes, personBlock): byte 0
 * of each block enciphered under the key derived for record keys. Stable for the programme.
 */
export function recordKeysOf(blocks: Uint8Array, secret = recordKeySecret()): Uint8Array {
  const enciphered = encipherBlocks(derivedKey(secret, 'pleiadi/record-key'), blocks);
  const keys = new Uint8Array(blocks.length / PERSON_BLOCK_BYTES);
  for (let i = 0; i < keys.length; i++) keys[i] = enciphered[i * PERSON_BLOCK_BYTES];
  return keys;
}

/**
 * The per-report subjects of people from their person blocks (n × 16 bytes): the blocks
 * enciphered, in the same order, under a key derived from the secret and the report's salt; a
 * person's subject (facts bytes 0–7) is the first 8 bytes of their enciphered block. A fresh salt
 * gives unrelated subjects; without the secret (the region never has it) no subject can be tied
 * to a pseudonym or to the same person's subject in another report.
 */
export function personSubjects(blocks: Uint8Array, salt: string, secret = recordKeySecret()): Buffer {
  return encipherBlocks(derivedKey(secret, `pleiadi/subject/${salt}`), blocks);
}

/** A person's record key from the pseudonym (tests, and anyone checking one by hand). */
export function recordKeyOf(pseudonym: string, secret = recordKeySecret()): number {
  return recordKeysOf(personBlock(pseudonym), secret)[0];
}
