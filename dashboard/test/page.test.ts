// The regional tables' page in a real browser (headless Chromium) against a real federation on
// PostgreSQL (or PGlite without TEST_DATABASE_URL): sign in as region and as bi, the overview, the
// ambit BOLOGNA and a municipality, figures on screen against the GraphQL answers, marks of
// perturbed and small-count cells, CSV and XLSX downloads against the screen, the language switch,
// the explorer with no network beyond 127.0.0.1, and axe-core with no serious violation.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page, Response as PageResponse } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFederation, type Federation } from '../../scripts/src/federation.ts';
import { buildDashboard, dashboardStaleness } from '../build.mjs';
import { artifactsDir, launchBrowser, type Browser } from './browser.ts';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const OPERATIONS = path.resolve(import.meta.dirname, '../../schema/operations');
const operation = (name: string) => readFileSync(path.join(OPERATIONS, `${name}.graphql`), 'utf8');

const REGION = { role: 'region', purpose: 'reporting' } as const;
const EXACT = { role: 'region', purpose: 'official-statistics' } as const;
const BI = { role: 'bi', purpose: 'reporting' } as const;
const CPIA_IMPORT = { role: 'partner', partnerId: 'cpia-bologna', purpose: 'import' } as const;
const EXAMPLES = path.resolve(import.meta.dirname, '../../docs/imports/examples/cpia');

// Imports pseudonymise with the project's linkage key, which a deployment on PostgreSQL must set.
process.env.PLEIADI_LINKAGE_KEY ??= 'test-linkage-key-of-the-dashboard-upload-test-0123456789';

let federation: Federation;
let browser: Browser;
let base: string;
const shots = artifactsDir();

beforeAll(async () => {
  if (dashboardStaleness()) await buildDashboard();
  federation = await startFederation({
    databases: 'test',
    demo: true,
    introspection: true,
    gateway: {
      web: {
        demoTokens: async () =>
          Promise.all(
            [REGION, EXACT, BI, CPIA_IMPORT].map(async (request) => ({ label: `${request.role} ${request.purpose}`, role: request.role, purpose: request.purpose, token: await federation.token(request) })),
          ),
      },
    },
  });
  base = new URL('/', federation.gateway.url).href;
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await federation?.stop();
});

async function signIn(page: Page, request: typeof REGION | typeof EXACT | typeof BI): Promise<void> {
  await page.goto(`${base}app/`);
  await page.click(`button[data-demo-role="${request.role}"][data-demo-purpose="${request.purpose}"]`);
  await page.waitForSelector('body[data-view="overview"] table#overview');
}

interface ScreenFigure {
  value: number | null;
  disclosure: string | undefined;
  text: string | null;
}

/** The figure cells of a table on screen: column → { value, disclosure } per row's first cell. */
async function screenFigures(page: Page, table: string): Promise<{ key: string; cells: Record<string, ScreenFigure> }[]> {
  return page.$$eval(`table#${table} tbody tr`, (rows) =>
    rows.map((row) => ({
      key: row.querySelector('td')?.textContent ?? '',
      cells: Object.fromEntries(
        [...row.querySelectorAll('td.figure')].map((td) => [
          (td as HTMLElement).dataset.col,
          { value: (td as HTMLElement).dataset.value === '' ? null : Number((td as HTMLElement).dataset.value), disclosure: (td as HTMLElement).dataset.disclosure, text: td.textContent },
        ]),
      ),
    })),
  );
}

async function axeViolations(page: Page) {
  // Evaluated through the DevTools protocol: the page's own CSP forbids inline scripts.
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => (await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run()));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`);
}

describe('the page served by the gateway', () => {
  it('serves the page, its config with demo tokens, and the explorer instead of a CDN landing page', async () => {
    const page = await fetch(`${base}app/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    const config = (await (await fetch(`${base}app/config.json`)).json()) as { demoTokens: { role: string }[] };
    expect(config.demoTokens.map((t) => t.role)).toEqual(['region', 'region', 'bi', 'partner']);
    const explorer = await fetch(federation.gateway.url, { headers: { accept: 'text/html' } });
    const html = await explorer.text();
    expect(html).toContain('<base href="/app/" />');
    expect(html).not.toMatch(/apollo|cdn\./i);
    // A GraphQL GET is still GraphQL.
    const registered = await fetch(`${federation.gateway.url}?operationName=IndicatorCatalogue`, { headers: { accept: 'text/html, application/json' } });
    expect(((await registered.json()) as { data: { indicatorDefinitions: unknown[] } }).data.indicatorDefinitions.length).toBe(9);
    expect((await fetch(`${base}app/../../etc/passwd`)).status).not.toBe(200);
  });
});

