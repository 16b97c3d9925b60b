// The facts of a partner that serves people (see indicator-facts.ts for the record format). The
// database groups what happened to whom where and hands back one value: per person and place, the
// person's facts head (below: the person block of the pseudonym, record-key.ts, and the birth date
// with the gender), the participant id, the place and the facts. The partner's process then turns
// each person block into the report's subject and the person's record key — two cipher calls for
// the whole list — and each birth date into the age, and writes the 17-byte records.
import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely';
import { FACT_RECORD_BYTES, type IndicatorReportKey, type PackedFacts } from './indicator-facts.ts';
import { PERSON_BLOCK_BYTES, personSubjects, recordKeysOf } from './record-key.ts';

/** The person's part of a packed row: person block 16, birth day × 4 + gender 4. */
const HEAD_BYTES = PERSON_BLOCK_BYTES + 4;
/** One row as the database packs it: the head 20, participant id 4, place 4, facts 2. */
const ROW_BYTES = HEAD_BYTES + 10;

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

const PERSON_ROW = sql`q.facts_head || int4send(q.participant_id) || int4send(q.place::int4) || int2send(q.facts::int2)`;

/**
 * A statement's facts ready for any salt: the person blocks, and the records with everything but
 * their subjects (place, facts, gender, age on the period's first day, record key) — the only part
 * a report's salt changes — and whose they are (participant ids). Kept per database, by statement
 * and period, with the version they were read at.
 */
interface Unsealed {
  version: string;
  blocks: Uint8Array;
  records: Uint8Array;
  people: Int32Array;
  n: number;
}
const kept = new WeakMap<Kysely<unknown>, Map<string, Unsealed>>();
/** Per database: a year of 50,000 people's facts is about 1.8 MB. */
const KEPT_BYTES = 24 * 1024 * 1024;
/** Re-read the people written since the facts were kept, up to this share of the kept rows; beyond it, everything. */
const CHANGED_SHARE = 1 / 8;
const MIN_CHANGED = 256;

type Grouped = RawBuilder<{ version: string; people: Uint8Array | null; n: number }>;

/**
 * The facts of a partner that serves people, from what happened to whom where: `happened` selects
 * participant_id, place and facts (any number of rows per person and place). Grouped to one row
 * per person and place first, joined to `participant` on the grouped rows only, packed in the
 * database and sealed here. The packed rows of a period are kept: a report reads the version and
 * the people written since (facts-version.ts, which the partner's migrations must create, as they
 * must add `facts_head` above), re-reads those people alone and seals the rows afresh with its salt.
 */
export async function packPeopleFacts<DB>(db: Kysely<DB>, key: IndicatorReportKey, happened: Expression<unknown> | RawBuilder<unknown>): Promise<PackedFacts> {
  const grouped = (of?: readonly number[]): Grouped => sql`select (select version::text from facts_version) as version,
      string_agg(${PERSON_ROW}, ''::bytea) as people, count(*)::int as n from (
      select p.facts_head, h.participant_id, h.place, h.facts
      from (select participant_id, place, bit_or(facts) as facts from (${happened}) x
        ${of ? sql`where x.participant_id = any(${of}::int4[])` : sql``} group by participant_id, place) h
      join participant p on p.id = h.participant_id) q`;
  const unsealed = await keptOrRead(db as Kysely<unknown>, grouped, key);
  return seal(unsealed, key.salt);
}

/**
 * A statement's facts: those kept while the version they were read at stands; those kept with the
 * people written since read again when they are few; else all read now. What is read is kept.
 */
async function keptOrRead(db: Kysely<unknown>, grouped: (of?: readonly number[]) => Grouped, key: IndicatorReportKey): Promise<Unsealed> {
  const all = grouped();
  const compiled = all.compile(db);
  // The period's first day too: the ages are counted on it, whether the statement names it or not.
  const statement = `${key.from}\n${compiled.sql}\n${JSON.stringify(compiled.parameters)}`;
  let byStatement = kept.get(db);
  if (!byStatement) kept.set(db, (byStatement = new Map()));
  let read: Unsealed | undefined;
  const known = byStatement.get(statement);
  if (known) {
    const limit = Math.max(MIN_CHANGED, Math.ceil(known.n * CHANGED_SHARE));
    const { rows } = await sql<{ version: string; anyone: boolean; people: number[] | null }>`select version::text,
        anyone_changed_at > ${known.version}::bigint as anyone,
        (select array_agg(participant_id) from (select participant_id from facts_change
          where version > ${known.version}::bigint limit ${limit + 1}) c) as people
      from facts_version`.execute(db);
    const { version, anyone, people } = rows[0];
    if (version === known.version) read = known;
    else if (!anyone && (people?.length ?? 0) <= limit) {
      const changed = people ?? [];
      // Labelled with the version the change list was read at: the people's rows may be newer, never older.
      if (!changed.length) read = { ...known, version };
      else {
        const { rows: fresh } = await grouped(changed).execute(db);
        read = merged(known, new Set(changed), unsealed(version, fresh[0].people ?? new Uint8Array(0), fresh[0].n, key.from));
      }
    }
  }
  if (!read) {
    const { rows } = await all.execute(db);
    read = unsealed(rows[0].version, rows[0].people ?? new Uint8Array(0), rows[0].n, key.from);
  }
  keep(byStatement, statement, read);
  return read;
}

