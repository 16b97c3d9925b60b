// docs/imports/<partner>.md, written from the same column definitions that validate the rows,
// so the documented format is the checked one. `npm run import -w @pleiadi/<p> -- docs` rewrites
// it; each partner's import test fails when the committed file differs.
import type { PartnerImports } from './table.ts';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function formatDocs(imports: PartnerImports): string {
  const p = imports.subgraph;
  const lines: string[] = [
    `# Importing ${imports.title} records (\`${p}\`)`,
    '',
    `<!-- Generated from subgraphs/${p}/src/import/ by \`npm run import -w @pleiadi/${p} -- docs\`; do not edit by hand. -->`,
    '',
    `How ${imports.title}'s operators load their own records into the \`${p}\` database: the general rules (file formats, encodings, the`,
    'rejects report, re-imports, dry runs, erasure, who may import) are in [README.md](README.md). This page is the format of each table.',
    '',
    ...(imports.uploadNote ? [imports.uploadNote, ''] : []),
    `Load the tables in this order (later tables name rows of earlier ones by their \`source_id\`): ${imports.tables.map((t) => `\`${t.name}\``).join(' → ')}.`,
    '',
    '| table | what a row is | template | bad example |',
    '|---|---|---|---|',
    ...imports.tables.map((t) => `| [\`${t.name}\`](#${t.name}) | ${cell(t.title)} | [${t.name}.csv](examples/${p}/${t.name}.csv) | [${t.name}.bad.csv](examples/${p}/${t.name}.bad.csv) |`),
    '',
  ];
  for (const table of imports.tables) {
    lines.push(`## ${table.name}`, '', table.description, '');
    lines.push('| column | type | required | allowed values | description | example |', '|---|---|---|---|---|---|');
    for (const [name, column] of Object.entries(table.columns)) {
      const d = column.doc;
      const allowed = d.allowed ? d.allowed.map((v) => `\`${v}\``).join(', ') : '';
      const personal = d.personal ? ' *Personal: masked in the rejects report.*' : '';
      lines.push(`| \`${name}\` | ${cell(d.type)} | ${d.required ? 'yes' : 'no'} | ${allowed} | ${cell(d.description)}${personal} | \`${cell(d.example)}\` |`);
    }
    lines.push('');
    const unique = table.unique.map((c) => `\`${c}\``).join(' and ');
    lines.push(`No two rows of one file may share ${unique}. A row whose \`source_id\` is already stored updates that record in place.`, '');
    lines.push(`Example: [examples/${p}/${table.name}.csv](examples/${p}/${table.name}.csv). Command line (against a database no running process holds):`, '');
    lines.push('```text', `npm run import -w @pleiadi/${p} -- ${table.name} docs/imports/examples/${p}/${table.name}.csv${imports.cliArgs ? ` ${imports.cliArgs}` : ''}`, '```', '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
