// The comms subgraph on a real database (PostgreSQL when TEST_DATABASE_URL is set, PGlite otherwise).
import { defaultAmbitOf, emiliaRomagnaMunicipalities, municipalityByCode, prepareSubgraphDatabase } from '@pleiadi/kit';
import { countStatements, createTestDatabase, execute, type TestDatabase } from '@pleiadi/kit/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definition, schema, type CommsDatabase } from '../src/index.ts';

let database: TestDatabase<CommsDatabase>;
const run = (query: string, variables?: Record<string, unknown>) => execute(schema, database, query, variables);

interface Campaign {
  id: string;
  actionCode: string;
  startsOn: string;
  endsOn: string;
  channels: string[];
  languages: { code: string }[];
  targetAmbits: { code: string }[];
  targetMunicipalities: { nodes: { istatCode: string }[] };
}
let campaigns: Campaign[];

const ambitOf = (istatCode: string) => defaultAmbitOf(municipalityByCode(istatCode)!);
const ids = (nodes: { id: string }[]) => nodes.map((n) => n.id).sort();

beforeAll(async () => {
  database = await createTestDatabase<CommsDatabase>('comms');
  await prepareSubgraphDatabase(definition, database.db, { demo: true });
  const all = await run(`{ commsCampaigns(first: 1000) { nodes { id actionCode startsOn endsOn channels languages { code } targetAmbits { code }
    targetMunicipalities(first: 1000) { nodes { istatCode } } } } }`);
  expect(all.errors).toBeUndefined();
  campaigns = all.data!.commsCampaigns.nodes;
});
afterAll(() => database.drop());

