// The audit trail of personal and pseudonymous data. Each subgraph that holds such data keeps
// an append-only `audit_record` table in its own database (a trigger refuses UPDATE and DELETE,
// and no code path issues them). A record says who asked, in which role, for which partner and
// purpose, which operation, which entity types and how many records — never the data itself.
import { sql, type Kysely } from 'kysely';
import { keysetPage, type PageArgs } from './pagination.ts';
import type { SubgraphContext, Viewer } from './context.ts';

export interface AuditRecordTable {
  id: import('kysely').Generated<number>;
  recorded_at: import('kysely').Generated<Date>;
  subgraph: string;
  store: string;
  subject: string | null;
  role: string;
  partner_id: string | null;
  ambit: string | null;
  purpose: string | null;
  operation_name: string | null;
  operation_hash: string | null;
  /** Entity type → records returned, e.g. {"CpiaParticipant": 20}. */
  entities: Record<string, number>;
  /** Fields refused to this caller, e.g. ["Participant.ialJobPath"]. */
  denied: string[];
  outcome: 'OK' | 'FORBIDDEN' | 'ERROR';
}

/** For a dated migration of a subgraph that holds personal or pseudonymous data. */
export async function createAuditTable(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_record')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('subgraph', 'text', (c) => c.notNull())
    .addColumn('store', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('partner_id', 'text')
    .addColumn('ambit', 'text')
    .addColumn('purpose', 'text')
    .addColumn('operation_name', 'text')
    .addColumn('operation_hash', 'text')
    .addColumn('entities', 'jsonb', (c) => c.notNull())
    .addColumn('denied', sql`text[]`, (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('OK', 'FORBIDDEN', 'ERROR')`))
    .execute();
  await db.schema.createIndex('audit_record_time_idx').on('audit_record').columns(['recorded_at', 'id']).execute();
  await sql`create function audit_record_is_append_only() returns trigger language plpgsql as $$
    begin raise exception 'audit_record is append-only'; end $$`.execute(db);
  await sql`create trigger audit_record_append_only before update or delete or truncate on audit_record
    for each statement execute function audit_record_is_append_only()`.execute(db);
}

/** What one request did with personal or pseudonymous data, collected while it runs. */
export class AuditCollector {
  private readonly entities = new Map<string, Map<string, number>>();
  private readonly deniedFields = new Set<string>();

  /** `count` records of `type` were returned from `store` (default: the subgraph's main database). */
  touched(type: string, count: number, store?: string): void {
    const key = store ?? '';
    const perStore = this.entities.get(key) ?? new Map<string, number>();
    perStore.set(type, (perStore.get(type) ?? 0) + count);
    this.entities.set(key, perStore);
  }

  denied(field: string): void {
    this.deniedFields.add(field);
  }

  get isEmpty(): boolean {
    return this.entities.size === 0 && this.deniedFields.size === 0;
  }

  /** Audit rows by store, ready to insert. */
  rows(subgraph: string, mainStore: string, viewer: Viewer, outcome: AuditRecordTable['outcome']) {
    const base = {
      subgraph,
      subject: viewer.subject ?? null,
      role: viewer.role,
      partner_id: viewer.partnerId ?? null,
      ambit: viewer.ambit ?? null,
      purpose: viewer.purpose ?? null,
      operation_name: viewer.operationName ?? null,
      operation_hash: viewer.operationHash ?? null,
      outcome,
    };
    const stores = this.entities.size ? [...this.entities.keys()] : [''];
    return stores.map((store, i) => ({
      ...base,
      store: store || mainStore,
      entities: JSON.stringify(Object.fromEntries(this.entities.get(store) ?? [])),
      // Denials belong to the request, not to a store: record them once.
      denied: i === 0 ? [...this.deniedFields] : [],
    }));
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function appendAuditRows(db: Kysely<any>, rows: ReturnType<AuditCollector['rows']>): Promise<void> {
  await db.insertInto('audit_record').values(rows).execute();
}

/**
 * Writes what the request collected, by store, once its result is known. Throws when the trail
 * cannot be written: callers must then withhold the result.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function writeAuditTrail(ctx: SubgraphContext<any>, errorCodes: readonly unknown[]): Promise<void> {
  if (ctx.audit.isEmpty) return;
  const outcome = errorCodes.includes('FORBIDDEN') ? 'FORBIDDEN' : errorCodes.length ? 'ERROR' : 'OK';
  const mainStore = Object.keys(ctx.stores)[0];
  const rows = ctx.audit.rows(ctx.subgraph, mainStore, ctx.viewer, outcome);
  for (const store of new Set(rows.map((r) => r.store))) {
    await appendAuditRows(ctx.stores[store], rows.filter((r) => r.store === store));
  }
}

export interface AuditFilter {
  from?: string | null;
  to?: string | null;
  subject?: string | null;
  partnerId?: string | null;
}

/** Audit records of one database, oldest first (keyset on id). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function auditRecordPage(db: Kysely<any>, filter: AuditFilter, args: PageArgs) {
  const audit = db as Kysely<{ audit_record: AuditRecordTable }>;
  let query = audit.selectFrom('audit_record').selectAll();
  if (filter.from) query = query.where('recorded_at', '>=', new Date(`${filter.from}T00:00:00Z`));
  if (filter.to) query = query.where('recorded_at', '<', new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000));
  if (filter.subject) query = query.where('subject', '=', filter.subject);
  if (filter.partnerId) query = query.where('partner_id', '=', filter.partnerId);
  return keysetPage(query, { orderBy: ['id'], key: (row) => [Number(row.id)], args });
}
