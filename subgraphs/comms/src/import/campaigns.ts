// The campaigns format: one row per campaign, its targets (ambits, municipalities) and languages as
// `|`-separated lists in the row, stored in the campaign's own child tables. A re-import replaces a
// campaign's lists only where they differ, and says so (updated).
import { AMBIT_CODES, municipalityByCode } from '@pleiadi/kit';
import {
  codeColumn, codeListColumn, dateColumn, defineImportTable, exportRows, idsBySourceId, optional, sourceIdColumn, textColumn, upsertBySourceId, type Outcome, type Problem,
} from '@pleiadi/kit/import';
import { sql } from 'kysely';
import { ACTION_CODES, CHANNELS } from '../db/types.ts';

const listOf = (values: readonly string[]) => new RegExp(`^(${values.join('|')})$`);
const CHILDREN = [
  { column: 'ambits', table: 'campaign_ambit', key: 'ambit_code' },
  { column: 'municipalities', table: 'campaign_municipality', key: 'municipality_code' },
  { column: 'languages', table: 'campaign_language', key: 'language_code' },
] as const;

export const campaigns = defineImportTable({
  name: 'campaigns',
  title: 'Campaigns',
  description: 'Information and awareness-raising campaigns (AMIF O.2.4): when they run, on which channels, in which languages, and where — named municipalities, whole ambits, or (neither) the whole region.',
  columns: {
    source_id: sourceIdColumn('Your identifier of the campaign.', 'CMP-2026-01'),
    title: textColumn({ description: 'Title.', example: 'Your rights at work', max: 200 }),
    action_code: codeColumn(ACTION_CODES, { description: 'The action of the plan it belongs to.', example: 'AZ03' }),
    starts_on: dateColumn({ description: 'First day.', example: '2026-03-01', min: '2020-01-01' }),
    ends_on: dateColumn({ description: 'Last day (not before the first).', example: '2026-05-31', min: '2020-01-01' }),
    objective: textColumn({ description: 'What it aims at.', example: 'Inform new residents of their labour rights', max: 1000 }),
    channels: codeListColumn(listOf(CHANNELS), { what: `channels (${CHANNELS.join(', ')})`, description: 'Channels it runs on.', example: 'PRINT|SOCIAL_MEDIA' }),
    languages: optional(codeListColumn(/^[a-z]{2}$/, { what: 'ISO 639-1 language codes of the languages list', description: 'Languages of its materials.', example: 'it|ar|en' })),
    ambits: optional(codeListColumn(listOf(AMBIT_CODES), { what: `ambit codes (${AMBIT_CODES.join(', ')})`, description: 'Ambits targeted as wholes.', example: 'BOLOGNA' })),
    municipalities: optional(codeListColumn(/^\d{6}$/, { what: 'ISTAT municipality codes', description: 'Municipalities targeted one by one.', example: '037006|037032' })),
  },
  unique: ['source_id'],
  check: (r) => {
    const problems: Problem[] = [];
    if (r.ends_on < r.starts_on) problems.push({ column: 'ends_on', code: 'INCONSISTENT_ROW', message: 'ends_on is before starts_on' });
    if (r.municipalities?.some((m) => !municipalityByCode(m))) problems.push({ column: 'municipalities', code: 'UNKNOWN_MUNICIPALITY', message: 'not a municipality of Emilia-Romagna in the ISTAT list' });
    return problems;
  },
  load: async (tx, rows) => {
    const known = new Set((await tx.selectFrom('language').select('code').execute()).map((l: { code: string }) => l.code.trim()));
    const results: (Outcome | Problem[])[] = new Array(rows.length);
    const ready: { index: number; row: Record<string, unknown>; lists: Record<string, string[]> }[] = [];
    rows.forEach(({ values: r }, index) => {
      if ((r.languages ?? []).some((l) => !known.has(l))) results[index] = [{ column: 'languages', code: 'UNKNOWN_REFERENCE', message: 'a language not in the list of languages' }];
      else {
        const row = { source_id: r.source_id, title: r.title, action_code: r.action_code, starts_on: r.starts_on, ends_on: r.ends_on, objective: r.objective, channels: r.channels };
        ready.push({ index, row, lists: { ambits: r.ambits ?? [], municipalities: r.municipalities ?? [], languages: r.languages ?? [] } });
      }
    });
    const outcomes = await upsertBySourceId(tx, 'campaign', ready.map((r) => r.row), ['title', 'action_code', 'starts_on', 'ends_on', 'objective', 'channels']);
    const ids = await idsBySourceId(tx, 'campaign', ready.map((r) => r.row.source_id as string));
    const campaignIds = [...ids.values()];
    for (const child of CHILDREN) {
      const stored = new Map<number, string[]>();
      const existing = campaignIds.length
        ? await tx.selectFrom(child.table).select(['campaign_id', sql<string>`${sql.ref(child.key)}::text`.as('key')]).where('campaign_id', '=', sql<number>`any(${campaignIds}::int[])`).execute()
        : [];
      for (const e of existing as { campaign_id: number; key: string }[]) stored.set(e.campaign_id, [...(stored.get(e.campaign_id) ?? []), e.key.trim()]);
      for (const [k, r] of ready.entries()) {
        const id = ids.get(r.row.source_id as string)!;
        const wanted = [...r.lists[child.column]].sort();
        if (JSON.stringify(wanted) === JSON.stringify((stored.get(id) ?? []).sort())) continue;
        await tx.deleteFrom(child.table).where('campaign_id', '=', id).execute();
        if (wanted.length) await tx.insertInto(child.table).values(wanted.map((value) => ({ campaign_id: id, [child.key]: value }))).execute();
        if (outcomes[k] === 'unchanged') outcomes[k] = 'updated';
      }
    }
    ready.forEach((r, k) => (results[r.index] = outcomes[k]));
    return results;
  },
  export: (db) =>
    exportRows(db, sql`select coalesce(c.source_id, 'CMP' || c.id) as source_id, c.title, c.action_code, c.starts_on, c.ends_on, c.objective, array_to_string(c.channels, '|') as channels,
      (select string_agg(language_code, '|' order by language_code) from campaign_language where campaign_id = c.id) as languages,
      (select string_agg(ambit_code, '|' order by ambit_code) from campaign_ambit where campaign_id = c.id) as ambits,
      (select string_agg(municipality_code, '|' order by municipality_code) from campaign_municipality where campaign_id = c.id) as municipalities
      from campaign c order by c.id`),
});