describe('demo data', () => {
  it('holds 20 campaigns of the three actions in a dozen languages, with materials, events and reach', async () => {
    const result = await run(`{ commsCampaigns { totalCount } commsLanguages { code name nativeName }
      commsMaterials { totalCount } commsEvents { totalCount } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data!.commsCampaigns.totalCount).toBe(20);
    expect(result.data!.commsLanguages.map((l: { code: string }) => l.code).sort()).toEqual(['ar', 'bn', 'en', 'fr', 'it', 'pa', 'ro', 'sq', 'uk', 'ur', 'wo', 'zh']);
    expect(result.data!.commsLanguages.find((l: { code: string }) => l.code === 'uk')).toEqual({ code: 'uk', name: 'Ukrainian', nativeName: 'Українська' });
    expect(result.data!.commsMaterials.totalCount).toBeGreaterThan(100);
    expect(result.data!.commsEvents.totalCount).toBeGreaterThan(5);
    expect(new Set(campaigns.map((c) => c.actionCode))).toEqual(new Set(['AZ01', 'AZ02', 'AZ03']));
    expect(new Set(campaigns.flatMap((c) => c.languages.map((l) => l.code))).size).toBeGreaterThanOrEqual(10);
    expect(campaigns.every((c) => c.languages[0].code === 'it' && c.targetAmbits.length + c.targetMunicipalities.nodes.length > 0)).toBe(true);
  });
});

describe('campaigns', () => {
  const targets = (c: Campaign, ambit: string) =>
    c.targetAmbits.some((a) => a.code === ambit) || c.targetMunicipalities.nodes.some((m) => ambitOf(m.istatCode) === ambit);
  const cases: [string, string, (c: Campaign) => boolean][] = [
    ['action', '{action: AZ02}', (c) => c.actionCode === 'AZ02'],
    ['ambit', '{ambit: "ROMAGNA"}', (c) => targets(c, 'ROMAGNA')],
    ['municipality by name or ambit', '{municipality: "037006"}', (c) => c.targetAmbits.some((a) => a.code === 'BOLOGNA') || c.targetMunicipalities.nodes.some((m) => m.istatCode === '037006')],
    ['small municipality', '{municipality: "033001"}', (c) => c.targetAmbits.some((a) => a.code === 'EMILIA_NORD') || c.targetMunicipalities.nodes.some((m) => m.istatCode === '033001')],
    ['language', '{language: "uk"}', (c) => c.languages.some((l) => l.code === 'uk')],
    ['channel', '{channel: RADIO}', (c) => c.channels.includes('RADIO')],
    ['period', '{from: "2026-01-01", to: "2026-03-31"}', (c) => c.endsOn >= '2026-01-01' && c.startsOn <= '2026-03-31'],
    ['everything at once', '{action: AZ03, ambit: "BOLOGNA", language: "ar", from: "2025-09-01"}', (c) =>
      c.actionCode === 'AZ03' && targets(c, 'BOLOGNA') && c.languages.some((l) => l.code === 'ar') && c.endsOn >= '2025-09-01'],
  ];
  it.each(cases)('filters by %s', async (_name, filter, expected) => {
    const result = await run(`{ commsCampaigns(filter: ${filter}, first: 1000) { totalCount nodes { id } } }`);
    expect(result.errors).toBeUndefined();
    const want = campaigns.filter(expected).map((c) => c.id).sort();
    expect(ids(result.data!.commsCampaigns.nodes)).toEqual(want);
    expect(result.data!.commsCampaigns.totalCount).toBe(want.length);
  });

  it('has filters that select something in the demo', () => {
    for (const [, , expected] of cases.slice(0, 6)) expect(campaigns.filter(expected).length).toBeGreaterThan(0);
  });

  it('pages through every campaign once, in start-date order', async () => {
    const seen: { id: string; startsOn: string }[] = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof run>> = await run('query($after: String) { commsCampaigns(first: 3, after: $after) { nodes { id startsOn } pageInfo { hasNextPage endCursor } } }', { after });
      seen.push(...page.data!.commsCampaigns.nodes);
      after = page.data!.commsCampaigns.pageInfo.hasNextPage ? page.data!.commsCampaigns.pageInfo.endCursor : null;
    } while (after);
    expect(new Set(seen.map((c) => c.id)).size).toBe(20);
    expect(seen.map((c) => c.startsOn)).toEqual([...seen.map((c) => c.startsOn)].sort());
  });

  it('has materials in its own languages and reach totals that add up', async () => {
    const result = await run(`{ commsCampaigns(first: 1000) { nodes { id startsOn endsOn languages { code }
      materials(first: 1000) { totalCount nodes { language { code } publishedOn kind isInformationPackage reach { copies views listeners attendees } } }
      events(first: 1000) { nodes { heldOn reach { copies views listeners attendees } } }
      reach { copies views listeners attendees } reachBreakdown { month channel copies views listeners attendees }
      spring: reach(from: "2026-03-15", to: "2026-05-10") { copies views listeners attendees } } } }`);
    expect(result.errors).toBeUndefined();
    type Totals = { copies: number; views: number; listeners: number; attendees: number };
    const sum = (rows: Totals[]) =>
      rows.reduce((t, r) => ({ copies: t.copies + r.copies, views: t.views + r.views, listeners: t.listeners + r.listeners, attendees: t.attendees + r.attendees }), { copies: 0, views: 0, listeners: 0, attendees: 0 });
    for (const c of result.data!.commsCampaigns.nodes) {
      const languages = new Set(c.languages.map((l: { code: string }) => l.code));
      expect(c.materials.nodes.every((m: { language: { code: string } }) => languages.has(m.language.code))).toBe(true);
      expect(c.materials.nodes.every((m: { publishedOn: string }) => m.publishedOn >= c.startsOn && m.publishedOn <= c.endsOn)).toBe(true);
      expect(c.events.nodes.every((e: { heldOn: string }) => e.heldOn >= c.startsOn && e.heldOn <= c.endsOn)).toBe(true);
      expect(c.materials.nodes.every((m: { kind: string; isInformationPackage: boolean }) => m.isInformationPackage === ['LEAFLET', 'INFO_PACK'].includes(m.kind))).toBe(true);
      expect(sum(c.reachBreakdown)).toEqual(c.reach);
      expect(sum(c.reachBreakdown.filter((r: { month: string }) => r.month >= '2026-03-01' && r.month <= '2026-05-10'))).toEqual(c.spring);
      // Every figure is attributed to a material or event, except social media and newsletters.
      const attributed = sum([...c.materials.nodes.map((m: { reach: Totals }) => m.reach), ...c.events.nodes.map((e: { reach: Totals }) => e.reach)]);
      const unattributed = sum(c.reachBreakdown.filter((r: { channel: string }) => ['SOCIAL_MEDIA', 'NEWSLETTER'].includes(r.channel)));
      expect(sum([attributed, unattributed])).toEqual(c.reach);
      expect(c.reachBreakdown.every((r: { month: string }) => r.month.endsWith('-01') && r.month >= `${c.startsOn.slice(0, 7)}-01` && r.month <= c.endsOn)).toBe(true);
    }
    expect(result.data!.commsCampaigns.nodes.some((c: { reach: Totals }) => c.reach.copies > 0)).toBe(true);
  });

  it('lists its materials by kind and language', async () => {
    const result = await run(`{ commsCampaigns(filter: {channel: PRINT}, first: 1) { nodes { languages { code }
      leaflets: materials(filter: {kind: LEAFLET}, first: 100) { nodes { kind language { code } } }
      italian: materials(filter: {language: "it"}, first: 100) { nodes { language { code } } } } } }`);
    const [c] = result.data!.commsCampaigns.nodes;
    expect(c.leaflets.nodes.map((m: { language: { code: string } }) => m.language.code).sort()).toEqual(c.languages.map((l: { code: string }) => l.code).sort());
    expect(c.italian.nodes.length).toBeGreaterThan(0);
    expect(c.italian.nodes.every((m: { language: { code: string } }) => m.language.code === 'it')).toBe(true);
  });
  it('lists languages Italian first, and serves a language added by hand after the list was read', async () => {
    expect((await run('{ commsLanguages { code } }')).errors).toBeUndefined(); // the list is read and kept
    const campaign = await database.db.selectFrom('campaign').select('id').orderBy('id').executeTakeFirstOrThrow();
    await database.db.insertInto('language').values({ code: 'ti', name: 'Tigrinya', native_name: 'ትግርኛ' }).execute();
    await database.db.insertInto('campaign_language').values({ campaign_id: campaign.id, language_code: 'ti' }).execute();
    try {
      const result = await run(`{ commsCampaign(id: "${campaign.id}") { languages { code name nativeName } } }`);
      expect(result.errors).toBeUndefined();
      const languages = result.data!.commsCampaign.languages as { code: string; name: string; nativeName: string }[];
      expect(languages[0].code).toBe('it');
      expect(languages.map((l) => l.code).slice(1)).toEqual(languages.map((l) => l.code).slice(1).sort());
      expect(languages).toContainEqual({ code: 'ti', name: 'Tigrinya', nativeName: 'ትግርኛ' });
    } finally {
      await database.db.deleteFrom('campaign_language').where('language_code', '=', 'ti').execute();
      await database.db.deleteFrom('language').where('code', '=', 'ti').execute();
    }
  });
});

describe('materials and events', () => {
  it('filters materials by kind, language and publication date and pages through them', async () => {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from material
      where kind = 'WEB_PAGE' and language_code = 'ar' and published_on between '2025-09-01' and '2026-08-31'`.execute(database.db);
    const seen = new Set<string>();
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof run>> = await run(`query($after: String) { commsMaterials(filter: {kind: WEB_PAGE, language: "ar", from: "2025-09-01", to: "2026-08-31"}, first: 2, after: $after) {
        totalCount nodes { id kind language { code } publishedOn } pageInfo { hasNextPage endCursor } } }`, { after });
      expect(page.data!.commsMaterials.totalCount).toBe(rows[0].n);
      for (const m of page.data!.commsMaterials.nodes) {
        expect([m.kind, m.language.code]).toEqual(['WEB_PAGE', 'ar']);
        expect(m.publishedOn >= '2025-09-01' && m.publishedOn <= '2026-08-31').toBe(true);
        seen.add(m.id);
      }
      after = page.data!.commsMaterials.pageInfo.hasNextPage ? page.data!.commsMaterials.pageInfo.endCursor : null;
    } while (after);
    expect(rows[0].n).toBeGreaterThan(0);
    expect(seen.size).toBe(rows[0].n);
  });

  it('filters events by ambit, municipality, kind and date', async () => {
    const byAmbit = await run('{ commsEvents(filter: {ambit: "EMILIA_NORD"}, first: 1000) { totalCount nodes { id municipality { istatCode } } } }');
    const { rows } = await sql<{ municipality_code: string }>`select municipality_code from event`.execute(database.db);
    expect(byAmbit.data!.commsEvents.totalCount).toBe(rows.filter((r) => ambitOf(r.municipality_code) === 'EMILIA_NORD').length);
    expect(byAmbit.data!.commsEvents.nodes.every((e: { municipality: { istatCode: string } }) => ambitOf(e.municipality.istatCode) === 'EMILIA_NORD')).toBe(true);

    const [first] = rows;
    const here = await run(`{ commsEvents(filter: {municipality: "${first.municipality_code}", from: "2025-06-01", to: "2026-12-31"}, first: 1000) { nodes { municipality { istatCode } kind } } }`);
    expect(here.data!.commsEvents.nodes.length).toBe(rows.filter((r) => r.municipality_code === first.municipality_code).length);
    const kind = here.data!.commsEvents.nodes[0].kind;
    const ofKind = await run(`{ commsEvents(filter: {kind: ${kind}}, first: 1000) { nodes { kind } } }`);
    expect(ofKind.data!.commsEvents.nodes.length).toBeGreaterThan(0);
    expect(ofKind.data!.commsEvents.nodes.every((e: { kind: string }) => e.kind === kind)).toBe(true);
  });
});

