// federation-internals' operationFromDocument as the gateway runs it (src/operation-reuse.ts): the
// execution-time call reuses the Operation it built for the same schema and definitions, and
// builds afresh whenever either differs; every other call passes through.
import { buildSchema, operationFromDocument } from '@apollo/federation-internals';
import { parse, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { isReusingOperations, reuseOperations } from '../src/operation-reuse.ts';

const SDL = `type Query { municipality(code: String!): Municipality }
  type Municipality { code: String! name: String! province: Province }
  type Province { code: String! name: String! }`;

type Build = typeof operationFromDocument;

/** A fresh reusing operationFromDocument over the package's own, and how often that one ran. */
function reusingBuild(): { build: Build; calls: () => number } {
  let calls = 0;
  const internals: Record<string, unknown> = {
    operationFromDocument: (...args: Parameters<Build>) => {
      calls += 1;
      return operationFromDocument(...args);
    },
  };
  expect(reuseOperations(internals)).toBe(true);
  return { build: internals.operationFromDocument as Build, calls: () => calls };
}

/** The document executeQueryPlan hands over: a new object each request, around the same definitions. */
const asExecuted = (document: DocumentNode): DocumentNode => ({ kind: document.kind, definitions: [...document.definitions] });

const QUERY = parse('query Town($code: String!) { municipality(code: $code) { name ...Where } } fragment Where on Municipality { province { name } }');

describe('reusing operationFromDocument', () => {
  const schema = buildSchema(SDL);

  it('builds once per schema and definitions, and gives what the package builds', () => {
    const { build, calls } = reusingBuild();
    const first = build(schema, asExecuted(QUERY), { validate: false });
    const again = build(schema, asExecuted(QUERY), { validate: false });
    expect(again === first, 'the same Operation').toBe(true);
    expect(calls()).toBe(1);
    expect(first.toString()).toBe(operationFromDocument(schema, QUERY, { validate: false }).toString());
  });

  it('builds afresh for another schema, another fragment or another operation', () => {
    const { build, calls } = reusingBuild();
    const first = build(schema, asExecuted(QUERY), { validate: false });
    expect(build(buildSchema(SDL), asExecuted(QUERY), { validate: false }) === first).toBe(false);
    const sameText = parse('query Town($code: String!) { municipality(code: $code) { name ...Where } } fragment Where on Municipality { province { name } }');
    expect(build(schema, asExecuted(sameText), { validate: false }) === first).toBe(false);
    expect(build(schema, asExecuted(QUERY), { validate: false }) === first).toBe(true);
    expect(calls()).toBe(3);
    const otherFragment = parse('fragment Where on Municipality { province { code } }').definitions[0];
    const withOther = build(schema, { kind: QUERY.kind, definitions: [QUERY.definitions[0], otherFragment] }, { validate: false });
    expect(withOther === first).toBe(false);
    expect(withOther.toString()).toMatch(/province \{\s+code\s+\}/);
    expect(calls()).toBe(4);
  });

  it('passes planning and validating calls through', () => {
    const { build, calls } = reusingBuild();
    const validated = build(schema, QUERY);
    expect(build(schema, QUERY) === validated).toBe(false);
    expect(build(schema, QUERY, { operationName: 'Town' }) === validated).toBe(false);
    expect(build(schema, QUERY, { validate: false, operationName: 'Town' }) === build(schema, QUERY, { validate: false, operationName: 'Town' })).toBe(false);
    expect(calls()).toBe(5);
    expect(() => build(schema, parse('{ municipality(code: "037006") { nowhere } }'))).toThrow(/nowhere/);
  });

  it('is installed once, and never over an export held by a getter', () => {
    const original = () => undefined;
    const internals: Record<string, unknown> = { operationFromDocument: original };
    expect(reuseOperations(internals)).toBe(true);
    const installed = internals.operationFromDocument;
    expect(isReusingOperations(installed)).toBe(true);
    expect(reuseOperations(internals)).toBe(true);
    expect(internals.operationFromDocument).toBe(installed);

    const withGetter = Object.defineProperty({}, 'operationFromDocument', { get: () => original, enumerable: true }) as Record<string, unknown>;
    expect(reuseOperations(withGetter)).toBe(false);
    expect(withGetter.operationFromDocument).toBe(original);
    expect(isReusingOperations(original)).toBe(false);
  });
});
