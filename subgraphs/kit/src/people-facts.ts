// The facts of a partner that serves people (see indicator-facts.ts for the record format). The
// database groups what happened to whom where and hands back one value: per person and place, the
// person's facts head (below: the person block of the pseudonym, record-key.ts, and the birth date
// with the gender), the place and the facts. The partner's process then turns each person block
// into the report's subject and the person's record key — two cipher calls for the whole list —
// and each birth date into the age, and writes the 17-byte records.
import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely';
import { FACT_RECORD_BYTES, type IndicatorReportKey, type PackedFacts } from './indicator-facts.ts';
import { PERSON_BLOCK_BYTES, personSubjects, recordKeysOf } from './record-key.ts';

/** The person's part of a packed row: person block 16, birth day × 4 + gender 4. */
const HEAD_BYTES = PERSON_BLOCK_BYTES + 4;
/** One row as the database packs it: the head 20, place 4, facts 2. */
const ROW_BYTES = HEAD_BYTES + 6;

/**
 * For a partner's dated migration: `participant.facts_head`, the head of the person's packed rows,
 * stored by PostgreSQL beside the columns it comes from and rewritten with them. Decoding the
 * pseudonym and packing the birth day for every row of every statement took about a quarter of
 * a facts statement, and carrying 20 bytes instead of the 64-character pseudonym through the join
 * makes the join's table a third of the size.
 */
export async function addFactsHead(db: Kysely<unknown>): Promise<void> {
  await sql`alter table participant add column facts_head bytea generated always as (
      decode(substring(pseudonym from 1 for ${sql.lit(2 * PERSON_BLOCK_BYTES)}), 'hex')
      || int4send((birth_date - date '1970-01-01') * 4 + case gender when 'F' then 1 when 'M' then 2 else 0 end)) stored`.execute(db);
}

export async function dropFactsHead(db: Kysely<unknown>): Promise<void> {
  await sql`alter table participant drop column facts_head`.execute(db);
}

const PERSON_ROW = sql`q.facts_head || int4send(q.place::int4) || int2send(q.facts::int2)`;

/**
 * A statement's facts ready for any salt: the person blocks, and the records with everything but
 * their subjects (place, facts, gender, age on the period's first day, record key) — the only part
 * a report's salt changes. Kept per database, by statement and period, with the version they were
 * read at.
 */
interface Unsealed {
  version: string;
  blocks: Uint8Array;
  records: Uint8Array;
  n: number;
}
const kept = new WeakMap<Kysely<unknown>, Map<string, Unsealed>>();
/** Per database: a year of 50,000 people's facts is about 1.6 MB. */
const KEPT_BYTES = 24 * 1024 * 1024;

/**
 * The facts of a partner that serves people, from what happened to whom where: `happened` selects
 * participant_id, place and facts (any number of rows per person and place). Grouped to one row
 * per person and place first, joined to `participant` on the grouped rows only, packed in the
 * database and sealed here. The packed rows of a period are kept until the partner's data changes
 * (facts-version.ts, which the partner's migrations must create, as they must add `facts_head`
 * above): a report on a kept period reads the version alone and only seals the rows afresh with
 * its salt.
 */
export async function packPeopleFacts<DB>(db: Kysely<DB>, key: IndicatorReportKey, happened: Expression<unknown> | RawBuilder<unknown>): Promise<PackedFacts> {
  const grouped = sql<{ version: string; people: Uint8Array | null; n: number }>`select (select version::text from facts_version) as version,
      string_agg(${PERSON_ROW}, ''::bytea) as people, count(*)::int as n from (
      select p.facts_head, h.place, h.facts
      from (select participant_id, place, bit_or(facts) as facts from (${happened}) x group by participant_id, place) h
      join participant p on p.id = h.participant_id) q`;
  const unsealed = await keptOrRead(db as Kysely<unknown>, grouped, key);
  return seal(unsealed, key.salt);
}

