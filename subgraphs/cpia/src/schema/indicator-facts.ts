// The network's part of the regional tables' cross-partner indicators: `cpiaIndicatorFacts` on the
// region's IndicatorReport, @inaccessible, read only by the region's figures that @require it.
// Rules (place: the municipality of the course's site; action: the course's):
//   SUPPORT_ACTIVITY   enrolled, whatever the status, by the period's end in a course running in it
//   LANGUAGE_COURSE    the same, for an Italian L2 course
//   CIVIC_ORIENTATION  the same, for a civic orientation course
//   LANGUAGE_LEVEL_IMPROVED  left an Italian L2 course that ended in the period at least one CEFR level above entry
//   INTEGRATION_HELPED answered in the period that the course helped their integration
import { indicatorFacts } from '../builder.ts';
import { indicatorFactsOf } from '../db/repositories/indicator-facts.ts';

indicatorFacts('cpiaIndicatorFacts', (key, ctx) => indicatorFactsOf(ctx.db, key));
