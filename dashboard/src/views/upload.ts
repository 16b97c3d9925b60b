// Data upload, for a partner's own operators (token role partner, purpose `import`): pick one of the
// partner's tables and a file, send it to the gateway's upload door (`POST /import/<subgraph>/<table>`),
// and read the counts and the rejects report — personal values come back already withheld by the
// subgraph. The rejects download is written here from the same JSON the table shows.
import { claimsOf, uploadFile, type ImportAnswer, type ImportReject } from '../api.ts';
import { h, mount } from '../dom.ts';
import { formatNumber } from '../table.ts';
import { t } from '../i18n.ts';
import { session } from '../session.ts';

/** Each partner subgraph's import tables, in the order its docs/imports page loads them. */
export const IMPORT_TABLES: Record<string, string[]> = {
  cpia: ['participants', 'courses', 'enrolments', 'integration_surveys'],
  ial: ['participants', 'employers', 'job_paths', 'orientation_sessions', 'skills_assessments', 'recognitions', 'traineeships', 'placements', 'integration_surveys'],
  ats: ['participants', 'service_points', 'cases', 'service_deliveries', 'associations', 'community_activities', 'attendances', 'integration_surveys'],
  anci: ['organisations', 'governance_tables', 'members', 'meetings', 'meeting_attendances', 'operator_trainings', 'training_attendances'],
  comms: ['campaigns', 'materials', 'events', 'reach'],
};

/** The owners of each subgraph's imports (subgraphs/<name>/src/import/index.ts); an ambit's consortium imports into ats. */
const OWNERS: Record<string, string> = { 'cpia-bologna': 'cpia', 'ial-er': 'ial', 'anci-er': 'anci', 'media-group98': 'comms' };

export function subgraphOf(token: string): string | undefined {
  const claims = claimsOf(token);
  if (claims.role !== 'partner') return undefined;
  return claims.ambit ? 'ats' : OWNERS[claims.partnerId ?? ''];
}

