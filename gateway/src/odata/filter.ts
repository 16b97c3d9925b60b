// $filter: parsed by maintained OData parsers — @odata/parser (OData v4 ABNF: v4 literals such as
// 2026-01-01) and, for what it lacks (the OData 4.01 `in` operator), @balena/odata-parser — into
// one small expression tree, which is then checked against the entity set's properties and
// evaluated on each row. No regular expression reads the URL.
import { createRequire } from 'node:module';
import { defaultParser } from '@odata/parser';
import { FeedError } from '../auth/bi-keys.ts';

const require = createRequire(import.meta.url);
const balena = require('@balena/odata-parser') as { parse(url: string, options: { startRule: string; rule: string }): { tree: { options?: { $filter?: unknown } }; binds: unknown[] } };

export type Literal = string | number | boolean | null;
export type Operand = { prop: string } | { value: Literal } | { call: string; args: Operand[] };
export type Expr =
  | { kind: 'and' | 'or'; items: Expr[] }
  | { kind: 'not'; expr: Expr }
  | { kind: 'cmp'; op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'; left: Operand; right: Operand }
  | { kind: 'in'; left: Operand; values: Operand[] }
  | { kind: 'test'; operand: Operand };

export const METHODS = ['contains', 'startswith', 'endswith', 'tolower', 'toupper'] as const;
const invalid = (message: string) => new FeedError(400, 'INVALID_FILTER', message);

// ---- @odata/parser's tree
interface Token {
  type: string;
  value: unknown;
  raw: string;
}
const CMP: Record<string, 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'> = {
  EqualsExpression: 'eq',
  NotEqualsExpression: 'ne',
  GreaterThanExpression: 'gt',
  GreaterOrEqualsExpression: 'ge',
  LesserThanExpression: 'lt',
  LesserOrEqualsExpression: 'le',
};

function literalOf(token: Token): Literal {
  const type = token.value;
  if (type === null || token.raw === 'null') return null;
  if (type === 'Edm.String') return token.raw.slice(1, -1).replaceAll("''", "'");
  if (type === 'Edm.Boolean') return token.raw.toLowerCase() === 'true';
  if (typeof type === 'string' && /^Edm\.(S?Byte|Int16|Int32|Int64|Decimal|Double|Single)$/.test(type)) return Number(token.raw);
  if (type === 'Edm.Date' || type === 'Edm.DateTimeOffset' || type === 'Edm.Guid' || type === 'Edm.TimeOfDay') return token.raw;
  throw invalid(`Literals of type ${String(type)} are not supported in $filter.`);
}

function operandOf(token: Token): Operand {
  switch (token.type) {
    case 'CommonExpression':
    case 'FirstMemberExpression':
    case 'MemberExpression':
    case 'PropertyPathExpression':
    case 'ParenExpression':
      return operandOf(token.value as Token);
    case 'ODataIdentifier':
      return { prop: (token.value as { name: string }).name };
    case 'Literal':
      return { value: literalOf(token) };
    case 'MethodCallExpression': {
      const { method, parameters } = token.value as { method: string; parameters: Token[] };
      return { call: method, args: parameters.map(operandOf) };
    }
    default:
      throw invalid(`"${token.raw}" is not supported in $filter (supported: eq ne gt ge lt le and or not in, ${METHODS.join(', ')}).`);
  }
}

function fromOdataParser(token: Token): Expr {
  switch (token.type) {
    case 'AndExpression':
    case 'OrExpression': {
      const { left, right } = token.value as { left: Token; right: Token };
      return { kind: token.type === 'AndExpression' ? 'and' : 'or', items: [fromOdataParser(left), fromOdataParser(right)] };
    }
    case 'NotExpression':
      return { kind: 'not', expr: fromOdataParser(token.value as Token) };
    case 'BoolParenExpression':
    case 'CommonExpression':
      return fromOdataParser(token.value as Token);
    default: {
      const op = CMP[token.type];
      if (op) {
        const { left, right } = token.value as { left: Token; right: Token };
        return { kind: 'cmp', op, left: operandOf(left), right: operandOf(right) };
      }
      return { kind: 'test', operand: operandOf(token) };
    }
  }
}

// ---- @balena/odata-parser's tree (arrays with bound literals)
function balenaLiteral(bind: unknown): Literal | Literal[] {
  const [type, value] = bind as [string, unknown];
  if (type === 'List') return (value as unknown[]).map((v) => balenaLiteral(v) as Literal);
  if (type === 'Date' || type === 'Date Time') return new Date(value as number).toISOString().slice(0, type === 'Date' ? 10 : 24);
  if (type === 'Text' || type === 'Real' || type === 'Integer' || type === 'Boolean') return value as Literal;
  throw invalid(`Literals of type ${type} are not supported in $filter.`);
}

