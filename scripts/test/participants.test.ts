// The participant-level graph across partners, end to end through the gateway: own participants in
// full for the owning partner, other partners' non-personal facts by pseudonym only for case
// coordination, early refusal for everyone else, and the audit trail of each subgraph.
import { createHash } from 'node:crypto';
import { countStatements } from '@pleiadi/kit/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFederation, type Federation } from '../src/federation.ts';

let federation: Federation;
beforeAll(async () => {
  federation = await startFederation({ databases: 'test', demo: true });
});
afterAll(() => federation?.stop());

const CPIA_COORDINATOR = { role: 'partner', partnerId: 'cpia-bologna', purpose: 'case-coordination', subject: 'operator-17@cpia' } as const;
const CROSS_PARTNER = `query CaseCoordination { cpiaParticipants(first: 60) { nodes {
  id firstName lastName fiscalCode
  participant { cpiaEnrolments { courseKind status } atsCases { ambit { code } openedOn serviceKinds } ialJobPath { status individualGuidance } }
} } }`;

const auditRows = async (store: string) =>
  (await sql<Record<string, unknown>>`select * from audit_record order by id`.execute(federation.databases[store].db)).rows;

describe('a partner operator coordinating cases', () => {
  it('reads its own participants in full and, by pseudonym, other partners\u2019 non-personal facts', async () => {
    const result = await federation.queryAs(CPIA_COORDINATOR, CROSS_PARTNER);
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.cpiaParticipants.nodes as { fiscalCode: string; participant: { cpiaEnrolments: unknown[]; atsCases: unknown[]; ialJobPath: unknown } }[];
    expect(nodes).toHaveLength(60);
    expect(nodes.every((n) => n.fiscalCode && n.participant.cpiaEnrolments.length > 0)).toBe(true);
    // The demo population's overlaps: most learners also at the consortia, fewer with a job path.
    expect(nodes.filter((n) => n.participant.atsCases.length > 0).length).toBeGreaterThan(20);
    expect(nodes.filter((n) => n.participant.ialJobPath).length).toBeGreaterThan(3);
  });

  it('writes an audit record in every subgraph it reached, with no personal value in it', async () => {
    const before = { cpia: (await auditRows('cpia')).length, ial: (await auditRows('ial')).length };
    const result = await federation.queryAs(CPIA_COORDINATOR, CROSS_PARTNER);
    const cpia = (await auditRows('cpia')).slice(before.cpia);
    const ial = (await auditRows('ial')).slice(before.ial);
    expect(cpia).toHaveLength(1);
    expect(cpia[0]).toMatchObject({
      subgraph: 'cpia',
      subject: 'operator-17@cpia',
      role: 'partner',
      partner_id: 'cpia-bologna',
      purpose: 'case-coordination',
      operation_name: 'CaseCoordination',
      operation_hash: createHash('sha256').update(CROSS_PARTNER).digest('hex'),
      outcome: 'OK',
    });
    expect((cpia[0].entities as Record<string, number>).CpiaParticipant).toBe(60);
    expect(ial).toHaveLength(1);
    expect(ial[0]).toMatchObject({ subgraph: 'ial', partner_id: 'cpia-bologna', outcome: 'OK' });
    expect((ial[0].entities as Record<string, number>).Participant).toBeGreaterThan(0);

    const everything = JSON.stringify([...cpia, ...ial]);
    for (const node of result.data!.cpiaParticipants.nodes as { fiscalCode: string; firstName: string; lastName: string }[]) {
      expect(everything).not.toContain(node.fiscalCode);
      expect(everything).not.toContain(`"${node.lastName}"`);
    }
  });

  it('gets no other partner\u2019s facts without the case-coordination purpose', async () => {
    const result = await federation.queryAs({ ...CPIA_COORDINATOR, purpose: 'reporting' }, CROSS_PARTNER);
    const codes = new Set(result.errors?.map((e) => e.extensions?.code));
    expect(codes).toEqual(new Set(['FORBIDDEN']));
    const paths = new Set(result.errors?.map((e) => String(e.path?.at(-1))));
    expect([...paths].every((p) => ['atsCases', 'ialJobPath'].includes(p))).toBe(true);
  });

  it('never sees another partner\u2019s own participants', async () => {
    const result = await federation.queryAs({ role: 'partner', partnerId: 'ial-er', purpose: 'case-coordination' }, '{ cpiaParticipants(first: 5) { nodes { firstName } } }');
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(result.data ?? {})).not.toMatch(/firstName":"/);
  });

  it('reads its own ambit\u2019s participants only, for an ambit consortium', async () => {
    const result = await federation.queryAs(
      { role: 'partner', partnerId: 'arcolaio', ambit: 'BOLOGNA', purpose: 'case-coordination' },
      '{ atsParticipants(first: 20) { nodes { ambit { code } fiscalCode participant { cpiaEnrolments { status } } } } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.atsParticipants.nodes.length).toBeGreaterThan(0);
    expect(result.data!.atsParticipants.nodes.every((n: { ambit: { code: string } }) => n.ambit.code === 'BOLOGNA')).toBe(true);
  });
});

