// The network's audit trail: who reached its participants' personal data or their pseudonymous
// facts, and who was refused. Readable by the network's own operators and, for oversight, by the
// region; the rows say who, role, partner, purpose, operation, entity counts and outcome — never
// the data itself. The table is append-only (a trigger refuses UPDATE, DELETE and TRUNCATE).
import { auditRecordPage, badUserInput, checkDateRange } from '@pleiadi/kit';
import { auditRecordConnection, builder, pageArgs } from '../builder.ts';
import { OWN_PARTNER_ID } from './access.ts';

const AuditRecordConnection = auditRecordConnection();

const CpiaAuditRecordFilter = builder.inputType('CpiaAuditRecordFilter', {
  fields: (t) => ({
    from: t.field({ type: 'Date', description: 'Records of this day (UTC) or later.' }),
    to: t.field({ type: 'Date', description: 'Records of this day (UTC) or earlier.' }),
    subject: t.string({ description: 'Who asked: the subject of their token.' }),
    partnerId: t.string({ description: 'The partner of the operators who asked, e.g. ial-er.' }),
  }),
});

builder.queryFields((t) => ({
  cpiaAuditRecords: t.field({
    type: AuditRecordConnection,
    tag: ['oversight'],
    skipTypeScopes: true,
    authScopes: { $any: { partner: OWN_PARTNER_ID, role: 'region' } },
    description: "The CPIA network's audit trail of personal and pseudonymous data, oldest first. For the network's own operators and the region.",
    args: { filter: t.arg({ type: CpiaAuditRecordFilter }), ...pageArgs(t.arg) },
    resolve: (_root, { filter, first, after }, ctx) => {
      checkDateRange(filter?.from, filter?.to);
      const subject = filter?.subject ?? null;
      if (subject !== null && (subject.length === 0 || subject.length > 200)) throw badUserInput('"subject" must have 1 to 200 characters.', 'subject');
      const partnerId = filter?.partnerId ?? null;
      if (partnerId !== null && !/^[a-z0-9-]{1,60}$/.test(partnerId)) throw badUserInput('"partnerId" is a partner registry id: lower-case words joined by dashes, e.g. ial-er.', 'partnerId');
      return auditRecordPage(ctx.db, { from: filter?.from, to: filter?.to, subject, partnerId }, { first, after });
    },
  }),
}));
