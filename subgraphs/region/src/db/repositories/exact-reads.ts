// The region's audit of exact indicator figures (migration 004): one append-only row per read of
// true counts of people under the official-statistics purpose. Written before the figures leave:
// if it cannot be written, they do not leave.
import { keysetPage, type PageArgs, type Viewer } from '@pleiadi/kit';
import type { Kysely } from 'kysely';
import type { RegionDatabase } from '../types.ts';

type Db = Kysely<RegionDatabase>;

export interface ExactRead {
  from: string;
  to: string;
  action: string | null;
  /** e.g. REGION:EMILIA_ROMAGNA, MUNICIPALITY:037006 — territorial units, never people. */
  scopes: string[];
}

export async function recordExactRead(db: Db, viewer: Viewer, read: ExactRead): Promise<void> {
  await db
    .insertInto('exact_figure_read')
    .values({
      subject: viewer.subject ?? null,
      role: viewer.role,
      purpose: viewer.purpose ?? '',
      operation_name: viewer.operationName ?? null,
      operation_hash: viewer.operationHash ?? null,
      period_from: read.from,
      period_to: read.to,
      action: read.action,
      scopes: read.scopes,
    })
    .execute();
}

/** The reads, oldest first, optionally of one day range (UTC) or one subject. */
export function exactReadPage(db: Db, filter: { from?: string | null; to?: string | null; subject?: string | null }, args: PageArgs) {
  let query = db.selectFrom('exact_figure_read').selectAll();
  if (filter.from) query = query.where('recorded_at', '>=', new Date(`${filter.from}T00:00:00Z`));
  if (filter.to) query = query.where('recorded_at', '<', new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000));
  if (filter.subject) query = query.where('subject', '=', filter.subject);
  return keysetPage(query, { orderBy: ['id'], key: (row) => [Number(row.id)], args });
}
