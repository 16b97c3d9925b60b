// Long strings of subgraph answers carried into later subgraph requests as they arrived: the JSON
// is exactly JSON.stringify's, and only strings that need no escaping are taken as they are.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { longStringsVerbatim } from '@pleiadi/kit';
import { jsonWithVerbatim, LONG_STRING, noteVerbatimStrings, sameStrings } from '../src/subgraphs/verbatim.ts';

const facts = (n = LONG_STRING) => randomBytes(n).toString('base64');
const noted = (answer: unknown) => {
  const request: { verbatimStrings?: Set<string> } = {};
  const text = JSON.stringify(answer);
  if (longStringsVerbatim(Buffer.from(text, 'utf8'))) noteVerbatimStrings(request, JSON.parse(text));
  return request.verbatimStrings ?? new Set<string>();
};

describe('longStringsVerbatim and noteVerbatimStrings', () => {
  it('notes the long strings of an answer without escapes, and nothing else', () => {
    const long = facts();
    const plain = noted({ _entities: [{ cpiaIndicatorFacts: long, key: 'short' }, null, [long.slice(1)]] });
    expect([...plain].sort()).toEqual([long, long.slice(1)].sort());
    expect(noted({ _entities: [{ facts: long, note: 'a "quoted" word' }] }).size).toBe(0); // the text has a backslash
    expect(noted({ _entities: [{ facts: `${long}\n` }] }).size).toBe(0);
    expect(noted({ _entities: [{ facts: 'x'.repeat(100) }] }).size).toBe(0); // a short answer: not walked
  });

  it('takes only answers that were all ASCII: their strings are their bytes', () => {
    expect(noted({ a: `Forlì–Cesena «✓» 😀 ${facts()}` }).size).toBe(0);
    expect(noted({ a: `Forli-Cesena ${facts()}` }).size).toBe(1);
  });
});

describe('jsonWithVerbatim', () => {
  const text = (value: unknown, verbatim?: Set<string>) => jsonWithVerbatim(value, verbatim)?.bytes.toString('utf8');
  it('writes what JSON.stringify writes', () => {
    const long = facts();
    const other = facts(LONG_STRING + 3);
    const notNoted = `${facts()}"quoted"\u0001`;
    const value = {
      query: 'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on IndicatorReport { scopes } } }',
      variables: {
        representations: [{ __typename: 'IndicatorReport', key: 'Forlì–Cesena ✓', cpiaIndicatorFacts: long, atsIndicatorFacts: other, ialIndicatorFacts: notNoted, missing: undefined }],
        list: [long, 1, null, true, { at: new Date(0) }],
      },
    };
    const verbatim = new Set([long, other]);
    expect(text(value, verbatim)).toBe(JSON.stringify(value));
    expect(jsonWithVerbatim(value, verbatim)?.bytes.equals(Buffer.from(JSON.stringify(value)))).toBe(true);
    // Nothing to take as it is: JSON.stringify's turn.
    expect(text(value, new Set())).toBeUndefined();
    expect(text(value, undefined)).toBeUndefined();
    expect(text(value, new Set([facts()]))).toBeUndefined();
    // The request is not changed on the way.
    expect(value.variables.representations[0].cpiaIndicatorFacts).toBe(long);
  });

  it('cannot be fooled by a value that looks like its placeholder', () => {
    const long = facts();
    const value = { a: long, b: '\u0000deadbeef:0\u0000', c: '"\\u0000x:0\\u0000"' };
    expect(JSON.parse(text(value, new Set([long]))!)).toEqual(value);
  });

  it('tells requests apart by a fingerprint and their strings', () => {
    const long = facts();
    const copy = JSON.parse(JSON.stringify(long)) as string; // equal, not the same string
    const other = facts();
    // One character changed where no sample looks: the same fingerprint, other strings.
    const changed = `${long.slice(0, 1)}${long[1] === 'A' ? 'B' : 'A'}${long.slice(2)}`;
    const request = (facts: string, key = 'k') => ({ query: 'q', variables: { representations: [{ key, facts }] } });
    const carried = (value: unknown) => jsonWithVerbatim(value, new Set([long, copy, other, changed]))!;
    expect(carried(request(copy)).fingerprint).toBe(carried(request(long)).fingerprint);
    expect(sameStrings(carried(request(copy)).strings, carried(request(long)).strings)).toBe(true);
    expect(carried(request(other)).fingerprint).not.toBe(carried(request(long)).fingerprint);
    expect(carried(request(long, 'k2')).fingerprint).not.toBe(carried(request(long)).fingerprint);
    expect(carried(request(long)).fingerprint.length).toBeLessThan(200);
    expect(carried(request(changed)).fingerprint).toBe(carried(request(long)).fingerprint);
    expect(sameStrings(carried(request(changed)).strings, carried(request(long)).strings)).toBe(false);
  });
});