describe('the regional table signed in as region', () => {
  it('shows the overview of the year with charts, each figure as the GraphQL answer gives it, perturbed counts marked', async () => {
    const page = await browser.context.newPage();
    await signIn(page, REGION);
    const period = await page.$eval('#period', (s) => (s as HTMLSelectElement).value);
    expect(period).toMatch(/^20\d\d$/);
    const answer = await federation.queryAs(REGION, operation('RegionalDashboard'), { period });
    expect(answer.errors).toBeUndefined();
    const scopes = answer.data!.indicatorReport.scopes as { code: string; figures: { indicator: { code: string }; value: number; disclosure: string }[] }[];
    const screen = await screenFigures(page, 'overview');
    expect(screen.map((r) => r.key)).toEqual(['O.2.2', 'O.2.3', 'O.2.3.1', 'O.2.3.2', 'O.2.3.3', 'O.2.4', 'R.2.8', 'R.2.9', 'R.2.10']);
    let perturbed = 0;
    for (const scope of scopes) {
      for (const [i, figure] of scope.figures.entries()) {
        const cell = screen[i].cells[`${scope.code}:value`];
        expect({ code: figure.indicator.code, value: cell.value, disclosure: cell.disclosure }).toEqual({ code: screen[i].key, value: figure.value, disclosure: figure.disclosure });
        if (figure.disclosure === 'PERTURBED') {
          perturbed++;
          expect(cell.text).toMatch(/p \(perturbato \(±5\)\)$/);
        }
      }
    }
    expect(perturbed).toBeGreaterThan(30);
    expect(await page.locator('figure.chart svg').count()).toBeGreaterThanOrEqual(9);
    await page.waitForSelector('section.trend[data-state="done"]');
    expect(await page.locator('figure[data-chart^="trend-"] svg').count()).toBe(9);
    await page.screenshot({ path: path.join(shots, 'overview-region.png'), fullPage: true });
    // The README's picture: the top of the overview, table and first charts.
    await page.screenshot({ path: path.join(shots, 'overview-region-top.png'), fullPage: true, clip: { x: 0, y: 0, width: 1366, height: 1300 } });
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});

type Cell = { code: string; value: number | null; disclosure: string };
type TerritoryFigure = { indicator: { code: string }; value: number | null; disclosure: string; byGender: Cell[]; byAgeBand: Cell[]; bySubTerritory: Cell[] };

async function territoryAnswer(request: typeof REGION | typeof EXACT | typeof BI, period: string, scope: Record<string, string>) {
  const answer = await federation.queryAs(request, operation('TerritoryReport'), { period, scope });
  expect(answer.errors).toBeUndefined();
  return answer.data!.indicatorReport.scopes[0] as { name: string; figures: TerritoryFigure[] };
}

/** Every figure of the territory view's tables equals the answer's. */
async function expectTerritoryOnScreen(page: Page, scope: { figures: TerritoryFigure[] }) {
  const figures = await screenFigures(page, 'territory-figures');
  expect(figures.map((r) => [r.key, r.cells.value.value, r.cells.value.disclosure])).toEqual(scope.figures.map((f) => [f.indicator.code, f.value, f.disclosure]));
  const people = scope.figures.filter((f) => f.byGender.length);
  const gender = await screenFigures(page, 'territory-gender');
  expect(gender.map((r) => [r.key, r.cells.F, r.cells.M].map((c) => (typeof c === 'string' ? c : [c.value, c.disclosure])))).toEqual(
    people.map((f) => [f.indicator.code, ...f.byGender.map((c) => [c.value, c.disclosure])]),
  );
  const age = await screenFigures(page, 'territory-age');
  expect(age.map((r) => Object.values(r.cells).map((c) => c.value))).toEqual(people.map((f) => f.byAgeBand.map((c) => c.value)));
}

describe('the territory, drilled down', () => {
  it('opens the ambit BOLOGNA, its province and the municipality of Bologna with the figures of the graph', async () => {
    const page = await browser.context.newPage();
    await signIn(page, REGION);
    const period = await page.$eval('#period', (s) => (s as HTMLSelectElement).value);
    await page.click('nav.tabs a[href="#/territory"]');
    await page.waitForSelector('h2[data-scope="REGION:"]');
    await page.click('table#territory-sub a[href$="AMBIT:BOLOGNA"]');
    await page.waitForSelector('h2[data-scope="AMBIT:BOLOGNA"]');
    const ambit = await territoryAnswer(REGION, period, { kind: 'AMBIT', code: 'BOLOGNA' });
    await expectTerritoryOnScreen(page, ambit);
    await page.screenshot({ path: path.join(shots, 'territory-ambit-bologna.png'), fullPage: true });
    await page.click('table#territory-sub a[href$="PROVINCE:BO"]');
    await page.waitForSelector('h2[data-scope="PROVINCE:BO"]');
    await page.click('table#territory-sub a[href$="MUNICIPALITY:037006"]');
    await page.waitForSelector('h2[data-scope="MUNICIPALITY:037006"]');
    const municipality = await territoryAnswer(REGION, period, { kind: 'MUNICIPALITY', code: '037006' });
    await expectTerritoryOnScreen(page, municipality);
    expect(await page.locator('nav.breadcrumb li').allTextContents()).toEqual(['Regione', ambit.name, expect.any(String), 'Bologna']);
    expect(await page.locator('figure.chart svg').count()).toBe(9);
    await page.screenshot({ path: path.join(shots, 'territory-municipality-bologna.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('marks the small counts an exact-figures reader sees, never as 0, with the rule explained', async () => {
    const page = await browser.context.newPage();
    await signIn(page, EXACT);
    const period = await page.$eval('#period', (s) => (s as HTMLSelectElement).value);
    const province = await territoryAnswer(EXACT, period, { kind: 'PROVINCE', code: 'BO' });
    const small = province.figures.flatMap((f) => f.bySubTerritory.filter((c) => c.disclosure === 'SMALL_COUNT').map((c) => ({ indicator: f.indicator.code, ...c })));
    expect(small.length).toBeGreaterThan(0);
    await page.goto(`${base}app/#/territory/AMBIT:BOLOGNA/PROVINCE:BO`);
    await page.waitForSelector('h2[data-scope="PROVINCE:BO"]');
    expect(await page.locator('aside.note').textContent()).toContain('Cifre esatte per statistiche ufficiali');
    const { indicator, code, value } = small[0];
    const row = page.locator('table#territory-sub tbody tr', { has: page.locator(`a[href$="MUNICIPALITY:${code}"]`) });
    const cell = row.locator(`td[data-col="${indicator}"]`);
    expect(await cell.getAttribute('data-disclosure')).toBe('SMALL_COUNT');
    expect(await cell.getAttribute('class')).toContain('small');
    expect(await cell.locator('abbr.mark').getAttribute('title')).toBe('conteggio piccolo, non divulgabile (1–4)');
    expect(Number(await cell.getAttribute('data-value'))).toBe(value);
    expect(value).toBeGreaterThan(0);
    await cell.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, 'territory-province-small-counts.png') });
    await page.close();
  });
});

describe('downloads', () => {
  it('writes every table as CSV and XLSX with the figures on screen', async () => {
    const page = await browser.context.newPage();
    await signIn(page, REGION);
    await page.goto(`${base}app/#/territory/AMBIT:BOLOGNA`);
    await page.waitForSelector('h2[data-scope="AMBIT:BOLOGNA"]');
    for (const table of ['territory-figures', 'territory-gender', 'territory-age', 'territory-sub']) {
      const screen = await page.$$eval(`table#${table} tbody tr`, (rows) =>
        rows.map((row) => [...row.querySelectorAll('td')].flatMap((td) => (td.classList.contains('figure') ? [td.dataset.value ?? '', td.dataset.disclosure ?? ''] : [td.dataset.value ?? td.textContent ?? '']))),
      );
      const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click(`button[data-download="csv"][data-table="${table}"]`)]);
      const csv = readFileSync((await csvDownload.path())!, 'utf8').replace(/^\ufeff/, '');
      const lines = csv.trim().split('\r\n').map(parseCsvLine);
      expect(lines.slice(1)).toEqual(screen);
      const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.click(`button[data-download="xlsx"][data-table="${table}"]`)]);
      expect(xlsxDownload.suggestedFilename()).toBe(`pleiadi-${table}.xlsx`);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(readFileSync((await xlsxDownload.path())!) as unknown as ArrayBuffer);
      const rows: string[][] = [];
      workbook.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
      expect(rows[0]).toEqual(lines[0]);
      expect(rows.slice(1).map((r) => r.concat(Array(screen[0].length - r.length).fill('')))).toEqual(screen);
    }
    await page.close();
  });
});

