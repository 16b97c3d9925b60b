// Partner is owned by region (the partner registry). IAL adds what it runs to its own entry;
// every other partner gets empty lists, without a query.
import { readPageArgs, type Page } from '@pleiadi/kit';
import { builder, pageArgs, type Context, externalPartner } from '../builder.ts';
import { allOffices } from '../db/repositories/offices.ts';
import { employerPage, type EmployerRow } from '../db/repositories/employers.ts';
import { employerFilter, IalEmployerConnection, IalEmployerFilter } from './employer.ts';
import { IalOffice } from './office.ts';

/** IAL Emilia-Romagna's id in the Region's partner registry. */
export const IAL_PARTNER_ID = 'ial-er';

export const Partner = externalPartner();

const emptyPage: Page<EmployerRow> = { nodes: [], cursors: [], hasNextPage: false, hasPreviousPage: false, totalCount: () => 0 };

builder.objectFields(Partner, (t) => ({
  ialOffices: t.loadableList({
    type: IalOffice,
    nullable: true,
    description: 'The IAL offices the partner runs: those of IAL Emilia-Romagna, none for any other partner.',
    load: async (ids: string[], ctx: Context) => {
      const offices = ids.includes(IAL_PARTNER_ID) ? await allOffices(ctx.db) : [];
      return ids.map((id) => (id === IAL_PARTNER_ID ? offices : []));
    },
    resolve: (partner) => String(partner.id),
  }),
  ialEmployers: t.loadable({
    type: IalEmployerConnection,
    nullable: true,
    byPath: true,
    description: 'Employers of the partner\'s job-facilitation network: IAL Emilia-Romagna\'s, none for any other partner.',
    args: { filter: t.arg({ type: IalEmployerFilter }), ...pageArgs(t.arg) },
    load: async (ids: string[], ctx: Context, { filter, first, after }) => {
      // Bad arguments are reported whichever partner is asked about.
      readPageArgs({ first, after }, 1);
      const checked = await employerFilter(ctx, filter);
      const page = ids.includes(IAL_PARTNER_ID) ? await employerPage(ctx.db, checked, { first, after }) : emptyPage;
      return ids.map((id) => (id === IAL_PARTNER_ID ? page : emptyPage));
    },
    resolve: (partner) => String(partner.id),
  }),
}));
