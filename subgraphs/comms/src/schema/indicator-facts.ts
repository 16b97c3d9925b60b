// Media Group98's facts for the region's cross-partner indicators: the information packages and
// campaigns of O.2.4. Not audited: this database holds no people, and keeps no trail.
import { NO_FACTS } from '@pleiadi/kit';
import { indicatorFacts } from '../builder.ts';
import { hasFacts, indicatorFacts as factsOf } from '../db/repositories/indicator-facts.ts';

indicatorFacts('commsIndicatorFacts', (key, ctx) => (hasFacts(key) ? factsOf(ctx.db, key) : Promise.resolve(NO_FACTS)), { audited: false });
