// The join behind the cross-partner indicators. The region's `IndicatorReport` entity asks every
// partner that feeds an indicator for its *facts* about one period and action: one compact binary
// list of who was served where, which the region's own fields `@requires` and count — people
// de-duplicated across partners, items across campaigns — without any pseudonym leaving a partner.
//
// Each fact is a fixed 17-byte record (big-endian, as PostgreSQL's int4send writes it):
//   0–7   subject: for a person, the pseudonym enciphered under a key derived from the report's
//         salt and the partners' secret (people-facts.ts); for an item, the first 8 bytes of
//         SHA-256(salt ‖ item id). The salt is drawn afresh for each report, so the region can
//         match one person across partners within a request but never link anyone across
//         requests, nor back to a pseudonym.
//   8–11  place: ISTAT code of the municipality (as a number), 1_000_000 + n for ambit n as a
//         whole (1-based in AMBIT_CODES order), 0 for the whole region.
//   12–13 facts: bit set of FACT (what happened there in the period).
//   14    gender: 0 unknown (items), 1 F, 2 M.
//   15    age in whole years on the first day of the period, 255 unknown.
//   16    record key (record-key.ts): a person's stable 8-bit key for the cell-key perturbation of
//         the region's figures, the same at every partner and in every report; 0 for items,
//         whose counts are never perturbed. (Format 1 had no record key.)
// 100,000 people served in two places each are 3.4 MB of facts before base64: the same list
// serves every scope and breakdown of one request. Partners build the records in SQL (packFacts,
// packPeopleFacts), so a year of facts leaves the database as one value rather than tens of
// thousands of rows.
import { randomBytes } from 'node:crypto';
import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely';
import { GraphQLError } from 'graphql';
import { badUserInput, ErrorCode } from './errors.ts';
import { AMBIT_CODES } from './territory.ts';
import { isIsoDate } from './validation.ts';

/** What a partner's activity was, as the catalogue's feeds name it (region: indicator_feed.fact). */
export const FACT = {
  /** Took part in any support activity of the plan (O.2.3). */
  SUPPORT_ACTIVITY: 1 << 0,
  LANGUAGE_COURSE: 1 << 1,
  CIVIC_ORIENTATION: 1 << 2,
  PERSONAL_GUIDANCE: 1 << 3,
  /** Left a language course at least one CEFR level above where they entered (R.2.8). */
  LANGUAGE_LEVEL_IMPROVED: 1 << 4,
  /** Answered a survey that the activity helped their integration (R.2.9). */
  INTEGRATION_HELPED: 1 << 5,
  /** Applied for recognition of a qualification or skills acquired in a third country (R.2.10). */
  RECOGNITION_APPLIED: 1 << 6,
  /** A local or regional authority supported (O.2.2): the subject is the authority. */
  AUTHORITY_SUPPORTED: 1 << 7,
  /** An information package (O.2.4): the subject is the package. */
  INFORMATION_PACKAGE: 1 << 8,
  /** An awareness-raising campaign (O.2.4): the subject is the campaign. */
  AWARENESS_CAMPAIGN: 1 << 9,
} as const;
export type FactName = keyof typeof FACT;
export const FACT_NAMES = Object.keys(FACT) as FactName[];

export const FACT_RECORD_BYTES = 17;
const FORMAT_VERSION = 2;
export const PLACE_REGION = 0;
const AMBIT_PLACE_BASE = 1_000_000;

/** The place code of an ambit as a whole (a campaign aimed at the ambit, not one municipality). */
export function placeOfAmbit(ambitCode: string): number {
  const index = AMBIT_CODES.indexOf(ambitCode as (typeof AMBIT_CODES)[number]);
  if (index < 0) throw new Error(`Unknown ambit ${ambitCode}`);
  return AMBIT_PLACE_BASE + index + 1;
}

/** The ambit a place code names as a whole, if it is one. */
export function ambitOfPlace(place: number): string | undefined {
  return place > AMBIT_PLACE_BASE ? AMBIT_CODES[place - AMBIT_PLACE_BASE - 1] : undefined;
}

/** Which report a partner is asked about: the period (inclusive), one action or all, the salt. */
export interface IndicatorReportKey {
  from: string;
  to: string;
  /** e.g. AZ02; null for every action. */
  action: string | null;
  /** 32 hex characters, fresh for each report. */
  salt: string;
}

export function newReportKey(period: { from: string; to: string }, action: string | null): IndicatorReportKey {
  return { from: period.from, to: period.to, action, salt: randomBytes(16).toString('hex') };
}

export function formatReportKey(key: IndicatorReportKey): string {
  return `${key.from}/${key.to}/${key.action ?? '*'}/${key.salt}`;
}

/** Reads a report key back; anything else is refused (it arrives from the gateway, but is checked all the same). */
export function parseReportKey(text: string): IndicatorReportKey {
  const match = /^(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2})\/(AZ\d\d|\*)\/([0-9a-f]{32})$/.exec(text);
  if (!match || !isIsoDate(match[1]) || !isIsoDate(match[2]) || match[1] > match[2]) {
    throw badUserInput('Not an indicator report key.', 'key');
  }
  return { from: match[1], to: match[2], action: match[3] === '*' ? null : match[3], salt: match[4] };
}

/** One fact as a partner's query returns it. */
export interface FactRow {
  /** 8 bytes (see subjectHash). */
  subject: Uint8Array;
  place: number;
  facts: number;
  gender: 'F' | 'M' | null;
  age: number | null;
  /** 0–255 for a person (record-key.ts); null (0) for an item. */
  recordKey?: number | null;
}

