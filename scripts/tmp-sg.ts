import http from 'node:http';
import { signInternalToken, startSubgraph, storesOf, randomSecret, type SubgraphDefinition } from '@pleiadi/kit';
import { readRegistry } from './src/registry.ts';
process.env.PLEIADI_LOG = 'warn';
const name = process.argv[2] ?? 'comms';
const secret = randomSecret();
const entry = readRegistry().find((e) => e.name === name)!;
const { definition } = (await import(entry.package)) as { definition: SubgraphDefinition<unknown> };
const sg = await startSubgraph(definition, { databases: Object.fromEntries(storesOf(definition).map((s) => [s, { url: `postgres://postgres@127.0.0.1:5432/pleiadi_bench_${s}` }])), demo: false, internalSecret: secret, port: 0 });
const token = signInternalToken({ role: 'region', purpose: 'reporting' } as any, secret);
const bare = http.createServer((q, r) => { q.resume(); q.on('end', () => { r.setHeader('content-type', 'application/json'); r.end('{"data":{"__typename":"Query"}}'); }); });
await new Promise<void>((res) => bare.listen(0, '127.0.0.1', () => res()));
const bareUrl = `http://127.0.0.1:${(bare.address() as any).port}/graphql`;
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
const post = (url: string, body: string) => new Promise<string>((resolve, reject) => {
  const u = new URL(url);
  const q = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) } }, (r) => { let d = ''; r.setEncoding('utf8'); r.on('data', (c) => (d += c)); r.on('end', () => resolve(d)); });
  q.on('error', reject); q.end(body);
});
const munis = ['037006', '036023', '035033', '034027', '040012', '039014', '038008', '033032'];
const cases: Record<string, [string, (i: number) => string]> = {
  entities: [sg.url, (i) => JSON.stringify({ query: process.argv[3] ?? 'query($representations:[_Any!]!){_entities(representations:$representations){...on Municipality{commsCampaigns(first:5){totalCount nodes{title languages{code} channels}} commsEvents(first:5){totalCount}}}}', variables: { representations: [{ __typename: 'Municipality', istatCode: munis[i % munis.length] }] } })],
};
console.log((await post(sg.url, cases.entities[1](0))).slice(0, 300));
for (let round = 0; round < 3; round++) {
  for (const [label, [url, body]] of Object.entries(cases)) {
    const n = 6000; let i = 0;
    const c0 = process.cpuUsage(); const t0 = performance.now();
    await Promise.all(Array.from({ length: 4 }, async () => { while (i < n) await post(url, body(i++)); }));
    const c = process.cpuUsage(c0); const t = performance.now() - t0;
    console.log(label.padEnd(10), 'CPU µs/req', ((c.user + c.system) / n).toFixed(0), 'sys', (c.system / n).toFixed(0), 'wall µs/req', ((t * 1000) / n).toFixed(0));
  }
}
await sg.stop(); bare.close(); agent.destroy();
