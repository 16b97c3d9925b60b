// `npm run attack:indicators -- [--participants 100000] [--seed 1] [--server postgres://…] [--fresh] [--demo]`
// The adversary of issues 13 and 20 at scale: on the benchmark's generated population in PostgreSQL
// (or, with --demo, the demo population in fresh test databases), it collects through the gateway
// every territorial unit of every people indicator for a year, a quarter and arbitrary windows, each
// with its three action reports, runs the sound interval solver on the old method (reference mode)
// and on what is served, and differences cumulative windows day by day. Prints what it finds.
import { parseArgs } from 'node:util';
import { maxNoiseFor, NOISE_VARIANCE } from '@pleiadi/region/perturbation';
import { runAttack, describeTable, type AttackPlan } from './attack/run.ts';
import { BI_CALLER, REGION_CALLER, refusal, withActions } from './attack/tables.ts';
import { prepareBenchData } from './bench/data.ts';
import { startFederation } from './federation.ts';

const { values: args } = parseArgs({
  options: {
    participants: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    server: { type: 'string', default: process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres' },
    fresh: { type: 'boolean', default: false },
    demo: { type: 'boolean', default: false },
    threshold: { type: 'string', default: process.env.PLEIADI_SMALL_COUNT_THRESHOLD || '5' },
  },
});

const WINDOWS = [
  { from: '2026-02-10', to: '2026-05-20' },
  { from: '2025-11-03', to: '2026-03-15' },
  { from: '2026-06-01', to: '2026-06-30' },
];
const DAYS = ['2026-02-17', '2026-03-10', '2026-04-21', '2026-05-12', '2026-06-16'];

async function main() {
  const threshold = Number(args.threshold);
  const started = performance.now();
  const participants = Number(args.participants);
  const databases = args.demo ? 'test' : await prepareBenchData({ server: args.server, participants, seed: Number(args.seed), fresh: args.fresh });
  const federation = await startFederation({ databases, demo: args.demo, responseCacheTtlSeconds: 0 });
  try {
    const plan: AttackPlan = {
      threshold,
      sets: [
        { name: 'year 2026', caller: BI_CALLER, specs: withActions({ code: '2026' }) },
        { name: 'quarter 2026-Q1', caller: BI_CALLER, specs: withActions({ code: '2026-Q1' }) },
        { name: '2026 + its four quarters', caller: BI_CALLER, specs: ['2026', '2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'].flatMap((code) => withActions({ code })) },
        ...WINDOWS.map((w) => ({ name: `window ${w.from}..${w.to}`, caller: REGION_CALLER, specs: withActions(w) })),
        { name: 'all windows together', caller: REGION_CALLER, specs: WINDOWS.flatMap(withActions) },
      ],
      days: DAYS,
    };
    const figures = await runAttack(federation, plan, (line) => console.log(`  ${line}`));
    const refused = await Promise.all(WINDOWS.map((period) => refusal(federation, BI_CALLER, { period, action: null })));

    console.log(`\nAttack on the indicator report, ${args.demo ? 'demo population' : `${participants} participants`}, threshold ${threshold}, D ${maxNoiseFor(threshold)}, V ${NOISE_VARIANCE}`);
    console.log(`${figures.fetches} reports fetched (344 units × 7 people indicators × total, F, M, 4 age bands each), ${((performance.now() - started) / 1000).toFixed(0)} s`);
    console.log('\nInterval solver (issue 20): small cells tried = hidden cells with true value 1..threshold-1');
    console.log('set | reports | tried (old) | pinned old method | pinned old, one mark | tried (served) | pinned served | pinned served, any value | narrowest / median width left | unsound');
    for (const s of figures.sets) {
      console.log(
        `${s.name} (${s.caller}) | ${s.served.reports} | ${s.reference.smallTried} | ${s.reference.pinnedSmall} | ${s.unmarked.pinnedSmall} | ${s.served.smallTried} | ${s.served.pinnedSmall} | ${s.served.pinned} | ${s.served.smallestWidth} / ${s.served.medianWidth} | ${s.reference.wrong + s.unmarked.wrong + s.served.wrong}`,
      );
      if (s.reference.example) console.log(`    old method pinned e.g. ${s.reference.example}`);
    }
    const d = figures.differencing!;
    console.log(`\nDifferencing [1 Jan, D] - [1 Jan, D-1] for ${d.served.days} days (issue 13), total/F/M of every unit and indicator:`);
    console.log(`  old method: ${d.reference.tried} withheld small day cells with both windows published; difference = truth for ${d.reference.guessedRight}`);
    console.log(`  served (region role; refused to bi: ${refused.join(', ')}): ${d.served.tried} small day cells; known for certain ${d.served.certain}; difference happens to equal truth ${d.served.guessedRight} (the attacker cannot tell which), mean |error| ${d.served.meanAbsoluteError.toFixed(2)}, largest ${d.served.largestError}`);
    const n = figures.noise;
    console.log(`\nNoise served over ${n.cells} perturbed cells (${n.peopleCells} of at least one person): bias ${n.peopleBias.toFixed(4)}, mean |noise| ${n.peopleMeanAbsolute.toFixed(3)}, largest ${n.largest}`);
    console.log(`Sums of sub-territories: bias ${n.sumBias.toFixed(3)} per sum; |Σ published parts - published total| where the parts add up to the total: mean ${n.totalVersusParts.toFixed(2)}`);
    console.log('\nPerturbation table (true count: noise:keys of 256)');
    for (const line of describeTable(threshold)) console.log(`  ${line}`);
  } finally {
    await federation.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
