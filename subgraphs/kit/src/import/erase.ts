// Erasure of a person (GDPR art. 17) from a partner's own database: the person, found by fiscal
// code or by the partner's source id, and everything hanging off them go in one transaction, which
// also appends a record to the audit trail saying that an erasure happened and how many records
// of each kind went — never who, nor any of the data.
import { sql, type Kysely } from 'kysely';
import { appendAuditRows } from '../audit.ts';
import type { Viewer } from '../context.ts';
import { normaliseFiscalCode } from '../pseudonym.ts';
import type { ImportReport, PartnerImports } from './table.ts';

export type PersonRef = { fiscalCode: string } | { sourceId: string };

export interface ErasureReport {
  found: boolean;
  /** Records removed by kind, e.g. { participant: 1, enrolment: 3 }. */
  removed: Record<string, number>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function erasePerson(db: AnyDb, partner: PartnerImports, store: string, who: PersonRef, actor: Viewer): Promise<ErasureReport> {
  if (!partner.erase) throw new Error(`${partner.subgraph} holds no people to erase.`);
  return db.transaction().execute(async (tx) => {
    const match = 'fiscalCode' in who ? sql`fiscal_code = ${normaliseFiscalCode(who.fiscalCode)}` : sql`source_id = ${who.sourceId}`;
    const { rows } = await sql<{ id: number }>`select id from participant where ${match} for update`.execute(tx);
    if (!rows.length) return { found: false, removed: {} };
    const removed = await partner.erase!(tx as never, { participantId: rows[0].id });
    await sql`delete from participant where id = ${rows[0].id}`.execute(tx);
    removed.participant = 1;
    if (partner.audited) await appendAuditRows(tx, [auditRow(partner.subgraph, store, actor, 'erasure', removed)]);
    return { found: true, removed };
  });
}

/** One audit record of an import or erasure: who ran it and how many records of which kind. */
export function auditRow(subgraph: string, store: string, actor: Viewer, operation: string, entities: Record<string, number>, outcome: 'OK' | 'FORBIDDEN' | 'ERROR' = 'OK') {
  return {
    subgraph,
    store,
    subject: actor.subject ?? null,
    role: actor.role,
    partner_id: actor.partnerId ?? null,
    ambit: actor.ambit ?? null,
    purpose: actor.purpose ?? null,
    operation_name: operation,
    operation_hash: null,
    entities: JSON.stringify(entities),
    participants: [] as number[],
    denied: [] as string[],
    outcome,
  };
}

/** Records an import run in the trail of a partner that keeps one (counts only). */
export async function auditImport(db: AnyDb, partner: PartnerImports, store: string, actor: Viewer, report: ImportReport): Promise<void> {
  if (!partner.audited) return;
  const operation = `${report.dryRun ? 'import-dry-run' : 'import'}:${report.table}`;
  const entities = { inserted: report.inserted, updated: report.updated, unchanged: report.unchanged, rejected: report.rejected };
  await appendAuditRows(db, [auditRow(partner.subgraph, store, actor, operation, entities, report.committed || report.dryRun ? 'OK' : 'ERROR')]);
}
