// IAL's offices (sedi): one in each province capital, serving the people and employers of the
// province. Municipalities and ambits get the offices that serve them.
import { badUserInput, groupByKeys } from '@pleiadi/kit';
import { builder, type Context } from '../builder.ts';
import { allOffices, officesById, officesOfAmbits, officesOfMunicipalities, sectorsOfOffices } from '../db/repositories/offices.ts';
import { AtecoSection } from './ateco.ts';
import { Ambit, Municipality } from './territory.ts';

export const IalOffice = builder.loadableObject('IalOffice', {
  description: 'An office (sede) of IAL Emilia-Romagna, giving job orientation and placement services in its province.',
  load: (ids: string[], ctx: Context) => officesById(ctx.db, ids),
  sort: (office) => office.id,
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Stable id, e.g. ial-bo.' }),
    name: t.exposeString('name'),
    municipality: t.field({ type: Municipality, description: 'Where the office is.', resolve: (office) => ({ istatCode: office.municipality_code }) }),
    provinceCode: t.exposeString('province_code', { description: 'The province it serves (two-letter code, e.g. BO).' }),
    ambit: t.field({ type: Ambit, resolve: (office) => ({ code: office.ambit_code }) }),
    employerSectors: t.loadableList({
      type: AtecoSection,
      description: 'ATECO sections in which its network has employers, in code order.',
      load: async (ids: string[], ctx: Context) => groupByKeys(ids, await sectorsOfOffices(ctx.db, ids), (row) => row.office_id),
      resolve: (office) => office.id,
    }),
  }),
});

builder.objectFields(Municipality, (t) => ({
  ialOffice: t.loadable({
    type: IalOffice,
    nullable: true,
    description: 'The IAL office serving the province of the municipality.',
    load: async (codes: string[], ctx: Context) => {
      const rows = await officesOfMunicipalities(ctx.db, codes);
      const byCode = new Map(rows.map(({ for_municipality, ...office }) => [for_municipality, office]));
      return codes.map((code) => byCode.get(code) ?? null);
    },
    resolve: (municipality) => municipality.istatCode,
  }),
}));

builder.objectFields(Ambit, (t) => ({
  ialOffices: t.loadableList({
    type: IalOffice,
    nullable: true,
    description: 'The IAL offices serving the provinces of the ambit.',
    load: async (codes: string[], ctx: Context) => groupByKeys(codes, await officesOfAmbits(ctx.db, codes), (office) => office.ambit_code),
    resolve: (ambit) => ambit.code,
  }),
}));

builder.queryFields((t) => ({
  ialOffices: t.field({
    type: [IalOffice],
    description: 'The offices of IAL Emilia-Romagna, one per province, in ISTAT order of their municipality.',
    resolve: (_root, _args, ctx) => allOffices(ctx.db),
  }),
  ialOffice: t.field({
    type: IalOffice,
    nullable: true,
    description: 'An IAL office by id; null when there is none with that id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => {
      const text = String(id);
      if (!/^ial-[a-z]{2}$/.test(text)) throw badUserInput(`"${text.slice(0, 30)}" is not an IAL office id: use "ial-" and a province code, e.g. ial-bo.`, 'id');
      return IalOffice.getDataloader(ctx).load(text);
    },
  }),
}));
