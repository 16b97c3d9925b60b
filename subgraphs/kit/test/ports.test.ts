// Ports a server must not use are refused at once, by name: taken ones, and the Fetch standard's
// "bad ports", on which a server starts fine but Node's fetch (the gateway, npm start) cannot reach it.
import { createServer } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { afterEach, describe, expect, it } from 'vitest';
import { assertPortAvailable, envPort, FETCH_BAD_PORTS, listen, portProblem, serveHttp } from '../src/index.ts';

const fetchRefuses = async (port: number) =>
  fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) }).then(
    () => false,
    (error: { cause?: { message?: string } }) => error.cause?.message === 'bad port',
  );

describe('the ports Node\'s fetch refuses', () => {
  it('are exactly the listed ones (each listed port and its unlisted neighbours, against this Node)', async () => {
    const listed = [...FETCH_BAD_PORTS];
    const neighbours = [...new Set(listed.flatMap((p) => [p - 1, p + 1]))].filter((p) => p > 0 && !FETCH_BAD_PORTS.has(p));
    expect((await Promise.all(listed.map(fetchRefuses))).every(Boolean)).toBe(true);
    expect((await Promise.all(neighbours.map(fetchRefuses))).some(Boolean)).toBe(false);
  });
});

describe('envPort', () => {
  const saved = process.env.PLEIADI_TEST_PORT;
  afterEach(() => {
    if (saved === undefined) delete process.env.PLEIADI_TEST_PORT;
    else process.env.PLEIADI_TEST_PORT = saved;
  });
  const port = (value: string) => {
    process.env.PLEIADI_TEST_PORT = value;
    return () => envPort('PLEIADI_TEST_PORT', 4000);
  };

  it('names the variable and says why a bad port cannot serve', () => {
    expect(port('6000')).toThrow(/^PLEIADI_TEST_PORT=6000: port 6000 is one Node's fetch refuses to connect to/);
    expect(port('10080')).toThrow(/bad port/);
  });

  it('refuses what is not a port, and takes one that is', () => {
    for (const raw of ['abc', '-1', '65536', '4.5', '1e3']) expect(port(raw)).toThrow(`PLEIADI_TEST_PORT=${raw} is not a TCP port`);
    expect(port('4100')()).toBe(4100);
    expect(port(' 4101 ')()).toBe(4101);
    delete process.env.PLEIADI_TEST_PORT;
    expect(envPort('PLEIADI_TEST_PORT', 4000)).toBe(4000);
    expect(portProblem(0)).toBeUndefined();
  });
});

describe('listening', () => {
  it('says a taken port is in use, naming it, at once', async () => {
    const taken = createServer();
    await listen(taken, 0, '127.0.0.1');
    const { port } = taken.address() as { port: number };
    try {
      const started = Date.now();
      await expect(assertPortAvailable(port)).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use by another process`);
      await expect(listen(createServer(), port, '127.0.0.1')).rejects.toThrow(/already in use/);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('serveHttp refuses a bad port before listening', async () => {
    const apollo = new ApolloServer({ typeDefs: 'type Query { a: Int }' });
    await apollo.start();
    try {
      await expect(serveHttp({ apollo, port: 6000, context: async () => ({}), health: async () => ({ ok: true }) })).rejects.toThrow(/port 6000 is one Node's fetch refuses/);
    } finally {
      await apollo.stop();
    }
  });
});
