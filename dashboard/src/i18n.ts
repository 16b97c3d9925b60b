// Italian first (the users' language), English on request; the choice is kept in the browser.
export type Language = 'it' | 'en';

const it = {
  title: 'PLEIADI — indicatori per i tavoli regionali',
  skip: 'Vai al contenuto',
  language: 'Lingua',
  switchTo: 'English',
  switchLabel: 'Switch to English',
  signIn: 'Accedi',
  signInIntro: 'Accedi con un token del grafo PLEIADI: la pagina mostra ciò che il tuo ruolo può vedere, nient’altro.',
  token: 'Token (JWT)',
  signInButton: 'Accedi con il token',
  demoTokens: 'Token dimostrativi',
  demoNote: 'SOLO DEMO: token firmati con il segreto locale di `npm start`, validi 8 ore. Non usarli con dati reali.',
  signOut: 'Esci',
  signedInAs: 'Ruolo',
  badToken: 'Token rifiutato',
  overview: 'Quadro del programma',
  territory: 'Territorio',
  partners: 'Partner',
  explorer: 'Esploratore GraphQL',
  period: 'Periodo',
  action: 'Azione',
  allActions: 'Tutte le azioni',
  years: 'Anni',
  quarters: 'Trimestri',
  indicator: 'Indicatore',
  code: 'Codice',
  achieved: 'Valore',
  target: 'Obiettivo',
  shareOfTarget: '% obiettivo',
  region: 'Regione',
  trend: 'Andamento nei periodi del programma (giugno 2025 – settembre 2029)',
  trendTable: 'Tabella dell’andamento',
  indicatorsVsTargets: 'Indicatori e obiettivi',
  notYet: 'periodo non ancora iniziato',
  loading: 'Caricamento…',
  byGender: 'Per genere',
  byAgeBand: 'Per fascia d’età',
  bySubTerritory: 'Per territorio',
  gender_F: 'Donne',
  gender_M: 'Uomini',
  drill: 'Apri',
  breadcrumb: 'Percorso nel territorio',
  chartOf: 'Grafico',
  downloadCsv: 'Scarica CSV',
  downloadXlsx: 'Scarica XLSX',
  disclosure: 'Marca',
  markPerturbed: 'p',
  markSmall: 's',
  markWithheld: 'n.d.',
  perturbed: 'perturbato',
  smallCount: 'conteggio piccolo, non divulgabile',
  withheld: 'non pubblicato',
  ruleTitle: 'Come leggere i numeri',
  rulePerturbed:
    'I conteggi di persone sono perturbati con il metodo della chiave di cella (ISTAT, Eurostat): ogni valore marcato «p» differisce dal vero al massimo di ±{noise}; nessun conteggio da 1 a {below} viene pubblicato come tale, e 0 significa da 0 a {noise} persone. Totali e parti sono perturbati separatamente e possono non sommarsi.',
  ruleExact:
    'Cifre esatte per statistiche ufficiali (lettura registrata). Le celle marcate «s» contano da 1 a {below} persone: non divulgabili, da non diffondere.',
  ruleCounts: 'Enti (O.2.2) e prodotti informativi (O.2.4) non sono persone: cifre esatte.',
  partnersState: 'Stato dei partner',
  subgraph: 'Sottografo',
  partner: 'Partner',
  state: 'Stato',
  up: 'risponde',
  down: 'non risponde',
  breaker: 'Interruttore',
  partial: 'Risultati parziali: non hanno risposto {names}. Le cifre che ne dipendono mancano; il resto è mostrato.',
  noFigures: 'Nessuna cifra per questa richiesta',
  exactFigures: 'Cifre esatte (statistiche ufficiali, lettura registrata)',
  perturbedFigures: 'Cifre di persone perturbate (±{noise})',
  noReport: 'Questo ruolo non può leggere il rapporto sugli indicatori.',
  municipalities: 'Comuni',
  checkedAt: 'Verificato alle',
  refresh: 'Aggiorna',
  demoBadge: 'demo',
  share: 'quota',
  closeExplorer: 'Torna alla pagina',
};

