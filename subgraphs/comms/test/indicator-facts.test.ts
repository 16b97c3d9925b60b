// Media Group98's facts for the region's cross-partner indicators (O.2.4, information packages
// and awareness-raising campaigns) on a real database (PostgreSQL when TEST_DATABASE_URL is set,
// PGlite otherwise): demo data up to October 2026, and hand-made rows in 2028 known exactly.
import { AMBIT_CODES, FACT, placeOfAmbit, PLACE_REGION, prepareSubgraphDatabase, type Viewer } from '@pleiadi/kit';
import { byFact, countStatements, createTestDatabase, errorCodes, execute, expectedSubject as subjectOf, factsWithoutErrors, OTHER_TEST_SALT, queryIndicatorFacts, reportKey, TEST_SALT, type IndicatorFact as Fact, type TestDatabase } from '@pleiadi/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { municipalitiesOfAmbit } from '../src/db/repositories/territory.ts';
import { definition, schema, type CommsDatabase } from '../src/index.ts';

let database: TestDatabase<CommsDatabase>;

const YEAR_2028 = (action = '*', salt = TEST_SALT) => reportKey('2028-01-01', '2028-12-31', action, salt);

const ask = (key: string, viewer?: Viewer) => queryIndicatorFacts(schema, database, 'commsIndicatorFacts', key, viewer);
const factsOf = async (key: string) => factsWithoutErrors(await ask(key));
const item = (id: string, fact: number, places: number[], salt = TEST_SALT): Fact[] =>
  places.map((place) => ({ subject: subjectOf(id, salt), place, facts: fact, gender: 0, age: 255 }));
const campaign = (id: number, places: number[], salt = TEST_SALT) => item(`campaign:${id}`, FACT.AWARENESS_CAMPAIGN, places, salt);
const material = (id: number, places: number[], salt = TEST_SALT) => item(`material:${id}`, FACT.INFORMATION_PACKAGE, places, salt);
const distinct = (facts: Fact[]) => new Set(facts.map((f) => f.subject)).size;

async function informationOutput(from: string, to: string, ambit: string | null = null): Promise<number> {
  const result = await execute(schema, database, 'query($filter: CommsInformationOutputFilter) { informationPackagesAndCampaigns(filter: $filter) { total } }', {
    filter: { from, to, ambit },
  });
  expect(result.errors).toBeUndefined();
  return result.data!.informationPackagesAndCampaigns.total;
}

const BOLOGNA = 37006;
const RIMINI = 99014;
const RAVENNA = 39014;
// regionWide: every ambit; ambits: Bologna and Romagna as a whole; towns: two municipalities by
// name; ended: before the period, though one of its leaflets comes out in it; untargeted: aimed nowhere.
const c = { regionWide: 0, ambits: 0, towns: 0, ended: 0, untargeted: 0 };
const m = { infoPack: 0, poster: 0, lateLeaflet: 0, ambitsLeaflet: 0, endedLeaflet: 0 };

beforeAll(async () => {
  database = await createTestDatabase<CommsDatabase>('comms_facts');
  await prepareSubgraphDatabase(definition, database.db, { demo: true });
  const db = database.db;
  const addCampaign = async (action: CommsDatabase['campaign']['action_code'], starts: string, ends: string, ambits: readonly string[], towns: string[]) => {
    const { id } = await db
      .insertInto('campaign')
      .values({ title: 'Test campaign', action_code: action, starts_on: starts, ends_on: ends, objective: 'Test', channels: ['WEB'] })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const ambit of ambits) await db.insertInto('campaign_ambit').values({ campaign_id: id, ambit_code: ambit }).execute();
    for (const town of towns) await db.insertInto('campaign_municipality').values({ campaign_id: id, municipality_code: town }).execute();
    return id;
  };
  const addMaterial = async (campaignId: number, kind: CommsDatabase['material']['kind'], publishedOn: string) =>
    (await db.insertInto('material').values({ campaign_id: campaignId, kind, language_code: 'it', title: 'Test material', published_on: publishedOn }).returning('id').executeTakeFirstOrThrow()).id;

  c.regionWide = await addCampaign('AZ03', '2028-01-10', '2028-02-10', AMBIT_CODES, []);
  c.ambits = await addCampaign('AZ02', '2027-12-01', '2028-01-05', ['BOLOGNA', 'ROMAGNA'], []);
  c.towns = await addCampaign('AZ02', '2028-03-01', '2028-03-31', [], ['037006', '099014']);
  c.ended = await addCampaign('AZ03', '2027-10-01', '2027-12-31', [], ['039014']);
  c.untargeted = await addCampaign('AZ01', '2028-06-01', '2028-06-30', [], []);
  m.infoPack = await addMaterial(c.regionWide, 'INFO_PACK', '2028-01-15');
  m.poster = await addMaterial(c.regionWide, 'POSTER', '2028-01-15');
  m.lateLeaflet = await addMaterial(c.regionWide, 'LEAFLET', '2029-01-01');
  m.ambitsLeaflet = await addMaterial(c.ambits, 'LEAFLET', '2028-01-02');
  m.endedLeaflet = await addMaterial(c.ended, 'LEAFLET', '2028-01-05');
});
afterAll(() => database.drop());

