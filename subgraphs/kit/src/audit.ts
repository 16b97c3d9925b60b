// The audit trail of personal and pseudonymous data. Each subgraph that holds such data keeps
// an append-only `audit_record` table in its own database (a trigger refuses UPDATE, TRUNCATE and
// any DELETE but retention's, see audit-chain.ts). A record says who asked, in which role, for
// which partner and purpose, which operation, which entity types and how many records, and which
// of the owner's participants (their ids in this database, so the owner can answer "who read my
// data") — never the data itself. Each record carries the hash of the one before it.
import { sql, type Generated, type Kysely, type Selectable } from 'kysely';
import { badUserInput } from './errors.ts';
import { isValidFiscalCode } from './fiscal-code.ts';
import { keysetPage, readPageArgs, type Page, type PageArgs } from './pagination.ts';
import type { ParticipantTable } from './participants.ts';
import { normaliseFiscalCode } from './pseudonym.ts';
import type { Viewer } from './viewer.ts';

export interface AuditRecordTable {
  id: Generated<number>;
  recorded_at: Generated<Date>;
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
  /** ACCESS: a request; RETENTION: the anchor left by removing older records. */
  kind: Generated<'ACCESS' | 'RETENTION'>;
  /** Ids, in this database's `participant` table, of the people the request read; sorted. */
  participants: Generated<number[]>;
  /** For RETENTION: the last removed record, and its hash (filled in by the database). */
  anchor_id: Generated<number | null>;
  anchor_hash: Generated<string | null>;
  /** The chain, filled in by the database on insert (see audit-chain.ts). */
  prev_hash: Generated<string>;
  hash: Generated<string>;
}

/** What the GraphQL AuditRecord shows: never the participants, nor the chain. */
export const AUDIT_RECORD_COLUMNS = [
  'id', 'recorded_at', 'subgraph', 'store', 'subject', 'role', 'partner_id', 'ambit', 'purpose',
  'operation_name', 'operation_hash', 'entities', 'denied', 'outcome',
] as const;
export type AuditRecordRow = Pick<Selectable<AuditRecordTable>, (typeof AUDIT_RECORD_COLUMNS)[number]>;

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
  private readonly people = new Map<string, Set<number>>();
  private readonly deniedFields = new Set<string>();

  /** `count` records of `type` were returned from `store` (default: the subgraph's main database). */
  touched(type: string, count: number, store?: string): void {
    const key = store ?? '';
    const perStore = this.entities.get(key) ?? new Map<string, number>();
    perStore.set(type, (perStore.get(type) ?? 0) + count);
    this.entities.set(key, perStore);
  }

  /**
   * The request read these participants (ids of the `participant` table of `store`): recorded in
   * that store's trail only, so each owner can tell a person who read their records.
   */
  readParticipants(ids: Iterable<number>, store?: string): void {
    const key = store ?? '';
    const perStore = this.people.get(key) ?? new Set<number>();
    for (const id of ids) perStore.add(id);
    // Reading nobody adds no record of its own.
    if (perStore.size) this.people.set(key, perStore);
  }

  denied(field: string): void {
    this.deniedFields.add(field);
  }

  get isEmpty(): boolean {
    return this.entities.size === 0 && this.people.size === 0 && this.deniedFields.size === 0;
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
    const keys = new Set([...this.entities.keys(), ...this.people.keys()]);
    const stores = keys.size ? [...keys] : [''];
    return stores.map((store, i) => ({
      ...base,
      store: store || mainStore,
      entities: JSON.stringify(Object.fromEntries(this.entities.get(store) ?? [])),
      participants: [...(this.people.get(store) ?? [])].sort((a, b) => a - b),
      // Denials belong to the request, not to a store: record them once.
      denied: i === 0 ? [...this.deniedFields] : [],
    }));
  }
}

/** One statement: the database's insert trigger serialises appends and chains each row (audit-chain.ts). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function appendAuditRows(db: Kysely<any>, rows: ReturnType<AuditCollector['rows']>): Promise<void> {
  await db
    .insertInto('audit_record')
    .values(rows.map((row) => ({ ...row, participants: sql`${row.participants}::integer[]` })))
    .execute();
}

/** What writing a request's trail needs of it: a subgraph context has it all. */
export interface AuditedRequest {
  subgraph: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  stores: Readonly<Record<string, Kysely<any>>>;
  viewer: Viewer;
  audit: AuditCollector;
}

/**
 * Writes what the request collected, by store, once its result is known. Throws when the trail
 * cannot be written: callers must then withhold the result.
 */
export async function writeAuditTrail(ctx: AuditedRequest, errorCodes: readonly unknown[]): Promise<void> {
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
  let query = datedRecords(db, filter);
  if (filter.subject) query = query.where('subject', '=', filter.subject);
  if (filter.partnerId) query = query.where('partner_id', '=', filter.partnerId);
  return keysetPage(query, { orderBy: ['id'], key: (row) => [Number(row.id)], args });
}

/**
 * The records of the requests that read one participant (their id in this database), oldest
 * first: who read them, in which role, for which partner and purpose, with which operation, when.
 * No participant (a fiscal code nobody here has): an empty page, the page arguments still checked.
 */
export function participantAuditPage(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  participantId: number | null,
  range: Pick<AuditFilter, 'from' | 'to'>,
  args: PageArgs,
): Promise<Page<AuditRecordRow>> {
  if (participantId === null) {
    readPageArgs(args, 1);
    return Promise.resolve({ nodes: [], cursors: [], hasNextPage: false, hasPreviousPage: Boolean(args.after), totalCount: () => 0 });
  }
  const query = datedRecords(db, range).where(sql<boolean>`participants @> array[${participantId}]::integer[]`);
  return keysetPage(query, { orderBy: ['id'], key: (row) => [Number(row.id)], args });
}

/** How a person's request names them to the partner that holds their data. */
export interface AuditedParticipantInput {
  /** The partner's own id of the participant. */
  id?: string | number | null;
  /** Their fiscal code: normalised here, looked up in this database, never stored or echoed. */
  fiscalCode?: string | null;
}

/**
 * This database's participant id for a person's request: exactly one of the owner's id (checked
 * by `parseId`, null for one that cannot exist here) or a fiscal code; null when the fiscal code
 * is nobody's here. Messages never repeat what was given.
 */
export async function auditedParticipantId(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  input: AuditedParticipantInput,
  parseId: (id: string) => number | null,
): Promise<number | null> {
  if ((input.id == null) === (input.fiscalCode == null)) throw badUserInput('Name the participant by exactly one of "id" or "fiscalCode".', 'participant');
  if (input.id != null) return parseId(String(input.id));
  const code = normaliseFiscalCode(input.fiscalCode!);
  if (!isValidFiscalCode(code)) throw badUserInput('"fiscalCode" is not a valid Italian fiscal code (16 characters with a matching check character).', 'fiscalCode');
  const people = db as Kysely<{ participant: ParticipantTable }>;
  const row = await people.selectFrom('participant').select('id').where('fiscal_code', '=', code).executeTakeFirst();
  return row ? row.id : null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function datedRecords(db: Kysely<any>, filter: Pick<AuditFilter, 'from' | 'to'>) {
  const audit = db as Kysely<{ audit_record: AuditRecordTable }>;
  let query = audit.selectFrom('audit_record').select(AUDIT_RECORD_COLUMNS);
  if (filter.from) query = query.where('recorded_at', '>=', new Date(`${filter.from}T00:00:00Z`));
  if (filter.to) query = query.where('recorded_at', '<', new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000));
  return query;
}
