// ANCI's facts for the region's cross-partner indicators (kit indicator-facts.ts): the local and
// regional authorities supported (O.2.2), each an item whose subject is the hash of its id.
import { FACT, packFacts, PLACE_REGION, subjectHash, type IndicatorReportKey, type PackedFacts } from '@pleiadi/kit';
import { sql, type Kysely } from 'kysely';
import type { AnciDatabase } from '../types.ts';
import { authoritiesSupported } from './training.ts';

/** Operator training and governance tables are Azione 01: multilevel governance and capacity building. */
export const GOVERNANCE_ACTION = 'AZ01';

/** Whether the report can hold ANCI's facts at all: not one about another action. */
export function hasFacts(key: IndicatorReportKey): boolean {
  return key.action === null || key.action === GOVERNANCE_ACTION;
}

/**
 * One row per authority supported in the period, in one statement: the same rule as
 * localAuthoritiesSupported, placed at the organisation's seat — but the Region, whose seat is in
 * Bologna, counts region-wide, in no municipality, province or ambit (the README's rule), and so
 * does an authority without a seat.
 */
export function indicatorFacts(db: Kysely<AnciDatabase>, key: IndicatorReportKey): Promise<PackedFacts> {
  const rows = authoritiesSupported(db, { from: key.from, to: key.to }).select([
      subjectHash(key, sql<string>`'organisation:' || o.id`).as('subject'),
      sql<number>`case when o.kind = 'REGION' then ${sql.lit(PLACE_REGION)} else coalesce(o.municipality_code::int, ${sql.lit(PLACE_REGION)}) end`.as('place'),
      sql.lit(FACT.AUTHORITY_SUPPORTED).$castTo<number>().as('facts'),
      sql.lit(null).$castTo<null>().as('gender'),
      sql.lit(null).$castTo<null>().as('age'),
      sql.lit(null).$castTo<null>().as('record_key'),
    ]);
  return packFacts(db, rows);
}