describe('roles without access to personal data', () => {
  it.each([
    ['region', { role: 'region', purpose: 'reporting' }],
    ['bi', { role: 'bi' }],
  ] as const)('%s does not even see them: the fields do not exist in its contract, and no subgraph is called', async (_label, caller) => {
    for (const query of ['{ cpiaParticipants { nodes { firstName } } }', '{ ialParticipants { nodes { id } } }', '{ atsParticipants { nodes { id } } }']) {
      let result: Awaited<ReturnType<Federation['query']>> | undefined;
      const statements = await countStatements(Object.values(federation.databases), async () => {
        result = await federation.queryAs(caller, query);
      });
      expect(result!.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(result!.errors?.[0].message).toMatch(/^Cannot query field "(cpia|ial|ats)Participants" on type "Query"/);
      expect(result!.data ?? null).toBeNull();
      expect(statements).toBe(0);
    }
  });

  it('anonymous callers get nothing from a signed-in-only subgraph', async () => {
    const result = await federation.query('{ cpiaParticipants { nodes { firstName } } }');
    expect(result.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('who read a participant (GDPR art. 15), through the gateway', () => {
  const WHO_READ = (field: string, input: string) => `query WhoReadMe($p: ${input}!) { ${field}(participant: $p, first: 1000) { totalCount nodes { subject partnerId purpose operationName } } }`;

  it('tells the owning partner which other partner read its participant, by fiscal code, in its own trail', async () => {
    // A person IAL serves whose job path the CPIA coordinator read above by pseudonym.
    const { rows } = await sql<{ fiscal_code: string; pseudonym: string }>`select fiscal_code, pseudonym from participant order by id`.execute(federation.databases.ial.db);
    const seen = (await federation.queryAs(CPIA_COORDINATOR, '{ cpiaParticipants(first: 60) { nodes { pseudonym } } }')).data!.cpiaParticipants.nodes.map((n: { pseudonym: string }) => n.pseudonym);
    const person = rows.find((r) => seen.includes(r.pseudonym))!;
    const ial = { role: 'partner', partnerId: 'ial-er', purpose: 'data-subject-request', subject: 'dpo@ial' } as const;
    const result = await federation.queryAs(ial, WHO_READ('ialParticipantAuditRecords', 'IalAuditedParticipant'), { p: { fiscalCode: person.fiscal_code } });
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.ialParticipantAuditRecords.nodes as { subject: string; partnerId: string; purpose: string; operationName: string }[];
    expect(nodes).toContainEqual({ subject: 'operator-17@cpia', partnerId: 'cpia-bologna', purpose: 'case-coordination', operationName: 'CaseCoordination' });
  });

  it('is refused before any subgraph for the region, and to another partner by the owner subgraph', async () => {
    const region = await federation.queryAs({ role: 'region', purpose: 'oversight' }, WHO_READ('cpiaParticipantAuditRecords', 'CpiaAuditedParticipant'), { p: { id: '1' } });
    expect(region.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const other = await federation.queryAs({ role: 'partner', partnerId: 'ial-er' }, WHO_READ('cpiaParticipantAuditRecords', 'CpiaAuditedParticipant'), { p: { id: '1' } });
    expect(other.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(other.data?.cpiaParticipantAuditRecords ?? null).toBeNull();
  });
});

describe('audit oversight', () => {
  it('lets the region read the trail, not the data', async () => {
    const result = await federation.queryAs({ role: 'region', purpose: 'oversight' }, '{ cpiaAuditRecords(first: 5) { totalCount nodes { role partnerId purpose entityCounts { entityType records } outcome } } }');
    expect(result.errors).toBeUndefined();
    expect(result.data!.cpiaAuditRecords.totalCount).toBeGreaterThan(0);
  });
});
