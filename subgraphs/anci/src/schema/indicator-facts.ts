// ANCI's facts for the region's cross-partner indicators: the authorities supported (O.2.2).
// Not audited: they are about authorities, not people, and this database keeps no trail. For
// signed-in callers, like localAuthoritiesSupported, though the subgraph itself is public.
import { NO_FACTS } from '@pleiadi/kit';
import { indicatorFacts } from '../builder.ts';
import { hasFacts, indicatorFacts as factsOf } from '../db/repositories/indicator-facts.ts';

indicatorFacts('anciIndicatorFacts', (key, ctx) => (hasFacts(key) ? factsOf(ctx.db, key) : Promise.resolve(NO_FACTS)), { audited: false, signedIn: true });