describe('commsIndicatorFacts', () => {
  const bolognaAndRomagna = () => [placeOfAmbit('BOLOGNA'), placeOfAmbit('ROMAGNA')];
  const everyAmbit = () => AMBIT_CODES.map(placeOfAmbit);

  it('places each package and campaign of the period where its campaign is aimed, one row per place', async () => {
    expect(await factsOf(YEAR_2028())).toEqual(
      [
        ...campaign(c.regionWide, everyAmbit()),
        ...material(m.infoPack, everyAmbit()),
        ...campaign(c.ambits, bolognaAndRomagna()),
        ...material(m.ambitsLeaflet, bolognaAndRomagna()),
        ...campaign(c.towns, [BOLOGNA, RIMINI]),
        // The campaign ended before the period; its leaflet came out in it.
        ...material(m.endedLeaflet, [RAVENNA]),
        ...campaign(c.untargeted, [PLACE_REGION]),
      ].sort(byFact),
    );
  });

  it("keeps the asked action: a campaign's own, a package's campaign's", async () => {
    expect(await factsOf(YEAR_2028('AZ02'))).toEqual(
      [...campaign(c.ambits, bolognaAndRomagna()), ...material(m.ambitsLeaflet, bolognaAndRomagna()), ...campaign(c.towns, [BOLOGNA, RIMINI])].sort(byFact),
    );
    expect(await factsOf(YEAR_2028('AZ03'))).toEqual(
      [...campaign(c.regionWide, everyAmbit()), ...material(m.infoPack, everyAmbit()), ...material(m.endedLeaflet, [RAVENNA])].sort(byFact),
    );
    expect(await factsOf(YEAR_2028('AZ01'))).toEqual(campaign(c.untargeted, [PLACE_REGION]));
    // An action the plan does not have: nothing, without a read.
    let none: Fact[] = [];
    expect(await countStatements([database], async () => (none = await factsOf(YEAR_2028('AZ04'))))).toBe(0);
    expect(none).toEqual([]);
  });

  it('counts what informationPackagesAndCampaigns counts, for any range', async () => {
    for (const [from, to] of [['2025-06-01', '2026-10-31'], ['2026-01-01', '2026-06-30'], ['2025-09-01', '2025-09-30'], ['2028-01-01', '2028-12-31'], ['2025-01-01', '2029-12-31']]) {
      const facts = await factsOf(`${from}/${to}/*/${TEST_SALT}`);
      expect(distinct(facts), `${from}–${to}`).toBe(await informationOutput(from, to));
    }
    expect(distinct(await factsOf(`2026-01-01/2026-06-30/*/${TEST_SALT}`))).toBeGreaterThan(20);
  });

  it('counts in an ambit what informationPackagesAndCampaigns counts there', async () => {
    const from = '2025-06-01';
    const to = '2028-12-31';
    const facts = await factsOf(`${from}/${to}/*/${TEST_SALT}`);
    expect(facts.some((f) => f.place === PLACE_REGION)).toBe(true);
    expect(facts.some((f) => f.place > 1_000_000)).toBe(true);
    expect(facts.some((f) => f.place > 0 && f.place < 1_000_000)).toBe(true);
    // Except a campaign aimed nowhere: region-wide in the facts, in no ambit for the ambit filter.
    const aimedNowhere = subjectOf(`campaign:${c.untargeted}`);
    for (const ambit of AMBIT_CODES) {
      const places = new Set([placeOfAmbit(ambit), ...municipalitiesOfAmbit(ambit).map(Number)]);
      const inAmbit = facts.filter((f) => places.has(f.place) && f.subject !== aimedNowhere);
      expect(distinct(inAmbit), ambit).toBe(await informationOutput(from, to, ambit));
    }
  });

  it('hashes with the report salt: the same key gives the same subjects, another salt others', async () => {
    expect(await factsOf(YEAR_2028())).toEqual(await factsOf(YEAR_2028()));
    expect(await factsOf(YEAR_2028('AZ02', OTHER_TEST_SALT))).toEqual(
      [...campaign(c.ambits, bolognaAndRomagna(), OTHER_TEST_SALT), ...material(m.ambitsLeaflet, bolognaAndRomagna(), OTHER_TEST_SALT), ...campaign(c.towns, [BOLOGNA, RIMINI], OTHER_TEST_SALT)].sort(byFact),
    );
  });

  it('reads the database once, however many items', async () => {
    expect(await countStatements([database], () => factsOf(`2028-03-01/2028-03-01/*/${TEST_SALT}`))).toBe(1);
    expect(await countStatements([database], () => factsOf(`2025-01-01/2029-12-31/*/${TEST_SALT}`))).toBe(1);
  });

  it('refuses a malformed key as bad input, before any read', async () => {
    // Which keys are malformed is the kit's test of parseReportKey; here, that this field refuses one unread.
    const statements = await countStatements([database], async () => {
      expect(errorCodes(await ask(`${YEAR_2028()}/x`))).toEqual(['BAD_USER_INPUT']);
    });
    expect(statements).toBe(0);
  });

  it('is for signed-in callers, as the whole subgraph is', async () => {
    expect(definition.access).toBe('signed-in');
    for (const viewer of [{ role: 'region' }, { role: 'bi', subject: 'bi-tool' }] as Viewer[]) {
      expect(factsWithoutErrors(await ask(YEAR_2028(), viewer)).length).toBeGreaterThan(0);
    }
    const anonymous = await ask(YEAR_2028(), { role: 'anonymous' });
    expect(errorCodes(anonymous)).toEqual(['FORBIDDEN']);
  });
});