type Dictionary = typeof it;

const en: Dictionary = {
  title: 'PLEIADI — indicators for the regional tables',
  skip: 'Skip to content',
  language: 'Language',
  switchTo: 'Italiano',
  switchLabel: 'Passa all’italiano',
  signIn: 'Sign in',
  signInIntro: 'Sign in with a token of the PLEIADI graph: the page shows what your role may see and nothing else.',
  token: 'Token (JWT)',
  signInButton: 'Sign in with the token',
  demoTokens: 'Demo tokens',
  demoNote: 'DEMO ONLY: tokens signed with the local secret of `npm start`, valid 8 hours. Never use them with real data.',
  signOut: 'Sign out',
  signedInAs: 'Role',
  badToken: 'Token refused',
  overview: 'Programme overview',
  territory: 'Territory',
  partners: 'Partners',
  explorer: 'GraphQL explorer',
  period: 'Period',
  action: 'Action',
  allActions: 'All actions',
  years: 'Years',
  quarters: 'Quarters',
  indicator: 'Indicator',
  code: 'Code',
  achieved: 'Value',
  target: 'Target',
  shareOfTarget: '% of target',
  region: 'Region',
  trend: 'Trend over the programme’s periods (June 2025 – September 2029)',
  trendTable: 'Trend table',
  indicatorsVsTargets: 'Indicators and targets',
  notYet: 'period not started yet',
  loading: 'Loading…',
  byGender: 'By gender',
  byAgeBand: 'By age band',
  bySubTerritory: 'By territory',
  gender_F: 'Women',
  gender_M: 'Men',
  drill: 'Open',
  breadcrumb: 'Path in the territory',
  chartOf: 'Chart',
  downloadCsv: 'Download CSV',
  downloadXlsx: 'Download XLSX',
  disclosure: 'Mark',
  markPerturbed: 'p',
  markSmall: 's',
  markWithheld: 'n/a',
  perturbed: 'perturbed',
  smallCount: 'small count, not for release',
  withheld: 'withheld',
  ruleTitle: 'How to read the figures',
  rulePerturbed:
    'Counts of people are perturbed with the cell-key method (ISTAT, Eurostat): each value marked “p” is at most ±{noise} from the true count; no count from 1 to {below} is published as such, and 0 means 0 to {noise} people. Totals and their parts are perturbed separately and need not add up.',
  ruleExact: 'Exact figures for official statistics (the read is recorded). Cells marked “s” count 1 to {below} people: not for release.',
  ruleCounts: 'Authorities (O.2.2) and information items (O.2.4) are not people: exact figures.',
  partnersState: 'Partners’ state',
  subgraph: 'Subgraph',
  partner: 'Partner',
  state: 'State',
  up: 'answering',
  down: 'down',
  breaker: 'Breaker',
  partial: 'Partial results: {names} did not answer. The figures depending on them are missing; the rest is shown.',
  noFigures: 'No figures for this request',
  exactFigures: 'Exact figures (official statistics, read recorded)',
  perturbedFigures: 'Counts of people perturbed (±{noise})',
  noReport: 'This role may not read the indicator report.',
  municipalities: 'Municipalities',
  checkedAt: 'Checked at',
  refresh: 'Refresh',
  demoBadge: 'demo',
  share: 'share',
  closeExplorer: 'Back to the page',
};

const dictionaries: Record<Language, Dictionary> = { it, en };
const STORAGE_KEY = 'pleiadi.language';

let current: Language = (localStorage.getItem(STORAGE_KEY) as Language | null) ?? 'it';
if (current !== 'it' && current !== 'en') current = 'it';

export const language = () => current;

export function setLanguage(next: Language): void {
  current = next;
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
}

export type MessageKey = keyof Dictionary;

export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  return dictionaries[current][key].replace(/\{(\w+)\}/g, (_m, name: string) => String(values[name] ?? `{${name}}`));
}

/** The locale for numbers and dates. */
export const locale = () => (current === 'it' ? 'it-IT' : 'en-GB');
