// The data generator: deterministic from the seed, realistic in shape, and free of people.
import { DEMO_LINKAGE_KEY, defaultAmbitOf, municipalityByCode, prepareSubgraphDatabase } from '@pleiadi/kit';
import { createTestDatabase, type TestDatabase } from '@pleiadi/kit/testing';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignCount } from '../src/db/seed/plan.ts';
import { seedDemo } from '../src/db/seed/demo.ts';
import { definition, generate, type CommsDatabase } from '../src/index.ts';

const TABLES = ['campaign', 'campaign_ambit', 'campaign_municipality', 'campaign_language', 'material', 'event', 'reach_figure'] as const;
let database: TestDatabase<CommsDatabase>;

beforeAll(async () => {
  database = await createTestDatabase<CommsDatabase>('comms_gen');
  await prepareSubgraphDatabase(definition, database.db, { demo: false });
});
afterAll(() => database.drop());

/** Empties the database (ids restart, as on a fresh one) and generates into it. */
async function generated(seed: number, participants: number, key = 'k'.repeat(40)) {
  await sql`truncate ${sql.join(TABLES.map((t) => sql.table(t)))} restart identity cascade`.execute(database.db);
  const report = await generate(database.db, { seed, participants, linkageKey: key, store: 'comms' });
  return { db: database.db, report };
}

async function dump(db: Kysely<CommsDatabase>) {
  const tables: Record<string, unknown[]> = {};
  for (const table of TABLES) tables[table] = (await sql`select * from ${sql.table(table)} order by 1, 2`.execute(db)).rows;
  return tables;
}

describe('generator', () => {
  it('makes the same rows from the same seed, other rows from another, whatever the linkage key', async () => {
    const a = await generated(11, 1500);
    const rows = await dump(a.db);
    for (const table of TABLES) expect(a.report[table]).toBe(rows[table].length);
    const b = await generated(11, 1500, DEMO_LINKAGE_KEY);
    expect(b.report).toEqual(a.report);
    expect(await dump(b.db)).toEqual(rows);
    await generated(12, 1500);
    expect(await dump(database.db)).not.toEqual(rows);
  });

  it('scales campaigns mildly with the population: 20 for the demo, 60 for 100,000', () => {
    expect(campaignCount(3000)).toBe(20);
    expect(campaignCount(100_000)).toBe(60);
    expect(campaignCount(0)).toBeGreaterThan(0);
    expect(campaignCount(10_000)).toBeGreaterThan(campaignCount(3000));
  });

  it('writes realistic shapes: Italian plus community languages, materials, events and reach inside each campaign', async () => {
    const { db, report } = await generated(5, 6000);
    expect(report.campaign).toBe(campaignCount(6000));
    const campaigns = await db.selectFrom('campaign').selectAll().execute();
    const languages = await db.selectFrom('campaign_language').selectAll().execute();
    const ambits = await db.selectFrom('campaign_ambit').selectAll().execute();
    const municipalities = await db.selectFrom('campaign_municipality').selectAll().execute();
    const materials = await db.selectFrom('material').selectAll().execute();
    const events = await db.selectFrom('event').selectAll().execute();
    const reach = await db.selectFrom('reach_figure').selectAll().execute();

    expect(new Set(languages.map((l) => l.language_code)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(campaigns.map((c) => c.action_code))).toEqual(new Set(['AZ01', 'AZ02', 'AZ03']));
    expect(new Set(materials.map((m) => m.kind)).size).toBe(7);
    for (const c of campaigns) {
      expect(c.starts_on >= '2025-06-01' && c.ends_on <= '2026-10-31' && c.starts_on <= c.ends_on).toBe(true);
      const own = new Set(languages.filter((l) => l.campaign_id === c.id).map((l) => l.language_code));
      expect(own.has('it')).toBe(true);
      expect(materials.filter((m) => m.campaign_id === c.id).every((m) => own.has(m.language_code) && m.published_on >= c.starts_on && m.published_on <= c.ends_on)).toBe(true);
      // A campaign targets whole ambits or single municipalities, and holds its events there.
      const targetAmbits = ambits.filter((a) => a.campaign_id === c.id).map((a) => a.ambit_code);
      const targetMunicipalities = municipalities.filter((m) => m.campaign_id === c.id).map((m) => m.municipality_code);
      expect(targetAmbits.length > 0 !== targetMunicipalities.length > 0).toBe(true);
      for (const e of events.filter((e) => e.campaign_id === c.id)) {
        expect(e.held_on >= c.starts_on && e.held_on <= c.ends_on).toBe(true);
        if (targetMunicipalities.length) expect(targetMunicipalities).toContain(e.municipality_code);
        else expect(targetAmbits).toContain(defaultAmbitOf(municipalityByCode(e.municipality_code)!));
      }
      expect(c.channels.length).toBeGreaterThanOrEqual(2);
      const months = reach.filter((r) => r.campaign_id === c.id);
      expect(months.every((r) => r.month >= `${c.starts_on.slice(0, 7)}-01` && r.month <= c.ends_on && c.channels.includes(r.channel))).toBe(true);
    }
    expect(reach.some((r) => r.copies > 0) && reach.some((r) => r.views > 0) && reach.some((r) => r.listeners > 0) && reach.some((r) => r.attendees > 0)).toBe(true);
  });

  it('loads the demo only into an empty database', async () => {
    await sql`truncate ${sql.join(TABLES.map((t) => sql.table(t)))} restart identity cascade`.execute(database.db);
    expect(await seedDemo(database.db, 'comms')).toBe(true);
    const count = async () => (await database.db.selectFrom('material').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
    const before = await count();
    expect(before).toBeGreaterThan(0);
    expect(await seedDemo(database.db, 'comms')).toBe(false);
    expect(await count()).toBe(before);
  });
});
