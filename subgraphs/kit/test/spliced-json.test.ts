// Long base64 strings copied into JSON as they are: the bytes are exactly those of the JSON with
// the strings in it, over a real subgraph server as when the schema is executed without one.
import { randomBytes } from 'node:crypto';
import { graphql, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LONG_STRING_BYTES, LongStrings, parseJsonBody, placeholder, splicedJson, type SubgraphContext, type Viewer } from '../src/index.ts';
import { startTestSubgraphServer, type TestSubgraphServer } from '../src/testing/index.ts';

describe('splicedJson', () => {
  it('writes what JSON.stringify writes with the pieces in place', () => {
    const pieces = [randomBytes(100_000).toString('base64'), '', randomBytes(7).toString('base64')];
    const value = { data: { a: pieces[0], note: 'Forlì–Cesena «✓» "quoted" \\ 😀', list: [pieces[1], 1, pieces[2], null] } };
    const held = { data: { a: placeholder(0), note: value.data.note, list: [placeholder(1), 1, placeholder(2), null] } };
    const bytes = splicedJson(JSON.stringify(held), pieces.map((p) => Buffer.from(p, 'latin1')));
    expect(bytes.equals(Buffer.from(JSON.stringify(value)))).toBe(true);
  });

  it('leaves alone text that only looks like a placeholder', () => {
    const json = JSON.stringify({ a: '\u0000abc:0\u0000', b: `${placeholder(0).slice(0, -2)}x\u0000` });
    expect(splicedJson(json, [Buffer.from('QUJD')]).toString('utf8')).toBe(json);
  });
});

describe('parseJsonBody', () => {
  const long = (n = LONG_STRING_BYTES) => randomBytes(n).toString('base64');
  it('gives what JSON.parse gives, long strings held back or not', () => {
    const bodies = [
      { query: 'q', variables: { representations: [{ __typename: 'IndicatorReport', key: 'k', cpiaIndicatorFacts: long(), atsIndicatorFacts: long(70_000), ialIndicatorFacts: 'short' }] } },
      { list: [long(), [long(49_200)], { deep: { deeper: long() } }], n: 1.5, t: true, z: null },
      { [long(50_000)]: 'a key this long stays a key', ' spaced ': long() },
      { note: 'Forlì–Cesena', facts: long() }, // not ASCII: JSON.parse alone
      { note: 'a "quoted" word', facts: long() }, // a backslash: JSON.parse alone
      { small: 'x' },
    ];
    for (const value of bodies) {
      for (const text of [JSON.stringify(value), JSON.stringify(value, null, 2)]) {
        expect(parseJsonBody(Buffer.from(text), true)).toEqual(JSON.parse(text));
        expect(parseJsonBody(Buffer.from(text))).toEqual(JSON.parse(text));
      }
    }
  });

  it('refuses what JSON.parse refuses', () => {
    for (const text of [`{"a": "${long()}`, `{"a": "${long()}" "b"}`, `{"a": ${long()}}`, `{"a": "${long()}\u0000"`]) {
      expect(() => JSON.parse(text)).toThrow(SyntaxError);
      expect(() => parseJsonBody(Buffer.from(text), true)).toThrow(SyntaxError);
    }
    // A raw control character is refused unless the writer is trusted to write JSON.
    const raw = `{"a": "${long()}\n"}`.replace('\\n', '\n');
    expect(() => parseJsonBody(Buffer.from(raw))).toThrow(SyntaxError);
  });
});

const FACTS = randomBytes(300_000);
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      facts: { type: GraphQLString, resolve: (_s, _a, ctx: Partial<SubgraphContext>) => ctx.longStrings?.base64(FACTS) ?? FACTS.toString('base64') },
      place: { type: GraphQLString, resolve: () => 'Reggio nell’Emilia' },
    },
  }),
});
const REGION: Viewer = { role: 'region', purpose: 'reporting', subject: 'r', operationHash: 'h' };

describe('LongStrings', () => {
  let server: TestSubgraphServer;
  beforeAll(async () => {
    server = await startTestSubgraphServer('spliced_json', schema);
  });
  afterAll(() => server?.stop());

  it('hold a resolver\'s base64 back until the subgraph\'s door writes the answer', async () => {
    const response = await server.postAs(REGION, '{ place facts again: facts }');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(Number(response.headers.get('content-length'))).toBe(bytes.length);
    expect(JSON.parse(bytes.toString('utf8'))).toEqual({ data: { place: 'Reggio nell’Emilia', facts: FACTS.toString('base64'), again: FACTS.toString('base64') } });
  });

  it('are not there when the schema is executed without the door, nor when nothing was held', async () => {
    expect(await graphql({ schema, source: '{ facts }', contextValue: {} })).toEqual({ data: { facts: FACTS.toString('base64') } });
    expect(new LongStrings().bytesOf('{"data":{}}')).toBeUndefined();
  });
});
