// A test double standing in for every subgraph at once: counts the requests the gateway sends and
// answers an empty result, so tests can prove a refusal reached no subgraph.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Stub {
  url: string;
  requests: number;
  close(): Promise<void>;
}

export async function startStubSubgraph(): Promise<Stub> {
  const server = createServer((request, response) => {
    stub.requests += 1;
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"data":{}}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const stub: Stub = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    requests: 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return stub;
}
