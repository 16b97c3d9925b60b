// ATECO 2007, ISTAT's classification of economic activities: the sectors of IAL's employers.
import { badUserInput, groupByKeys } from '@pleiadi/kit';
import { builder, type Context } from '../builder.ts';
import { allSections, divisionsOfSections, sectionsByCode, type DivisionRow } from '../db/repositories/ateco.ts';

export const AtecoSection = builder.loadableObject('AtecoSection', {
  description: 'A section of ATECO 2007 (identical to NACE Rev. 2 at this level), e.g. C for manufacturing.',
  load: (codes: string[], ctx: Context) => sectionsByCode(ctx.db, codes),
  sort: (section) => section.code,
  fields: (t) => ({
    code: t.exposeString('code', { description: 'One letter, A to U.' }),
    name: t.exposeString('name'),
  }),
});

const AtecoDivision = builder.objectRef<DivisionRow>('AtecoDivision').implement({
  description: 'A division of ATECO 2007: the first two digits of an activity code, e.g. 52 for warehousing.',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Two digits.' }),
    name: t.exposeString('name'),
    section: t.field({ type: AtecoSection, resolve: (division) => division.section_code }),
  }),
});

builder.objectFields(AtecoSection, (t) => ({
  divisions: t.loadableList({
    type: AtecoDivision,
    load: async (codes: string[], ctx: Context) => groupByKeys(codes, await divisionsOfSections(ctx.db, codes), (d) => d.section_code),
    resolve: (section) => section.code,
  }),
}));

/** Checks an ATECO section given as a filter: one letter that the classification has. */
export async function requireAtecoSection(ctx: Context, code: string, argument = 'atecoSection'): Promise<string> {
  const upper = code.toUpperCase();
  if (!/^[A-Z]$/.test(upper) || !(await AtecoSection.getDataloader(ctx).load(upper))) {
    throw badUserInput(`"${code.slice(0, 20)}" is not an ATECO 2007 section: use one letter from A to U, e.g. C for manufacturing.`, argument);
  }
  return upper;
}

builder.queryFields((t) => ({
  atecoSections: t.field({
    type: [AtecoSection],
    description: 'The sections of ATECO 2007 with their divisions: the reference list of sectors.',
    resolve: (_root, _args, ctx) => allSections(ctx.db),
  }),
}));
