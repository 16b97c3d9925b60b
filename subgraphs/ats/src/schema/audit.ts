// The audit trail of each ambit's database, as the ambit consortium's own operators and the
// Region (oversight) read it. Each database keeps the records of the requests that touched its
// data; a record says who, in which role, for which partner and purpose, which operation, which
// entity types and how many records — never the data itself. The records also keep which of the
// ambit's participants each request read (their ids in that database), for one question that only
// the ambit's own consortium may ask: who read this person's records (GDPR art. 15).
import { auditedParticipantId, auditRecordPage, checkDateRange, forbidden, participantAuditPage } from '@pleiadi/kit';
import { auditRecordConnection, builder, pageArgs, type Context } from '../builder.ts';
import { onStore, parseGlobalId, storeFor } from '../db/stores.ts';
import { ownOperators, ownOperatorsOf, ownStore } from './access.ts';
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

const AtsAuditedParticipant = builder.inputType('AtsAuditedParticipant', {
  description: "The person who asks, as the ambit's consortium knows them: exactly one of its participant id or their fiscal code.",
  fields: (t) => ({
    id: t.id({ description: 'The participant id in the ambit (AtsParticipant.id), e.g. BOLOGNA:42.' }),
    fiscalCode: t.string({ tag: ['personal'], description: 'Their fiscal code; spaces and letter case do not matter. Looked up in the ambit\'s database, never recorded.' }),
  }),
});

const FIELD = 'Query.atsParticipantAuditRecords';

builder.queryFields((t) => ({
  atsParticipantAuditRecords: t.field({
    type: auditRecordConnection(),
    tag: ['personal'],
    nullable: true,
    description:
      "Who read one participant's records in the caller's own ambit (GDPR art. 15), oldest first: partner, role, purpose, operation and time of each request. For the operators of that ambit's consortium only; the question is audited too.",
    skipTypeScopes: true,
    authScopes: (_root: unknown, _args: unknown, ctx: Context) => ownOperators(ctx),
    args: {
      participant: t.arg({ type: AtsAuditedParticipant, required: true }),
      from: t.arg({ type: 'Date', description: 'Reads on or after this day (UTC).' }),
      to: t.arg({ type: 'Date', description: 'Reads on or before this day (UTC).' }),
      ...pageArgs(t.arg),
    },
    resolve: async (_root, { participant, from, to, first, after }, ctx) => {
      checkDateRange(from, to);
      const store = await ownStore(ctx);
      if (!store) throw forbidden("Only the operators of the ambit's own consortium may ask who read its participants.");
      const localId = (value: string) => {
        const ref = parseGlobalId(value);
        if (ref && ref.ambit !== store.ambit) {
          ctx.audit.denied(FIELD);
          throw forbidden("A consortium's operators ask about the participants of their own ambit only.");
        }
        return ref?.id ?? null;
      };
      const id = await onStore(store, (db) => auditedParticipantId(db, participant, localId));
      // Asking is itself a read of the person's data: it goes into the ambit's trail like any other.
      ctx.audit.touched('ParticipantAuditRecords', id === null ? 0 : 1, store.name);
      if (id !== null) ctx.audit.readParticipants([id], store.name);
      const page = await onStore(store, (db) => participantAuditPage(db, id, { from, to }, { first, after }));
      return { ...page, totalCount: () => onStore(store, async () => page.totalCount()) };
    },
  }),
}));
