// Employers of IAL's network: where they are and what they do. No counts of traineeships,
// placements or people per employer are shown: they would often be under five.
import { badUserInput } from '@pleiadi/kit';
import { builder, connection, pageArgs, type Context } from '../builder.ts';
import { employerPage, employerPagesBy, employersById, traineeshipHostSince, type EmployerFilter } from '../db/repositories/employers.ts';
import { officesOfProvinces } from '../db/repositories/offices.ts';
import { SIZE_BANDS } from '../db/types.ts';
import { AtecoSection, requireAtecoSection } from './ateco.ts';
import { IalOffice } from './office.ts';
import { Ambit, Municipality, requireAmbit, requireMunicipality, requireProvince } from './territory.ts';

const SizeBand = builder.enumType('IalEmployerSizeBand', {
  description: 'Staff bands of the EU SME definition: MICRO under 10, SMALL 10–49, MEDIUM 50–249, LARGE 250 and more.',
  values: SIZE_BANDS,
});

export const IalEmployer = builder.loadableObject('IalEmployer', {
  description: 'An employer of IAL\'s network, hosting traineeships (tirocini) or hiring.',
  load: (ids: number[], ctx: Context) => employersById(ctx.db, ids),
  sort: (employer) => employer.id,
  fields: (t) => ({
    id: t.id({ resolve: (employer) => String(employer.id) }),
    name: t.exposeString('name'),
    municipality: t.field({ type: Municipality, resolve: (employer) => ({ istatCode: employer.municipality_code }) }),
    atecoCode: t.exposeString('ateco_code', { description: 'ATECO 2007 division of its main activity (two digits, e.g. 52).' }),
    sector: t.exposeString('sector', { description: 'Title of that ATECO division.' }),
    atecoSection: t.field({ type: AtecoSection, resolve: (employer) => employer.section_code }),
    sizeBand: t.field({ type: SizeBand, resolve: (employer) => employer.size_band }),
    office: t.loadable({
      type: IalOffice,
      nullable: true,
      description: 'The IAL office whose network it belongs to: the one of its province.',
      load: async (provinces: string[], ctx: Context) => {
        const byProvince = new Map((await officesOfProvinces(ctx.db, provinces)).map((office) => [office.province_code, office]));
        return provinces.map((province) => byProvince.get(province) ?? null);
      },
      resolve: (employer) => employer.province_code,
    }),
    traineeshipHostSince: t.loadable({
      type: 'Date',
      nullable: true,
      description: 'When it first hosted a traineeship through IAL; null if it has not.',
      load: async (ids: number[], ctx: Context) => {
        const since = new Map((await traineeshipHostSince(ctx.db, ids)).map((row) => [row.employer_id, row.since]));
        return ids.map((id) => since.get(id) ?? null);
      },
      resolve: (employer) => employer.id,
    }),
  }),
});

export const IalEmployerConnection = connection('IalEmployer', IalEmployer);

export const IalEmployerFilter = builder.inputType('IalEmployerFilter', {
  fields: (t) => ({
    ambit: t.string({ description: 'Ambit code, e.g. ROMAGNA.' }),
    province: t.string({ description: 'Two-letter province code, e.g. BO.' }),
    municipality: t.string({ description: 'ISTAT code of the municipality, e.g. 037006.' }),
    atecoSection: t.string({ description: 'ATECO 2007 section, one letter, e.g. C.' }),
    sizeBand: t.field({ type: SizeBand }),
  }),
});

type FilterInput = typeof IalEmployerFilter.$inferInput;

/** Turns the filter argument into a checked repository filter; bad codes are the caller's mistake. */
export async function employerFilter(ctx: Context, filter: FilterInput | null | undefined): Promise<EmployerFilter> {
  return {
    ambitCode: filter?.ambit ? requireAmbit(filter.ambit) : null,
    provinceCode: filter?.province ? await requireProvince(ctx, filter.province) : null,
    municipalityCode: filter?.municipality ? await requireMunicipality(ctx, filter.municipality) : null,
    sectionCode: filter?.atecoSection ? await requireAtecoSection(ctx, filter.atecoSection) : null,
    sizeBand: filter?.sizeBand,
  };
}

function parseEmployerId(id: string | number): number {
  const text = String(id);
  if (!/^[1-9][0-9]{0,9}$/.test(text) || Number(text) > 2_147_483_647) {
    throw badUserInput(`"${text.slice(0, 30)}" is not a valid id: employer ids are positive whole numbers.`, 'id');
  }
  return Number(text);
}

builder.objectFields(Municipality, (t) => ({
  ialEmployers: t.loadable({
    type: IalEmployerConnection,
    nullable: true,
    byPath: true,
    description: 'Employers of IAL\'s network seated in the municipality, in id order.',
    args: pageArgs(t.arg),
    load: (codes: string[], ctx: Context, args) => employerPagesBy(ctx.db, 'municipality', codes, args),
    resolve: (municipality) => municipality.istatCode,
  }),
}));

builder.objectFields(Ambit, (t) => ({
  ialEmployers: t.loadable({
    type: IalEmployerConnection,
    nullable: true,
    byPath: true,
    description: 'Employers of IAL\'s network in the ambit, in id order.',
    args: pageArgs(t.arg),
    load: (codes: string[], ctx: Context, args) => employerPagesBy(ctx.db, 'ambit', codes, args),
    resolve: (ambit) => ambit.code,
  }),
}));

builder.objectFields(IalOffice, (t) => ({
  employers: t.loadable({
    type: IalEmployerConnection,
    byPath: true,
    description: 'Employers of the office\'s network: those of its province, in id order.',
    args: pageArgs(t.arg),
    load: (provinces: string[], ctx: Context, args) => employerPagesBy(ctx.db, 'province', provinces, args),
    resolve: (office) => office.province_code,
  }),
}));

builder.queryFields((t) => ({
  ialEmployers: t.field({
    type: IalEmployerConnection,
    description: 'Employers of IAL\'s network in id order.',
    args: { filter: t.arg({ type: IalEmployerFilter }), ...pageArgs(t.arg) },
    resolve: async (_root, { filter, first, after }, ctx) => employerPage(ctx.db, await employerFilter(ctx, filter), { first, after }),
  }),
  ialEmployer: t.field({
    type: IalEmployer,
    nullable: true,
    description: 'An employer by id; null when there is none with that id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => IalEmployer.getDataloader(ctx).load(parseEmployerId(id)),
  }),
}));
