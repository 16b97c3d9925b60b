// serveHttp ends every answer with its text encoded once (endWithText): what arrives is the
// answer byte for byte, multi-byte characters and all, with the UTF-8 length as Content-Length on
// GraphQL answers, for a megabyte answer as for a small one; and the door's own errors alike.
import { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveHttp, textOf, type RunningHttpServer } from '../src/index.ts';

// Place names as the partners write them, repeated past a megabyte.
const WORDS = 'Forlì–Cesena · Reggio nell’Emilia · Sant’Agata sul Santerno · «PLEIADI» ✓ ';
const big = WORDS.repeat(Math.ceil(1_200_000 / WORDS.length));

describe('answers written by serveHttp', () => {
  const apollo = new ApolloServer({
    typeDefs: 'type Query { text(big: Boolean!): String! echo(text: String!): String! }',
    resolvers: { Query: { text: (_: unknown, args: { big: boolean }) => (args.big ? big : WORDS), echo: (_: unknown, args: { text: string }) => args.text } },
  });
  let server: RunningHttpServer;
  beforeAll(async () => {
    await apollo.start();
    server = await serveHttp({ apollo, port: 0, host: '127.0.0.1', context: async () => ({}), health: async () => ({ ok: true }) });
  });
  afterAll(async () => {
    await server.close(0);
    await apollo.stop();
  });

  const post = async (body: string) => {
    const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const bytes = Buffer.from(await response.arrayBuffer());
    return { status: response.status, length: Number(response.headers.get('content-length')), bytes, json: JSON.parse(bytes.toString('utf8')) };
  };

  it.each([true, false])('arrive whole with their UTF-8 length (big: %s)', async (isBig) => {
    const answer = await post(JSON.stringify({ query: `{ text(big: ${isBig}) }` }));
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ data: { text: isBig ? big : WORDS } });
    expect(answer.length).toBe(answer.bytes.length);
    expect(answer.length).toBeGreaterThan(JSON.stringify(answer.json).length); // multi-byte characters counted as bytes
  });

  it('and so do the door\'s own errors', async () => {
    const answer = await post('{ not json');
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
  });

  it.each([
    ['ASCII, 800 KB of base64', 'QUJD'.repeat(200_000)],
    ['multi-byte', WORDS.repeat(5_000)],
    ['one multi-byte character at the end of ASCII', `${'a'.repeat(100_000)}ì`],
  ])('read request bodies as sent: %s', async (_, text) => {
    const answer = await post(JSON.stringify({ query: 'query ($t: String!) { echo(text: $t) }', variables: { t: text } }));
    expect(answer.json).toEqual({ data: { echo: text } });
  });
});

describe('textOf', () => {
  it('reads ASCII, UTF-8 and broken UTF-8 as Buffer.toString("utf8") does', () => {
    const cases = [Buffer.from('{"facts":"QUJD+/="}'), Buffer.from(WORDS), Buffer.from([0x61, 0xc3]), Buffer.from([0xff, 0x61]), Buffer.alloc(0)];
    for (const bytes of cases) expect(textOf(bytes)).toBe(bytes.toString('utf8'));
  });
});