describe('AMIF O.2.4', () => {
  it.each([
    ['the whole plan', null, null, null],
    ['the first half of 2026', null, '2026-01-01', '2026-06-30'],
    ['an ambit since autumn 2025', 'ROMAGNA', '2025-09-01', null],
  ])('counts information packages and active campaigns for %s', async (_name, ambit, from, to) => {
    const campaignIds = ambit ? campaigns.filter((c) => c.targetAmbits.some((a) => a.code === ambit) || c.targetMunicipalities.nodes.some((m) => ambitOf(m.istatCode) === ambit)).map((c) => Number(c.id)) : null;
    const { rows } = await sql<{ campaign_id: number; kind: string; published_on: string }>`select campaign_id, kind, published_on from material`.execute(database.db);
    const packages = rows.filter((m) => ['LEAFLET', 'INFO_PACK'].includes(m.kind) && (!from || m.published_on >= from) && (!to || m.published_on <= to) && (!campaignIds || campaignIds.includes(m.campaign_id)));
    const active = campaigns.filter((c) => (!from || c.endsOn >= from) && (!to || c.startsOn <= to) && (!campaignIds || campaignIds.includes(Number(c.id))));
    const result = await run('query($filter: CommsInformationOutputFilter) { informationPackagesAndCampaigns(filter: $filter) { informationPackages campaigns total } }', {
      filter: { ambit, from, to },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data!.informationPackagesAndCampaigns).toEqual({ informationPackages: packages.length, campaigns: active.length, total: packages.length + active.length });
    expect(packages.length).toBeGreaterThan(0);
  });
});

describe('entity fields', () => {
  it('adds campaigns and events to municipalities, ambits and the partner', async () => {
    const result = await run(`{ _entities(representations: [
      {__typename: "Municipality", istatCode: "037006"}, {__typename: "Municipality", istatCode: "999999"}, {__typename: "Ambit", code: "ROMAGNA"},
      {__typename: "Partner", id: "media-group98"}, {__typename: "Partner", id: "ial-er"}
    ]) {
      ... on Municipality { istatCode commsCampaigns(first: 1000) { totalCount nodes { id } } commsEvents(first: 1000) { totalCount nodes { municipality { istatCode } } } }
      ... on Ambit { code commsCampaigns(first: 1000) { totalCount nodes { id } } }
      ... on Partner { id commsCampaigns(first: 1000) { totalCount nodes { id } pageInfo { hasNextPage } } }
    } }`);
    expect(result.errors).toBeUndefined();
    const [bologna, unknown, romagna, media, ial] = result.data!._entities;
    const filtered = await run(`{ bologna: commsCampaigns(filter: {municipality: "037006"}, first: 1000) { nodes { id } }
      romagna: commsCampaigns(filter: {ambit: "ROMAGNA"}, first: 1000) { nodes { id } }
      events: commsEvents(filter: {municipality: "037006"}, first: 1000) { totalCount } }`);
    expect(ids(bologna.commsCampaigns.nodes)).toEqual(ids(filtered.data!.bologna.nodes));
    expect(bologna.commsCampaigns.totalCount).toBeGreaterThan(0);
    expect(bologna.commsEvents.totalCount).toBe(filtered.data!.events.totalCount);
    expect(bologna.commsEvents.nodes.every((e: { municipality: { istatCode: string } }) => e.municipality.istatCode === '037006')).toBe(true);
    expect(unknown).toEqual({ istatCode: '999999', commsCampaigns: { totalCount: 0, nodes: [] }, commsEvents: { totalCount: 0, nodes: [] } });
    expect(ids(romagna.commsCampaigns.nodes)).toEqual(ids(filtered.data!.romagna.nodes));
    expect(romagna.commsCampaigns.totalCount).toBe(filtered.data!.romagna.nodes.length);
    expect(media.commsCampaigns.totalCount).toBe(20);
    expect(ial).toEqual({ id: 'ial-er', commsCampaigns: { totalCount: 0, nodes: [], pageInfo: { hasNextPage: false } } });
  });

  it('pages and filters campaigns nested under municipalities', async () => {
    const query = '{ _entities(representations: [{__typename: "Municipality", istatCode: "037006"}]) { ... on Municipality { commsCampaigns(first: 2, after: $after, filter: {from: "2025-10-01"}) { nodes { id endsOn } pageInfo { hasNextPage endCursor } } } } }';
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof run>> = await run(`query($after: String) ${query}`, { after });
      const connection = page.data!._entities[0].commsCampaigns;
      for (const c of connection.nodes) {
        expect(c.endsOn >= '2025-10-01').toBe(true);
        seen.push(c.id);
      }
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    } while (after);
    const direct = await run('{ commsCampaigns(filter: {municipality: "037006", from: "2025-10-01"}, first: 1000) { nodes { id } } }');
    expect(seen.sort()).toEqual(ids(direct.data!.commsCampaigns.nodes));
  });
});

