// A partner that hangs (its process stopped with SIGSTOP: the connection stays open, nothing
// answers) costs a request at most the subgraph timeout; after repeated timeouts the breaker opens
// and the gateway answers at once; once the partner resumes (SIGCONT) it is called again, without
// restarting the gateway.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { randomSecret, REPOSITORY_ROOT } from '@pleiadi/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFederation, type Federation } from '../src/federation.ts';

const TIMEOUT_MS = 1500;
const HALF_OPEN_MS = 6000;
const REGION = { role: 'region', purpose: 'reporting' } as const;
// Fields of all six partners on one municipality.
const SIX_PARTNERS = `{ municipality(istatCode: "037006") {
  name ambit { code partners { name } }
  cpiaSites { name } atsServicePoints(first: 2) { totalCount } commsCampaigns(first: 2) { totalCount } ialOffice { name } } }`;
const COMMS_ONLY = '{ commsCampaigns(first: 1) { totalCount } }';

let comms: ChildProcess;
let federation: Federation;

beforeAll(async () => {
  const secrets = { internal: randomSecret(), jwt: randomSecret() };
  comms = spawn(process.execPath, ['--import', 'tsx', path.join(REPOSITORY_ROOT, 'scripts/test/fixtures/subgraph-process.ts'), 'comms'], {
    cwd: REPOSITORY_ROOT,
    env: { ...process.env, PLEIADI_INTERNAL_SECRET: secrets.internal, PLEIADI_LOG: 'error' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: comms.stdout! }), 'line')) as [string];
  const { url } = JSON.parse(line) as { url: string };
  federation = await startFederation({
    databases: 'test',
    demo: true,
    secrets,
    external: { comms: url },
    responseCacheTtlSeconds: 0,
    gateway: { resilience: { defaults: { timeoutMs: TIMEOUT_MS, breakerFailures: 2, breakerHalfOpenMs: HALF_OPEN_MS } } },
  });
}, 240_000);

afterAll(async () => {
  comms?.kill('SIGCONT');
  comms?.kill('SIGTERM');
  await federation?.stop();
  if (comms && comms.exitCode === null) await once(comms, 'exit');
});

const timed = async (query: string) => {
  const started = performance.now();
  const result = await federation.queryAs(REGION, query);
  return { result, ms: performance.now() - started };
};
const health = async () => (await (await fetch(new URL('/health', federation.gateway.url))).json()) as { subgraphs: Record<string, { status: string; breaker: string }> };

describe('a hung partner', () => {
  it('answers in full while every partner is up', async () => {
    const { result } = await timed(SIX_PARTNERS);
    expect(result.errors).toBeUndefined();
    expect(result.data?.municipality.commsCampaigns.totalCount).toBeGreaterThanOrEqual(0);
  });

  it('costs at most its timeout, with the other partners\u2019 data and an error naming it', async () => {
    comms.kill('SIGSTOP');
    const { result, ms } = await timed(SIX_PARTNERS);
    expect(ms).toBeLessThan(TIMEOUT_MS + 1000);
    const municipality = result.data?.municipality;
    expect(municipality.name).toBe('Bologna');
    expect(municipality.ambit.partners.length).toBeGreaterThan(0);
    expect(municipality.cpiaSites).toBeDefined();
    expect(municipality.ialOffice).toBeDefined();
    expect(municipality.commsCampaigns).toBeNull();
    expect(result.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'SUBGRAPH_TIMEOUT', serviceName: 'comms' }) })]);
  });

  it('opens its breaker after repeated timeouts, and is then answered at once', async () => {
    const second = await timed(COMMS_ONLY);
    expect(second.result.errors?.[0].extensions).toMatchObject({ code: 'SUBGRAPH_TIMEOUT', serviceName: 'comms' });
    // The fastest of a few, one after another: the machine is shared, the breaker answers at once.
    let fastest = Infinity;
    for (let i = 0; i < 10; i++) {
      const { result, ms } = await timed(COMMS_ONLY);
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'SUBGRAPH_CIRCUIT_OPEN', serviceName: 'comms' });
      fastest = Math.min(fastest, ms);
    }
    expect(fastest).toBeLessThan(50);
    expect((await health()).subgraphs.comms).toEqual({ status: 'down', breaker: 'open' });
  });

  it('is called again once it resumes, without restarting the gateway', async () => {
    comms.kill('SIGCONT');
    await new Promise((resolve) => setTimeout(resolve, HALF_OPEN_MS));
    let answered: Awaited<ReturnType<typeof timed>> | undefined;
    for (let attempt = 0; attempt < 20 && !answered; attempt++) {
      const attemptResult = await timed(SIX_PARTNERS);
      if (!attemptResult.result.errors) answered = attemptResult;
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(answered?.result.data?.municipality.commsCampaigns.totalCount).toBeGreaterThanOrEqual(0);
    expect((await health()).subgraphs.comms).toEqual({ status: 'up', breaker: 'closed' });
  });
});
