// Row-by-row validation of one table: the zod schema of its columns, then the row's own checks.
// Every problem carries a stable code and a message that never quotes the value.
import type { z } from 'zod';
import type { RejectCode } from './codes.ts';
import { rowSchema, type Columns, type ImportTable, type Problem } from './table.ts';

export interface RowValidator<R> {
  validate(values: Record<string, unknown>): { row: R } | { problems: Problem[] };
}

export function rowValidator<C extends Columns>(table: ImportTable<C>): RowValidator<never> {
  const schema = rowSchema(table.columns);
  const names = Object.keys(table.columns);
  return {
    validate(values) {
      const parsed = schema.safeParse(values);
      const problems: Problem[] = [];
      if (!parsed.success) problems.push(...problemsOf(parsed.error, table.columns));
      const row = (parsed.success ? parsed.data : {}) as Record<string, unknown>;
      for (const name of names) {
        if (!isBlank(values[name])) continue;
        if (table.columns[name].doc.required) problems.push({ column: name, code: 'REQUIRED', message: `${name} is required` });
        else row[name] = null;
      }
      if (problems.length) return { problems };
      const crossChecks = table.check?.(row as never) ?? [];
      return crossChecks.length ? { problems: crossChecks } : { row: row as never };
    },
  };
}

const isBlank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

function problemsOf(error: z.ZodError, columns: Columns): Problem[] {
  const byColumn = new Map<string, Problem>();
  for (const issue of error.issues) {
    const column = String(issue.path[0] ?? '');
    if (byColumn.has(column) || !columns[column]) continue;
    const params = (issue as { params?: { code?: RejectCode } }).params;
    const code = params?.code ?? columns[column].failure;
    const expected = params?.code ? issue.message : `expected ${columns[column].doc.type}`;
    byColumn.set(column, { column, code, message: `${column}: ${expected}` });
  }
  return [...byColumn.values()];
}