/** One CSV line as RFC 4180 writes it (quoted fields may hold commas and doubled quotes). */
function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === ',' && !quoted) {
      fields.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  fields.push(field);
  return fields;
}

describe('signed in as bi', () => {
  it('shows the perturbed figures of bi, in English on request, and no exact ones', async () => {
    const page = await browser.context.newPage();
    await signIn(page, BI);
    expect(await page.getAttribute('.caller', 'data-role')).toBe('bi');
    const period = await page.$eval('#period', (s) => (s as HTMLSelectElement).value);
    const answer = await federation.queryAs(BI, operation('RegionalDashboard'), { period });
    const region = answer.data!.indicatorReport.scopes[0] as { figures: { value: number; disclosure: string }[] };
    const screen = await screenFigures(page, 'overview');
    expect(screen.map((r) => [r.cells['EMILIA_ROMAGNA:value'].value, r.cells['EMILIA_ROMAGNA:value'].disclosure])).toEqual(region.figures.map((f) => [f.value, f.disclosure]));
    expect(await page.locator('td[data-disclosure="SMALL_COUNT"]').count()).toBe(0);
    await page.click('#language');
    await page.waitForSelector('html[lang="en"] h2:has-text("Programme overview")');
    expect(await page.locator('aside.note').textContent()).toContain('Counts of people are perturbed');
    expect(await page.locator('td[data-disclosure="PERTURBED"] abbr.mark').first().getAttribute('title')).toBe('perturbed (±5)');
    await page.screenshot({ path: path.join(shots, 'overview-bi-english.png') });
    await page.click('#language');
    await page.waitForSelector('html[lang="it"] h2:has-text("Quadro del programma")');
    await page.close();
  });
});

