// Headless Debian Chromium driven by playwright-core, in a fresh profile, allowed to reach
// 127.0.0.1 only: every other request is refused and recorded, so a test can prove the page and
// the explorer need no network beyond the gateway (no CDN, no fonts, no telemetry).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.PLEIADI_CHROMIUM ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  /** Requests refused because they were not to 127.0.0.1. */
  blocked: string[];
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'pleiadi-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1366, height: 900 },
    acceptDownloads: true,
    locale: 'it-IT',
  });
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    blocked.push(url.href);
    return route.abort('blockedbyclient');
  });
  return {
    context,
    blocked,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Where screenshots go: $PLEIADI_TEST_RESULTS/dashboard (CI), else dashboard/test-artifacts (git-ignored). */
export function artifactsDir(): string {
  const dir = process.env.PLEIADI_TEST_RESULTS
    ? path.join(process.env.PLEIADI_TEST_RESULTS, 'dashboard')
    : path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  return dir;
}
