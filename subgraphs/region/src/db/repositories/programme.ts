// Reads of the programme, its actions, partners, indicator catalogue and reporting periods.
import { keysetPage, type PageArgs } from '@pleiadi/kit';
import type { Kysely } from 'kysely';
import type { RegionDatabase } from '../types.ts';

type Db = Kysely<RegionDatabase>;
export type PartnerRow = RegionDatabase['partner'];
export type IndicatorRow = RegionDatabase['indicator_definition'];
export type PeriodRow = RegionDatabase['reporting_period'];

export const programme = (db: Db) => db.selectFrom('programme').selectAll().orderBy('code').executeTakeFirst();
export const allActions = (db: Db) => db.selectFrom('action').selectAll().orderBy('number').execute();
export const actionsByCode = (db: Db, codes: readonly string[]) => db.selectFrom('action').selectAll().where('code', 'in', codes).execute();
export const objectivesOfActions = (db: Db, codes: readonly string[]) =>
  db.selectFrom('action_objective').selectAll().where('action_code', 'in', codes).orderBy('position').execute();

export const partnersById = (db: Db, ids: readonly string[]) => db.selectFrom('partner').selectAll().where('id', 'in', ids).execute();
export const partnerAmbits = (db: Db, ids: readonly string[]) =>
  db.selectFrom('partner_ambit').selectAll().where('partner_id', 'in', ids).orderBy('ambit_code').execute();
export const partnersOfAmbits = (db: Db, ambitCodes: readonly string[]) =>
  db
    .selectFrom('partner_ambit as pa')
    .innerJoin('partner as p', 'p.id', 'pa.partner_id')
    .selectAll('p')
    .select('pa.ambit_code')
    .where('pa.ambit_code', 'in', ambitCodes)
    .orderBy('p.id')
    .execute();
export const partnersOfSubgraphs = (db: Db, subgraphs: readonly string[]) =>
  db.selectFrom('partner').selectAll().where('subgraph', 'in', subgraphs).orderBy('id').execute();

export function partnerPage(db: Db, filter: { ambitCode?: string | null; subgraph?: string | null }, args: PageArgs) {
  let query = db.selectFrom('partner').selectAll();
  if (filter.subgraph) query = query.where('subgraph', '=', filter.subgraph);
  if (filter.ambitCode) {
    query = query.where('id', 'in', (eb) => eb.selectFrom('partner_ambit').select('partner_id').where('ambit_code', '=', filter.ambitCode!));
  }
  return keysetPage(query, { orderBy: ['id'], key: (row) => [row.id], args });
}

export const allIndicators = (db: Db) => db.selectFrom('indicator_definition').selectAll().orderBy('position').execute();
export const indicatorsByCode = (db: Db, codes: readonly string[]) => db.selectFrom('indicator_definition').selectAll().where('code', 'in', codes).execute();
export const indicatorChildren = (db: Db, codes: readonly string[]) =>
  db.selectFrom('indicator_definition').selectAll().where('parent_code', 'in', codes).orderBy('position').execute();
export const indicatorFeeds = (db: Db, codes: readonly string[]) =>
  db.selectFrom('indicator_feed').selectAll().where('indicator_code', 'in', codes).orderBy('subgraph').execute();
export const indicatorTargets = (db: Db, codes: readonly string[]) =>
  db.selectFrom('indicator_target').selectAll().where('indicator_code', 'in', codes).orderBy('scope_kind', 'desc').orderBy('scope_code').orderBy('due_by').execute();

export function periods(db: Db, filter: { kind?: PeriodRow['kind'] | null; from?: string | null; to?: string | null }) {
  let query = db.selectFrom('reporting_period').selectAll().orderBy('starts_on').orderBy('kind', 'desc');
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.from) query = query.where('ends_on', '>=', filter.from);
  if (filter.to) query = query.where('starts_on', '<=', filter.to);
  return query.execute();
}
export const periodsByCode = (db: Db, codes: readonly string[]) => db.selectFrom('reporting_period').selectAll().where('code', 'in', codes).execute();

/** Everything a report needs from the catalogue, read together: four small statements. */
export async function reportCatalogue(db: Db) {
  const [indicators, feeds, targets, ageBands] = await Promise.all([
    allIndicators(db),
    db.selectFrom('indicator_feed').selectAll().orderBy('indicator_code').orderBy('subgraph').orderBy('fact').execute(),
    db.selectFrom('indicator_target').selectAll().orderBy('indicator_code').orderBy('scope_kind', 'desc').orderBy('scope_code').orderBy('due_by').execute(),
    db.selectFrom('age_band').selectAll().orderBy('position').execute(),
  ]);
  return { indicators, feeds, targets, ageBands };
}
export type ReportCatalogue = Awaited<ReturnType<typeof reportCatalogue>>;

export const actionExists = async (db: Db, code: string) => !!(await db.selectFrom('action').select('code').where('code', '=', code).executeTakeFirst());
export const periodByRange = (db: Db, from: string, to: string) =>
  db.selectFrom('reporting_period').selectAll().where('starts_on', '=', from).where('ends_on', '=', to).orderBy('kind', 'desc').executeTakeFirst();
