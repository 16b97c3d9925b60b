// The build `npm start` runs from: it bundles what it should, and `staleness` refuses a build
// whose inputs changed since (without touching sources others may be editing: the manifest is
// altered instead, which is the same comparison seen from the other side).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, buildDir, REPOSITORY_ROOT, staleness } from '../bin/build.mjs';

let dir: string;
const manifestPath = () => path.join(dir, 'manifest.json');
const readManifest = () => JSON.parse(readFileSync(manifestPath(), 'utf8')) as { fingerprint: string; inputs: Record<string, string> };

beforeAll(async () => {
  mkdirSync(path.join(REPOSITORY_ROOT, 'dist'), { recursive: true });
  dir = mkdtempSync(path.join(REPOSITORY_ROOT, 'dist', 'test-build-'));
  await build(dir);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the start build', () => {
  it('bundles the launcher, the host and every subgraph with its migrations', () => {
    const inputs = Object.keys(readManifest().inputs);
    expect(inputs).toContain('scripts/src/start-all.ts');
    expect(inputs).toContain('scripts/src/start/host.ts');
    for (const subgraph of ['region', 'anci', 'cpia', 'ats', 'comms', 'ial']) {
      expect(inputs).toContain(`subgraphs/${subgraph}/src/server.ts`);
      expect(inputs.some((input) => input.startsWith(`subgraphs/${subgraph}/src/db/migrations/`))).toBe(true);
    }
    // Packages from node_modules are left to node, not bundled.
    expect(inputs.some((input) => input.includes('node_modules'))).toBe(false);
  });

  it('is current right after building', () => {
    expect(staleness(dir)).toBeUndefined();
  });

  it('is stale once an input differs from what was bundled', () => {
    const original = readFileSync(manifestPath(), 'utf8');
    try {
      const manifest = readManifest();
      manifest.inputs['subgraphs/kit/src/migrate.ts'] = '1:0';
      writeFileSync(manifestPath(), JSON.stringify(manifest));
      expect(staleness(dir)).toBe('subgraphs/kit/src/migrate.ts changed');
      writeFileSync(manifestPath(), JSON.stringify({ ...JSON.parse(original), fingerprint: 'another build script' }));
      expect(staleness(dir)).toMatch(/build script, registry or migration folders changed/);
    } finally {
      writeFileSync(manifestPath(), original);
    }
    expect(staleness(dir)).toBeUndefined();
  });

  it('is missing where nothing was built, and only builds inside the repository', () => {
    expect(staleness(path.join(dir, 'nothing-here'))).toBe('no build yet');
    expect(() => buildDir({ PLEIADI_BUILD_DIR: '/tmp/elsewhere' })).toThrow(/must be inside/);
  });
});