/** Kept as the most recently used, the least recently used dropped beyond the budget. */
function keep(byStatement: Map<string, Unsealed>, statement: string, facts: Unsealed): void {
  byStatement.delete(statement);
  byStatement.set(statement, facts);
  const size = (entry: Unsealed) => entry.blocks.length + entry.records.length + entry.people.byteLength;
  let bytes = 0;
  for (const entry of byStatement.values()) bytes += size(entry);
  for (const [oldest, entry] of byStatement) {
    if (bytes <= KEPT_BYTES) break;
    byStatement.delete(oldest);
    bytes -= size(entry);
  }
}

/** The kept rows of people not in `changed`, then the fresh rows (the changed people's, read again). */
function merged(known: Unsealed, changed: ReadonlySet<number>, fresh: Unsealed): Unsealed {
  let n = fresh.n;
  for (let i = 0; i < known.n; i++) if (!changed.has(known.people[i])) n++;
  const blocks = new Uint8Array(n * PERSON_BLOCK_BYTES);
  const records = new Uint8Array(n * FACT_RECORD_BYTES);
  const people = new Int32Array(n);
  // Copied run by run: the changed people are few, so the runs between them are long.
  let to = 0;
  const copy = (from: number, end: number) => {
    blocks.set(known.blocks.subarray(from * PERSON_BLOCK_BYTES, end * PERSON_BLOCK_BYTES), to * PERSON_BLOCK_BYTES);
    records.set(known.records.subarray(from * FACT_RECORD_BYTES, end * FACT_RECORD_BYTES), to * FACT_RECORD_BYTES);
    people.set(known.people.subarray(from, end), to);
    to += end - from;
  };
  let run = 0;
  for (let i = 0; i < known.n; i++) {
    if (!changed.has(known.people[i])) continue;
    if (i > run) copy(run, i);
    run = i + 1;
  }
  if (known.n > run) copy(run, known.n);
  blocks.set(fresh.blocks, to * PERSON_BLOCK_BYTES);
  records.set(fresh.records, to * FACT_RECORD_BYTES);
  people.set(fresh.people, to);
  return { version: fresh.version, blocks, records, people, n };
}

/** Packed people rows as the database gave them, split into person blocks, records waiting for their subjects, and participant ids. */
function unsealed(version: string, bytes: Uint8Array, n: number, from: string): Unsealed {
  if (bytes.length !== n * ROW_BYTES) throw new Error('Packed people of the wrong size.');
  // Byte by byte on purpose: a Buffer method per field costs more than the cipher calls.
  const blocks = new Uint8Array(n * PERSON_BLOCK_BYTES);
  for (let i = 0, at = 0, to = 0; i < n; i++, at += ROW_BYTES - PERSON_BLOCK_BYTES) {
    for (let b = 0; b < PERSON_BLOCK_BYTES; b++) blocks[to++] = bytes[at++];
  }
  const recordKeys = recordKeysOf(blocks);
  const periodStart = yearMonthDay(Date.parse(`${from}T00:00:00Z`) / DAY_MS);
  const records = new Uint8Array(n * FACT_RECORD_BYTES);
  const people = new Int32Array(n);
  const int32At = (at: number) => (bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3];
  for (let i = 0; i < n; i++) {
    const birthAt = i * ROW_BYTES + PERSON_BLOCK_BYTES;
    const placeAt = i * ROW_BYTES + HEAD_BYTES + 4;
    const at = i * FACT_RECORD_BYTES;
    const birth = int32At(birthAt);
    people[i] = int32At(birthAt + 4);
    // place (4) and facts (2) as the database wrote them, big-endian like the records
    for (let b = 0; b < 6; b++) records[at + 8 + b] = bytes[placeAt + b];
    records[at + 14] = birth & 3;
    const age = Math.trunc((periodStart - yearMonthDay(birth >> 2)) / 10_000);
    records[at + 15] = age >= 0 && age <= 254 ? age : 255;
    records[at + 16] = recordKeys[i];
  }
  return { version, blocks, records, people, n };
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
