// BI clients' keys (migration 005): minted here, kept as the SHA-256 of the whole key, checked and
// audited on every use. The key is `pbk_<id>_<secret>`: the id names the key in lists and audit
// records without revealing anything that opens a feed.
import { createHash, randomBytes } from 'node:crypto';
import { keysetPage, type PageArgs, type Viewer } from '@pleiadi/kit';
import type { Kysely } from 'kysely';
import type { RegionDatabase } from '../types.ts';

type Db = Kysely<RegionDatabase>;
export type BiKeyRow = Omit<RegionDatabase['bi_client_key'], 'created_at'> & { created_at: Date };

export const BI_KEY_PREFIX = 'pbk_';

export function hashBiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export interface MintRequest {
  client: string;
  role: string;
  purpose: string;
  scopes: string[];
  expiresAt: Date;
}

/** Stores a new key and returns it with its row: the only time the key itself exists outside the caller. */
export async function mintBiKey(db: Db, viewer: Viewer, request: MintRequest): Promise<{ key: string; row: BiKeyRow }> {
  const id = randomBytes(6).toString('hex');
  const key = `${BI_KEY_PREFIX}${id}_${randomBytes(32).toString('base64url')}`;
  const row = await db
    .insertInto('bi_client_key')
    .values({
      id,
      secret_hash: hashBiKey(key),
      client: request.client,
      role: request.role,
      purpose: request.purpose,
      scopes: request.scopes,
      created_by: viewer.subject ?? null,
      expires_at: request.expiresAt,
      revoked_at: null,
      revoked_by: null,
      last_used_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { key, row: row as BiKeyRow };
}

/** Revokes a key by id; null when there is no such key. Revoking twice keeps the first time. */
export async function revokeBiKey(db: Db, viewer: Viewer, id: string): Promise<BiKeyRow | null> {
  await db
    .updateTable('bi_client_key')
    .set({ revoked_at: new Date(), revoked_by: viewer.subject ?? null })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
  const row = await db.selectFrom('bi_client_key').selectAll().where('id', '=', id).executeTakeFirst();
  return (row as BiKeyRow | undefined) ?? null;
}

export function biKeyPage(db: Db, filter: { client?: string | null }, args: PageArgs) {
  let query = db.selectFrom('bi_client_key').selectAll();
  if (filter.client) query = query.where('client', '=', filter.client);
  return keysetPage(query, { orderBy: ['id'], key: (row) => [row.id], args });
}

export type KeyStatus = 'VALID' | 'UNKNOWN' | 'REVOKED' | 'EXPIRED' | 'OUT_OF_SCOPE';

/** Whether scopes such as `bi:*` or `odata:IndicatorCells` cover a feed such as `bi:CpiaCourses`. */
export function scopeCovers(scopes: readonly string[], feed: string): boolean {
  const [door] = feed.split(':');
  return scopes.some((scope) => scope === '*' || scope === feed || scope === `${door}:*`);
}

/**
 * The key with this hash and whether it opens `feed` now; every use of a known key — allowed or
 * refused — is recorded before the answer leaves (if it cannot be, the check fails).
 */
export async function checkBiKey(db: Db, keyHash: string, feed: string, now = new Date()): Promise<{ status: KeyStatus; row: BiKeyRow | null }> {
  const row = (await db.selectFrom('bi_client_key').selectAll().where('secret_hash', '=', keyHash).executeTakeFirst()) as BiKeyRow | undefined;
  if (!row) return { status: 'UNKNOWN', row: null };
  const status: KeyStatus = row.revoked_at ? 'REVOKED' : new Date(row.expires_at) <= now ? 'EXPIRED' : scopeCovers(row.scopes, feed) ? 'VALID' : 'OUT_OF_SCOPE';
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('bi_client_key_use').values({ key_id: row.id, feed, outcome: status }).execute();
    if (status === 'VALID') await trx.updateTable('bi_client_key').set({ last_used_at: now }).where('id', '=', row.id).execute();
  });
  return { status, row };
}

export function biKeyUsePage(db: Db, keyId: string, args: PageArgs) {
  const query = db.selectFrom('bi_client_key_use').selectAll().where('key_id', '=', keyId);
  return keysetPage(query, { orderBy: ['id'], key: (row) => [Number(row.id)], args });
}