/** SQL for an item's subject: the salted hash of its id, computed in the database (people: people-facts.ts). */
export function subjectHash(key: IndicatorReportKey, id: Expression<string> | RawBuilder<string>): RawBuilder<Uint8Array> {
  return sql<Uint8Array>`substring(sha256(convert_to(${key.salt} || ${id}, 'UTF8')) from 1 for 8)`;
}

/** Records built in the database: `length` of them, FACT_RECORD_BYTES each. */
export interface PackedFacts {
  records: Uint8Array;
  length: number;
}

export const NO_FACTS: PackedFacts = Object.freeze({ records: new Uint8Array(0), length: 0 });

// One record from a row with the columns of FactRow, byte for byte as encodeFacts writes it.
const RECORD = sql`q.subject::bytea || int4send(q.place::int4) || int2send(q.facts::int2)
  || int2send(((case q.gender::text when 'F' then 1 when 'M' then 2 else 0 end) * 256
       + coalesce(case when q.age::int between 0 and 254 then q.age::int end, 255))::int2)
  || substring(int2send(coalesce(q.record_key::int, 0)::int2) from 2 for 1)`;

/**
 * Runs a partner's facts query — any query selecting subject, place, facts, gender, age and
 * record_key (null for items) — and
 * packs its rows into records in the database: one statement, one value back.
 */
export async function packFacts<DB>(db: Kysely<DB>, rows: Expression<unknown> | RawBuilder<unknown>): Promise<PackedFacts> {
  const { rows: result } = await sql<{ records: Uint8Array | null; n: number }>`select string_agg(${RECORD}, ''::bytea) as records, count(*)::int as n from (${rows}) q`.execute(db);
  return { records: result[0]?.records ?? new Uint8Array(0), length: result[0]?.n ?? 0 };
}

/** The facts of one partner, ready for its `IndicatorReport` field: base64 of the records. */
export function encodeFacts(facts: readonly FactRow[] | readonly PackedFacts[]): string {
  return factsBytes(facts).toString('base64');
}

/** The bytes whose base64 is the facts' encoding (encodeFacts). */
export function factsBytes(facts: readonly FactRow[] | readonly PackedFacts[]): Buffer {
  const packed = (facts as readonly (FactRow | PackedFacts)[]).map((f) => ('records' in f ? f : packRow(f)));
  const size = packed.reduce((n, p) => n + p.records.length, 0);
  const buffer = Buffer.alloc(1 + size);
  buffer[0] = FORMAT_VERSION;
  let at = 1;
  for (const p of packed) {
    if (p.records.length !== p.length * FACT_RECORD_BYTES) throw new Error('Packed facts of the wrong size.');
    buffer.set(p.records, at);
    at += p.records.length;
  }
  return buffer;
}

function packRow(row: FactRow): PackedFacts {
  const record = Buffer.alloc(FACT_RECORD_BYTES);
  if (row.subject.length !== 8) throw new Error('A fact subject is 8 bytes.');
  record.set(row.subject, 0);
  record.writeUInt32BE(row.place, 8);
  record.writeUInt16BE(row.facts, 12);
  record[14] = row.gender === 'F' ? 1 : row.gender === 'M' ? 2 : 0;
  record[15] = row.age === null || row.age < 0 || row.age > 254 ? 255 : row.age;
  record[16] = row.recordKey ?? 0;
  return { records: record, length: 1 };
}

/** Decoded facts, column by column (what the region's counting loops read). */
export interface FactColumns {
  length: number;
  /** The subject's 8 bytes as two 32-bit halves. */
  subjectHigh: Uint32Array;
  subjectLow: Uint32Array;
  place: Uint32Array;
  facts: Uint16Array;
  /** 0 unknown, 1 F, 2 M. */
  gender: Uint8Array;
  /** 255 unknown. */
  age: Uint8Array;
  /** 0 for items. */
  recordKey: Uint8Array;
}

export function decodeFacts(encoded: string): FactColumns {
  const buffer = Buffer.from(encoded, 'base64');
  if (buffer.length < 1 || buffer[0] !== FORMAT_VERSION || (buffer.length - 1) % FACT_RECORD_BYTES !== 0) {
    throw new Error('Indicator facts in an unknown format.');
  }
  const length = (buffer.length - 1) / FACT_RECORD_BYTES;
  const columns: FactColumns = {
    length,
    subjectHigh: new Uint32Array(length),
    subjectLow: new Uint32Array(length),
    place: new Uint32Array(length),
    facts: new Uint16Array(length),
    gender: new Uint8Array(length),
    age: new Uint8Array(length),
    recordKey: new Uint8Array(length),
  };
  const { subjectHigh, subjectLow, place, facts, gender, age, recordKey } = columns;
  // Big-endian fields read byte by byte: Buffer's readUInt32BE checks its bounds on every call,
  // nearly three times the cost over the region's ~150,000 records of a year.
  const b = buffer;
  for (let i = 0, at = 1; i < length; i++, at += FACT_RECORD_BYTES) {
    subjectHigh[i] = (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];
    subjectLow[i] = (b[at + 4] << 24) | (b[at + 5] << 16) | (b[at + 6] << 8) | b[at + 7];
    place[i] = (b[at + 8] << 24) | (b[at + 9] << 16) | (b[at + 10] << 8) | b[at + 11];
    facts[i] = (b[at + 12] << 8) | b[at + 13];
    gender[i] = b[at + 14];
    age[i] = b[at + 15];
    recordKey[i] = b[at + 16];
  }
  return columns;
}

/** The region's answer when some partner's facts did not arrive: no figure that would silently miss them. */
export function indicatorFactsMissing(subgraphs: readonly string[]): GraphQLError {
  return new GraphQLError(`The indicator facts of ${subgraphs.join(', ')} did not arrive; no figure is computed without them.`, {
    extensions: { code: ErrorCode.DATA_SOURCE_UNAVAILABLE, subgraphs },
  });
}
