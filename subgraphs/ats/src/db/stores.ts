// One database per ambit: which store holds an ambit's data, how a global id names a row in one
// store, and how a store that cannot be reached fails only the fields that need it.
import {
  AMBIT_CODES,
  badUserInput,
  dataSourceUnavailable,
  defaultAmbitOf,
  isConnectionError,
  municipalityByCode,
  type AmbitCode,
} from '@pleiadi/kit';
import type { Kysely } from 'kysely';
import type { AtsDatabase } from './types.ts';

export const OWNER = 'ambit consortia (ATS)';

/** The store (database) of an ambit: ats_emilia_nord, ats_emilia_centro_orientale, ats_bologna, ats_romagna. */
export function storeOf(ambit: AmbitCode): string {
  return `ats_${ambit.toLowerCase()}`;
}

export const STORES: readonly string[] = AMBIT_CODES.map(storeOf);

export function ambitOfStore(store: string): AmbitCode {
  const ambit = AMBIT_CODES.find((code) => storeOf(code) === store);
  if (!ambit) throw new Error(`${store} is not a store of the ats subgraph (expected one of ${STORES.join(', ')})`);
  return ambit;
}

export function isAmbitCode(code: string): code is AmbitCode {
  return (AMBIT_CODES as readonly string[]).includes(code);
}

/** The ambit whose consortium serves a municipality, by its province; undefined outside the region. */
export function ambitOfMunicipality(istatCode: string): AmbitCode | undefined {
  const municipality = municipalityByCode(istatCode);
  return municipality && defaultAmbitOf(municipality);
}

export type Stores = Readonly<Record<string, Kysely<AtsDatabase>>>;

export interface Store {
  ambit: AmbitCode;
  name: string;
  db: Kysely<AtsDatabase>;
}

export function storeFor(stores: Stores, ambit: AmbitCode): Store {
  const name = storeOf(ambit);
  const db = stores[name];
  // A deployment without one of the databases answers as if that database were down.
  if (!db) throw dataSourceUnavailable(OWNER, name);
  return { ambit, name, db };
}

/** Runs `work` on one store; an unreachable database becomes DATA_SOURCE_UNAVAILABLE naming that store. */
export async function onStore<T>(store: Store, work: (db: Kysely<AtsDatabase>) => Promise<T>): Promise<T> {
  try {
    return await work(store.db);
  } catch (error) {
    if (isConnectionError(error)) throw dataSourceUnavailable(OWNER, store.name);
    throw error;
  }
}

/** A row read from a store, marked with the ambit of that store. */
export type InAmbit<Row> = Row & { ambit: AmbitCode };

export function withAmbit<Row>(ambit: AmbitCode, rows: readonly Row[]): InAmbit<Row>[] {
  return rows.map((row) => ({ ...row, ambit }));
}

/** Global ids carry the ambit, so a lookup goes straight to one store: BOLOGNA:42. */
export function globalId(row: { ambit: AmbitCode; id: number }): string {
  return `${row.ambit}:${row.id}`;
}

const GLOBAL_ID = /^([A-Z][A-Z_]{1,39}):([1-9][0-9]{0,15})$/;
const MAX_SERIAL = 2_147_483_647;

/**
 * The store and row id named by a global id; null when it is well-formed but cannot exist (an
 * ambit that is not one of the four, a number beyond any row id). Malformed ids are bad input.
 */
export function parseGlobalId(id: string, argument = 'id'): { ambit: AmbitCode; id: number } | null {
  const match = GLOBAL_ID.exec(id);
  if (!match) throw badUserInput(`"${id.slice(0, 40)}" is not an ATS id: expected AMBIT:number, e.g. BOLOGNA:42.`, argument);
  const local = Number(match[2]);
  return isAmbitCode(match[1]) && local <= MAX_SERIAL ? { ambit: match[1], id: local } : null;
}
