// Reads of the courses the sites run: one page of all of them, or the same page for many parents
// (sites, municipalities, ambits, partners) in one statement.
import { groupedPages, keysetPage, type PageArgs } from '@pleiadi/kit';
import type { Kysely } from 'kysely';
import type { CourseKind, CpiaDatabase } from '../types.ts';

export type CourseRow = Omit<CpiaDatabase['course'], 'id'> & { id: number };
/** A course with the columns it can be grouped by. */
export type ScopedCourseRow = CourseRow & { municipality_code: string; ambit_code: string; plan_partner_id: string };

export interface CourseFilter {
  kind?: CourseKind | null;
  ambitCode?: string | null;
  provinceCode?: string | null;
  municipalityCode?: string | null;
  /** Courses that end on or after this day… */
  from?: string | null;
  /** …and start on or before this one: courses overlapping the range. */
  to?: string | null;
}

/** What a course can be listed under: the column that says it, and that column in a row. */
export const COURSE_PARENTS = {
  site: { column: 'c.site_id', field: 'site_id' },
  municipality: { column: 's.municipality_code', field: 'municipality_code' },
  ambit: { column: 's.ambit_code', field: 'ambit_code' },
  partner: { column: 'i.plan_partner_id', field: 'plan_partner_id' },
} as const satisfies Record<string, { column: string; field: keyof ScopedCourseRow }>;

function courses(db: Kysely<CpiaDatabase>, filter: CourseFilter) {
  let query = db
    .selectFrom('course as c')
    .innerJoin('site as s', 's.id', 'c.site_id')
    .innerJoin('institute as i', 'i.id', 's.institute_id')
    .selectAll('c')
    .select(['s.municipality_code', 's.ambit_code', 'i.plan_partner_id']);
  if (filter.kind) query = query.where('c.kind', '=', filter.kind);
  if (filter.ambitCode) query = query.where('s.ambit_code', '=', filter.ambitCode);
  if (filter.provinceCode) query = query.where('i.province_code', '=', filter.provinceCode);
  if (filter.municipalityCode) query = query.where('s.municipality_code', '=', filter.municipalityCode);
  if (filter.from) query = query.where('c.ends_on', '>=', filter.from);
  if (filter.to) query = query.where('c.starts_on', '<=', filter.to);
  return query;
}

export function coursesById(db: Kysely<CpiaDatabase>, ids: readonly number[]): Promise<CourseRow[]> {
  return db.selectFrom('course').selectAll().where('id', 'in', ids).execute();
}

/** Courses in start-date order. */
export function coursePage(db: Kysely<CpiaDatabase>, filter: CourseFilter, args: PageArgs) {
  return keysetPage(courses(db, filter), { orderBy: ['c.starts_on', 'c.id'], key: (row) => [row.starts_on, row.id], args });
}

export function coursePagesOf<K extends string | number>(
  db: Kysely<CpiaDatabase>,
  parent: keyof typeof COURSE_PARENTS,
  keys: readonly K[],
  filter: CourseFilter,
  args: PageArgs,
) {
  const { column, field } = COURSE_PARENTS[parent];
  return groupedPages(db, courses(db, filter), { parentColumn: column, parentKey: (row) => row[field] as K, parents: keys, orderBy: ['c.starts_on', 'c.id'], args });
}