function fromBalena(node: unknown, binds: unknown[]): Expr {
  const operand = (value: unknown): Operand => {
    if (value === null) return { value: null };
    if (Array.isArray(value) && value[0] === 'call') {
      const { method, args } = value[1] as { method: string; args: unknown[] };
      return { call: method, args: args.map(operand) };
    }
    const object = value as { name?: string; bind?: number; property?: unknown };
    if (object.name && !object.property) return { prop: object.name };
    if (typeof object.bind === 'number') return { value: balenaLiteral(binds[object.bind]) as Literal };
    throw invalid('This $filter uses an expression that is not supported.');
  };
  if (!Array.isArray(node)) return { kind: 'test', operand: operand(node) };
  const [op, ...rest] = node as [string, ...unknown[]];
  if (op === 'and' || op === 'or') return { kind: op, items: rest.map((r) => fromBalena(r, binds)) };
  if (op === 'not') return { kind: 'not', expr: fromBalena(rest[0], binds) };
  if (op === 'eqany') {
    const list = balenaLiteral(binds[(rest[1] as { bind: number }).bind]);
    return { kind: 'in', left: operand(rest[0]), values: (Array.isArray(list) ? list : [list]).map((value) => ({ value })) };
  }
  if (op === 'call') return { kind: 'test', operand: operand(node) };
  if (['eq', 'ne', 'gt', 'ge', 'lt', 'le'].includes(op)) return { kind: 'cmp', op: op as 'eq', left: operand(rest[0]), right: operand(rest[1]) };
  throw invalid(`The operator "${op}" is not supported in $filter.`);
}

export function parseFilter(text: string): Expr {
  let first: Error;
  try {
    return fromOdataParser(defaultParser.filter(text) as unknown as Token);
  } catch (error) {
    if (error instanceof FeedError) throw error;
    first = error as Error;
  }
  try {
    // It reads a URL: escape only what would end or alter the option (its grammar takes the rest as is).
    const escaped = text.replaceAll('%', '%25').replaceAll('&', '%26').replaceAll('#', '%23').replaceAll('+', '%2B');
    const parsed = balena.parse(`/X?$filter=${escaped}`, { startRule: 'ProcessRule', rule: 'OData' });
    return fromBalena(parsed.tree.options?.$filter, parsed.binds);
  } catch (error) {
    if (error instanceof FeedError) throw error;
    throw invalid(`$filter does not parse: ${first.message.slice(0, 200)}.`);
  }
}

/**
 * The properties an expression names, to refuse unknown ones — and unsupported functions — before
 * any data is read.
 */
export function propertiesOf(expr: Expr | Operand, into = new Set<string>()): Set<string> {
  if ('prop' in expr) into.add(expr.prop);
  else if ('call' in expr) {
    if (!(METHODS as readonly string[]).includes(expr.call)) throw invalid(`The function ${expr.call} is not supported in $filter (supported: ${METHODS.join(', ')}).`);
    expr.args.forEach((a) => propertiesOf(a, into));
  }
  else if ('kind' in expr) {
    const e: Expr = expr;
    switch (e.kind) {
      case 'and':
      case 'or':
        e.items.forEach((item) => propertiesOf(item, into));
        break;
      case 'not':
        propertiesOf(e.expr, into);
        break;
      case 'cmp':
        [e.left, e.right].forEach((o) => propertiesOf(o, into));
        break;
      case 'in':
        [e.left, ...e.values].forEach((o) => propertiesOf(o, into));
        break;
      case 'test':
        propertiesOf(e.operand, into);
    }
  }
  return into;
}

type Row = Record<string, unknown>;

function valueOf(operand: Operand, row: Row): unknown {
  if ('prop' in operand) return row[operand.prop] ?? null;
  if ('value' in operand) return operand.value;
  const args = operand.args.map((a) => valueOf(a, row));
  const text = (v: unknown) => (v == null ? null : String(v));
  const [a, b] = [text(args[0]), text(args[1])];
  switch (operand.call) {
    case 'contains':
      return a != null && b != null && a.includes(b);
    case 'startswith':
      return a != null && b != null && a.startsWith(b);
    case 'endswith':
      return a != null && b != null && a.endsWith(b);
    case 'tolower':
      return a?.toLowerCase() ?? null;
    case 'toupper':
      return a?.toUpperCase() ?? null;
    default:
      throw invalid(`The function ${operand.call} is not supported in $filter (supported: ${METHODS.join(', ')}).`);
  }
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

export function matches(expr: Expr, row: Row): boolean {
  switch (expr.kind) {
    case 'and':
      return expr.items.every((e) => matches(e, row));
    case 'or':
      return expr.items.some((e) => matches(e, row));
    case 'not':
      return !matches(expr.expr, row);
    case 'in': {
      const left = valueOf(expr.left, row);
      return expr.values.some((v) => left !== null && compare(left, valueOf(v, row)) === 0);
    }
    case 'test':
      return valueOf(expr.operand, row) === true;
    case 'cmp': {
      const left = valueOf(expr.left, row);
      const right = valueOf(expr.right, row);
      // null is equal only to null, and neither greater nor less than anything (OData §5.1.1.1).
      if (left === null || right === null) return expr.op === 'eq' ? left === right : expr.op === 'ne' ? left !== right : false;
      const c = compare(left, right);
      return { eq: c === 0, ne: c !== 0, gt: c > 0, ge: c >= 0, lt: c < 0, le: c <= 0 }[expr.op];
    }
  }
}

/** The literal values a conjunction pins a property to (`p eq 'x'`, `p in (…)`), for push-down. */
export function pinnedValues(expr: Expr | undefined, prop: string): Literal[] | undefined {
  if (!expr) return undefined;
  if (expr.kind === 'and') {
    for (const item of expr.items) {
      const pinned = pinnedValues(item, prop);
      if (pinned) return pinned;
    }
    return undefined;
  }
  if (expr.kind === 'cmp' && expr.op === 'eq' && 'prop' in expr.left && expr.left.prop === prop && 'value' in expr.right) return [expr.right.value];
  if (expr.kind === 'in' && 'prop' in expr.left && expr.left.prop === prop && expr.values.every((v) => 'value' in v)) return expr.values.map((v) => (v as { value: Literal }).value);
  return undefined;
}
