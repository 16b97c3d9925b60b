// The partners' state: which partner's subgraph answers the gateway now, which is down, and its
// circuit breaker (from the gateway's /health); the pages show partial results when one is down.
import { health } from '../api.ts';
import { h, mount } from '../dom.ts';
import { locale, t } from '../i18n.ts';
import { session } from '../session.ts';
import { renderTable, type TableModel } from '../table.ts';

export async function partnersTable(): Promise<TableModel> {
  const state = await health();
  const partners = session.reference?.partners.nodes ?? [];
  return {
    id: 'partners',
    title: `${t('partnersState')} · ${t('checkedAt')} ${new Date().toLocaleTimeString(locale())}`,
    columns: [
      { key: 'subgraph', label: t('subgraph'), kind: 'text' },
      { key: 'partners', label: t('partner'), kind: 'text' },
      { key: 'state', label: t('state'), kind: 'text' },
      { key: 'breaker', label: t('breaker'), kind: 'text' },
    ],
    rows: Object.entries(state).map(([name, s]) => ({
      cells: {
        subgraph: name,
        partners: partners.filter((p) => p.subgraph === name).map((p) => p.name).join('; '),
        state: s.status === 'up' ? t('up') : t('down'),
        breaker: s.breaker ?? '',
      },
    })),
  };
}

export async function renderPartners(target: HTMLElement): Promise<void> {
  const table = await partnersTable();
  const block = renderTable(table);
  for (const row of block.querySelectorAll('tbody tr')) {
    const state = row.querySelector('[data-col="state"]');
    state?.classList.add(state.textContent === t('up') ? 'state-up' : 'state-down');
  }
  mount(target, h('h2', {}, t('partnersState')), block, h('button', { type: 'button', onclick: () => void renderPartners(target) }, t('refresh')));
}

/** The compact strip in the header: one badge per partner subgraph. */
export async function partnerStrip(target: HTMLElement): Promise<void> {
  const state = await health().catch(() => ({}) as Awaited<ReturnType<typeof health>>);
  mount(
    target,
    Object.entries(state).map(([name, s]) =>
      h('span', { class: `badge ${s.status === 'up' ? 'state-up' : 'state-down'}`, 'data-subgraph': name, 'data-state': s.status }, `${name}: ${s.status === 'up' ? t('up') : t('down')}`),
    ),
  );
}