describe('bad input and unknown ids', () => {
  it.each([
    ['{ commsCampaigns(filter: {ambit: "NOWHERE"}) { totalCount } }', /Unknown ambit "NOWHERE"/],
    ['{ commsCampaigns(filter: {ambit: "romagna"}) { totalCount } }', /not an ambit code/],
    ['{ commsCampaigns(filter: {municipality: "37006"}) { totalCount } }', /6 digits/],
    ['{ commsCampaigns(filter: {municipality: "001272"}) { totalCount } }', /No municipality of Emilia-Romagna/],
    ['{ commsCampaigns(filter: {language: "Arabic"}) { totalCount } }', /not a language code/],
    ['{ commsCampaigns(filter: {language: "de"}) { totalCount } }', /Known languages: ar, bn/],
    ['{ commsCampaigns(filter: {from: "2026-05-01", to: "2026-01-01"}) { totalCount } }', /inverted/],
    ['{ commsCampaigns(filter: {from: "2026-02-30"}) { totalCount } }', /YYYY-MM-DD/],
    ['{ commsCampaigns(first: 1001) { totalCount } }', /between 0 and 1000/],
    ['{ commsCampaigns(first: -1) { totalCount } }', /between 0 and 1000/],
    ['{ commsCampaigns(after: "bogus") { totalCount } }', /cursor/],
    ['{ commsMaterials(filter: {language: "xx"}) { totalCount } }', /Known languages/],
    ['{ commsMaterials(filter: {from: "2026-05-01", to: "2026-01-01"}) { totalCount } }', /inverted/],
    ['{ commsEvents(filter: {ambit: "ATLANTIS"}) { totalCount } }', /Unknown ambit/],
    ['{ commsEvents(filter: {municipality: "abcdef"}) { totalCount } }', /6 digits/],
    ['{ informationPackagesAndCampaigns(filter: {ambit: "NORD"}) { total } }', /Unknown ambit/],
    ['{ informationPackagesAndCampaigns(filter: {from: "2027-01-01", to: "2026-01-01"}) { total } }', /inverted/],
    ['{ commsCampaign(id: "x1") { title } }', /not a valid id/],
    ['{ commsCampaigns(first: 1) { nodes { reach(from: "2026-05-01", to: "2026-01-01") { views } } } }', /inverted/],
    ['{ commsCampaigns(first: 1) { nodes { materials(first: 5000) { totalCount } } } }', /between 0 and 1000/],
    ['{ _entities(representations: [{__typename: "Partner", id: "ial-er"}]) { ... on Partner { commsCampaigns(after: "bogus") { totalCount } } } }', /cursor/],
    ['{ _entities(representations: [{__typename: "Ambit", code: "BOLOGNA"}]) { ... on Ambit { commsCampaigns(filter: {language: "de"}) { totalCount } } } }', /Known languages/],
  ])('answers %s with BAD_USER_INPUT', async (query, message) => {
    const result = await run(query);
    expect(result.errors?.[0].message).toMatch(message);
    expect(result.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('rejects unknown enum values through GraphQL validation', async () => {
    const result = await run('{ commsCampaigns(filter: {channel: TELEGRAM}) { totalCount } }');
    expect(result.errors?.[0].message).toMatch(/TELEGRAM/);
  });

  it('answers null, without error, for well-formed ids it does not know', async () => {
    const result = await run('{ commsCampaign(id: "999999") { title } commsMaterial(id: "999999") { title } commsEvent(id: "999999") { title } }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ commsCampaign: null, commsMaterial: null, commsEvent: null });
  });

  it('finds a known campaign, material and event by id', async () => {
    const result = await run(`{ commsCampaign(id: "${campaigns[0].id}") { id materials(first: 1) { nodes { id } } events(first: 1) { nodes { id } } } }`);
    const material = result.data!.commsCampaign.materials.nodes[0].id;
    const again = await run(`{ commsMaterial(id: "${material}") { id campaign { id } } }`);
    expect(again.data!.commsMaterial).toEqual({ id: material, campaign: { id: campaigns[0].id } });
  });
});

describe('batching', () => {
  // Municipalities with events first, so even the small query loads something on every path.
  let municipalities: string[];
  beforeAll(async () => {
    const { rows } = await sql<{ code: string }>`select distinct municipality_code as code from event order by 1`.execute(database.db);
    const withEvents = rows.map((r) => r.code);
    municipalities = [...withEvents, ...emiliaRomagnaMunicipalities().map((m) => m.istatCode).filter((code) => !withEvents.includes(code))];
  });
  const representations = (n: number) =>
    [
      ...municipalities.slice(0, n * 5).map((code) => `{__typename: "Municipality", istatCode: "${code}"}`),
      ...['BOLOGNA', 'ROMAGNA', 'EMILIA_NORD', 'EMILIA_CENTRO_ORIENTALE'].slice(0, Math.min(n, 4)).map((code) => `{__typename: "Ambit", code: "${code}"}`),
      ...['media-group98', 'ial-er', 'cpia-bologna'].slice(0, Math.min(n, 3)).map((id) => `{__typename: "Partner", id: "${id}"}`),
    ].join(', ');

  it('runs the same number of statements whatever the size of the result', async () => {
    // Each batched field appears on one path, so the count is exact: one statement per field.
    const query = (n: number) => `{
      commsCampaigns(first: ${n}) { totalCount nodes { title languages { code } targetAmbits { code } targetMunicipalities { totalCount nodes { istatCode } }
        materials(first: 10) { totalCount nodes { language { name } reach { copies } } }
        events { nodes { municipality { istatCode } reach { attendees } } }
        reach(from: "2025-10-01") { views } reachBreakdown(channel: PRINT) { month copies } } }
      _entities(representations: [${representations(n)}]) {
        ... on Municipality { commsCampaigns(first: 3) { totalCount nodes { title } } commsEvents { totalCount nodes { campaign { title } } } }
        ... on Ambit { commsCampaigns(first: 3, filter: {channel: PRINT}) { totalCount nodes { title } } }
        ... on Partner { commsCampaigns(first: 3) { totalCount nodes { title } } }
      } }`;
    // Languages come from the reference snapshot, read once here (alone, the test would count it).
    await run(query(1));
    const small = await countStatements([database], async () => expect((await run(query(2))).errors).toBeUndefined());
    const large = await countStatements([database], async () => expect((await run(query(20))).errors).toBeUndefined());
    expect(large).toBe(small);
    expect(small).toBe(16);
  });

  it('keeps a fixed bound when the same loader is reached on several paths', async () => {
    // One loader on several paths may or may not share a batch, depending on timing, and a
    // campaign cached by one path resolves with that path's batch. The worst case depends on
    // the query's shape only: 3 pages + materials + campaign (3 paths) + targetAmbits (split by
    // up to 3 campaign batches) + reach ×2 = 12. Languages come with the campaigns and from the
    // reference snapshot, read before counting.
    const query = (n: number) => `{
      commsMaterials(first: ${n * 5}) { nodes { language { code } campaign { title targetAmbits { code } } reach { views } } }
      commsEvents(first: ${n}) { nodes { campaign { title languages { code } } reach { attendees } } }
      commsCampaigns(first: ${n}) { nodes { materials(first: 5) { nodes { language { code } campaign { title } } } } } }`;
    await run(query(1));
    for (const n of [1, 5, 20]) {
      const count = await countStatements([database], async () => expect((await run(query(n))).errors).toBeUndefined());
      expect(count).toBeLessThanOrEqual(12);
    }
  });
});

describe('privacy', () => {
  it('exposes no personal field and no participant in the schema', async () => {
    // The SDL the gateway reads from this subgraph.
    const sdl: string = (await run('{ _service { sdl } }')).data!._service.sdl;
    expect(sdl).toContain('type CommsCampaign');
    for (const word of ['fiscal', 'firstName', 'lastName', 'birthDate', 'pseudonym', 'Participant']) expect(sdl).not.toContain(word);
  });

  it('keeps no people in its database', async () => {
    const { rows } = await sql<{ table_name: string; column_name: string }>`select table_name, column_name from information_schema.columns
      where table_schema = 'public' and table_name not like 'kysely%'`.execute(database.db);
    expect(rows.map((r) => r.table_name)).not.toContain('participant');
    expect(rows.filter((r) => /fiscal|pseudonym|first_name|last_name|birth|gender|citizenship/.test(r.column_name))).toEqual([]);
  });
});
