// Reads of campaign events: info days, public meetings, workshops… each in one municipality.
import { groupedPages, keysetPage, type PageArgs } from '@pleiadi/kit';
import { sql, type Kysely } from 'kysely';
import type { CommsDatabase, EventKind } from '../types.ts';
import type { DateRange } from './campaigns.ts';
import { municipalitiesOfAmbit } from './territory.ts';

export type EventRow = Omit<CommsDatabase['event'], 'id'> & { id: number };

export interface EventFilter extends DateRange {
  kind?: EventKind | null;
  municipalityCode?: string | null;
  ambitCode?: string | null;
}

function filtered(db: Kysely<CommsDatabase>, filter: EventFilter) {
  let query = db.selectFrom('event').selectAll();
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.municipalityCode) query = query.where('municipality_code', '=', filter.municipalityCode);
  if (filter.ambitCode) query = query.where(sql<boolean>`municipality_code = any(${sql.val(municipalitiesOfAmbit(filter.ambitCode))})`);
  if (filter.from) query = query.where('held_on', '>=', filter.from);
  if (filter.to) query = query.where('held_on', '<=', filter.to);
  return query;
}

export function eventsById(db: Kysely<CommsDatabase>, ids: readonly number[]): Promise<EventRow[]> {
  return db.selectFrom('event').selectAll().where('id', 'in', ids).execute();
}

export function eventPage(db: Kysely<CommsDatabase>, filter: EventFilter, args: PageArgs) {
  return keysetPage(filtered(db, filter), { orderBy: ['held_on', 'id'], key: (row) => [row.held_on, row.id], args });
}

/** Events of many parents (campaigns or municipalities) in date order, a page per parent. */
export function eventPagesOf<K extends 'campaign_id' | 'municipality_code'>(
  db: Kysely<CommsDatabase>,
  parentColumn: K,
  parents: readonly EventRow[K][],
  filter: EventFilter,
  args: PageArgs,
) {
  return groupedPages(db, filtered(db, filter), {
    parentColumn,
    parentKey: (row) => row[parentColumn],
    parents,
    orderBy: ['held_on', 'id'],
    args,
  });
}
