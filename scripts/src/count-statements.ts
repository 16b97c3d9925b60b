// `npm run count-statements`: SQL statements per gateway request for growing result sizes, to
// show that nested cross-subgraph fields are batched. Uses fresh test databases.
import { countStatements } from '@pleiadi/kit/testing';
import { startFederation } from './federation.ts';

process.env.PLEIADI_LOG ??= 'silent';
const federation = await startFederation({ databases: 'test', demo: true });
try {
  const query = (first: number) => `{ municipalities(first: ${first}) { nodes { name ambit { name partners { name } } } } }`;
  console.log('query: municipalities(first: N) { nodes { name ambit { name partners { name } } } }');
  for (const first of [1, 10, 100, 330]) {
    const before = federation.databases.map((d) => d.stats.statements);
    const total = await countStatements(federation.databases, () => federation.query(query(first)));
    const perSubgraph = Object.keys(federation.subgraphs).map((name, i) => `${name} ${federation.databases[i].stats.statements - before[i]}`);
    console.log(`first=${String(first).padEnd(4)} SQL statements: ${total} (${perSubgraph.join(', ')})`);
  }
} finally {
  await federation.stop();
}
