// The regional tables' page: sign in, then the programme overview, the territory drill-down and
// the partners' state, all read through the gateway with registered operations; and, for a partner's
// own operators, the data upload through the gateway's upload door.
import './style.css';
import { claimsOf, loadConfig, pageConfig } from './api.ts';
import { h, mount } from './dom.ts';
import { language, setLanguage, t } from './i18n.ts';
import { defaultPeriod, type Reference } from './model.ts';
import { ask, session, signIn, signOut } from './session.ts';
import { renderOverview } from './views/overview.ts';
import { partnerStrip, renderPartners } from './views/partners.ts';
import { callerLabel, renderSignIn } from './views/signin.ts';
import { parsePath, renderTerritory } from './views/territory.ts';
import { renderUpload } from './views/upload.ts';

const app = document.getElementById('app')!;
let rendering = 0;

type View = 'overview' | 'territory' | 'partners' | 'upload';

/** A partner's operator signed in to import: reads no reports, so the page opens on the upload. */
const importer = () => (session.token ? claimsOf(session.token) : {}).purpose === 'import';
const partner = () => session.token !== undefined && claimsOf(session.token).role === 'partner';

function route(): { view: View; segments: string[] } {
  const [view, ...segments] = location.hash.replace(/^#\/?/, '').split('/');
  if (importer() || (view === 'upload' && partner())) return { view: 'upload', segments };
  return { view: view === 'territory' || view === 'partners' ? view : 'overview', segments };
}

function controls(): HTMLElement {
  const reference = session.reference!;
  const years = reference.reportingPeriods.filter((p) => p.kind === 'YEAR');
  const quarters = reference.reportingPeriods.filter((p) => p.kind === 'QUARTER');
  const option = (value: string, label: string, selected: boolean) => h('option', { value, selected }, label);
  const period = h(
    'select',
    { id: 'period', name: 'period', onchange: (e: Event) => ((session.period = (e.target as HTMLSelectElement).value), void render()) },
    h('optgroup', { label: t('years') }, years.map((p) => option(p.code, p.code, p.code === session.period))),
    h('optgroup', { label: t('quarters') }, quarters.map((p) => option(p.code, p.code, p.code === session.period))),
  );
  const action = h(
    'select',
    { id: 'action', name: 'action', onchange: (e: Event) => ((session.action = (e.target as HTMLSelectElement).value), void render()) },
    option('', t('allActions'), session.action === ''),
    reference.actions.map((a) => option(a.code, `${a.code} — ${a.title}`, a.code === session.action)),
  );
  return h('div', { class: 'controls' }, h('label', { for: 'period' }, t('period')), period, h('label', { for: 'action' }, t('action')), action);
}

function header(): HTMLElement {
  const other = language() === 'it' ? 'en' : 'it';
  const nav = route().view;
  const link = (view: string, label: string) => h('a', { href: `#/${view}`, 'aria-current': nav === view ? 'page' : null }, label);
  return h(
    'header',
    { class: 'top' },
    h('h1', {}, t('title')),
    h(
      'div',
      { class: 'top-actions' },
      h('button', { type: 'button', id: 'language', lang: other, 'aria-label': t('switchLabel'), onclick: () => (setLanguage(other), void render()) }, t('switchTo')),
      session.token ? h('span', { class: 'caller', 'data-role': claimsOf(session.token).role ?? '' }, `${t('signedInAs')}: ${callerLabel(session.token)}`) : null,
      session.token ? h('button', { type: 'button', id: 'signout', onclick: () => (signOut(), void render()) }, t('signOut')) : null,
    ),
    session.token
      ? h(
          'nav',
          { 'aria-label': t('title'), class: 'tabs' },
          importer() ? null : link('overview', t('overview')),
          importer() ? null : link('territory', t('territory')),
          importer() ? null : link('partners', t('partners')),
          partner() ? link('upload', t('upload')) : null,
          h('a', { href: pageConfig().explorerUrl ?? './explorer.html', id: 'explorer-link' }, t('explorer')),
        )
      : null,
  );
}

async function render(): Promise<void> {
  const run = ++rendering;
  document.documentElement.lang = language();
  document.title = t('title');
  const main = h('main', { id: 'main', tabindex: -1 });
  const strip = h('div', { class: 'strip', 'aria-label': t('partnersState'), role: 'status' });
  if (!session.token) {
    mount(app, header(), main);
    renderSignIn(main, (token) => (signIn(token), void render()));
    return;
  }
  if (route().view === 'upload') {
    // The upload needs no reference tables (an import token may read none of them).
    mount(app, header(), h('div', { class: 'bar' }, strip), main);
    void partnerStrip(strip);
    renderUpload(main);
    document.body.dataset.view = 'upload';
    document.body.dataset.rendered = String(run);
    return;
  }
  if (!session.reference) {
    mount(app, header(), main);
    main.append(h('p', { 'aria-live': 'polite' }, t('loading')));
    // The overview of this year is what most visits open: asked beside the reference tables, not after.
    if (!session.period && route().view === 'overview') void ask('RegionalDashboard', { period: String(Math.min(2029, Math.max(2025, new Date().getFullYear()))) });
    const answer = await ask<Reference>('DashboardReference', {});
    if (!answer.data?.reportingPeriods) {
      signOut();
      mount(app, header(), main);
      renderSignIn(main, (token) => (signIn(token), void render()), answer.errors?.[0]?.message);
      return;
    }
    session.reference = answer.data;
    session.period ||= defaultPeriod(answer.data.reportingPeriods);
  }
  if (run !== rendering) return;
  const { view, segments } = route();
  main.replaceChildren();
  mount(app, header(), h('div', { class: 'bar' }, view === 'partners' ? null : controls(), strip), main);
  const content = h('div', {}, h('p', { 'aria-live': 'polite' }, t('loading')));
  main.append(content);
  main.setAttribute('aria-busy', 'true');
  void partnerStrip(strip);
  if (view === 'overview') await renderOverview(content);
  else if (view === 'territory') await renderTerritory(content, parsePath(segments));
  else if (view === 'partners') await renderPartners(content);
  if (run !== rendering) return;
  main.removeAttribute('aria-busy');
  document.body.dataset.view = view;
  document.body.dataset.rendered = String(run);
}

window.addEventListener('hashchange', () => void render());
setLanguage(language());
await loadConfig();
await render();
performance.mark('pleiadi:first-render');
