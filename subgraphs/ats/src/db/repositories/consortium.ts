// The partner → ambit routing table. Every store holds the same reference rows, so the first
// store that answers can route a partner's question; only the partner's own stores are then read.
import { dataSourceUnavailable, ErrorCode, type AmbitCode } from '@pleiadi/kit';
import { isAmbitCode, onStore, OWNER, STORES, ambitOfStore, type Stores } from '../stores.ts';

/** The ambits each partner leads the consortium of; partners leading none get an empty list. */
export async function ambitsLedBy(stores: Stores, partnerIds: readonly string[]): Promise<Map<string, AmbitCode[]>> {
  for (const name of STORES) {
    const db = stores[name];
    if (!db) continue;
    try {
      const rows = await onStore({ ambit: ambitOfStore(name), name, db }, (store) =>
        store.selectFrom('consortium').select(['ambit_code', 'lead_partner_id']).where('lead_partner_id', 'in', partnerIds).orderBy('ambit_code').execute(),
      );
      const led = new Map<string, AmbitCode[]>(partnerIds.map((id) => [id, []]));
      for (const row of rows) if (isAmbitCode(row.ambit_code)) led.get(row.lead_partner_id)?.push(row.ambit_code);
      return led;
    } catch (error) {
      // That store is down: any other holds the same rows.
      if ((error as { extensions?: { code?: unknown } }).extensions?.code !== ErrorCode.DATA_SOURCE_UNAVAILABLE) throw error;
    }
  }
  throw dataSourceUnavailable(OWNER);
}
