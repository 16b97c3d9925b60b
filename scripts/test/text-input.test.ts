// A NUL character in any string argument of any root field is the caller's mistake, reported as
// BAD_USER_INPUT by the subgraph that would have taken it — never an internal error from the
// database driver (PostgreSQL text cannot hold U+0000). The fields are read from the whole API's
// schema, so a field added later is covered without touching this test.
import { readFileSync } from 'node:fs';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenRequest } from '@pleiadi/gateway';
import { startFederation, type Federation } from '../src/federation.ts';

const schema = buildSchema(readFileSync(new URL('../../schema/contracts/full.graphql', import.meta.url), 'utf8'));
const TEXT = new Set(['String', 'ID']);

/** A harmless value for a required argument that is not the one under test. */
function sample(type: GraphQLInputType): unknown {
  const named = getNamedType(type);
  if (isEnumType(named)) return named.getValues()[0].value;
  if (isScalarType(named)) return ({ Int: 1, Float: 1, Boolean: true } as Record<string, unknown>)[named.name] ?? 'x';
  if (isInputObjectType(named)) {
    const fields = Object.values(named.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
    return Object.fromEntries(fields.map((f) => [f.name, sample(f.type)]));
  }
  return null;
}

/** A text value with a NUL inside, as a one-item list where the type is a list. */
function textWithNul(type: GraphQLInputType): unknown {
  const inner = isNonNullType(type) ? type.ofType : type;
  return isListType(inner) ? ['a\u0000b'] : 'a\u0000b';
}

interface Case {
  name: string;
  query: string;
  variables: Record<string, unknown>;
}

/** One case per text argument (or text field of an input-object argument) of each root field. */
function cases(): Case[] {
  const found: Case[] = [];
  const fields = Object.values(schema.getQueryType()!.getFields()) as GraphQLField<unknown, unknown>[];
  for (const field of fields) {
    const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
    const build = (under: GraphQLArgument, value: unknown, label: string) => {
      const declared = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
      const passed = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
      const variables: Record<string, unknown> = {};
      for (const a of field.args) if (a !== under && isNonNullType(a.type)) variables[a.name] = sample(a.type);
      variables[under.name] = value;
      found.push({ name: `${field.name}(${label})`, query: `query Nul(${declared}) { ${field.name}(${passed})${selection} }`, variables });
    };
    for (const arg of field.args) {
      const named = getNamedType(arg.type);
      if (TEXT.has(named.name)) build(arg, textWithNul(arg.type), arg.name);
      if (isInputObjectType(named)) {
        for (const inner of Object.values(named.getFields())) {
          if (TEXT.has(getNamedType(inner.type).name)) {
            build(arg, { ...(sample(arg.type) as object), [inner.name]: textWithNul(inner.type) }, `${arg.name}.${inner.name}`);
          }
        }
      }
    }
  }
  return found;
}

// Personal fields are in the API of their owner's operators only: each field is asked by the
// caller who may see it.
const OWNERS: Record<string, TokenRequest> = {
  cpia: { role: 'partner', partnerId: 'cpia-bologna', purpose: 'case-coordination' },
  ats: { role: 'partner', partnerId: 'arcolaio', ambit: 'BOLOGNA', purpose: 'case-coordination' },
  ial: { role: 'partner', partnerId: 'ial-er', purpose: 'case-coordination' },
};
const callerOf = (field: string): TokenRequest =>
  (/Participant/.test(field) && OWNERS[/^[a-z]+/.exec(field)![0]]) || { role: 'region', subject: 'text-input-test' };

let federation: Federation;
beforeAll(async () => {
  federation = await startFederation({ databases: 'test', demo: false, responseCacheTtlSeconds: 0 });
}, 120_000);
afterAll(() => federation?.stop());

describe('NUL in string arguments', () => {
  const all = cases();
  it('finds the text arguments of the API', () => {
    // Guards the walk itself: the schema has dozens of filters and keys taking text.
    expect(all.length).toBeGreaterThan(30);
    expect(all.map((c) => c.name)).toContain('municipalities(filter.nameContains)');
  });

  it.each(all.map((c) => [c.name, c] as const))('%s is refused as BAD_USER_INPUT', async (_name, c) => {
    const result = await federation.queryAs(callerOf(c.name), c.query, c.variables);
    const codes = (result.errors ?? []).map((e) => e.extensions?.code);
    expect(codes, JSON.stringify(result.errors)).toContain('BAD_USER_INPUT');
    expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(result)).not.toContain('\u0000');
  });
});