const FORMATS: Record<string, string> = { csv: 'text/csv', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', jsonl: 'application/x-ndjson' };

function formatOf(file: File): string | undefined {
  const extension = /\.([a-z]+)$/i.exec(file.name)?.[1]?.toLowerCase();
  return extension === 'ndjson' ? 'jsonl' : extension && extension in FORMATS ? extension : undefined;
}

const REJECT_COLUMNS = ['row', 'column', 'value', 'code', 'message'] as const;

function csvCell(value: string | number): string {
  let text = String(value);
  // As the subgraph's own rejects report: a cell starting with = + - @ would run as a formula.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",;\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function rejectsCsv(rejects: readonly ImportReject[]): string {
  return [REJECT_COLUMNS.join(','), ...rejects.map((r) => REJECT_COLUMNS.map((c) => csvCell(r[c] ?? '')).join(','))].join('\r\n') + '\r\n';
}

function downloadRejects(answer: ImportAnswer): void {
  const url = URL.createObjectURL(new Blob(['\ufeff', rejectsCsv(answer.rejects)], { type: 'text/csv;charset=utf-8' }));
  const link = h('a', { href: url, download: `pleiadi-rejects-${answer.table}.csv` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function renderReport(answer: ImportAnswer): HTMLElement {
  const count = (key: 'rows' | 'inserted' | 'updated' | 'unchanged' | 'rejected') =>
    h('div', {}, h('dt', {}, t(`upload_${key}`)), h('dd', { 'data-count': key }, formatNumber(answer[key])));
  const outcome = answer.fileRefused ? t('uploadFileRefused') : answer.dryRun ? t('uploadDryRunDone') : answer.committed ? t('uploadCommitted') : t('uploadNothingWritten');
  const rejects = answer.rejects.length
    ? h(
        'div',
        { class: 'table-block' },
        h(
          'table',
          { id: 'upload-rejects' },
          h('caption', {}, `${t('uploadRejects')} (${answer.rejects.length < answer.rejectCount ? t('uploadFirstOf', { shown: answer.rejects.length, total: answer.rejectCount }) : answer.rejectCount})`),
          h('thead', {}, h('tr', {}, REJECT_COLUMNS.map((c) => h('th', { scope: 'col' }, t(`reject_${c}`))))),
          h(
            'tbody',
            {},
            answer.rejects.map((r) => h('tr', {}, REJECT_COLUMNS.map((c) => h('td', { 'data-col': c, class: c === 'row' ? 'num' : null }, String(r[c] ?? ''))))),
          ),
        ),
        h('button', { type: 'button', id: 'upload-rejects-csv', onclick: () => downloadRejects(answer) }, t('downloadCsv'), h('span', { class: 'sr-only' }, `: ${t('uploadRejects')}`)),
      )
    : h('p', {}, t('uploadNoRejects'));
  return h(
    'section',
    { id: 'upload-report', 'aria-labelledby': 'upload-report-title', 'data-table': answer.table, 'data-dry-run': String(answer.dryRun) },
    h('h3', { id: 'upload-report-title' }, `${t('uploadReport')}: ${answer.table} (${answer.format})`),
    h('p', { class: 'upload-outcome' }, outcome),
    h('dl', { class: 'upload-counts' }, count('rows'), count('inserted'), count('updated'), count('unchanged'), count('rejected')),
    rejects,
  );
}

/** The last report, kept for its caller so that switching language redraws it instead of losing it. */
let last: { token: string; answer: ImportAnswer } | undefined;

export function renderUpload(target: HTMLElement): void {
  const token = session.token ?? '';
  const subgraph = subgraphOf(token);
  const claims = claimsOf(token);
  const heading = h('h2', {}, t('upload'));
  if (!subgraph) {
    mount(target, heading, h('p', { class: 'alert', role: 'alert' }, t('uploadNoPartner')));
    return;
  }
  const status = h('div', { id: 'upload-status', role: 'status', 'aria-live': 'polite' });
  const error = h('p', { id: 'upload-error', class: 'alert', role: 'alert', hidden: true });
  const result = h('div', { id: 'upload-result' }, last?.token === token ? renderReport(last.answer) : null);
  const table = h('select', { id: 'upload-table', name: 'table', required: true }, IMPORT_TABLES[subgraph].map((name) => h('option', { value: name }, name)));
  const file = h('input', { id: 'upload-file', name: 'file', type: 'file', required: true, accept: '.csv,.xlsx,.jsonl,.ndjson,text/csv,application/x-ndjson', 'aria-describedby': 'upload-file-help' });
  const dryRun = h('input', { id: 'upload-dry-run', name: 'dryRun', type: 'checkbox', checked: true });
  const allOrNothing = h('input', { id: 'upload-all-or-nothing', name: 'allOrNothing', type: 'checkbox' });
  const submit = h('button', { type: 'submit', id: 'upload-submit' }, t('uploadButton'));

  const send = async () => {
    const chosen = file.files?.[0];
    error.hidden = true;
    result.replaceChildren();
    last = undefined;
    const format = chosen && formatOf(chosen);
    if (!chosen || !format) {
      error.textContent = t('uploadChooseFile');
      error.hidden = false;
      return;
    }
    submit.disabled = true;
    status.textContent = t('uploadSending');
    try {
      const answer = await uploadFile(subgraph, table.value, chosen, FORMATS[format], { format, dryRun: dryRun.checked, allOrNothing: allOrNothing.checked }, token);
      status.textContent = '';
      if ('error' in answer) {
        const hint = answer.status === 403 ? t('uploadForbidden') : answer.status === 404 ? t('uploadNotFound') : answer.status === 413 ? t('uploadTooLarge') : '';
        error.textContent = `${t('uploadFailed')} — HTTP ${answer.status} ${answer.error.code}: ${answer.error.message}${hint ? ` ${hint}` : ''}`;
        error.dataset.status = String(answer.status);
        error.dataset.code = answer.error.code;
        error.hidden = false;
      } else {
        last = { token, answer };
        result.append(renderReport(answer));
        status.textContent = t('uploadDone');
      }
    } catch (e) {
      status.textContent = '';
      error.textContent = `${t('uploadFailed')}: ${(e as Error).message}`;
      error.hidden = false;
    } finally {
      submit.disabled = false;
    }
  };

  mount(
    target,
    heading,
    h('p', {}, t('uploadIntro', { partner: claims.partnerId ?? '', subgraph })),
    h(
      'form',
      {
        class: 'upload',
        id: 'upload-form',
        onsubmit: (event: Event) => {
          event.preventDefault();
          void send();
        },
      },
      h('div', { class: 'field' }, h('label', { for: 'upload-table' }, t('uploadTable')), table),
      h('div', { class: 'field' }, h('label', { for: 'upload-file' }, t('uploadFile')), file, h('p', { id: 'upload-file-help', class: 'help' }, t('uploadFileHelp'))),
      h('div', { class: 'field check' }, dryRun, h('label', { for: 'upload-dry-run' }, t('uploadDryRun'))),
      h('div', { class: 'field check' }, allOrNothing, h('label', { for: 'upload-all-or-nothing' }, t('uploadAllOrNothing'))),
      submit,
    ),
    status,
    error,
    result,
  );
}
