// The explanation beside every table of figures: how perturbed and small-count cells are marked.
import { h } from './dom.ts';
import { t } from './i18n.ts';
import { partnersMissing, type GraphQLError } from './api.ts';

export function disclosureNote(report: { exactFigures: boolean; maxNoise: number; smallCountThreshold: number }): HTMLElement {
  const values = { noise: report.maxNoise, below: report.smallCountThreshold - 1 };
  return h(
    'aside',
    { class: 'note', 'aria-label': t('ruleTitle') },
    h('h3', {}, t('ruleTitle')),
    h('p', {}, h('strong', {}, report.exactFigures ? t('exactFigures') : t('perturbedFigures', values))),
    h('p', {}, report.exactFigures ? t('ruleExact', values) : t('rulePerturbed', values)),
    h('p', {}, t('ruleCounts')),
    h(
      'p',
      { class: 'legend' },
      h('abbr', { class: 'mark' }, t('markPerturbed')),
      ` = ${t('perturbed')} · `,
      h('abbr', { class: 'mark small-mark' }, t('markSmall')),
      ` = ${t('smallCount')} · `,
      h('abbr', { class: 'mark' }, t('markWithheld')),
      ` = ${t('withheld')}`,
    ),
  );
}

/** Partial results are shown, with who did not answer; nothing is hidden. */
export function errorsNote(errors: GraphQLError[] | undefined): HTMLElement | null {
  if (!errors?.length) return null;
  const missing = partnersMissing(errors);
  return h(
    'div',
    { class: 'alert', role: 'alert' },
    missing.length ? h('p', {}, t('partial', { names: missing.join(', ') })) : null,
    h('ul', {}, errors.slice(0, 5).map((e) => h('li', {}, `${e.message}${e.extensions?.code ? ` (${e.extensions.code})` : ''}`))),
  );
}
