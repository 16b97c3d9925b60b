// IAL's part of the regional tables' cross-partner indicators: `ialIndicatorFacts` on the region's
// IndicatorReport, @inaccessible, read only by the region's figures that @require it. Every IAL
// activity is Azione 02 (IAL_ACTION_CODE); a report on another action gets no facts.
// Rules (place: the municipality of the job path's office):
//   SUPPORT_ACTIVITY     a job path open at some time in the period
//   PERSONAL_GUIDANCE    an individual guidance session held in the period
//   RECOGNITION_APPLIED  an application to recognise a qualification submitted in the period
//   INTEGRATION_HELPED   answered in the period that the path helped their integration
import { indicatorFacts } from '../builder.ts';
import { indicatorFactsOf } from '../db/repositories/indicator-facts.ts';

indicatorFacts('ialIndicatorFacts', (key, ctx) => indicatorFactsOf(ctx.db, key));
