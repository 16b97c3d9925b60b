// Synthetic campaigns for demos and load, deterministic from the seed. Media Group98 serves no
// individual people, so it keeps nobody from the synthetic population: it uses the population
// only as the audience (where people live, which languages they read) of its plan.
import { insertInChunks, type GenerateOptions, type GenerateReport } from '@pleiadi/kit/synthetic';
import { sql, type Insertable, type Kysely } from 'kysely';
import type { CommsDatabase } from '../types.ts';
import { plan } from './plan.ts';
import { seedReference } from './reference.ts';

/** Rows written per table. */
export type { GenerateReport };

/** Reserves `count` ids from a table's serial sequence, so rows can reference each other before insertion. */
async function reserveIds(db: Kysely<CommsDatabase>, table: 'campaign' | 'material' | 'event', count: number): Promise<number[]> {
  if (!count) return [];
  const { rows } = await sql<{ id: number }>`select nextval(pg_get_serial_sequence(${table}, 'id'))::int as id from generate_series(1, ${count})`.execute(db);
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

export async function generate(db: Kysely<CommsDatabase>, options: GenerateOptions): Promise<GenerateReport> {
  const { campaigns, materials, events, reach } = plan(options);
  await seedReference(db);
  return db.transaction().execute(async (tx) => {
    for (const [table, items] of [['campaign', campaigns], ['material', materials], ['event', events]] as const) {
      const ids = await reserveIds(tx, table, items.length);
      items.forEach((item, i) => (item.id = ids[i]));
    }
    const id = (item: { id?: number }) => item.id!;
    const rows = {
      campaign: campaigns.map((c) => ({
        id: c.id,
        title: c.title,
        action_code: c.topic.action,
        starts_on: c.starts_on,
        ends_on: c.ends_on,
        objective: c.topic.objective,
        channels: c.channels,
      })),
      campaign_ambit: campaigns.flatMap((c) => c.ambits.map((ambit_code) => ({ campaign_id: id(c), ambit_code }))),
      campaign_municipality: campaigns.flatMap((c) => c.municipalities.map((municipality_code) => ({ campaign_id: id(c), municipality_code }))),
      campaign_language: campaigns.flatMap((c) => c.languages.map((language_code) => ({ campaign_id: id(c), language_code }))),
      material: materials.map((m) => ({
        id: m.id,
        campaign_id: id(m.campaign),
        kind: m.kind,
        language_code: m.language,
        title: m.title,
        published_on: m.published_on,
      })),
      event: events.map((e) => ({ id: e.id, campaign_id: id(e.campaign), title: e.title, kind: e.kind, municipality_code: e.municipality, held_on: e.held_on })),
      reach_figure: reach.map(({ campaign, source, ...figure }) => ({
        campaign_id: id(campaign),
        material_id: source && 'material' in source ? id(source.material) : null,
        event_id: source && 'event' in source ? id(source.event) : null,
        ...figure,
      })),
    } satisfies { [T in Exclude<keyof CommsDatabase, 'language'>]: Insertable<CommsDatabase[T]>[] };
    const report: GenerateReport = {};
    for (const [table, tableRows] of Object.entries(rows) as [keyof typeof rows, object[]][]) {
      await insertInChunks<CommsDatabase>(tx, table, tableRows);
      report[table] = tableRows.length;
    }
    return report;
  });
}