describe('the explorer', () => {
  it('runs a registered operation with the caller token, with no network beyond 127.0.0.1', async () => {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await signIn(page, REGION);
    browser.blocked.length = 0;
    // GraphiQL reads the schema first (introspection, with the token).
    const introspected = page.waitForResponse((r) => r.url() === federation.gateway.url && (r.request().postData() ?? '').includes('IntrospectionQuery'));
    await page.click('#explorer-link');
    await page.waitForSelector('.graphiql-container');
    expect((await introspected).status()).toBe(200);
    expect(page.url()).toBe(federation.gateway.url);
    expect(await page.locator('.pleiadi-explorer-banner').textContent()).toContain('Token applied: region');
    // The registered operations are the example tabs.
    await page.waitForSelector('.graphiql-tab', { timeout: 10_000 }).catch(async () => {
      await page.screenshot({ path: path.join(shots, 'explorer-failed.png') });
      throw new Error(`GraphiQL shows no tab; page errors: ${problems.join(' | ')}`);
    });
    const tabs = await page.locator('.graphiql-tab').allTextContents();
    expect(tabs.length).toBe(readdirSync(OPERATIONS).filter((f) => f.endsWith('.graphql')).length);
    expect(tabs.some((t) => t.includes('IndicatorCatalogue'))).toBe(true);
    // IndicatorCatalogue is run from the editor of the open tab, its registered text typed in. Not
    // by clicking its tab: in a bar of fifteen tabs that GraphiQL lays out and scrolls, CI saw a
    // click land elsewhere for 20 s (never here, even under load).
    await page.locator('.graphiql-query-editor .CodeMirror').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(operation('IndicatorCatalogue'));
    await expect.poll(() => page.locator('.graphiql-query-editor').textContent(), { timeout: 10_000 }).toContain('query IndicatorCatalogue');
    // GraphiQL takes the operation name from the editor a moment after it changes: a click in
    // between still names the tab's first operation. Run it until the request names this one.
    let last: PageResponse | undefined;
    await expect
      .poll(async () => {
        const answered = page.waitForResponse((r) => r.url() === federation.gateway.url && r.request().method() === 'POST' && (r.request().postData() ?? '').includes('IndicatorCatalogue'));
        await page.click('.graphiql-execute-button');
        last = await answered;
        return (JSON.parse(last.request().postData() ?? '{}') as { operationName?: string }).operationName;
      }, { timeout: 15_000 })
      .toBe('IndicatorCatalogue');
    const response = last!;
    expect(response.request().headers().authorization).toMatch(/^Bearer /);
    const body = (await response.json()) as { data?: { indicatorDefinitions: { code: string }[] } };
    expect(body.data?.indicatorDefinitions.map((d) => d.code)).toContain('R.2.10');
    // The response pane shows it (CodeMirror draws the lines in view: the first ones).
    await page.waitForFunction(() => /"indicatorDefinitions"[\s\S]*"O\.2\.2"/.test(document.querySelector('.graphiql-response')?.textContent ?? ''), undefined, { timeout: 10_000 }).catch(() => undefined);
    await page.screenshot({ path: path.join(shots, 'explorer.png') });
    expect(await page.locator('.graphiql-response').textContent()).toMatch(/"indicatorDefinitions"[\s\S]*"O\.2\.2"/);
    expect(browser.blocked).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});

interface UploadAnswer {
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejectCount: number;
  rejects: { row: number; column?: string; value: string; code: string; message: string }[];
}

/** The gateway's upload door called directly, as the page calls it. */
async function uploadDirect(file: string, query: string): Promise<UploadAnswer> {
  const response = await fetch(`${base}import/cpia/courses?format=csv&${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await federation.token(CPIA_IMPORT)}`, 'content-type': 'text/csv' },
    body: readFileSync(path.join(EXAMPLES, file)),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as UploadAnswer;
}

async function screenCounts(page: Page): Promise<Record<string, number>> {
  return Object.fromEntries(
    await page.$$eval('#upload-report dd[data-count]', (cells) => cells.map((c) => [(c as HTMLElement).dataset.count, Number(c.textContent!.replace(/\D/g, ''))])),
  ) as Record<string, number>;
}

describe('data upload, signed in as a CPIA import operator', () => {
  it('uploads a bad file as a dry run with its rejects report as the endpoint gives it, then the good file', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}app/`);
    await page.click(`button[data-demo-role="partner"][data-demo-purpose="import"]`);
    await page.waitForSelector('body[data-view="upload"] form#upload-form');
    expect(await page.locator('nav.tabs a').allTextContents()).toEqual(['Caricamento dati', 'Esploratore GraphQL']);
    expect(await page.locator('#upload-table option').allTextContents()).toEqual(['participants', 'courses', 'enrolments', 'integration_surveys']);
    // The bad example as a dry run: counts and every reject line equal the endpoint's own answer.
    await page.selectOption('#upload-table', 'courses');
    await page.setInputFiles('#upload-file', path.join(EXAMPLES, 'courses.bad.csv'));
    expect(await page.isChecked('#upload-dry-run')).toBe(true);
    await page.click('#upload-submit');
    await page.waitForSelector('#upload-report, #upload-error:not([hidden])');
    expect(await page.locator('#upload-error').isHidden(), (await page.locator('#upload-error').textContent()) ?? '').toBe(true);
    expect(await page.getAttribute('#upload-report', 'data-dry-run')).toBe('true');
    const bad = await uploadDirect('courses.bad.csv', 'dryRun=true');
    expect(bad.rejected).toBeGreaterThan(0);
    expect(await screenCounts(page)).toEqual({ rows: bad.rows, inserted: bad.inserted, updated: bad.updated, unchanged: bad.unchanged, rejected: bad.rejected });
    const expected = bad.rejects.map((r) => [String(r.row), r.column ?? '', r.value, r.code, r.message]);
    const screen = await page.$$eval('table#upload-rejects tbody tr', (rows) => rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(screen).toEqual(expected);
    expect(await page.locator('table#upload-rejects th[scope="col"]').allTextContents()).toEqual(['Riga', 'Colonna', 'Valore', 'Codice', 'Messaggio']);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#upload-rejects-csv')]);
    expect(download.suggestedFilename()).toBe('pleiadi-rejects-courses.csv');
    const csv = readFileSync((await download.path())!, 'utf8').replace(/^\ufeff/, '').trim().split('\r\n').map(parseCsvLine);
    expect(csv[0]).toEqual(['row', 'column', 'value', 'code', 'message']);
    expect(csv.slice(1)).toEqual(expected);
    await page.screenshot({ path: path.join(shots, 'upload-cpia-rejects.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    // The good example, for real: every row stored (inserted, or unchanged if already there), none rejected.
    await page.setInputFiles('#upload-file', path.join(EXAMPLES, 'courses.csv'));
    await page.uncheck('#upload-dry-run');
    await page.click('#upload-submit');
    await page.waitForSelector('#upload-report[data-dry-run="false"], #upload-error:not([hidden])');
    expect(await page.locator('#upload-error').isHidden(), (await page.locator('#upload-error').textContent()) ?? '').toBe(true);
    const lines = readFileSync(path.join(EXAMPLES, 'courses.csv'), 'utf8').trim().split('\n').length - 1;
    const good = await screenCounts(page);
    expect(good).toMatchObject({ rows: lines, rejected: 0 });
    expect(good.inserted + good.updated + good.unchanged).toBe(lines);
    expect(good.inserted + good.updated).toBeGreaterThan(0);
    expect(await page.locator('#upload-report .upload-outcome').textContent()).toBe('Le righe valide sono state scritte.');
    // Sent again, straight to the door: nothing left to change.
    expect(await uploadDirect('courses.csv', 'dryRun=true')).toMatchObject({ rows: lines, inserted: 0, updated: 0, unchanged: lines, rejected: 0 });
    await page.click('#language');
    await page.waitForSelector('html[lang="en"] h2:has-text("Data upload")');
    expect(await page.locator('label[for="upload-dry-run"]').textContent()).toBe('Try without writing (dry run)');
    expect(await page.locator('#upload-report .upload-outcome').textContent()).toBe('The valid rows were written.');
    await page.click('#language');
    await page.close();
  });

  it('shows a refusal with its status and code: a partner operator without the purpose import', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}app/#/upload`);
    await page.fill('#token', await federation.token({ role: 'partner', partnerId: 'cpia-bologna', purpose: 'case-coordination' }));
    await page.click('form.signin button[type="submit"]');
    await page.waitForSelector('body[data-view="upload"] form#upload-form');
    await page.selectOption('#upload-table', 'courses');
    await page.setInputFiles('#upload-file', path.join(EXAMPLES, 'courses.csv'));
    await page.click('#upload-submit');
    const error = page.locator('#upload-error[data-status="403"]');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('FORBIDDEN');
    expect(await error.textContent()).toMatch(/^Caricamento rifiutato — HTTP 403 FORBIDDEN: .*«import»\.$/);
    expect(await page.locator('#upload-report').count()).toBe(0);
    await page.close();
  });
});

