// For `npm run bench -- --tracing`: an OTLP/HTTP receiver that takes every span batch and counts
// it, so the processes under test pay the full cost of tracing (spans built, batched, serialised,
// sent) without a collector to install.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function startOtlpSink(): Promise<{ endpoint: string; batches: () => number; bytes: () => number; close(): Promise<void> }> {
  let batches = 0;
  let bytes = 0;
  const server = createServer((request, response) => {
    request.on('data', (chunk: Buffer) => (bytes += chunk.length));
    request.on('end', () => {
      batches += 1;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    batches: () => batches,
    bytes: () => bytes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
