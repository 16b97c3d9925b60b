// The network's audit trail: who reached its participants' personal data or their pseudonymous
// facts, and who was refused. Readable by the network's own operators and, for oversight, by the
// region; the rows say who, role, partner, purpose, operation, entity counts and outcome — never
// the data itself. The table is append-only and hash-chained (see the kit's audit-chain.ts).
// Which participants each request read is kept too, for one question only, and only the network's
// own operators may ask it: who read this person's records (GDPR art. 15).
import { auditedParticipantId, auditRecordPage, badUserInput, checkDateRange, participantAuditPage } from '@pleiadi/kit';
import { auditRecordConnection, builder, pageArgs } from '../builder.ts';
import { OWN_OPERATORS, OWN_PARTNER_ID } from './access.ts';
import { parseId } from './arguments.ts';

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

const CpiaAuditedParticipant = builder.inputType('CpiaAuditedParticipant', {
  description: 'The person who asks, as the network knows them: exactly one of its participant id or their fiscal code.',
  fields: (t) => ({
    id: t.id({ description: "The network's participant id (CpiaParticipant.id)." }),
    fiscalCode: t.string({ tag: ['personal'], description: 'Their fiscal code; spaces and letter case do not matter. Looked up here, never recorded.' }),
  }),
});

builder.queryFields((t) => ({
  cpiaParticipantAuditRecords: t.field({
    type: AuditRecordConnection,
    tag: ['personal'],
    skipTypeScopes: true,
    authScopes: OWN_OPERATORS,
    description:
      "Who read one participant's records (GDPR art. 15), oldest first: partner, role, purpose, operation and time of each request. For the network's own operators only; the question is audited too.",
    args: {
      participant: t.arg({ type: CpiaAuditedParticipant, required: true }),
      from: t.arg({ type: 'Date', description: 'Reads on or after this day (UTC).' }),
      to: t.arg({ type: 'Date', description: 'Reads on or before this day (UTC).' }),
      ...pageArgs(t.arg),
    },
    resolve: async (_root, { participant, from, to, first, after }, ctx) => {
      checkDateRange(from, to);
      const id = await auditedParticipantId(ctx.db, participant, (value) => parseId(value, 'id'));
      // Asking is itself a read of the person's data: it goes into the trail like any other.
      ctx.audit.touched('ParticipantAuditRecords', id === null ? 0 : 1);
      if (id !== null) ctx.audit.readParticipants([id]);
      return participantAuditPage(ctx.db, id, { from, to }, { first, after });
    },
  }),
}));
