// Operator training (Azione 01 capacity building) and AMIF O.2.2, local authorities supported.
import { checkDateRange } from '@pleiadi/kit';
import { builder, connection, pageArgs, type Context } from '../builder.ts';
import { attendancePages, localAuthoritiesSupported, trainingPage, trainingsById, trainingTotals } from '../db/repositories/training.ts';
import { TRAINING_MODES } from '../db/types.ts';
import { Organisation, parseId } from './governance.ts';
import { Ambit, requireAmbit } from './territory.ts';

const TrainingMode = builder.enumType('TrainingMode', { values: TRAINING_MODES });

const TrainingAttendance = builder
  .objectRef<{ training_id: number; organisation_id: number; operators: number; hours_attended: number }>('TrainingAttendance')
  .implement({
    description: 'An organisation whose operators attended a training.',
    fields: (t) => ({
      organisation: t.field({ type: Organisation, resolve: (a) => a.organisation_id }),
      operators: t.exposeInt('operators', { description: 'Operators of the organisation who attended.' }),
      hoursAttended: t.exposeFloat('hours_attended'),
    }),
  });

export const OperatorTraining = builder.loadableObject('OperatorTraining', {
  description: 'A training course for the operators of public and private services.',
  load: (ids: number[], ctx: Context) => trainingsById(ctx.db, ids),
  sort: (training) => training.id,
  fields: (t) => ({
    id: t.id({ resolve: (training) => String(training.id) }),
    title: t.exposeString('title'),
    startsOn: t.field({ type: 'Date', resolve: (training) => training.starts_on }),
    endsOn: t.field({ type: 'Date', resolve: (training) => training.ends_on }),
    hours: t.exposeFloat('hours'),
    provider: t.exposeString('provider'),
    mode: t.field({ type: TrainingMode, resolve: (training) => training.mode }),
    ambit: t.field({ type: Ambit, nullable: true, description: 'Null for a region-wide course.', resolve: (training) => training.ambit_code }),
  }),
});

const TrainingAttendanceConnection = connection('TrainingAttendance', TrainingAttendance);
const OperatorTrainingConnection = connection('OperatorTraining', OperatorTraining);

const totalsField = (key: 'organisations' | 'operators' | 'local_authorities', description: string) =>
  builder.objectField(OperatorTraining, key === 'local_authorities' ? 'localAuthorityCount' : key === 'organisations' ? 'organisationCount' : 'operatorCount', (t) =>
    t.loadable({
      type: 'Int',
      description,
      load: async (ids: number[], ctx: Context) => {
        const rows = await trainingTotals(ctx.db, ids);
        const byId = new Map(rows.map((r) => [r.training_id, r]));
        return ids.map((id) => byId.get(id)?.[key] ?? 0);
      },
      resolve: (training) => training.id,
    }),
  );
totalsField('organisations', 'Organisations that attended.');
totalsField('operators', 'Operators who attended, over all organisations.');
totalsField('local_authorities', 'Local and regional authorities that attended (AMIF O.2.2).');

builder.objectFields(OperatorTraining, (t) => ({
  attendance: t.loadable({
    type: TrainingAttendanceConnection,
    byPath: true,
    args: pageArgs(t.arg),
    load: (ids: number[], ctx: Context, args) => attendancePages(ctx.db, ids, args),
    resolve: (training) => training.id,
  }),
}));

const OperatorTrainingFilter = builder.inputType('OperatorTrainingFilter', {
  fields: (t) => ({
    ambit: t.string({ description: 'Courses of this ambit (region-wide courses have none).' }),
    from: t.field({ type: 'Date', description: 'Courses that end on or after this date.' }),
    to: t.field({ type: 'Date', description: 'Courses that start on or before this date.' }),
    providerContains: t.string(),
  }),
});

const SupportFilter = builder.inputType('LocalAuthoritySupportFilter', {
  fields: (t) => ({
    ambit: t.string({ description: 'Authorities seated in this ambit (the Region counts region-wide, in no ambit).' }),
    from: t.field({ type: 'Date' }),
    to: t.field({ type: 'Date' }),
  }),
});

builder.queryFields((t) => ({
  operatorTraining: t.field({
    authScopes: { authenticated: true },
    type: OperatorTraining,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => OperatorTraining.getDataloader(ctx).load(parseId(id, 'id')),
  }),
  operatorTrainings: t.field({
    authScopes: { authenticated: true },
    type: OperatorTrainingConnection,
    description: 'Operator trainings in start-date order.',
    args: { filter: t.arg({ type: OperatorTrainingFilter }), ...pageArgs(t.arg) },
    resolve: async (_root, { filter, first, after }, ctx) => {
      checkDateRange(filter?.from, filter?.to);
      return trainingPage(
        ctx.db,
        {
          ambitCode: filter?.ambit ? await requireAmbit(ctx, filter.ambit) : null,
          from: filter?.from,
          to: filter?.to,
          providerContains: filter?.providerContains?.slice(0, 100),
        },
        { first, after },
      );
    },
  }),
  localAuthoritiesSupported: t.int({
    authScopes: { authenticated: true },
    description:
      'AMIF O.2.2: distinct local and regional authorities (region, municipalities, unions of municipalities) that attended an operator training or a governance-table meeting in the period.',
    args: { filter: t.arg({ type: SupportFilter }) },
    resolve: async (_root, { filter }, ctx) => {
      checkDateRange(filter?.from, filter?.to);
      return localAuthoritiesSupported(ctx.db, {
        ambitCode: filter?.ambit ? await requireAmbit(ctx, filter.ambit) : null,
        from: filter?.from,
        to: filter?.to,
      });
    },
  }),
}));
