// What the partners' tests of their `<subgraph>IndicatorFacts` field share: asking the field
// through `_entities` as the region does, the records decoded into rows that compare with
// toEqual, the subjects and keys the region would use, and the checks that no pseudonym leaves
// and that another salt unlinks every subject. Plain node:assert, so a failed check fails the test
// that calls it without the kit depending on a test runner.
import assert from 'node:assert/strict';
import { createCipheriv, createHash, createHmac } from 'node:crypto';
import type { GraphQLError, GraphQLSchema } from 'graphql';
import type { Viewer } from '../context.ts';
import type { Database } from '../database.ts';
import { decodeFacts, FACT, type FactName } from '../indicator-facts.ts';
import { recordKeySecret } from '../record-key.ts';
import { execute } from './databases.ts';

/** The report salt of the partners' tests, and another one to show that the subjects change with it. */
export const TEST_SALT = '0123456789abcdef0123456789abcdef';
export const OTHER_TEST_SALT = 'fedcba9876543210fedcba9876543210';

/** One record of a partner's facts, decoded: the subject as 16 hex characters, gender 0/1/2, age 255 unknown. */
export interface IndicatorFact {
  subject: string;
  place: number;
  facts: number;
  gender: number;
  age: number;
}

/** A report key as the region writes it, `from/to/action/salt`; unchecked, so malformed keys are built with it too. */
export function reportKey(from: string, to: string, action = '*', salt = TEST_SALT): string {
  return `${from}/${to}/${action}/${salt}`;
}

/** The subject the region should receive for an item id: SHA-256(salt ‖ id), first 8 bytes, computed apart from the partner's SQL. */
export function expectedSubject(id: string, salt = TEST_SALT): string {
  return createHash('sha256').update(salt + id, 'utf8').digest().subarray(0, 8).toString('hex');
}

/** AES-128 of a pseudonym's first 16 bytes under HMAC-SHA256(secret, purpose)'s first 16: what record-key.ts documents, worked out one person at a time. */
function enciphered(pseudonym: string, purpose: string): Buffer {
  const key = createHmac('sha256', recordKeySecret()).update(purpose).digest().subarray(0, 16);
  const cipher = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
  return cipher.update(Buffer.from(pseudonym.slice(0, 32), 'hex'));
}

/** The subject the region should receive for a person in a report with this salt, computed apart from the partner's code. */
export function expectedPersonSubject(pseudonym: string, salt = TEST_SALT): string {
  return enciphered(pseudonym, `pleiadi/subject/${salt}`).subarray(0, 8).toString('hex');
}

/** A person's record key, computed apart from the partner's code. */
export function expectedRecordKey(pseudonym: string): number {
  return enciphered(pseudonym, 'pleiadi/record-key')[0];
}

/** The bit set of the named facts. */
export function factBits(...names: FactName[]): number {
  return names.reduce((sum, name) => sum | FACT[name], 0);
}

/** Subject, then place: the order decodeIndicatorFacts and queryIndicatorFacts give. */
export function byFact(a: IndicatorFact, b: IndicatorFact): number {
  return a.subject.localeCompare(b.subject) || a.place - b.place;
}

export function sortFacts(facts: readonly IndicatorFact[]): IndicatorFact[] {
  return [...facts].sort(byFact);
}

/** A partner's base64 facts as rows, sorted by subject and place. */
export function decodeIndicatorFacts(encoded: string): IndicatorFact[] {
  const c = decodeFacts(encoded);
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  const facts = Array.from({ length: c.length }, (_, i) => ({
    subject: hex(c.subjectHigh[i]) + hex(c.subjectLow[i]),
    place: c.place[i],
    facts: c.facts[i],
    gender: c.gender[i],
    age: c.age[i],
  }));
  return facts.sort(byFact);
}

export interface IndicatorFactsResponse {
  /** The whole response, as the region would receive it. */
  result: Awaited<ReturnType<typeof execute>>;
  errors: readonly GraphQLError[] | undefined;
  /** The field's value as sent (base64), when there is one. */
  encoded: string | undefined;
  /** The decoded records, sorted; empty when the field gave nothing. */
  facts: IndicatorFact[];
}

/**
 * Asks a partner's facts field (e.g. `cpiaIndicatorFacts`) for one report key through
 * `_entities`, as the region's IndicatorReport does — by default as the regional table.
 */
