// Checking and pruning a store's audit chain (see audit-chain.ts): `verifyAuditChain` walks every
// record in id order and reports the first broken link; `applyAuditRetention` removes the records
// older than the retention the one way the append-only trigger allows, leaving an anchor so that
// what remains still verifies. Reports hold ids and hashes only, never personal data.
import { sql, type Kysely } from 'kysely';
import { AUDIT_APPEND_LOCK, auditRecordHash, chainedRecords, GENESIS_HASH } from './audit-chain.ts';
import type { AuditRecordTable } from './audit.ts';

export interface AuditChainReport {
  records: number;
  /** The last record and its hash: keep it outside the database to detect a wholesale rewrite. */
  head: { id: string; hash: string } | null;
  /** The first broken link, or null when the chain holds. */
  broken: { id: string; problem: string } | null;
}

const short = (hash: string | null) => (hash ? `${hash.slice(0, 16)}…` : 'none');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function verifyAuditChain(db: Kysely<any>, options: { batch?: number } = {}): Promise<AuditChainReport> {
  const { rows: anchors } = await sql<{ id: string; anchor_id: string; anchor_hash: string }>`
    select id::text as id, anchor_id::text as anchor_id, anchor_hash from audit_record
    where kind = 'RETENTION' order by audit_record.anchor_id desc`.execute(db);
  let records = 0;
  let previous: { id: string; hash: string | null } | null = null;
  for await (const record of chainedRecords(db, options.batch)) {
    records += 1;
    let expected: string | null;
    let source: string;
    if (previous) {
      expected = previous.hash;
      source = `the hash of record ${previous.id} (a record between them was removed or inserted, or record ${previous.id} was rewritten)`;
    } else {
      // The first kept record follows the last one the newest applicable anchor says was removed.
      const anchor = anchors.find((a) => BigInt(a.anchor_id) < BigInt(record.id));
      expected = anchor ? anchor.anchor_hash : GENESIS_HASH;
      source = anchor
        ? `the hash retention anchor ${anchor.id} kept of removed record ${anchor.anchor_id} (records were removed beyond the anchor)`
        : 'the genesis hash (earlier records were removed without a retention anchor)';
    }
    if (record.prev_hash !== expected) {
      return { records, head: null, broken: { id: record.id, problem: `its previous hash ${short(record.prev_hash)} differs from ${short(expected)}, ${source}` } };
    }
    const computed = auditRecordHash(record);
    if (record.hash !== computed) {
      return {
        records,
        head: null,
        broken: { id: record.id, problem: `its stored hash ${short(record.hash)} differs from ${short(computed)}, the hash of its contents (the record was altered after it was written)` },
      };
    }
    previous = { id: record.id, hash: record.hash };
  }
  return { records, head: previous && { id: previous.id, hash: previous.hash! }, broken: null };
}

export interface RetentionResult {
  removed: number;
  /** The anchor record appended, and the last record it says was removed; null when nothing was old enough. */
  anchorId: string | null;
  removedThrough: string | null;
}

/**
 * Removes the records older than `days` (fractions allowed) from one store: appends an anchor
 * naming the last of them (the database fills in its hash), then deletes them, in one
 * transaction under the append lock, so no append can fall between the two.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function applyAuditRetention(db: Kysely<any>, options: { days: number; subgraph: string; store: string }): Promise<RetentionResult> {
  if (!(options.days >= 0) || !Number.isFinite(options.days)) throw new Error('The audit retention must be a number of days, 0 or more.');
  const audit = db as Kysely<{ audit_record: AuditRecordTable }>;
  return audit.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${sql.lit(AUDIT_APPEND_LOCK)})`.execute(trx);
    // A prefix of the chain only: everything before the first record young enough to keep.
    const { rows } = await sql<{ last: string | null; n: number }>`
      with keep as (select min(id) as first from audit_record where recorded_at >= clock_timestamp() - ${options.days} * interval '1 day')
      select max(id)::text as last, count(*)::int as n from audit_record where id < coalesce((select first from keep), 9223372036854775807)`.execute(trx);
    const { last, n } = rows[0];
    if (!last) return { removed: 0, anchorId: null, removedThrough: null };
    const anchor = await trx
      .insertInto('audit_record')
      .values({
        subgraph: options.subgraph, store: options.store, kind: 'RETENTION', anchor_id: Number(last), role: 'system', subject: null,
        partner_id: null, ambit: null, purpose: null, operation_name: 'audit-retention', operation_hash: null,
        entities: JSON.stringify({ AuditRecord: n }) as never, denied: [], outcome: 'OK',
      })
      .returning(sql<string>`id::text`.as('id'))
      .executeTakeFirstOrThrow();
    const deleted = await trx.deleteFrom('audit_record').where('id', '<=', Number(last)).executeTakeFirst();
    return { removed: Number(deleted.numDeletedRows), anchorId: anchor.id, removedThrough: last };
  });
}