describe('a partner down', () => {
  it('says which partner did not answer and keeps what is known on screen, marked, never as 0', async () => {
    await federation.subgraphs.comms.stop();
    const page = await browser.context.newPage();
    await signIn(page, REGION);
    // A period no earlier test asked for: the gateway's response cache holds nothing for it.
    await page.selectOption('#period', '2025-Q3');
    await page.waitForSelector('h2:has-text("2025-Q3")');
    expect(await page.locator('[role="alert"]').first().textContent()).toContain('non hanno risposto comms');
    const screen = await screenFigures(page, 'overview');
    expect(screen.length).toBe(9);
    const cells = screen.flatMap((r) => Object.values(r.cells));
    expect(cells.every((c) => c.value === null && c.disclosure === 'WITHHELD' && !/\d/.test(c.text ?? ''))).toBe(true);
    // Targets are the region's own data: still there.
    expect(await page.locator('table#overview td[data-col="EMILIA_ROMAGNA:target"]').first().textContent()).toMatch(/\d/);
    await page.click('nav.tabs a[href="#/partners"]');
    await page.waitForSelector('table#partners');
    const states = Object.fromEntries(
      await page.$$eval('table#partners tbody tr', (rows) => rows.map((r) => [r.querySelector('[data-col="subgraph"]')!.textContent, r.querySelector('[data-col="state"]')!.textContent])),
    );
    expect(states).toMatchObject({ comms: 'non risponde', region: 'risponde', cpia: 'risponde' });
    await page.screenshot({ path: path.join(shots, 'partners-comms-down.png') });
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});
