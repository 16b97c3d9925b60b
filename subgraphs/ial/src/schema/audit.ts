// IAL's audit trail: who reached its participants or its facts about them, how and when — never
// the data itself. For IAL's own operators and for the regional oversight. Which participants each
// request read is kept too (their ids in IAL's database), for one question that only IAL's own
// operators may ask: who read this person's records (GDPR art. 15).
import { auditedParticipantId, auditRecordPage, badUserInput, checkDateRange, participantAuditPage } from '@pleiadi/kit';
import { auditRecordConnection, builder, pageArgs } from '../builder.ts';
import { parseParticipantId } from './participant.ts';
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

const IalAuditedParticipant = builder.inputType('IalAuditedParticipant', {
  description: 'The person who asks, as IAL knows them: exactly one of its participant id or their fiscal code.',
  fields: (t) => ({
    id: t.id({ description: "IAL's participant id (IalParticipant.id)." }),
    fiscalCode: t.string({ tag: ['personal'], description: 'Their fiscal code; spaces and letter case do not matter. Looked up here, never recorded.' }),
  }),
});

builder.queryFields((t) => ({
  ialParticipantAuditRecords: t.field({
    type: AuditRecordConnection,
    tag: ['personal'],
    nullable: true,
    authScopes: { partner: IAL_PARTNER_ID },
    skipTypeScopes: true,
    description:
      "Who read one participant's records (GDPR art. 15), oldest first: partner, role, purpose, operation and time of each request. For IAL Emilia-Romagna's operators only; the question is audited too.",
    args: {
      participant: t.arg({ type: IalAuditedParticipant, required: true }),
      from: t.arg({ type: 'Date', description: 'Reads on or after this day (UTC).' }),
      to: t.arg({ type: 'Date', description: 'Reads on or before this day (UTC).' }),
      ...pageArgs(t.arg),
    },
    resolve: async (_root, { participant, from, to, first, after }, ctx) => {
      checkDateRange(from, to);
      const id = await auditedParticipantId(ctx.db, participant, parseParticipantId);
      // Asking is itself a read of the person's data: it goes into the trail like any other.
      ctx.audit.touched('ParticipantAuditRecords', id === null ? 0 : 1);
      if (id !== null) ctx.audit.readParticipants([id]);
      return participantAuditPage(ctx.db, id, { from, to }, { first, after });
    },
  }),
}));
