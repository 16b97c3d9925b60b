// The adversary of issues 13 and 20 against the whole federation on the demo population: it
// collects every territorial unit of every people indicator, for a year, a quarter and arbitrary
// windows, each alone and with the three action reports, and runs the sound interval solver and
// the differencing of cumulative windows. On the old method (reference mode: threshold and
// complementary suppression of the exact figures, not served any more) it pins small counts — so
// it is able to find them; on what is served it pins none. `npm run attack:indicators` runs the
// same at 100,000 people.
import { maxNoiseFor } from '@pleiadi/region/perturbation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAttack, type AttackFigures } from '../src/attack/run.ts';
import { BI_CALLER, REGION_CALLER, refusal, withActions } from '../src/attack/tables.ts';
import { startFederation, type Federation } from '../src/federation.ts';

const THRESHOLD = 5;
const WINDOWS = [{ from: '2026-02-10', to: '2026-05-20' }];

let federation: Federation;
let figures: AttackFigures;
beforeAll(async () => {
  federation = await startFederation({ databases: 'test', demo: true });
  figures = await runAttack(federation, {
    threshold: THRESHOLD,
    // Each set is solved with its action reports: more relations pin at least as much as fewer, so
    // what holds for a report with its actions holds for it alone. (The quarter, more windows and
    // more days: npm run attack:indicators.)
    sets: [
      { name: '2026', caller: BI_CALLER, specs: withActions({ code: '2026' }) },
      { name: 'window', caller: REGION_CALLER, specs: WINDOWS.flatMap(withActions) },
    ],
    days: ['2026-03-10'],
    // The indicators with the most small cells (any, every partner, one partner); all seven at scale.
    indicators: ['O.2.3', 'O.2.3.2', 'R.2.10'],
  });
}, 240_000);
afterAll(() => federation?.stop());

describe('the interval solver (issue 20)', () => {
  it('is sound: no true value ever falls outside the bounds it derives, in any mode', () => {
    for (const set of figures.sets) for (const mode of [set.reference, set.unmarked, set.served]) expect(mode.wrong, `${set.name} ${mode.mode}`).toBe(0);
  });

  it('pins small counts on the old method, with the withheld reasons and with one mark', () => {
    const reference = figures.sets.map((s) => s.reference.pinnedSmall);
    expect(reference.every((n) => n > 0), `pinned per set: ${reference}`).toBe(true);
    expect(figures.sets.reduce((n, s) => n + s.unmarked.pinnedSmall, 0)).toBeGreaterThan(0);
    expect(figures.sets[0].reference.example).toMatch(/ = [1-4]$/);
  });

  it('pins no count of 1..threshold-1 people in what a BI tool or the region is served, alone or with the action reports', () => {
    for (const set of figures.sets) {
      expect(set.served.smallTried, set.name).toBeGreaterThan(100);
      expect(set.served.pinnedSmall, `${set.name}: ${set.served.example}`).toBe(0);
      // How close it gets: at least two values remain possible for every small cell.
      expect(set.served.smallestWidth, set.name).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('differencing two cumulative windows (issue 13)', () => {
  it('gave the old method\u2019s withheld day counts away; gives only noise now', () => {
    const { reference, served } = figures.differencing!;
    expect(reference.tried).toBeGreaterThan(0);
    expect(reference.guessedRight).toBeGreaterThan(0);
    expect(served.tried).toBeGreaterThan(20);
    expect(served.certain).toBe(0);
    expect(served.meanAbsoluteError).toBeGreaterThan(0.5);
  });

  it('is refused to a BI tool, which gets the published periods only', async () => {
    for (const period of [...WINDOWS, { from: '2026-01-01', to: '2026-03-10' }]) expect(await refusal(federation, BI_CALLER, { period, action: null })).toBe('FORBIDDEN');
    expect(await refusal(federation, BI_CALLER, { period: { from: '2026-01-01', to: '2026-03-31' }, action: null })).toBeNull();
  });
});

describe('the noise served', () => {
  it('stays within the stated maximum, unbiased, in cells and in sums of cells', () => {
    const { noise } = figures;
    expect(noise.peopleCells).toBeGreaterThan(5_000);
    expect(Math.abs(noise.peopleBias)).toBeLessThan(0.1);
    expect(noise.largest).toBeLessThanOrEqual(maxNoiseFor(THRESHOLD));
    expect(noise.largest).toBeGreaterThan(2);
    expect(Math.abs(noise.bias)).toBeLessThan(0.1);
    expect(Math.abs(noise.sumBias)).toBeLessThan(1);
    // A total and its parts are perturbed apart: they differ, by little.
    expect(noise.totalVersusParts).toBeGreaterThan(0);
  });
});
