// What an SQL statement's span says: its operation and main table, and the statement text with
// every literal blanked. Bind parameters ($1, $2…) are never recorded; a literal in the text
// (rare: kysely binds values) is replaced by `?`, so no value of a row ends up in a trace.
import type { Attributes } from '@opentelemetry/api';

const OPERATION = /^\s*(?:with\b[\s\S]*?\)\s*)?(select|insert|update|delete|create|alter|drop|begin|commit|rollback|set|lock|truncate)\b/i;
const TABLE = /\b(?:from|into|update|join)\s+"?([a-z_][\w]*)"?(?:\."?([a-z_][\w]*)"?)?/i;

export function blankLiterals(sql: string): string {
  return sql
    .replace(/'(?:[^']|'')*'/g, '?')
    .replace(/(?<![$\w.])\d+(?:\.\d+)?\b/g, '?')
    .slice(0, 2000);
}

export function statementSpanOf(sql: string, system: 'postgresql' | 'pglite'): { name: string; attributes: Attributes } {
  const operation = (OPERATION.exec(sql)?.[1] ?? 'SQL').toUpperCase();
  const table = TABLE.exec(sql);
  const collection = table ? (table[2] ?? table[1]) : undefined;
  return {
    name: collection ? `${operation} ${collection}` : operation,
    attributes: {
      'db.system.name': system === 'pglite' ? 'postgresql' : system,
      'db.operation.name': operation,
      ...(collection && { 'db.collection.name': collection }),
      'db.query.text': blankLiterals(sql),
    },
  };
}
