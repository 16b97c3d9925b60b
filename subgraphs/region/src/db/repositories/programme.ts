// Reads of the programme, its actions, partners, indicator catalogue and reporting periods.
import { keysetPage, referenceSnapshot, rowsByKeys, type PageArgs } from '@pleiadi/kit';
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

// The partner registry is reference data (the seed's, at every start): read from a snapshot (see
// the kit's reference-snapshot.ts), as every municipality's ambit asks for its partners. Pages of
// partners still read the table.
const registry = referenceSnapshot(async (db: Db) => {
  const [partners, ambits] = await Promise.all([
    db.selectFrom('partner').selectAll().orderBy('id').execute(),
    db.selectFrom('partner_ambit').selectAll().orderBy('ambit_code').orderBy('partner_id').execute(),
  ]);
  return { partners, byId: new Map(partners.map((p) => [p.id, p])), ambits };
});

/** Drops the snapshot of the partner registry (the seed calls it). */
export const forgetPartnerRegistry = (db: Db) => registry.forget(db);

export const partnersById = async (db: Db, ids: readonly string[]): Promise<PartnerRow[]> => rowsByKeys((await registry.of(db)).byId, ids);
export const partnerAmbits = async (db: Db, ids: readonly string[]): Promise<RegionDatabase['partner_ambit'][]> => {
  const wanted = new Set(ids);
  return (await registry.of(db)).ambits.filter((a) => wanted.has(a.partner_id));
};
export const partnersOfAmbits = async (db: Db, ambitCodes: readonly string[]): Promise<(PartnerRow & { ambit_code: string })[]> => {
  const { byId, ambits } = await registry.of(db);
  const wanted = new Set(ambitCodes);
  return ambits
    .filter((a) => wanted.has(a.ambit_code) && byId.has(a.partner_id))
    .map((a) => ({ ...byId.get(a.partner_id)!, ambit_code: a.ambit_code }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
};
export const partnersOfSubgraphs = async (db: Db, subgraphs: readonly string[]): Promise<PartnerRow[]> => {
  const wanted = new Set(subgraphs);
  return (await registry.of(db)).partners.filter((p) => p.subgraph !== null && wanted.has(p.subgraph));
};

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
