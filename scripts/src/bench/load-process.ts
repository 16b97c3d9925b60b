// The load generator, in its own process so it takes no CPU from the gateway's: autocannon,
// driven over IPC. Each `run` returns every successful response's latency (ms, from autocannon's
// own hrtime), so percentiles are exact rather than read off a bucketed histogram.
import autocannon from 'autocannon';
import { createRandom } from '@pleiadi/kit';
import { serveChild } from './ipc.ts';

/** One request of a class: its body and headers (the caller's token among them). */
export interface LoadRequest {
  body: string;
  headers: Record<string, string>;
}

export interface LoadRun {
  url: string;
  /** Sent by every connection, each in its own fixed shuffled order. */
  requests: LoadRequest[];
  seconds: number;
  connections: number;
  /** The exact response bodies the requests must get; a body not among them counts as an error. */
  expectBodies?: string[];
}

export interface LoadResult {
  seconds: number;
  /** Latencies (ms) of the 2xx responses. */
  latencies: number[];
  non2xx: number;
  /** Socket errors and timeouts. */
  errors: number;
  /** 2xx responses whose body was not the expected one. */
  mismatches: number;
}

/** Whether a body is one of the expected ones, ignoring non-ASCII characters (see the autocannon note below). */
function anExpectedAnswer(expected: string[]): (body: string | Buffer | undefined) => boolean {
  const ascii = (text: string) => text.replace(/[^ -~\n\r\t]/g, '');
  const exact = new Set(expected);
  const asciiOnly = new Set(expected.map(ascii));
  return (body) => {
    const text = String(body ?? '');
    return exact.has(text) || asciiOnly.has(ascii(text));
  };
}

async function run(request: LoadRun): Promise<LoadResult> {
  const latencies: number[] = [];
  const started = performance.now();
  let done!: (result: autocannon.Result) => void;
  let fail!: (error: Error) => void;
  const finished = new Promise<autocannon.Result>((resolve, reject) => ((done = resolve), (fail = reject)));
  // Every connection walks the list in its own order (shuffled, the same for every gateway): at
  // any moment the connections ask for different things, and two ask for the same one by chance
  // only, as independent clients would. Walking one order from staggered starts let connections
  // that once coincided stay in step for the rest of the run, each answer shared in flight: a
  // convoy that flattered the gateways sharing fetches (a one-request list is their best case).
  const requests = request.requests.map((r) => ({ method: 'POST' as const, body: r.body, headers: r.headers }));
  let nextConnection = 0;
  const instance = autocannon(
    {
      url: request.url,
      method: 'POST',
      requests,
      setupClient: (client) => {
        const random = createRandom(1 + nextConnection++);
        const order = [...requests];
        for (let i = order.length - 1; i > 0; i--) {
          const j = random.int(0, i);
          [order[i], order[j]] = [order[j], order[i]];
        }
        client.setRequests(order);
      },
      duration: request.seconds,
      connections: request.connections,
      // autocannon decodes each body chunk as UTF-8 on its own, so a multi-byte character cut
      // between two chunks comes out as replacement characters: compare what cannot be cut.
      ...(request.expectBodies !== undefined && { verifyBody: anExpectedAnswer(request.expectBodies) }),
      timeout: 30,
    },
    (error, result) => (error ? fail(error) : done(result)),
  );
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const result = await finished;
  return {
    seconds: (performance.now() - started) / 1000,
    latencies,
    non2xx: result.non2xx,
    errors: result.errors,
    mismatches: result.mismatches,
  };
}

serveChild(async () => ({}), { run: (message) => run(message as unknown as LoadRun) });
