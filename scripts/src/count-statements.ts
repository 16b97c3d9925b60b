// `npm run count-statements`: SQL statements per gateway request as results grow, per database,
// to show that cross-entity fields are batched (no N+1) and that ats reads only the ambit
// databases a query needs. Uses fresh test databases (TEST_DATABASE_URL, or PGlite).
import { startFederation } from './federation.ts';

process.env.PLEIADI_LOG ??= 'silent';

const CROSS_PARTNER = `istatCode name province { name } ambit { code partners { id } }
  cpiaSites { name } cpiaCourses(first: 3) { totalCount nodes { kind } }
  atsServicePoints(first: 3) { totalCount nodes { name } } atsCommunityActivities(first: 3) { totalCount }
  commsCampaigns(first: 3) { totalCount nodes { title } } commsEvents(first: 3) { totalCount }
  ialOffice { name } ialEmployers(first: 3) { totalCount nodes { name } }`;

const QUERIES: [string, (n: number) => string][] = [
  ['municipalities(first: N) { ambit { partners } }', (n) => `{ municipalities(first: ${n}) { nodes { name ambit { name partners { name } } } } }`],
  ['municipalities(first: N) { fields of all six subgraphs }', (n) => `{ municipalities(first: ${n}) { nodes { ${CROSS_PARTNER} } } }`],
  ['municipality(istatCode) { fields of all six subgraphs }, ROMAGNA ambit', () => `{ municipality(istatCode: "039014") { ${CROSS_PARTNER} } }`],
];

const federation = await startFederation({ databases: 'test', demo: true });
try {
  for (const [label, query] of QUERIES) {
    console.log(`\n${label}`);
    for (const n of label.includes('(first: N)') ? [1, 10, 100] : [1]) {
      const stores = Object.entries(federation.databases);
      const before = stores.map(([, d]) => d.stats.statements);
      const result = await federation.queryAs({ role: 'region', purpose: 'reporting' }, query(n));
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      const counts = stores.map(([name, d], i) => [name, d.stats.statements - before[i]] as const);
      const total = counts.reduce((sum, [, c]) => sum + c, 0);
      console.log(`  N=${String(n).padEnd(4)} ${String(total).padStart(3)} statements: ${counts.filter(([, c]) => c > 0).map(([s, c]) => `${s} ${c}`).join(', ')}`);
    }
  }
} finally {
  await federation.stop();
}
