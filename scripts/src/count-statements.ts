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
    const stores = Object.entries(federation.databases);
    const before = stores.map(([, d]) => d.stats.statements);
    const total = await countStatements(stores.map(([, d]) => d), () => federation.query(query(first)));
    const perSubgraph = stores.map(([name, d], i) => `${name} ${d.stats.statements - before[i]}`);
    console.log(`first=${String(first).padEnd(4)} SQL statements: ${total} (${perSubgraph.join(', ')})`);
  }
} finally {
  await federation.stop();
}
