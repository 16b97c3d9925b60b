// The system query options of a request ($filter, $select, $orderby, $top, $skip, $count), each
// parsed by @odata/parser (filter.ts for $filter) and checked against the entity set: an option
// that does not parse, names an unknown property or is out of range is a 400 with a stable code.
import { defaultParser } from '@odata/parser';
import { FeedError } from '../auth/bi-keys.ts';
import type { EntitySet } from './entity-sets.ts';
import { parseFilter, propertiesOf, type Expr } from './filter.ts';

export interface QueryOptions {
  filter?: Expr;
  select?: string[];
  orderBy: { property: string; descending: boolean }[];
  top?: number;
  skip: number;
  count: boolean;
}

const SUPPORTED = ['$filter', '$select', '$orderby', '$top', '$skip', '$count', '$format'];
const invalid = (message: string) => new FeedError(400, 'INVALID_QUERY_OPTION', message);

interface Token {
  type: string;
  value: unknown;
  raw: string;
}

/** The one option token of `$name=value`, parsed by @odata/parser. */
function optionToken(name: string, value: string): Token {
  let parsed: { value: { options: Token[] } };
  try {
    parsed = defaultParser.query(`${name}=${value}`) as unknown as typeof parsed;
  } catch (error) {
    throw invalid(`${name} does not parse: ${(error as Error).message.slice(0, 200)}.`);
  }
  const token = parsed.value.options[0];
  if (!token) throw invalid(`${name} does not parse.`);
  return token;
}

function wholeNumber(name: string, value: string): number {
  const token = optionToken(name, value);
  const literal = token.value as Token;
  const number = Number(literal?.raw);
  if (literal?.type !== 'Literal' || !Number.isSafeInteger(number) || number < 0) throw invalid(`${name} must be a whole number of 0 or more, not "${value.slice(0, 40)}".`);
  return number;
}

function propertyName(token: Token): string {
  let node: Token | undefined = token;
  while (node && node.type !== 'ODataIdentifier' && node.type !== 'ComplexProperty' && node.type !== 'PrimitiveProperty') node = node.value as Token;
  const name = (node?.value as { name?: string } | undefined)?.name;
  if (!name) throw invalid(`"${token.raw}" is not a property.`);
  return name;
}

export function queryOptions(params: URLSearchParams, set: EntitySet): QueryOptions {
  const known = new Set(set.properties.map((p) => p.name));
  const check = (name: string, option: string) => {
    if (!known.has(name)) throw new FeedError(400, 'UNKNOWN_PROPERTY', `${option}: ${set.name} has no property "${name.slice(0, 60)}".`);
    return name;
  };
  const options: QueryOptions = { orderBy: [], skip: 0, count: false };
  for (const key of new Set(params.keys())) {
    if (params.getAll(key).length > 1) throw invalid(`${key} is given more than once.`);
    const value = params.get(key)!;
    if (!key.startsWith('$')) continue; // custom options are ignored, as OData allows
    if (!SUPPORTED.includes(key)) throw invalid(`${key} is not supported by this service (supported: ${SUPPORTED.join(', ')}).`);
    switch (key) {
      case '$filter':
        options.filter = parseFilter(value);
        for (const name of propertiesOf(options.filter)) check(name, '$filter');
        break;
      case '$select': {
        if (value.trim() === '*') break;
        const items = (optionToken(key, value).value as { items: Token[] }).items;
        options.select = items.map((item) => check(propertyName(item), '$select'));
        break;
      }
      case '$orderby': {
        const items = (optionToken(key, value).value as { items: Token[] }).items;
        options.orderBy = items.map((item) => {
          const { expr, direction } = item.value as { expr: Token; direction: number };
          return { property: check(propertyName(expr), '$orderby'), descending: direction === -1 };
        });
        break;
      }
      case '$top':
        options.top = wholeNumber(key, value);
        break;
      case '$skip':
        options.skip = wholeNumber(key, value);
        break;
      case '$count':
        if (value !== 'true' && value !== 'false') throw invalid('$count must be true or false.');
        options.count = value === 'true';
        break;
      case '$format':
        if (value !== 'json' && !value.startsWith('application/json')) throw invalid('$format: this service answers JSON only.');
        break;
    }
  }
  return options;
}
