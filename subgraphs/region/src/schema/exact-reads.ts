// The region's audit of exact indicator figures, for the regional oversight: who read true counts of
// people under the official-statistics purpose, of what, when.
import { badUserInput, checkDateRange } from '@pleiadi/kit';
import { builder, connection, pageArgs } from '../builder.ts';
import { exactReadPage } from '../db/repositories/exact-reads.ts';
import type { RegionDatabase } from '../db/types.ts';

type Row = Omit<RegionDatabase['exact_figure_read'], 'id' | 'recorded_at'> & { id: number; recorded_at: Date };

const ExactFigureRead = builder.objectRef<Row>('ExactFigureRead').implement({
  description: 'One read of exact indicator figures (true counts of people, small ones included).',
  fields: (t) => ({
    id: t.id({ resolve: (r) => String(r.id) }),
    recordedAt: t.string({ description: 'ISO 8601 timestamp.', resolve: (r) => new Date(r.recorded_at).toISOString() }),
    subject: t.exposeString('subject', { nullable: true, description: "Who: the subject of the caller's token." }),
    role: t.exposeString('role'),
    purpose: t.exposeString('purpose'),
    operationName: t.exposeString('operation_name', { nullable: true }),
    operationHash: t.exposeString('operation_hash', { nullable: true }),
    from: t.field({ type: 'Date', resolve: (r) => r.period_from }),
    to: t.field({ type: 'Date', resolve: (r) => r.period_to }),
    action: t.exposeString('action', { nullable: true }),
    scopes: t.exposeStringList('scopes', { description: 'The territorial units read, e.g. AMBIT:BOLOGNA.' }),
  }),
});

const ExactFigureReadConnection = connection('ExactFigureRead', ExactFigureRead, { tag: ['oversight'] });

builder.queryFields((t) => ({
  exactFigureReads: t.field({
    type: ExactFigureReadConnection,
    tag: ['oversight'],
    authScopes: { role: 'region' },
    description: 'Every read of exact indicator figures, oldest first (the region\'s own audit, append-only).',
    args: {
      from: t.arg({ type: 'Date', description: 'Recorded on or after this day (UTC).' }),
      to: t.arg({ type: 'Date', description: 'Recorded on or before this day (UTC).' }),
      subject: t.arg.string({ description: "The subject of a caller's token." }),
      ...pageArgs(t.arg),
    },
    resolve: (_root, { from, to, subject, first, after }, ctx) => {
      checkDateRange(from, to);
      if (subject != null && (!subject.length || subject.length > 200)) throw badUserInput('"subject" must be 1 to 200 characters.', 'subject');
      return exactReadPage(ctx.db, { from, to, subject }, { first, after });
    },
  }),
}));
