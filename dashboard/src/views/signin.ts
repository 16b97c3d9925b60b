// Sign in with a token. The embedded default offers its demo tokens per role, marked as demo; a
// deployment offers none. The token is checked by the gateway (a registered query) before use.
import { claimsOf, pageConfig, run } from '../api.ts';
import { h, mount } from '../dom.ts';
import { t } from '../i18n.ts';

export function renderSignIn(target: HTMLElement, onToken: (token: string) => void, problem?: string): void {
  const tokens = pageConfig().demoTokens ?? [];
  const error = h('p', { id: 'signin-error', class: 'alert', role: 'alert', hidden: !problem }, problem ?? '');
  const input = h('textarea', { id: 'token', name: 'token', rows: 4, required: true, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'signin-error' });
  const submit = async (token: string) => {
    const answer = await run('DashboardReference', {}, token);
    if (answer.status === 401 || answer.errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) {
      error.textContent = `${t('badToken')}: ${answer.errors?.[0]?.message ?? answer.status}`;
      error.hidden = false;
      return;
    }
    onToken(token);
  };
  mount(
    target,
    h('h2', {}, t('signIn')),
    h('p', {}, t('signInIntro')),
    error,
    h(
      'form',
      {
        class: 'signin',
        onsubmit: (event: Event) => {
          event.preventDefault();
          void submit(input.value.trim());
        },
      },
      h('label', { for: 'token' }, t('token')),
      input,
      h('button', { type: 'submit' }, t('signInButton')),
    ),
    tokens.length
      ? h(
          'section',
          { class: 'demo', 'aria-labelledby': 'demo-title' },
          h('h3', { id: 'demo-title' }, t('demoTokens'), ' ', h('span', { class: 'badge demo-badge' }, t('demoBadge'))),
          h('p', { class: 'demo-note' }, t('demoNote')),
          h(
            'ul',
            {},
            tokens.map((demo) =>
              h(
                'li',
                {},
                h('button', { type: 'button', 'data-demo-role': demo.role, 'data-demo-purpose': demo.purpose ?? '', onclick: () => void submit(demo.token) }, `${t('signIn')}: ${demo.label}`),
                ' ',
                h('span', { class: 'badge demo-badge' }, t('demoBadge')),
              ),
            ),
          ),
        )
      : null,
  );
}

/** "region · reporting", "partner ial-er · case-coordination": the caller the page acts for. */
export function callerLabel(token: string): string {
  const claims = claimsOf(token);
  return [claims.role, claims.partnerId, claims.ambit].filter(Boolean).join(' ') + (claims.purpose ? ` · ${claims.purpose}` : '');
}