/** A statement's facts: those kept while the version they were read at stands, else read now (and kept). */
async function keptOrRead(db: Kysely<unknown>, grouped: RawBuilder<{ version: string; people: Uint8Array | null; n: number }>, key: IndicatorReportKey): Promise<Unsealed> {
  const compiled = grouped.compile(db);
  // The period's first day too: the ages are counted on it, whether the statement names it or not.
  const statement = `${key.from}\n${compiled.sql}\n${JSON.stringify(compiled.parameters)}`;
  let byStatement = kept.get(db);
  if (!byStatement) kept.set(db, (byStatement = new Map()));
  const known = byStatement.get(statement);
  if (known) {
    const { rows } = await sql<{ version: string }>`select version::text from facts_version`.execute(db);
    if (rows[0]?.version === known.version) {
      byStatement.delete(statement); // most recently used last
      byStatement.set(statement, known);
      return known;
    }
  }
  const { rows } = await grouped.execute(db);
  const read = unsealed(rows[0].version, rows[0].people ?? new Uint8Array(0), rows[0].n, key.from);
  byStatement.delete(statement);
  byStatement.set(statement, read);
  let bytes = 0;
  for (const entry of byStatement.values()) bytes += entry.blocks.length + entry.records.length;
  for (const [oldest, entry] of byStatement) {
    if (bytes <= KEPT_BYTES) break;
    byStatement.delete(oldest);
    bytes -= entry.blocks.length + entry.records.length;
  }
  return read;
}

/** Packed people rows as the database gave them, split into person blocks and records waiting for their subjects. */
function unsealed(version: string, people: Uint8Array, n: number, from: string): Unsealed {
  if (people.length !== n * ROW_BYTES) throw new Error('Packed people of the wrong size.');
  // Byte by byte on purpose: a Buffer method per field costs more than the cipher calls.
  const blocks = new Uint8Array(n * PERSON_BLOCK_BYTES);
  for (let i = 0, at = 0, to = 0; i < n; i++, at += ROW_BYTES - PERSON_BLOCK_BYTES) {
    for (let b = 0; b < PERSON_BLOCK_BYTES; b++) blocks[to++] = people[at++];
  }
  const recordKeys = recordKeysOf(blocks);
  const periodStart = yearMonthDay(Date.parse(`${from}T00:00:00Z`) / DAY_MS);
  const records = new Uint8Array(n * FACT_RECORD_BYTES);
  for (let i = 0; i < n; i++) {
    const birthAt = i * ROW_BYTES + PERSON_BLOCK_BYTES;
    const placeAt = i * ROW_BYTES + HEAD_BYTES;
    const at = i * FACT_RECORD_BYTES;
    const birth = (people[birthAt] << 24) | (people[birthAt + 1] << 16) | (people[birthAt + 2] << 8) | people[birthAt + 3];
    // place (4) and facts (2) as the database wrote them, big-endian like the records
    for (let b = 0; b < 6; b++) records[at + 8 + b] = people[placeAt + b];
    records[at + 14] = birth & 3;
    const age = Math.trunc((periodStart - yearMonthDay(birth >> 2)) / 10_000);
    records[at + 15] = age >= 0 && age <= 254 ? age : 255;
    records[at + 16] = recordKeys[i];
  }
  return { version, blocks, records, n };
}

/** The 17-byte records of one report: the kept records with the subjects of its salt. */
function seal(facts: Unsealed, salt: string): PackedFacts {
  const subjects = personSubjects(facts.blocks, salt);
  const records = facts.records.slice();
  for (let i = 0, at = 0, subject = 0; i < facts.n; i++, at += FACT_RECORD_BYTES, subject += PERSON_BLOCK_BYTES) {
    for (let b = 0; b < 8; b++) records[at + b] = subjects[subject + b];
  }
  return { records, length: facts.n };
}

const DAY_MS = 86_400_000;

/**
 * A day (days since 1970-01-01) as the number YYYYMMDD, so that the whole years between two days
 * are the difference of their numbers divided by 10,000 (truncated): the age on the period's first
 * day, birthdays counted exactly. The civil-from-days algorithm (proleptic Gregorian).
 */
export function yearMonthDay(day: number): number {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const dayOfMonth = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return year * 10_000 + month * 100 + dayOfMonth;
}
