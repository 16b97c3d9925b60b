// Demo governance tables, meetings and operator trainings for the embedded default. Generated
// from a fixed seed so every fresh start shows the same picture; clearly invented where the
// names are not of public bodies (migrant associations carry "(demo)").
import { addDays, createRandom, DEFAULT_AMBITS, type Random } from '@pleiadi/kit';
import type { Kysely } from 'kysely';
import type { AnciDatabase, OrganisationKind } from '../types.ts';

const DEMO_UNTIL = '2026-10-31';

/** The provincial capitals (ISTAT codes), seats of prefectures. */
const CAPITALS: Record<string, string> = {
  PC: '033032', PR: '034027', RE: '035033', MO: '036023', BO: '037006',
  FE: '038008', RA: '039014', FC: '040012', RN: '099014',
};
const HEALTH_AUTHORITIES: [string, string][] = [
  ['Azienda USL di Piacenza', 'PC'], ['Azienda USL di Parma', 'PR'], ['Azienda USL di Reggio Emilia', 'RE'],
  ['Azienda USL di Modena', 'MO'], ['Azienda USL di Bologna', 'BO'], ['Azienda USL di Imola', 'BO'],
  ['Azienda USL di Ferrara', 'FE'], ['Azienda USL della Romagna', 'RA'],
];
const COMMUNITIES = ['marocchina', 'albanese', 'ucraina', 'cinese', 'pakistana', 'senegalese', 'nigeriana', 'tunisina', 'moldava', 'bangladese'];
const TABLE_TOPICS = ['Italian language and schooling', 'Labour inclusion', 'Access to services', 'New generations and minors'];
const AGENDAS = [
  'Map of services and referral paths',
  'Progress of Italian L2 courses and waiting lists',
  'Outreach plan of the mobile units',
  'Job orientation and traineeship opportunities',
  'Information campaign: languages and channels',
  'Indicators for the FAMI report',
  'Involving migrant associations and new generations',
];
const TRAININGS = [
  'Intercultural mediation in public services',
  'Immigration law for municipal front offices',
  'Recognising qualifications obtained abroad',
  'Equal treatment and anti-discrimination',
  'Data and indicators for FAMI reporting',
  'Working with unaccompanied minors',
  'Digital public services for third-country nationals',
  'Multilingual communication with residents',
];

interface Org {
  id: number;
  kind: OrganisationKind;
  province: string | null;
}

