// Uploads through the gateway, end to end: a partner's operator with the purpose `import` loads
// the example files into its own subgraph's empty database; anyone else is refused (by the gateway,
// or by the subgraph that alone knows who owns it); the subgraph answers only the gateway; the
// attempt is in the partner's audit trail; and answers the gateway had cached reflect the import
// at once.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPOSITORY_ROOT } from '@pleiadi/kit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFederation, type Federation } from '../src/federation.ts';

// Imports pseudonymise with the project's linkage key, which a deployment on PostgreSQL must set.
process.env.PLEIADI_LINKAGE_KEY ??= 'test-linkage-key-of-the-import-upload-test-0123456789';

let federation: Federation;
beforeAll(async () => {
  federation = await startFederation({ databases: 'test', demo: false, responseCacheTtlSeconds: 300 });
});
afterAll(() => federation?.stop());

const OPERATOR = { role: 'partner', partnerId: 'cpia-bologna', purpose: 'import', subject: 'operator-3@cpia' } as const;
const example = (file: string, partner = 'cpia') => new Blob([readFileSync(path.join(REPOSITORY_ROOT, 'docs', 'imports', 'examples', partner, file))]);
const gatewayBase = () => federation.gateway.url.replace(/\/graphql$/, '');

async function upload(token: string | undefined, target: string, body: Blob, contentType = 'text/csv') {
  const response = await fetch(`${gatewayBase()}${target}`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { errors?: { extensions: { code: string } }[] } };
}

const COURSES = '{ cpiaCourses(first: 5) { totalCount } }';

describe('uploading through the gateway', () => {
  it('loads the example files for the owning partner, and cached answers follow', async () => {
    const region = { role: 'region', purpose: 'reporting', subject: 'table-1' } as const;
    const before = await federation.queryAs(region, COURSES);
    expect(before.data?.cpiaCourses.totalCount).toBe(0);
    const token = await federation.token(OPERATOR);
    for (const [table, inserted] of [['participants', 5], ['courses', 3], ['enrolments', 6], ['integration_surveys', 3]] as const) {
      const { status, body } = await upload(token, `/import/cpia/${table}`, example(`${table}.csv`));
      expect([table, status, body.inserted, body.rejected, body.committed]).toEqual([table, 200, inserted, 0, true]);
    }
    // The cache would have kept the earlier answer for five minutes; the import invalidated it.
    const after = await federation.queryAs(region, COURSES);
    expect(after.data?.cpiaCourses.totalCount).toBe(3);
    // The same file again changes nothing.
    const again = await upload(token, '/import/cpia/enrolments', example('enrolments.csv'));
    expect([again.body.inserted, again.body.updated, again.body.unchanged]).toEqual([0, 0, 6]);
  });

  it('answers the rejects report of a bad file, without personal values', async () => {
    const token = await federation.token(OPERATOR);
    const { status, body } = await upload(token, '/import/cpia/participants?dryRun=true', example('participants.bad.csv'));
    expect(status).toBe(200);
    expect(body).toMatchObject({ dryRun: true, committed: false, rejected: 4, unchanged: 1 });
    const rejects = body.rejects as { row: number; column: string; code: string; value: string }[];
    expect(rejects.map((r) => r.code)).toContain('INVALID_FISCAL_CODE');
    expect(JSON.stringify(body)).not.toMatch(/RSSMRA|Rossi|1985-1/);
  });

  it('refuses whoever is not the owning partner with the purpose import, and records the attempt', async () => {
    const bare = await upload(undefined, '/import/cpia/courses', example('courses.csv'));
    expect([bare.status, bare.body.errors?.[0].extensions.code]).toEqual([403, 'FORBIDDEN']);
    const wrongPurpose = await upload(await federation.token({ ...OPERATOR, purpose: 'case-coordination' }), '/import/cpia/courses', example('courses.csv'));
    expect([wrongPurpose.status, wrongPurpose.body.errors?.[0].extensions.code]).toEqual([403, 'FORBIDDEN']);
    const otherPartner = await upload(await federation.token({ role: 'partner', partnerId: 'ial-er', purpose: 'import', subject: 'op@ial' }), '/import/cpia/courses', example('courses.csv'));
    expect([otherPartner.status, otherPartner.body.errors?.[0].extensions.code]).toEqual([403, 'FORBIDDEN']);
    const unknown = await upload(await federation.token(OPERATOR), '/import/cpia/nothing', example('courses.csv'));
    expect(unknown.status).toBe(404);

    // Straight to the subgraph, without the gateway's token: nothing.
    const direct = await fetch(federation.subgraphs.cpia.url.replace(/\/graphql$/, '/import/courses'), { method: 'POST', headers: { 'content-type': 'text/csv' }, body: example('courses.csv') });
    expect(direct.status).toBe(401);

    const { rows } = await sql<{ operation_name: string; role: string; partner_id: string; purpose: string; outcome: string }>`
      select operation_name, role, partner_id, purpose, outcome from audit_record where operation_name like 'import%' order by id`.execute(federation.databases.cpia.db);
    expect(rows.filter((r) => r.outcome === 'OK' && r.partner_id === 'cpia-bologna' && r.purpose === 'import').length).toBeGreaterThanOrEqual(5);
    expect(rows.some((r) => r.outcome === 'FORBIDDEN' && r.partner_id === 'ial-er')).toBe(true);
  });

  it('sends an ambit consortium\u2019s file to its own ambit\u2019s database, for that ambit\u2019s lead only', async () => {
    const lead = await federation.token({ role: 'partner', partnerId: 'arcolaio', ambit: 'BOLOGNA', purpose: 'import', subject: 'op@arcolaio' });
    const { status, body } = await upload(lead, '/import/ats/participants', example('participants.csv', 'ats'));
    expect([status, body.store, body.inserted]).toEqual([200, 'ats_bologna', 5]);
    const count = async (store: string) => (await sql<{ n: number }>`select count(*)::int as n from participant`.execute(federation.databases[store].db)).rows[0].n;
    expect([await count('ats_bologna'), await count('ats_romagna')]).toEqual([5, 0]);
    const otherLead = await federation.token({ role: 'partner', partnerId: 'cidas', ambit: 'BOLOGNA', purpose: 'import', subject: 'op@cidas' });
    expect((await upload(otherLead, '/import/ats/participants', example('participants.csv', 'ats'))).status).toBe(403);
  });
});
