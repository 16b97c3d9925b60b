// The audit trail of each ambit's database, as the ambit consortium's own operators and the
// Region (oversight) read it. Each database keeps the records of the requests that touched its
// data; a record says who, in which role, for which partner and purpose, which operation, which
// entity types and how many records — never the data itself.
import { auditRecordPage, checkDateRange } from '@pleiadi/kit';
import { auditRecordConnection, builder, pageArgs } from '../builder.ts';
import { onStore, storeFor } from '../db/stores.ts';
import { ownOperatorsOf } from './access.ts';
import { requireAmbit } from './arguments.ts';

const AtsAuditRecordFilter = builder.inputType('AtsAuditRecordFilter', {
  fields: (t) => ({
    from: t.field({ type: 'Date', description: 'Records made on or after this day (UTC).' }),
    to: t.field({ type: 'Date', description: 'Records made on or before this day (UTC).' }),
    subject: t.string({ description: 'Records of this caller (the subject of their token).' }),
    partnerId: t.string({ description: 'Records of the operators of this partner.' }),
  }),
});

builder.queryFields((t) => ({
  atsAuditRecords: t.field({
    type: auditRecordConnection(),
    tag: ['oversight'],
    nullable: true,
    description:
      "Who reached the personal or pseudonymous data of an ambit's database, oldest first. For the operators of that ambit's own consortium (who may name their own ambit only) and for the Region.",
    skipTypeScopes: true,
    authScopes: async (_root, args, ctx) => ({ $any: { role: 'region', ...(await ownOperatorsOf(args.ambit, ctx)) } }),
    args: {
      ambit: t.arg.string({ required: true, description: "The ambit whose database's trail to read, e.g. BOLOGNA." }),
      filter: t.arg({ type: AtsAuditRecordFilter }),
      ...pageArgs(t.arg),
    },
    resolve: async (_root, { ambit, filter, first, after }, ctx) => {
      const store = storeFor(ctx.stores, requireAmbit(ambit));
      checkDateRange(filter?.from, filter?.to);
      const page = await onStore(store, (db) => auditRecordPage(db, filter ?? {}, { first, after }));
      return { ...page, totalCount: () => onStore(store, async () => page.totalCount()) };
    },
  }),
}));
