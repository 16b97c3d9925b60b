// The load generator, in its own process so it takes no CPU from the gateway's: autocannon,
// driven over IPC. Each `run` returns every successful response's latency (ms, from autocannon's
// own hrtime), so percentiles are exact rather than read off a bucketed histogram.
import autocannon from 'autocannon';
import { serveChild } from './ipc.ts';

export interface LoadRun {
  url: string;
  body: string;
  headers: Record<string, string>;
  seconds: number;
  connections: number;
  /** The exact response body every request must get; one that differs counts as an error. */
  expectBody?: string;
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

/** Whether a body is the expected one, ignoring non-ASCII characters (see the autocannon note below). */
function sameAnswer(expected: string): (body: string | Buffer | undefined) => boolean {
  const ascii = (text: string) => text.replace(/[^ -~\n\r\t]/g, '');
  const expectedAscii = ascii(expected);
  return (body) => {
    const text = String(body ?? '');
    return text === expected || ascii(text) === expectedAscii;
  };
}

async function run(request: LoadRun): Promise<LoadResult> {
  const latencies: number[] = [];
  const started = performance.now();
  let done!: (result: autocannon.Result) => void;
  let fail!: (error: Error) => void;
  const finished = new Promise<autocannon.Result>((resolve, reject) => ((done = resolve), (fail = reject)));
  const instance = autocannon(
    {
      url: request.url,
      method: 'POST',
      body: request.body,
      headers: request.headers,
      duration: request.seconds,
      connections: request.connections,
      // autocannon decodes each body chunk as UTF-8 on its own, so a multi-byte character cut
      // between two chunks comes out as replacement characters: compare what cannot be cut.
      ...(request.expectBody !== undefined && { verifyBody: sameAnswer(request.expectBody) }),
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
