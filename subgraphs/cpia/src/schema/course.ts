// Courses of the CPIA network (Azione 02): Italian L2 from literacy to B1, civic orientation and
// digital skills. The offer is public to signed-in callers; who enrolled is in participant.ts, for
// the network's own operators only.
import { checkDateRange } from '@pleiadi/kit';
import { builder, connection, pageArgs, type Context } from '../builder.ts';
import { coursePage, coursePagesOf, coursesById, type CourseFilter } from '../db/repositories/courses.ts';
import { COURSE_KIND_ROWS } from '../db/seed/reference.ts';
import { CEFR_LEVELS } from '../db/types.ts';
import { parseId, requireAmbit, requireMunicipality, requireProvince } from './arguments.ts';
import { CpiaSite } from './network.ts';
import { Ambit, Municipality } from './territory.ts';

export const CpiaCourseKind = builder.enumType('CpiaCourseKind', {
  values: Object.fromEntries(COURSE_KIND_ROWS.map((k) => [k.code, { description: k.name }])) as Record<(typeof COURSE_KIND_ROWS)[number]['code'], { description: string }>,
});

export const CefrLevel = builder.enumType('CpiaCefrLevel', {
  description: 'A level of the Common European Framework of Reference for Languages; PRE_A1 covers literacy (alfabetizzazione).',
  values: CEFR_LEVELS,
});

export const CpiaCourse = builder.loadableObject('CpiaCourse', {
  description: 'A course run at a CPIA site.',
  load: (ids: number[], ctx: Context) => coursesById(ctx.db, ids),
  sort: (course) => course.id,
  fields: (t) => ({
    id: t.id({ resolve: (course) => String(course.id) }),
    kind: t.field({ type: CpiaCourseKind, resolve: (course) => course.kind }),
    actionCode: t.exposeString('action_code', { description: 'The action of the plan it belongs to, e.g. AZ02.' }),
    site: t.field({ type: CpiaSite, resolve: (course) => course.site_id }),
    startsOn: t.field({ type: 'Date', resolve: (course) => course.starts_on }),
    endsOn: t.field({ type: 'Date', resolve: (course) => course.ends_on }),
    hours: t.exposeFloat('hours', { description: 'Teaching hours of the course.' }),
    capacity: t.exposeInt('capacity', { description: 'Places offered.' }),
    cefrTarget: t.field({
      type: CefrLevel,
      nullable: true,
      description: 'The level a language course leads to; null for other courses.',
      resolve: (course) => course.cefr_target,
    }),
  }),
});

export const CpiaCourseConnection = connection('CpiaCourse', CpiaCourse);

export const CpiaCourseFilter = builder.inputType('CpiaCourseFilter', {
  fields: (t) => ({
    kind: t.field({ type: CpiaCourseKind }),
    ambit: t.string({ description: 'Ambit code of the site, e.g. ROMAGNA.' }),
    province: t.string({ description: 'Two-letter province code of the site, e.g. BO.' }),
    municipality: t.string({ description: 'ISTAT code of the municipality of the site.' }),
    from: t.field({ type: 'Date', description: 'Courses that end on or after this date.' }),
    to: t.field({ type: 'Date', description: 'Courses that start on or before this date.' }),
  }),
});

type CourseFilterInput = typeof CpiaCourseFilter.$inferInput;

export function readCourseFilter(filter: CourseFilterInput | null | undefined): CourseFilter {
  checkDateRange(filter?.from, filter?.to);
  return {
    kind: filter?.kind,
    ambitCode: filter?.ambit ? requireAmbit(filter.ambit) : null,
    provinceCode: filter?.province ? requireProvince(filter.province) : null,
    municipalityCode: filter?.municipality ? requireMunicipality(filter.municipality) : null,
    from: filter?.from,
    to: filter?.to,
  };
}

/** The arguments of every course list: a filter and a page. */
export const courseArgs = (arg: Parameters<typeof pageArgs>[0]) => ({ filter: arg({ type: CpiaCourseFilter }), ...pageArgs(arg) });

/**
 * Batch loader of the course pages of many parents of one kind, in one statement. Async, so that
 * bad input rejects the batch with its own error instead of DataLoader's "errored synchronously".
 */
export const coursesOf =
  <K extends string | number>(parent: Parameters<typeof coursePagesOf>[1]) =>
  async (keys: K[], ctx: Context, { filter, first, after }: { filter?: CourseFilterInput | null; first?: number | null; after?: string | null }) =>
    coursePagesOf(ctx.db, parent, keys, readCourseFilter(filter), { first, after });

const ORDER = 'Courses in start-date order.';

builder.objectFields(CpiaSite, (t) => ({
  courses: t.loadable({
    type: CpiaCourseConnection,
    byPath: true,
    description: ORDER,
    args: courseArgs(t.arg),
    load: coursesOf<number>('site'),
    resolve: (site) => site.id,
  }),
}));

builder.objectFields(Municipality, (t) => ({
  cpiaCourses: t.loadable({
    type: CpiaCourseConnection,
    nullable: true,
    byPath: true,
    description: `Courses of the CPIA network at sites in the municipality. ${ORDER}`,
    args: courseArgs(t.arg),
    load: coursesOf<string>('municipality'),
    resolve: (municipality) => municipality.istatCode,
  }),
}));

builder.objectFields(Ambit, (t) => ({
  cpiaCourses: t.loadable({
    type: CpiaCourseConnection,
    nullable: true,
    byPath: true,
    description: `Courses of the CPIA network at sites in the ambit. ${ORDER}`,
    args: courseArgs(t.arg),
    load: coursesOf<string>('ambit'),
    resolve: (ambit) => ambit.code,
  }),
}));

builder.queryFields((t) => ({
  cpiaCourse: t.field({
    type: CpiaCourse,
    nullable: true,
    description: 'A course by id; null when there is none with that id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => CpiaCourse.getDataloader(ctx).load(parseId(id)),
  }),
  cpiaCourses: t.field({
    type: CpiaCourseConnection,
    description: `Courses of the CPIA network. ${ORDER}`,
    args: courseArgs(t.arg),
    resolve: (_root, { filter, first, after }, ctx) => coursePage(ctx.db, readCourseFilter(filter), { first, after }),
  }),
}));
