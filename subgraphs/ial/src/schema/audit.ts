// IAL's audit trail: who reached its participants or its facts about them, how and when — never
// the data itself. For IAL's own operators and for the regional oversight.
import { auditRecordPage, badUserInput, checkDateRange } from '@pleiadi/kit';
import { auditRecordConnection, builder, pageArgs } from '../builder.ts';
import { IAL_PARTNER_ID } from './partner.ts';

const AuditRecordConnection = auditRecordConnection();

const IalAuditRecordFilter = builder.inputType('IalAuditRecordFilter', {
  description: 'All given criteria must match.',
  fields: (t) => ({
    from: t.field({ type: 'Date', description: 'Recorded on or after this day (UTC).' }),
    to: t.field({ type: 'Date', description: 'Recorded on or before this day (UTC).' }),
    subject: t.string({ description: 'Who: the subject of the caller\'s token.' }),
    partnerId: t.string({ description: 'The caller\'s partner, e.g. cpia-bologna.' }),
  }),
});

function shortText(value: string | null | undefined, argument: string): string | null {
  if (value == null) return null;
  if (!value.length || value.length > 200) throw badUserInput(`"${argument}" must be 1 to 200 characters.`, argument);
  return value;
}

function partnerIdOf(value: string | null | undefined): string | null {
  if (value == null) return null;
  if (!/^[a-z0-9-]{1,60}$/.test(value)) throw badUserInput('"partnerId" is a partner registry id: lower-case words joined by dashes, e.g. cpia-bologna.', 'partnerId');
  return value;
}

builder.queryFields((t) => ({
  ialAuditRecords: t.field({
    type: AuditRecordConnection,
    tag: ['oversight'],
    nullable: true,
    // IAL's operators or the region; either scope implies signed-in, so every refusal is audited.
    authScopes: { partner: IAL_PARTNER_ID, role: 'region' },
    skipTypeScopes: true,
    description: 'IAL\'s audit trail, oldest first: who reached its participants or its facts about them. For IAL\'s operators and the regional oversight.',
    args: { filter: t.arg({ type: IalAuditRecordFilter }), ...pageArgs(t.arg) },
    resolve: (_root, { filter, first, after }, ctx) => {
      checkDateRange(filter?.from, filter?.to);
      const checked = {
        from: filter?.from ?? null,
        to: filter?.to ?? null,
        subject: shortText(filter?.subject, 'subject'),
        partnerId: partnerIdOf(filter?.partnerId),
      };
      return auditRecordPage(ctx.db, checked, { first, after });
    },
  }),
}));