export async function seedDemo(db: Kysely<AnciDatabase>): Promise<boolean> {
  const existing = await db.selectFrom('organisation').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  const random = createRandom(20250601);

  await db.transaction().execute(async (tx) => {
    const municipalities = await tx.selectFrom('municipality').select(['istat_code', 'name', 'province_code']).orderBy('istat_code').execute();
    const provinceOf = new Map(municipalities.map((m) => [m.istat_code, m.province_code]));
    const provinces = await tx.selectFrom('province').select(['code', 'name', 'ambit_code']).execute();
    const ambitOf = new Map(provinces.map((p) => [p.code, p.ambit_code]));

    const rows: { name: string; kind: OrganisationKind; municipality_code: string | null }[] = [
      { name: 'Regione Emilia-Romagna', kind: 'REGION', municipality_code: CAPITALS.BO },
      { name: 'ANCI Emilia-Romagna', kind: 'OTHER', municipality_code: CAPITALS.BO },
      { name: 'ART-ER', kind: 'OTHER', municipality_code: CAPITALS.BO },
      { name: "Dimora d'Abramo", kind: 'THIRD_SECTOR', municipality_code: CAPITALS.RE },
      { name: 'C.I.D.A.S.', kind: 'THIRD_SECTOR', municipality_code: CAPITALS.FE },
      { name: "Consorzio l'Arcolaio", kind: 'THIRD_SECTOR', municipality_code: CAPITALS.BO },
      { name: 'IAL Emilia-Romagna', kind: 'OTHER', municipality_code: CAPITALS.BO },
      { name: 'CPIA Metropolitano di Bologna', kind: 'SCHOOL', municipality_code: CAPITALS.BO },
      ...['Confindustria Emilia-Romagna', 'CNA Emilia-Romagna', 'Legacoop Emilia-Romagna'].map((name) => ({
        name, kind: 'EMPLOYER_ASSOCIATION' as const, municipality_code: CAPITALS.BO,
      })),
      ...['CGIL Emilia-Romagna', 'CISL Emilia-Romagna', 'UIL Emilia-Romagna'].map((name) => ({
        name, kind: 'TRADE_UNION' as const, municipality_code: CAPITALS.BO,
      })),
      ...municipalities.map((m) => ({ name: `Comune di ${m.name}`, kind: 'MUNICIPALITY' as const, municipality_code: m.istat_code })),
      ...provinces.map((p) => ({ name: `Prefettura di ${p.name}`, kind: 'PREFECTURE' as const, municipality_code: CAPITALS[p.code] })),
      ...HEALTH_AUTHORITIES.map(([name, p]) => ({ name, kind: 'HEALTH_AUTHORITY' as const, municipality_code: CAPITALS[p] })),
      ...provinces.filter((p) => p.code !== 'BO').map((p) => ({ name: `CPIA di ${p.name}`, kind: 'SCHOOL' as const, municipality_code: CAPITALS[p.code] })),
      ...provinces.map((p) => ({
        name: `Associazione della comunità ${COMMUNITIES[provinces.indexOf(p) % COMMUNITIES.length]} di ${p.name} (demo)`,
        kind: 'MIGRANT_ASSOCIATION' as const,
        municipality_code: CAPITALS[p.code],
      })),
    ];
    const inserted = await tx.insertInto('organisation').values(rows).returning(['id', 'kind', 'municipality_code']).execute();
    const orgs: Org[] = inserted.map((o) => ({ id: o.id, kind: o.kind, province: o.municipality_code ? provinceOf.get(o.municipality_code) ?? null : null }));
    const inAmbit = (ambit: string) => orgs.filter((o) => o.province && ambitOf.get(o.province) === ambit);
    const byName = (prefix: string) => inserted.find((_, i) => rows[i].name.startsWith(prefix))!.id;

    // Tables: one regional, one per ambit, one per provincial capital.
    const tables: { name: string; level: 'REGIONAL' | 'TERRITORIAL' | 'MUNICIPAL'; topic: string; ambit_code: string | null; municipality_code: string | null; established_on: string; members: number[] }[] = [];
    tables.push({
      name: 'Tavolo regionale di coordinamento PLEIADI',
      level: 'REGIONAL',
      topic: 'Multilevel governance',
      ambit_code: null,
      municipality_code: null,
      established_on: '2025-07-10',
      members: [byName('Regione'), byName('ANCI'), byName('ART-ER'), byName('Dimora'), byName('C.I.D.A.S.'), byName('Consorzio'),
        byName('IAL'), byName('CPIA Metropolitano'), byName('Confindustria'), byName('CGIL'), byName('CISL'), byName('UIL')],
    });
    for (const ambit of DEFAULT_AMBITS) {
      const local = inAmbit(ambit.code);
      const municipalitiesHere = local.filter((o) => o.kind === 'MUNICIPALITY');
      const others = local.filter((o) => o.kind !== 'MUNICIPALITY').map((o) => o.id);
      tables.push({
        name: `Tavolo territoriale ${ambit.name}`,
        level: 'TERRITORIAL',
        topic: 'Territorial integration network',
        ambit_code: ambit.code,
        municipality_code: null,
        established_on: addDays('2025-09-15', random.int(0, 40)),
        members: [...others, ...random.sample(municipalitiesHere, 12).map((o) => o.id)],
      });
    }
    for (const [province, capital] of Object.entries(CAPITALS)) {
      const name = municipalities.find((m) => m.istat_code === capital)!.name;
      const local = orgs.filter((o) => o.province === province && o.kind !== 'MUNICIPALITY');
      tables.push({
        name: `Tavolo cittadino per l'integrazione di ${name}`,
        level: 'MUNICIPAL',
        topic: random.pick(TABLE_TOPICS),
        ambit_code: ambitOf.get(province) ?? null,
        municipality_code: capital,
        established_on: addDays('2025-10-01', random.int(0, 90)),
        members: [inserted[rows.findIndex((r) => r.municipality_code === capital && r.kind === 'MUNICIPALITY')].id, ...local.map((o) => o.id)],
      });
    }

    for (const table of tables) {
      const { members, ...values } = table;
      const { id } = await tx.insertInto('governance_table').values(values).returning('id').executeTakeFirstOrThrow();
      await tx
        .insertInto('governance_table_member')
        .values(members.map((organisation_id, i) => ({ table_id: id, organisation_id, role: i === 0 ? 'CHAIR' as const : 'MEMBER' as const, joined_on: table.established_on })))
        .execute();
      await seedMeetings(tx, random, id, table.established_on, members);
    }

    await seedTrainings(tx, random, orgs, inAmbit);
  });
  return true;
}

async function seedMeetings(tx: Kysely<AnciDatabase>, random: Random, tableId: number, from: string, members: number[]) {
  for (let day = addDays(from, 14); day <= DEMO_UNTIL; day = addDays(day, random.int(45, 100))) {
    const { id } = await tx
      .insertInto('meeting')
      .values({ table_id: tableId, held_on: day, agenda: random.pick(AGENDAS), outcomes: random.chance(0.8) ? 'Minutes approved; actions assigned to members.' : null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const attending = random.sample(members, Math.max(1, Math.round(members.length * (0.6 + random.next() * 0.35))));
    await tx.insertInto('meeting_attendance').values(attending.map((organisation_id) => ({ meeting_id: id, organisation_id }))).execute();
  }
}

async function seedTrainings(tx: Kysely<AnciDatabase>, random: Random, orgs: Org[], inAmbit: (ambit: string) => Org[]) {
  for (let i = 0; i < 24; i++) {
    const ambit = random.chance(0.3) ? null : random.pick(DEFAULT_AMBITS).code;
    const startsOn = addDays('2025-09-01', random.int(0, 420));
    const hours = random.pick([4, 6, 8, 12, 16, 20, 24]);
    const { id } = await tx
      .insertInto('operator_training')
      .values({
        title: TRAININGS[i % TRAININGS.length] + (i >= TRAININGS.length ? ` (edition ${Math.floor(i / TRAININGS.length) + 1})` : ''),
        starts_on: startsOn,
        ends_on: addDays(startsOn, hours > 8 ? random.int(7, 35) : 0),
        hours,
        ambit_code: ambit,
        provider: random.chance(0.6) ? 'ANCI Emilia-Romagna' : 'ART-ER',
        mode: random.pick(['IN_PERSON', 'ONLINE', 'BLENDED'] as const),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const pool = ambit ? inAmbit(ambit) : orgs.filter((o) => o.province);
    const attending = random.sample(pool, random.int(8, 30));
    await tx
      .insertInto('training_attendance')
      .values(attending.map((o) => ({ training_id: id, organisation_id: o.id, operators: random.int(1, 4), hours_attended: Math.max(1, hours - random.int(0, 2)) })))
      .execute();
  }
}
