// Who is an ambit consortium's own operator. Each ambit has its own database and its own
// consortium, led by a partner of the registry (the `consortium` rows every store holds:
// dimora-abramo for EMILIA_NORD, cidas for EMILIA_CENTRO_ORIENTALE and ROMAGNA, arcolaio for
// BOLOGNA). An operator's token names its partner and its ambit; it is the consortium's own
// operator when its partner leads the consortium of that ambit, and then reads that ambit's
// database only. A consortium operator without an ambit claim is nobody's own operator.
import type { Viewer } from '@pleiadi/kit';
import type { Context } from '../builder.ts';
import { leadOfAmbit } from '../db/repositories/participants.ts';
import { isAmbitCode, onStore, storeFor, type Store } from '../db/stores.ts';

/** A partner id no operator has: the scope of a caller who is nobody's own operator. */
const NOBODY = '(no consortium of this ambit)';

// Per request: the lead partner of the caller's ambit, read once from that ambit's own store.
const leads = new WeakMap<Context, Promise<string | null>>();

/** The partner leading the consortium of the caller's ambit; null for callers who are not operators of an ambit. */
function leadOfCallersAmbit(ctx: Context): Promise<string | null> {
  const { role, ambit, partnerId } = ctx.viewer;
  if (role !== 'partner' || !partnerId || !ambit || !isAmbitCode(ambit)) return Promise.resolve(null);
  let lead = leads.get(ctx);
  if (!lead) {
    const store = storeFor(ctx.stores, ambit);
    lead = onStore(store, (db) => leadOfAmbit(db, ambit));
    leads.set(ctx, lead);
  }
  return lead;
}

/**
 * The scope of every field that returns the consortium's participants in full: operators of the
 * partner leading the consortium of the ambit their token names. A `partner` scope, so that a
 * refusal goes into the audit trail.
 */
export async function ownOperators(ctx: Context): Promise<{ partner: string }> {
  return { partner: (await leadOfCallersAmbit(ctx)) ?? NOBODY };
}

/** The same scope, for a row of one ambit: only that ambit's own operators. */
export async function ownOperatorsOf(ambit: string, ctx: Context): Promise<{ partner: string }> {
  return ambit === ctx.viewer.ambit ? ownOperators(ctx) : { partner: NOBODY };
}

/** The store the caller is the own operator of, or null. */
export async function ownStore(ctx: Context): Promise<Store | null> {
  const lead = await leadOfCallersAmbit(ctx);
  const viewer: Viewer = ctx.viewer;
  if (!lead || lead !== viewer.partnerId || !viewer.ambit || !isAmbitCode(viewer.ambit)) return null;
  return storeFor(ctx.stores, viewer.ambit);
}