export async function queryIndicatorFacts<DB>(
  schema: GraphQLSchema,
  database: Database<DB> | Record<string, Database<DB>>,
  field: string,
  key: string,
  viewer?: Viewer,
): Promise<IndicatorFactsResponse> {
  if (!/^\w+IndicatorFacts$/.test(field)) throw new Error(`Not an indicator facts field: ${field}`);
  const query = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on IndicatorReport { ${field} } } }`;
  const result = await execute(schema, database, query, { representations: [{ __typename: 'IndicatorReport', key }] }, viewer);
  const encoded: string | undefined = result.data?._entities?.[0]?.[field] ?? undefined;
  return { result, errors: result.errors, encoded, facts: encoded === undefined ? [] : decodeIndicatorFacts(encoded) };
}

/** The facts of a response; fails when it has errors or no facts field. */
export function factsWithoutErrors(response: IndicatorFactsResponse): IndicatorFact[] {
  assert.equal(response.errors, undefined, `The facts came with errors: ${response.errors?.map((e) => e.message).join('; ')}`);
  assert.ok(response.encoded !== undefined, 'The response holds no facts field.');
  return response.facts;
}

/** The error codes of a response, in order (undefined without errors). */
export function errorCodes(response: { errors?: readonly GraphQLError[] }): unknown[] | undefined {
  return response.errors?.map((e) => e.extensions.code);
}

/**
 * Fails unless the response — its whole text and its records byte by byte — holds neither any of
 * the pseudonyms nor the first 16 hex characters of one (as long as a subject). Refuses to pass
 * vacuously: the pseudonyms and the facts must not be empty.
 */
export function expectNoPseudonymIn(response: Pick<IndicatorFactsResponse, 'result' | 'encoded'>, pseudonyms: readonly string[]): void {
  assert.ok(pseudonyms.length > 0, 'No pseudonyms to look for.');
  assert.ok(response.encoded !== undefined && decodeFacts(response.encoded).length > 0, 'No facts to look in.');
  const text = JSON.stringify(response.result);
  const bytes = Buffer.from(response.encoded, 'base64').toString('hex');
  for (const pseudonym of pseudonyms) {
    assert.ok(pseudonym.length >= 16, `Not a pseudonym: ${pseudonym}`);
    const prefix = pseudonym.slice(0, 16).toLowerCase();
    assert.ok(!text.toLowerCase().includes(prefix), `The response text holds pseudonym ${pseudonym} or its prefix.`);
    assert.ok(!bytes.includes(prefix), `The facts hold the prefix of pseudonym ${pseudonym}.`);
  }
}

/**
 * Fails unless `other` (the same report under another salt) holds the same records as `first`
 * but for their subjects, none of which it shares with `first`: the region can link no one
 * across two reports.
 */
export function expectUnlinkableAcrossSalts(first: readonly IndicatorFact[], other: readonly IndicatorFact[]): void {
  assert.ok(first.length > 0, 'No facts to compare.');
  const subjects = new Set(first.map((f) => f.subject));
  const shared = other.filter((f) => subjects.has(f.subject));
  assert.deepEqual(shared, [], 'Subjects repeat under another salt.');
  const attributes = (facts: readonly IndicatorFact[]) => facts.map((f) => `${f.place}/${f.facts}/${f.gender}/${f.age}`).sort();
  assert.deepEqual(attributes(other), attributes(first), 'Another salt changed more than the subjects.');
}

/** The record key of each subject (16 hex characters) in a partner's facts; fails if a subject's records disagree. */
export function recordKeysBySubject(encoded: string): Map<string, number> {
  const c = decodeFacts(encoded);
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  const keys = new Map<string, number>();
  for (let i = 0; i < c.length; i++) {
    const subject = hex(c.subjectHigh[i]) + hex(c.subjectLow[i]);
    assert.ok(!keys.has(subject) || keys.get(subject) === c.recordKey[i], 'One subject with two record keys.');
    keys.set(subject, c.recordKey[i]);
  }
  return keys;
}

/**
 * Fails unless each of these people found in the facts (at least one must be) carries the record
 * key of their pseudonym, computed apart from the partner's SQL: stable whatever the salt, and the
 * same a partner's SQL and any other partner's give the same pseudonym.
 */
export function expectRecordKeys(encoded: string | undefined, pseudonyms: readonly string[], salt = TEST_SALT): void {
  assert.ok(encoded !== undefined, 'No facts to look in.');
  const keys = recordKeysBySubject(encoded);
  let found = 0;
  for (const pseudonym of pseudonyms) {
    const key = keys.get(expectedPersonSubject(pseudonym, salt));
    if (key === undefined) continue;
    found++;
    assert.equal(key, expectedRecordKey(pseudonym), 'A record key is not the pseudonym enciphered under the record-key secret.');
  }
  assert.ok(found > 0, 'None of these people is in the facts.');
}
