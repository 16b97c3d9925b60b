// The ambit consortia's facts for the region's cross-partner indicators: every ambit's database
// is read, one statement each and in parallel, and the rows are handed back together. A person
// served in two ambits gives rows from both; the region de-duplicates them by their subject.
import { AMBIT_CODES } from '@pleiadi/kit';
import { indicatorFacts } from '../builder.ts';
import { hasFacts, indicatorFacts as factsOfStore } from '../db/repositories/indicator-facts.ts';
import { onStore, storeFor } from '../db/stores.ts';

indicatorFacts('atsIndicatorFacts', async (key, ctx) => {
  if (!hasFacts(key)) return [];
  // A store that is down fails the field: facts without one ambit would give wrong figures.
  const stores = AMBIT_CODES.map((ambit) => storeFor(ctx.stores, ambit));
  const perStore = await Promise.all(stores.map((store) => onStore(store, (db) => factsOfStore(db, key))));
  return perStore;
});
